//! Why a PostgreSQL catalog could not be opened, and how the client's errors become catalog
//! errors. Every message names the catalog by its URL without the password; none holds a key, a
//! credential or a password.

use std::error::Error as _;
use std::path::{Path, PathBuf};

use flink_ddl_exec::seal::KeyFileError;
use flink_ddl_exec::CatalogError;
use postgres::error::SqlState;

use crate::url::InvalidUrl;

/// Why a PostgreSQL catalog could not be opened. `catalog` is always the URL without its password.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum OpenCatalogError {
    /// The URL is not one this catalog can use.
    #[error(transparent)]
    InvalidUrl(#[from] InvalidUrl),
    /// No connection could be made: the server is down or unreachable, or it refused this one
    /// (authentication, a missing database, too many connections).
    #[error("cannot connect to PostgreSQL catalog {catalog}: {message}")]
    Unavailable {
        /// The URL, password replaced.
        catalog: String,
        /// What failed.
        message: String,
    },
    /// The catalog holds a key check, and the key file is not there.
    #[error(
        "key file {} does not exist, but PostgreSQL catalog {catalog} is bound to a key (its credentials are \
         sealed with it); give every process the key file the catalog was first opened with (--key-file or \
         $FLINK_DDL_KEY_FILE; no new key is made for an existing catalog; nothing was changed)",
        .key_file.display()
    )]
    KeyFileMissing {
        /// The key file looked for.
        key_file: PathBuf,
        /// The URL, password replaced.
        catalog: String,
    },
    /// The key file holds a key that does not open the catalog.
    #[error(
        "the key in key file {} does not open PostgreSQL catalog {catalog} (its credentials were sealed with \
         another key; every process sharing the catalog needs the same key file; nothing was changed)",
        .key_file.display()
    )]
    WrongKey {
        /// The key file read.
        key_file: PathBuf,
        /// The URL, password replaced.
        catalog: String,
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
    /// The database holds a `flink_ddl` schema that this program did not make.
    #[error("PostgreSQL catalog {catalog} is not a flink-ddl catalog: {reason}")]
    NotACatalog {
        /// The URL, password replaced.
        catalog: String,
        /// Why not.
        reason: String,
    },
    /// The schema was migrated by a newer flink-ddl.
    #[error(
        "PostgreSQL catalog {catalog} has schema version {found}, newer than version {supported}, the newest this \
         flink-ddl knows; use a flink-ddl at least as new as the one that migrated it (nothing was changed)"
    )]
    NewerSchema {
        /// The URL, password replaced.
        catalog: String,
        /// The catalog's version.
        found: i32,
        /// The newest version known here.
        supported: i32,
    },
    /// A statement failed while opening (permissions, a broken schema).
    #[error("PostgreSQL catalog {catalog}: {message}")]
    Storage {
        /// The URL, password replaced.
        catalog: String,
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

    /// A client error while opening `catalog`.
    pub(crate) fn from_client(catalog: &str, e: &postgres::Error) -> Self {
        let (catalog, message) = (catalog.to_owned(), describe(e));
        if is_unavailable(e) || is_refused_connection(e) {
            OpenCatalogError::Unavailable { catalog, message }
        } else {
            OpenCatalogError::Storage { catalog, message }
        }
    }
}

/// The client's error as a catalog error: [`CatalogError::Unavailable`] when the server cannot
/// be reached (connection refused, reset or closed, a shutdown in progress), else
/// [`CatalogError::Storage`]. `catalog` (the URL without password) starts the message.
pub(crate) fn catalog_error(catalog: &str, e: &postgres::Error) -> CatalogError {
    let message = format!("PostgreSQL catalog {catalog}: {}", describe(e));
    if is_unavailable(e) {
        CatalogError::Unavailable { message }
    } else {
        CatalogError::Storage { message }
    }
}

/// r2d2 gave no connection within its timeout: the server is down or every connection is busy.
pub(crate) fn pool_error(catalog: &str, e: &r2d2::Error) -> CatalogError {
    CatalogError::Unavailable { message: format!("PostgreSQL catalog {catalog}: no connection: {e}") }
}

/// The error's kind and its causes, or for a server error its severity, code and message (the
/// detail line is left out: it repeats row values).
pub(crate) fn describe(e: &postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        return format!("{} {}: {}", db.severity(), db.code().code(), db.message());
    }
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// True for the errors of a server that cannot be reached now: transport failures, and the
/// server's own "shutting down", "starting up" and connection-class errors.
pub(crate) fn is_unavailable(e: &postgres::Error) -> bool {
    if e.is_closed() {
        return true;
    }
    if let Some(code) = e.code() {
        return code.code().starts_with("08")
            || [SqlState::ADMIN_SHUTDOWN, SqlState::CRASH_SHUTDOWN, SqlState::CANNOT_CONNECT_NOW]
                .iter()
                .any(|c| c == code);
    }
    // No server code: the client's own failure. An I/O error anywhere in the chain, or one of
    // the client's transport kinds (its messages are fixed texts).
    let mut source = e.source();
    while let Some(cause) = source {
        if cause.is::<std::io::Error>() {
            return true;
        }
        source = cause.source();
    }
    let kind = e.to_string();
    ["error communicating with the server", "connection closed", "error connecting to server", "timeout waiting"]
        .iter()
        .any(|k| kind.starts_with(k))
}

/// The server answered but would not take this connection now (too many connections).
fn is_refused_connection(e: &postgres::Error) -> bool {
    e.code() == Some(&SqlState::TOO_MANY_CONNECTIONS)
}

/// What a failed statement means for the retry loops.
pub(crate) fn sql_state(e: &postgres::Error) -> Option<&SqlState> {
    e.code()
}
