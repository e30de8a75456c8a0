//! What every handler shares: the catalog, the server's configuration, the API-key verifier and
//! the OpenAPI document; and the origin of a request's resource URLs.

use std::sync::Arc;

use flink_ddl_exec::Catalog;

use crate::api_key::KeyVerifier;

/// What the server serves: one organization, in one cloud and region (as Confluent's regional
/// endpoints do).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerConfig {
    /// The organization id of the paths; another one is 404.
    pub organization: String,
    /// The cloud every connection is created and looked up in.
    pub cloud: String,
    /// The region every connection is created and looked up in.
    pub region: String,
    /// The `scheme://host[:port]` that resource URLs (`metadata.self`, `metadata.next`,
    /// `Location`) start with; `None` takes the request's scheme and `Host`.
    pub public_origin: Option<String>,
}

impl ServerConfig {
    /// Serves `organization` in cloud `local`, region `local`.
    pub fn new(organization: impl Into<String>) -> Self {
        ServerConfig {
            organization: organization.into(),
            cloud: flink_ddl_exec::SessionContext::DEFAULT_CLOUD.to_owned(),
            region: flink_ddl_exec::SessionContext::DEFAULT_REGION.to_owned(),
            public_origin: None,
        }
    }
}

/// What every handler shares.
#[derive(Clone)]
pub(crate) struct AppState(pub(crate) Arc<Shared>);

pub(crate) struct Shared {
    pub(crate) catalog: Arc<dyn Catalog>,
    pub(crate) config: ServerConfig,
    pub(crate) keys: KeyVerifier,
    pub(crate) openapi: String,
}

impl std::ops::Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// The origin resource URLs of this request start with.
#[derive(Debug, Clone)]
pub(crate) struct Origin(pub(crate) String);
