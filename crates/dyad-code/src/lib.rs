//! Codes PLOVER events from recognised sentences: triggers, roles, status, date.
