//! Reads input: decodes bytes, cleans plain text, extracts the article from HTML, finds metadata.
