//! boardpack: reads a CSE sub-group's delivery plan and the agencies' quarterly
//! returns, checks them, tracks actions, computes measures and writes reports.
//!
//! The pipeline, one module a stage:
//! read (`workbook`, `read`) → validate (`validate`) → model (`model`) →
//! compute (`tracking`, `metrics`, `quality`) → render (`render`).

pub mod canonical;
pub mod chase;
pub mod cli;
pub mod cmd;
pub mod diagnostics;
pub mod document;
pub mod limits;
pub mod metrics;
pub mod model;
pub mod numbers;
pub mod period;
pub mod privacy;
pub mod quality;
pub mod rag;
pub mod read;
pub mod render;
pub mod report;
pub mod sample;
pub mod terminal;
pub mod tracking;
pub mod validate;
pub mod workbook;
