//! The web page and JSON API of dyad serve.
