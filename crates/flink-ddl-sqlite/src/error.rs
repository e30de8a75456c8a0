//! Why a catalog file could not be opened, and how SQLite's errors become catalog errors (each
//! message names the file; none holds a key or a credential).

use std::path::{Path, PathBuf};

use flink_ddl_exec::seal::KeyFileError;
use flink_ddl_exec::CatalogError;

/// Why a catalog file could not be opened. Each message names the file concerned; none holds a
/// key or a credential.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum OpenCatalogError {
    /// The catalog was opened with a key before (it records a key check, and may hold sealed
    /// credentials), and the key file is not there.
    #[error(
        "key file {} does not exist, but catalog {} is bound to the key it held (its credentials are \
         sealed with it); restore that key file (no new key is made for an existing catalog; nothing was changed)",
        .key_file.display(), .catalog.display()
    )]
    KeyFileMissing {
        /// The key file looked for.
        key_file: PathBuf,
        /// The catalog.
        catalog: PathBuf,
    },
    /// The key file holds a key that does not open the catalog.
    #[error(
        "the key in key file {} does not open catalog {} (its credentials were sealed with another key; nothing was changed)",
        .key_file.display(), .catalog.display()
    )]
    WrongKey {
        /// The key file read.
        key_file: PathBuf,
        /// The catalog.
        catalog: PathBuf,
    },
    /// The key file is not in the expected format.
    #[error("key file {} is not a flink-ddl key file: {reason}", .key_file.display())]
    BadKeyFile {
        /// The key file.
        key_file: PathBuf,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// Reading or creating the key file failed.
    #[error("key file {}: {message}", .key_file.display())]
    KeyFile {
        /// The key file.
        key_file: PathBuf,
        /// The I/O error.
        message: String,
    },
    /// The file is not a flink-ddl catalog (another program's database, or not a database).
    #[error("{} is not a flink-ddl catalog: {reason}", .catalog.display())]
    NotACatalog {
        /// The file.
        catalog: PathBuf,
        /// Why not.
        reason: String,
    },
    /// The file was written by a newer flink-ddl.
    #[error(
        "catalog {} has schema version {found}, newer than the {supported} this flink-ddl knows; use a newer flink-ddl",
        .catalog.display()
    )]
    NewerSchema {
        /// The file.
        catalog: PathBuf,
        /// Its version.
        found: u32,
        /// The newest version known here.
        supported: u32,
    },
    /// SQLite failed (I/O, locking, corruption).
    #[error("catalog {}: {message}", .catalog.display())]
    Storage {
        /// The file.
        catalog: PathBuf,
        /// What failed.
        message: String,
    },
}

impl OpenCatalogError {
    /// The error for a key file that could not be read or created.
    pub(crate) fn key_file(key_file: &Path, problem: KeyFileError) -> Self {
        match problem {
            KeyFileError::Malformed(reason) => {
                OpenCatalogError::BadKeyFile { key_file: key_file.to_path_buf(), reason }
            }
            other => OpenCatalogError::KeyFile { key_file: key_file.to_path_buf(), message: other.to_string() },
        }
    }
}

pub(crate) fn plain_storage(e: rusqlite::Error) -> CatalogError {
    CatalogError::Storage { message: e.to_string() }
}

pub(crate) fn storage_error(path: &Path, e: rusqlite::Error) -> CatalogError {
    CatalogError::Storage { message: format!("catalog {}: {e}", path.display()) }
}

pub(crate) fn open_storage_error(path: &Path, e: rusqlite::Error) -> OpenCatalogError {
    if let rusqlite::Error::SqliteFailure(code, _) = &e {
        if code.code == rusqlite::ErrorCode::NotADatabase {
            return OpenCatalogError::NotACatalog { catalog: path.to_path_buf(), reason: "not a database".to_owned() };
        }
    }
    OpenCatalogError::Storage { catalog: path.to_path_buf(), message: e.to_string() }
}
