//! Snapshots of a whole `wren-vm` VM, paused fibers included, and a restorer strict enough to
//! load a snapshot from a stranger.
//!
//! * [`save`] writes a VM (idle, or paused at any instruction boundary) as bytes;
//! * [`restore`] turns bytes back into a VM: **decode** (the encoding; errors carry a byte
//!   offset), **verify** (every invariant the VM relies on, by `wren_vm::image::verify`),
//!   **install** (a fresh heap, with foreign methods and classes bound again through the
//!   host). Nothing reaches a heap before verification;
//! * [`check`] decodes and verifies without installing (`wren verify`).
//!
//! Any input either restores into a VM that runs without a panic, or is rejected with a
//! [`RestoreError`] naming the layer, the rule, the byte offset, the object and field, and the
//! expected and found values. `FORMAT.md` specifies the bytes; `SECURITY.md` lists every rule
//! with the fixture and test that prove it.
//!
//! ```
//! use wren_vm::{Config, Vm};
//!
//! let mut vm = Vm::new(Config::silent());
//! vm.interpret("main", "var Greeting = \"hello\"").unwrap();
//! let bytes = wren_snapshot::save(&vm, Default::default()).unwrap();
//! let mut restored = wren_snapshot::restore(&bytes, Config::silent()).unwrap();
//! let greeting = restored.get_variable("main", "Greeting").unwrap();
//! assert_eq!(restored.string_bytes(greeting), Some(&b"hello"[..]));
//! ```
#![forbid(unsafe_code)]

use std::fmt;

use wren_vm::image::{self, BindError, VerifiedImage, VerifyError};
use wren_vm::{Config, Vm};

pub mod inspect;

/// The wire format: decoding, encoding, and its constants and rules (they live in the VM
/// crate, which restores its own core library from a built-in image).
pub use wren_vm::image::wire::{decode, encode, format};

/// Every limit, each declared once with its reason: the format's (`MAX_IMAGE_BYTES`,
/// `ALLOC_FACTOR`, `ALLOC_SLACK`, `MAX_NAMES`) and the VM's.
pub use wren_vm::limits;

pub use decode::{decode, decode_with, Decoded, Header, Offsets};
pub use encode::{encode, EncodeError, EncodeOptions};
pub use format::{DecodeError, DecodeRule};
pub use wren_vm::image::Limits;

/// Why a VM could not be saved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveError {
    /// The VM is busy (a foreign method or the compiler is running).
    Vm(image::SaveError),
    /// The image cannot be encoded.
    Encode(EncodeError),
}

impl fmt::Display for SaveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SaveError::Vm(e) => e.fmt(f),
            SaveError::Encode(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for SaveError {}

/// Saves `vm` as bytes.
pub fn save(vm: &Vm, options: EncodeOptions) -> Result<Vec<u8>, SaveError> {
    let image = vm.to_image().map_err(SaveError::Vm)?;
    encode(&image, options).map_err(SaveError::Encode)
}

/// Why bytes were not restored: the layer that rejected them and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RestoreError {
    /// The bytes are not a well-formed image.
    Decode(Box<DecodeError>),
    /// The image breaks an invariant of the VM. `offset` is the byte offset of the object at
    /// fault (or of the section holding the table or root at fault).
    Verify {
        /// The verifier's rejection.
        error: Box<VerifyError>,
        /// Where in the input the object (or section) at fault is.
        offset: Option<usize>,
    },
    /// The host cannot supply what the image names.
    Bind {
        /// What the host cannot supply.
        error: Box<BindError>,
        /// Where in the input the object (or section) at fault is.
        offset: Option<usize>,
    },
}

impl RestoreError {
    /// `decode`, `verify` or `bind`.
    pub fn layer(&self) -> &'static str {
        match self {
            RestoreError::Decode(_) => "decode",
            RestoreError::Verify { .. } => "verify",
            RestoreError::Bind { .. } => "bind",
        }
    }
    /// The stable name of the rule that rejected the image.
    pub fn rule(&self) -> &'static str {
        match self {
            RestoreError::Decode(e) => e.rule.name(),
            RestoreError::Verify { error, .. } => error.rule.name(),
            RestoreError::Bind { error, .. } => error.name(),
        }
    }
    /// The byte offset of the fault, if known.
    pub fn offset(&self) -> Option<usize> {
        match self {
            RestoreError::Decode(e) => Some(e.offset),
            RestoreError::Verify { offset, .. } | RestoreError::Bind { offset, .. } => *offset,
        }
    }
    /// The object at fault, if any.
    pub fn object(&self) -> Option<u32> {
        match self {
            RestoreError::Decode(e) => e.object.map(|o| o.0),
            RestoreError::Verify { error, .. } => error.object.map(|o| o.0),
            RestoreError::Bind { error, .. } => error.object(),
        }
    }
}

impl fmt::Display for RestoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // A decode error starts with its byte offset.
            RestoreError::Decode(e) => write!(f, "decode error at {e}"),
            RestoreError::Verify { error, offset } => {
                write!(f, "verify error")?;
                if let Some(o) = offset {
                    write!(f, " at byte {o}")?;
                }
                write!(f, ": {error}")
            }
            RestoreError::Bind { error, offset } => {
                write!(f, "bind error")?;
                if let Some(o) = offset {
                    write!(f, " at byte {o}")?;
                }
                write!(f, ": {error}")
            }
        }
    }
}

impl std::error::Error for RestoreError {}

/// A decoded and verified image, ready to install.
pub struct Checked {
    /// The header.
    pub header: Header,
    /// Where each section and object record starts.
    pub offsets: Offsets,
    /// The verified image, ready for `Vm::from_image`.
    pub image: VerifiedImage,
}

/// The byte offset a verifier error points at: the object's record, or the section of the
/// table or root it names.
fn verify_offset(e: &VerifyError, offsets: &Offsets) -> Option<usize> {
    if let Some((id, _)) = e.object {
        return offsets.object(id);
    }
    let section = if e.field.starts_with("symbols") {
        format::SYMBOLS
    } else if e.field.starts_with("primitives") {
        format::PRIMITIVES
    } else if e.field.starts_with("foreign_methods") {
        format::FOREIGN
    } else if e.field.starts_with("census") {
        format::CENSUS
    } else {
        format::ROOTS
    };
    Some(offsets.sections[section].0)
}

/// What a restore checks an image against. Limits above the defaults count as the defaults:
/// a host can lower them, never raise them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// Bytes of input.
    pub max_image_bytes: usize,
    /// The caps of what an image may hold (see [`Limits`]).
    pub limits: Limits,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_image_bytes: limits::MAX_IMAGE_BYTES,
            limits: Limits::default(),
        }
    }
}

/// Decodes and verifies `bytes` without installing them.
pub fn check(bytes: &[u8]) -> Result<Checked, RestoreError> {
    check_with(bytes, &Options::default())
}

/// [`check`] against `options`.
pub fn check_with(bytes: &[u8], options: &Options) -> Result<Checked, RestoreError> {
    let Decoded {
        header,
        image,
        offsets,
        ..
    } = decode_with(bytes, options.max_image_bytes.min(limits::MAX_IMAGE_BYTES))
        .map_err(RestoreError::Decode)?;
    match image::verify_with(image, &options.limits) {
        Ok(image) => Ok(Checked {
            header,
            offsets,
            image,
        }),
        Err(error) => Err(RestoreError::Verify {
            offset: verify_offset(&error, &offsets),
            error: Box::new(error),
        }),
    }
}

/// Restores a VM from `bytes`, bound to the host through `config`.
pub fn restore(bytes: &[u8], config: Config) -> Result<Vm, RestoreError> {
    restore_with(bytes, config, &Options::default())
}

/// [`restore`] against `options`.
pub fn restore_with(bytes: &[u8], config: Config, options: &Options) -> Result<Vm, RestoreError> {
    let Checked { offsets, image, .. } = check_with(bytes, options)?;
    Vm::from_image(config, image).map_err(|error| RestoreError::Bind {
        offset: error.object().and_then(|id| offsets.object(id)),
        error: Box::new(error),
    })
}
