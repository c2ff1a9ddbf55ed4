//! Reading and writing inventory snapshots: JSON, zstd-compressed when the
//! file name ends in `.zst`.

use crate::inventory::{FORMAT_NAME, FORMAT_VERSION, Inventory};
use serde::Deserialize;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Why a snapshot could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    /// The file could not be opened or read.
    #[error("{path}: cannot read")]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The file could not be written.
    #[error("{path}: cannot write")]
    Write {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The zstd stream is corrupt or truncated.
    #[error("{path}: not a valid zstd stream (corrupt or truncated)")]
    Decompress {
        /// The file.
        path: PathBuf,
        /// The decoder's error.
        #[source]
        source: std::io::Error,
    },
    /// The JSON is malformed or does not match the snapshot format.
    #[error("{path}:{line}:{column}: {message}{}", at_path(.json_path))]
    Json {
        /// The file.
        path: PathBuf,
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
        /// Where in the document, e.g. `resources[3].properties.encrypted`.
        json_path: String,
        /// What was expected.
        message: String,
    },
    /// Valid JSON, but not an onus inventory.
    #[error("{path}: not an onus inventory snapshot (expected \"format\": \"{FORMAT_NAME}\", found {found})")]
    NotASnapshot {
        /// The file.
        path: PathBuf,
        /// What the `format` field held.
        found: String,
    },
    /// A snapshot from a newer or unknown format version.
    #[error("{path}: snapshot format version {found} is not supported (this onus reads version {supported})")]
    UnsupportedVersion {
        /// The file.
        path: PathBuf,
        /// The version found.
        found: u64,
        /// The version this build reads.
        supported: u32,
    },
    /// Two resources share an id.
    #[error("{path}: resource id {id:?} appears more than once (resources[{first}] and resources[{second}])")]
    DuplicateResourceId {
        /// The file.
        path: PathBuf,
        /// The id.
        id: String,
        /// Index of the first occurrence.
        first: usize,
        /// Index of the second occurrence.
        second: usize,
    },
}

fn at_path(json_path: &str) -> String {
    if json_path.is_empty() || json_path == "." {
        String::new()
    } else {
        format!(" (at {json_path})")
    }
}

/// Whether a path names a zstd-compressed snapshot.
pub fn is_compressed(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "zst")
}

/// Reads a snapshot file.
pub fn read(path: &Path) -> Result<Inventory, SnapshotError> {
    let raw = std::fs::read(path)
        .map_err(|source| SnapshotError::Read { path: path.to_owned(), source })?;
    let bytes = if is_compressed(path) {
        zstd::decode_all(raw.as_slice())
            .map_err(|source| SnapshotError::Decompress { path: path.to_owned(), source })?
    } else {
        raw
    };
    from_slice(path, &bytes)
}

#[derive(Deserialize)]
struct Header {
    format: Option<serde_json::Value>,
    format_version: Option<serde_json::Value>,
}

fn json_error(path: &Path, err: serde_path_to_error::Error<serde_json::Error>) -> SnapshotError {
    let json_path = err.path().to_string();
    let inner = err.into_inner();
    // serde_json appends " at line L column C" to its messages; we print those separately.
    let message = inner.to_string();
    let message = match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message,
    };
    SnapshotError::Json {
        path: path.to_owned(),
        line: inner.line(),
        column: inner.column(),
        json_path,
        message,
    }
}

/// Parses a snapshot from bytes; `path` is used only in errors.
pub fn from_slice(path: &Path, bytes: &[u8]) -> Result<Inventory, SnapshotError> {
    // First pass: only the header, so that a snapshot from a newer onus gets a
    // version error rather than a confusing complaint about some new field.
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let header: Header =
        serde_path_to_error::deserialize(&mut de).map_err(|e| json_error(path, e))?;
    match header.format.as_ref() {
        Some(serde_json::Value::String(f)) if f == FORMAT_NAME => {}
        Some(other) => {
            return Err(SnapshotError::NotASnapshot { path: path.to_owned(), found: other.to_string() });
        }
        None => {
            return Err(SnapshotError::NotASnapshot {
                path: path.to_owned(),
                found: "no \"format\" field".to_owned(),
            });
        }
    }
    match header.format_version.as_ref().and_then(serde_json::Value::as_u64) {
        Some(v) if v == u64::from(FORMAT_VERSION) => {}
        Some(v) => {
            return Err(SnapshotError::UnsupportedVersion {
                path: path.to_owned(),
                found: v,
                supported: FORMAT_VERSION,
            });
        }
        None => {
            return Err(SnapshotError::UnsupportedVersion {
                path: path.to_owned(),
                found: 0,
                supported: FORMAT_VERSION,
            });
        }
    }

    let mut de = serde_json::Deserializer::from_slice(bytes);
    let inventory: Inventory =
        serde_path_to_error::deserialize(&mut de).map_err(|e| json_error(path, e))?;
    de.end().map_err(|e| SnapshotError::Json {
        path: path.to_owned(),
        line: e.line(),
        column: e.column(),
        json_path: String::new(),
        message: "trailing characters after the snapshot".to_owned(),
    })?;

    let mut seen = std::collections::HashMap::with_capacity(inventory.resources.len());
    for (i, r) in inventory.resources.iter().enumerate() {
        if let Some(first) = seen.insert(r.id.as_str(), i) {
            return Err(SnapshotError::DuplicateResourceId {
                path: path.to_owned(),
                id: r.id.clone(),
                first,
                second: i,
            });
        }
    }
    tracing::debug!(path = %path.display(), resources = inventory.resources.len(), gaps = inventory.gaps.len(), "snapshot read");
    Ok(inventory)
}

/// Writes a snapshot: pretty JSON, or compact JSON compressed with zstd when
/// the file name ends in `.zst`. Writes to a temporary file beside the target
/// and renames it, so an interrupted write never leaves a truncated snapshot.
pub fn write(path: &Path, inventory: &Inventory) -> Result<(), SnapshotError> {
    let werr = |source| SnapshotError::Write { path: path.to_owned(), source };
    let bytes = if is_compressed(path) {
        let json = serde_json::to_vec(inventory).map_err(|e| werr(std::io::Error::other(e)))?;
        zstd::encode_all(json.as_slice(), 3).map_err(werr)?
    } else {
        let mut json =
            serde_json::to_vec_pretty(inventory).map_err(|e| werr(std::io::Error::other(e)))?;
        json.push(b'\n');
        json
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{file_name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(&bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(werr(e));
    }
    Ok(())
}
