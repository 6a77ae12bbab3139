//! The wire format: an [`Image`](super::Image) as bytes and back. `snapshot/FORMAT.md` is the
//! specification; the `wren-snapshot` crate is the front door (save, check, restore, with
//! errors that name the layer and the byte offset).
//!
//! It lives in the VM crate so that the VM can restore its own core library from a built-in
//! image ([`Vm::new`](crate::Vm::new)) without a dependency cycle.
//!
//! * [`format`](mod@format): magic, version, flags, sections, tags, and the decoder's rules;
//! * [`encode`]: an image to its canonical bytes (and the checksum);
//! * [`decode`]: bytes to an image, checking the encoding and nothing else, every
//!   allocation charged against a budget first.
#![forbid(unsafe_code)]

pub mod decode;
pub mod encode;
pub mod format;
