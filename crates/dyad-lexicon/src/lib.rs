//! Loads and validates dyad's lexicon files: actors, people, roles, triggers, patterns.
