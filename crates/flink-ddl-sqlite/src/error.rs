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
    /// The directory the catalog file should be in does not exist (it is not created: a typo in
    /// a path should not make directories).
    #[error(
        "catalog {}: directory {} does not exist (create it first, e.g. `mkdir -p {}`, or choose another path)",
        .catalog.display(), .directory.display(), shell_word(.directory)
    )]
    MissingDirectory {
        /// The catalog file.
        catalog: PathBuf,
        /// Its missing directory.
        directory: PathBuf,
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

/// A path as a POSIX shell word (quoted when it holds anything a shell would read specially).
pub(crate) fn shell_word(path: &Path) -> String {
    let text = path.to_string_lossy();
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_./:@+,=".contains(&b)) {
        text.into_owned()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

/// Why a backup, restore or key change failed. Messages name the files concerned; none holds a
/// key or a credential.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MaintenanceError {
    /// The catalog could not be opened.
    #[error(transparent)]
    Open(#[from] OpenCatalogError),
    /// The catalog failed while the work ran.
    #[error(transparent)]
    Catalog(#[from] CatalogError),
    /// The backup's file name is taken; a backup never overwrites a file.
    #[error("{} already exists; a backup never replaces a file (remove it, or choose another name)", .path.display())]
    TargetExists {
        /// The file.
        path: PathBuf,
    },
    /// The file to restore is not a flink-ddl catalog.
    #[error("{} is not a flink-ddl catalog backup: {reason}; nothing was changed", .path.display())]
    NotABackup {
        /// The file.
        path: PathBuf,
        /// Why not.
        reason: String,
    },
    /// The file to restore was written by a newer flink-ddl.
    #[error(
        "{} has schema version {found}, newer than the {supported} this flink-ddl knows; restore it with a newer flink-ddl (nothing was changed)",
        .path.display()
    )]
    NewerBackup {
        /// The file.
        path: PathBuf,
        /// Its schema version.
        found: u32,
        /// The newest version known here.
        supported: u32,
    },
    /// The file to restore was sealed with another key than the catalog's key file holds.
    #[error(
        "the credentials in {} are sealed with another key than the one in key file {}; give the key file that was in use when the backup was made (--key-file; a key retired by `catalog rekey` is kept as <key file>.retired-<time>); nothing was changed",
        .path.display(), .key_file.display()
    )]
    BackupKeyMismatch {
        /// The backup.
        path: PathBuf,
        /// The key file tried.
        key_file: PathBuf,
    },
    /// The new key is the key in use.
    #[error("key file {} holds the key the catalog already uses; a new key is needed (nothing was changed)", .key_file.display())]
    SameKey {
        /// The key file.
        key_file: PathBuf,
    },
    /// A key file could not be read, written or moved.
    #[error("key file {}: {message}", .key_file.display())]
    KeyFile {
        /// The key file.
        key_file: PathBuf,
        /// What failed.
        message: String,
    },
    /// A file could not be written, synced or moved.
    #[error("{}: {message}", .path.display())]
    Io {
        /// The file.
        path: PathBuf,
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
