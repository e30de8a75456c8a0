//! The operations of the `sql/v1` REST API that SQL has no statement for, as [`Session`]
//! methods, so they obey the same rules as the statements: a keyset page of connections (SHOW
//! CONNECTIONS one page at a time), and the REST update, which replaces a connection's
//! credentials whole and may be a compare-and-set on `resource_version`.

use flink_ddl::OptionList;

use crate::catalog::{CatalogError, ConnectionInfo, ConnectionRecord, Scope};
use crate::connection_type::ConnectionType;
use crate::executor::error::ExecError;
use crate::executor::options::ConnectionOptions;
use crate::executor::outcome::Outcome;
use crate::executor::rules;
use crate::executor::session::{Session, ALTER_ATTEMPTS};
use flink_ddl::OptionValue;

/// One page of a keyset listing ([`Session::list_connections_page`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectionPage {
    /// Where the connections were listed.
    pub scope: Scope,
    /// At most the page size of connections, ordered by name.
    pub connections: Vec<ConnectionInfo>,
    /// True when connections follow the last one of this page: the next page starts after it.
    pub has_more: bool,
}

/// The REST update of a connection ([`Session::replace_credentials`]).
#[derive(Debug, Clone, Copy)]
pub struct CredentialReplacement<'a> {
    /// The connection, in the session's environment, cloud and region.
    pub name: &'a str,
    /// The new credentials, by SQL key (`api-key`, `username`, ...), replacing the stored ones
    /// whole. `type` and `endpoint` may be given too, and must then equal the stored ones.
    pub options: &'a OptionList,
    /// When given, the update applies only to this `resource_version` of the connection.
    pub expected_version: Option<u64>,
}

impl Session {
    /// One page of the connections of the session's scope: at most `page_size` connections whose
    /// names come after `after` (from the start when `None`), in name order, of
    /// `connection_type` only when one is given. Each page is a range scan of the catalog's name
    /// index starting at `after`, so a client paging with the last name it saw neither skips nor
    /// repeats a name while others create and drop connections.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use flink_ddl_exec::{MemoryCatalog, Session, SessionContext};
    /// let session = Session::new(Arc::new(MemoryCatalog::new()), SessionContext::default());
    /// for name in ["c", "a", "b"] {
    ///     let sql = format!("CREATE CONNECTION {name} WITH ('type' = 'openai', 'endpoint' = 'https://x', 'api-key' = 'k')");
    ///     session.execute(&flink_ddl::parse_statement(&sql)?)?;
    /// }
    /// let first = session.list_connections_page(None, None, 2)?;
    /// assert_eq!(first.connections.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["a", "b"]);
    /// assert!(first.has_more);
    /// let last = session.list_connections_page(Some("b"), None, 2)?;
    /// assert_eq!(last.connections.len(), 1);
    /// assert!(!last.has_more);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn list_connections_page(
        &self,
        after: Option<&str>,
        connection_type: Option<ConnectionType>,
        page_size: usize,
    ) -> Result<ConnectionPage, ExecError> {
        let scope = self.context().scope();
        // One more than asked tells whether another page follows, without a count.
        let mut connections = self
            .catalog()
            .list_connections_after(&scope, after, connection_type, page_size.saturating_add(1))
            .map_err(ExecError::Catalog)?;
        let has_more = connections.len() > page_size;
        connections.truncate(page_size);
        Ok(ConnectionPage { scope, connections, has_more })
    }

    /// The REST update (`PUT .../connections/{name}`): the given credentials replace the stored
    /// ones whole, under the rules of `ALTER CONNECTION` (roles, credential keys of the type,
    /// groups, one auth method); `type` and `endpoint`, when given, must equal the stored ones.
    /// With `expected_version`, a connection at another `resource_version` is refused
    /// ([`ExecError::VersionMismatch`]); without it, a concurrent change is retried, as ALTER does.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use flink_ddl::OptionList;
    /// use flink_ddl_exec::{CredentialReplacement, MemoryCatalog, Outcome, Session, SessionContext};
    /// let session = Session::new(Arc::new(MemoryCatalog::new()), SessionContext::default());
    /// session.execute(&flink_ddl::parse_statement("CREATE CONNECTION r WITH ('type' = 'rest',
    ///     'endpoint' = 'https://api.example.com', 'username' = 'u', 'password' = 'p')")?)?;
    /// let options = OptionList::from_pairs([("type", "REST"), ("token", "t0k")]);
    /// let outcome = session.replace_credentials(CredentialReplacement { name: "r", options: &options, expected_version: Some(1) })?;
    /// let Outcome::Altered { connection } = outcome else { unreachable!() };
    /// assert_eq!(connection.resource_version, 2);
    /// let stale = session.replace_credentials(CredentialReplacement { name: "r", options: &options, expected_version: Some(1) });
    /// assert_eq!(stale.unwrap_err().rule(), "resource-version-matches");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn replace_credentials(&self, request: CredentialReplacement<'_>) -> Result<Outcome, ExecError> {
        let scope = self.context().scope();
        let name = request.name.to_owned();
        rules::require_connection_admin(self.context(), "ALTER CONNECTION", &name)?;
        for _ in 0..ALTER_ATTEMPTS {
            let Some(existing) = self.visible_connection(&scope, &name)? else {
                return Err(ExecError::ConnectionNotFound { name, scope });
            };
            let current = existing.info.resource_version;
            if let Some(expected) = request.expected_version.filter(|v| *v != current) {
                return Err(ExecError::VersionMismatch { connection: name, expected, current });
            }
            let connection_type = existing.info.connection_type;
            let mut options = ConnectionOptions::read(&name, request.options)?;
            let given_type = options.take("type").map(OptionValue::expose_secret);
            if given_type.is_some_and(|t| ConnectionType::from_name(t) != Some(connection_type)) {
                return Err(ExecError::ImmutableOption { connection: name, key: "type" });
            }
            let given_endpoint = options.take("endpoint").map(OptionValue::expose_secret);
            if given_endpoint.is_some_and(|e| e != existing.info.endpoint) {
                return Err(ExecError::ImmutableOption { connection: name, key: "endpoint" });
            }
            rules::reject_unknown_keys(&name, &options, Some(connection_type))?;
            let credentials = rules::take_credentials(&name, &mut options)?;
            rules::check_credentials(&name, connection_type, &credentials)?;

            let mut info = existing.info.clone();
            info.updated_at = self.now();
            info.resource_version = current.wrapping_add(1);
            let record = ConnectionRecord { info: info.clone(), credentials };
            match self.catalog().update_connection(record, current) {
                Ok(()) => return Ok(Outcome::Altered { connection: info }),
                // Read again: the version check above then names the version it found (a
                // replacement may even be back at the version the request expected).
                Err(CatalogError::ConnectionChanged { .. }) => continue,
                Err(CatalogError::ConnectionNotFound { .. }) => {
                    return Err(ExecError::ConnectionNotFound { name, scope });
                }
                Err(e) => return Err(ExecError::Catalog(e)),
            }
        }
        Err(ExecError::ConcurrentChange { connection: name })
    }
}
