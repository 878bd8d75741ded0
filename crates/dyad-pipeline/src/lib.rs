//! Runs read -> segment -> recognise -> code on one input, producing an annotated Doc.
