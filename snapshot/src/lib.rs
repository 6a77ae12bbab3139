//! Snapshot image format, saver and strict restorer for `wren-vm`.
//!
//! This crate is a stub: the format, saver and restorer arrive with the snapshot issue.
#![forbid(unsafe_code)]
