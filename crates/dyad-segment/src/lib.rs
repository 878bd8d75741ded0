//! Splits cleaned text into sentences, surviving abbreviations, initials and decimals.
