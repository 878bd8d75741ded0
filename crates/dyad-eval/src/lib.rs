//! Scores extracted events against gold annotations.
