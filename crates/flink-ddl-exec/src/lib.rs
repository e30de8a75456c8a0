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
//! (the in-memory store), `connection_type` (the 19 types as data), `role` (the RBAC roles),
//! `executor` (the session and its rules, outcomes, errors), `render` (outputs), `clock`, `seal`
//! (credentials sealed at rest, for the persistent stores; feature `seal`), and `conformance`
//! (the suites every catalog passes; feature `conformance`, for tests). The persistent stores
//! live in their own packages (`flink-ddl-sqlite`, `flink-ddl-postgres`), behind the same
//! [`Catalog`] trait.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod catalog;
mod clock;
#[cfg(feature = "conformance")]
pub mod conformance;
mod connection_type;
mod executor;
mod memory_catalog;
mod render;
mod role;
#[cfg(feature = "seal")]
pub mod seal;

pub use catalog::{
    decode_versions, encode_versions, AiDefinition, AiObjectChange, AiObjectKind, AiObjectRecord, AiVersion,
    ApiKeyRecord, Catalog, CatalogError, ConnectionInfo, ConnectionRecord, ConnectionStatus, Credentials, Dependency,
    DependencyKind, MaskedStatement, NameFilter, NotACredentialKey, ObjectUse, Scope, TableConnection, TableRecord,
};
pub use clock::{Clock, FixedClock, SystemClock, Timestamp};
/// The checks every store of [`Catalog`] runs from its tests (feature `conformance`).
#[cfg(feature = "conformance")]
pub use conformance::api_keys as api_key_suite;
pub use connection_type::{
    AuthMethod, ConnectionType, ConnectionTypeSpec, CredentialKey, CONNECTION_BASE_KEYS, CONNECTION_CREDENTIAL_KEYS,
    CONNECTION_TYPES,
};
pub use executor::{
    is_mask, normalize_connection_key, ConnectionPage, CredentialReplacement, ExecError, LengthUnit, MaskedSql,
    NoOpReason, ObjectKind, Outcome, Session, SessionContext, MAX_ENDPOINT_CHARS, MAX_NAME_CHARS, MAX_SECRET_BYTES,
};
pub use memory_catalog::MemoryCatalog;
pub use render::{
    escape_controls, render, render_cli, render_connection_types, render_to, OutputFormat, ResourceBase,
    SqlV1Connection, SqlV1ConnectionList, UnknownOutputFormat,
};
pub use role::{Role, UnknownRole};
