//! Recognises actors, temporal expressions and quantities in sentences, and resolves coreference.
