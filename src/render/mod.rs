//! Output formats: turn finished document content into files; never compute a figure.
pub mod pdf;
