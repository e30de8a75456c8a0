//! # flink-ddl-exec
//!
//! Runs the statements that [`flink_ddl`] parses: a [`Session`] executes each statement against a
//! [`Catalog`] in a context (environment, cloud, region, the caller's roles) with every rule of
//! the dialect (names unique per environment, visibility per cloud and region, required and
//! immutable options, credential keys per type, roles, in-use protection), and gives an
//! [`Outcome`], which [`render`] prints as the human tables, `sql/v1` JSON or YAML. A refused
//! statement gives an [`ExecError`] naming the object and the rule, never a secret.
//!
//! ```
//! use std::sync::Arc;
//! use flink_ddl_exec::{render, MemoryCatalog, OutputFormat, Session, SessionContext};
//!
//! let session = Session::new(Arc::new(MemoryCatalog::new()), SessionContext::default());
//! for statement in flink_ddl::parse(
//!     "CREATE CONNECTION openai_conn WITH ('type' = 'openai',
//!        'endpoint' = 'https://api.openai.com/v1', 'api-key' = 'sk-123');
//!      SHOW CONNECTIONS;",
//! )? {
//!     let outcome = session.execute(&statement)?;
//!     let shown = render(&outcome, OutputFormat::Human);
//!     assert!(shown.contains("openai_conn") && !shown.contains("sk-123"));
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Modules: `catalog` (the storage contract and its records, `LIKE` patterns), `memory_catalog`
//! (the in-memory store), `connection_type` (the 19 types as data), `executor` (the session and its rules, outcomes,
//! errors), `render` (outputs), `clock`, and `seal` (credentials sealed at rest, for the
//! persistent stores; feature `seal`). The persistent stores live in their own packages
//! (`flink-ddl-sqlite`, ...), behind the same [`Catalog`] trait.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod catalog;
mod clock;
mod connection_type;
mod executor;
mod memory_catalog;
mod render;
#[cfg(feature = "seal")]
pub mod seal;

pub use catalog::{
    Catalog, CatalogError, ConnectionInfo, ConnectionRecord, ConnectionStatus, Credentials, NameFilter,
    NotACredentialKey, Scope, TableConnection, TableRecord,
};
pub use clock::{Clock, FixedClock, SystemClock, Timestamp};
pub use connection_type::{
    AuthMethod, ConnectionType, ConnectionTypeSpec, CredentialKey, CONNECTION_BASE_KEYS, CONNECTION_CREDENTIAL_KEYS,
    CONNECTION_TYPES,
};
pub use executor::{
    normalize_connection_key, ExecError, LengthUnit, NoOpReason, ObjectKind, Outcome, Role, Session, SessionContext,
    UnknownRole, MAX_ENDPOINT_CHARS, MAX_NAME_CHARS, MAX_SECRET_BYTES,
};
pub use memory_catalog::MemoryCatalog;
pub use render::{render, render_cli, OutputFormat, UnknownOutputFormat};
