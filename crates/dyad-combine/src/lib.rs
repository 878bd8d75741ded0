//! Combines event mentions across documents into event clusters, with corroboration and contradiction.
