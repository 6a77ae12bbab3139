//! The format's limits, each with its reason. The limits on what an image may describe
//! (objects, string and code lengths, map entries, frames, ...) are the VM's, in
//! `wren_vm::limits`, because the verifier enforces them on images from any source.

/// Bytes in one image: offsets and lengths in the table of contents are 32-bit, and an image
/// this large would describe a heap of tens of gigabytes.
pub const MAX_IMAGE_BYTES: usize = 1 << 30;

/// Restoring allocates at most this many bytes per byte of input, plus [`ALLOC_SLACK`], in
/// total (decoding, verifying and installing together). The decoder charges what every item
/// of the input will cost before allocating anything for it, and rejects an image that needs
/// more: a crafted image cannot make the restorer allocate without bound. Real images need 5
/// to 40 bytes per byte; `tests/memory.rs` measures real and adversarial images against the
/// bound.
pub const ALLOC_FACTOR: usize = 128;

/// The constant part of the allocation budget: small images may still describe a VM with
/// its core library, whose method tables are dense.
pub const ALLOC_SLACK: usize = 64 << 20;

/// Entries in the name table (every distinct string content and name).
pub const MAX_NAMES: usize = 1 << 26;
