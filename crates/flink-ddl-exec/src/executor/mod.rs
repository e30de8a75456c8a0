//! The executor: a [`Session`] runs statements against a [`Catalog`] in a [`SessionContext`] and
//! returns an [`Outcome`] to render, or an [`ExecError`] that names the object and the rule.
//!
//! The rules themselves are one function each in `rules.rs`; this module only orders them and
//! talks to the catalog. Each statement validates everything first and then makes at most one
//! changing catalog call, whose own checks (unique names, dependencies, compare-and-set) close
//! the gap between a read and a write, so a failed statement changes nothing and concurrent
//! sessions keep the catalog consistent.
//!
//! Decisions beyond the dialect's text (also in docs/executor.md):
//! - A 3-part name `env.db.name` runs the statement in environment `env`, with the session's
//!   cloud, region and roles (roles are not per environment here); the db part is ignored.
//! - CREATE validates the options before looking for an existing connection, so
//!   `CREATE ... IF NOT EXISTS` with broken options is an error even when the name exists.
//! - A name held in another cloud/region of the environment is an error for CREATE, also with
//!   `IF NOT EXISTS` or `OR REPLACE`: the statement cannot give a connection usable here.
//! - Table statements need no role; a table's `connector` value is matched ignoring ASCII case,
//!   and the `'<connector>.connection'` key by the one key rule (`flink_ddl::option_key_eq`).

mod ai_objects;
mod context;
mod error;
mod options;
mod outcome;
mod rest_only;
mod rules;
mod session;

pub use context::SessionContext;
pub use error::{ExecError, LengthUnit};
pub use options::normalize_connection_key;
pub use outcome::{MaskedSql, NoOpReason, ObjectKind, Outcome};
pub use rest_only::{ConnectionPage, CredentialReplacement};
pub use rules::{is_mask, MAX_ENDPOINT_CHARS, MAX_NAME_CHARS, MAX_SECRET_BYTES};
pub use session::Session;
