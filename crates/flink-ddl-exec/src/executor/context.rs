//! `SessionContext`: who runs the statements and where: environment, cloud, region and roles.

use serde::Serialize;

use crate::catalog::Scope;
use crate::role::Role;

/// Where statements run and who runs them.
///
/// Defaults (docs/dialect.md#names-and-scope): environment `default`, cloud `local`, region `local`,
/// role `OrganizationAdmin`.
///
/// ```
/// use flink_ddl_exec::{Role, SessionContext};
/// let ctx = SessionContext::new("env-a1b2c3", "aws", "us-west-2").with_roles([Role::FlinkDeveloper]);
/// assert_eq!(ctx.scope().to_string(), "environment \"env-a1b2c3\", cloud \"aws\", region \"us-west-2\"");
/// assert_eq!(SessionContext::default().environment, "default");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SessionContext {
    /// The current environment (a Flink catalog).
    pub environment: String,
    /// The cloud the statements run in.
    pub cloud: String,
    /// The region the statements run in.
    pub region: String,
    /// The caller's roles.
    pub roles: Vec<Role>,
}

impl SessionContext {
    /// The default environment.
    pub const DEFAULT_ENVIRONMENT: &'static str = "default";
    /// The default cloud.
    pub const DEFAULT_CLOUD: &'static str = "local";
    /// The default region.
    pub const DEFAULT_REGION: &'static str = "local";

    /// A context in this environment, cloud and region, with the role `OrganizationAdmin`.
    pub fn new(environment: impl Into<String>, cloud: impl Into<String>, region: impl Into<String>) -> Self {
        SessionContext {
            environment: environment.into(),
            cloud: cloud.into(),
            region: region.into(),
            roles: vec![Role::OrganizationAdmin],
        }
    }

    /// The same context with these roles instead.
    #[must_use]
    pub fn with_roles(mut self, roles: impl IntoIterator<Item = Role>) -> Self {
        self.roles = roles.into_iter().collect();
        self
    }

    /// The current environment, cloud and region.
    pub fn scope(&self) -> Scope {
        Scope::new(&self.environment, &self.cloud, &self.region)
    }

    /// This context's cloud and region in `environment`.
    pub fn scope_in(&self, environment: &str) -> Scope {
        Scope::new(environment, &self.cloud, &self.region)
    }
}

impl Default for SessionContext {
    fn default() -> Self {
        SessionContext::new(Self::DEFAULT_ENVIRONMENT, Self::DEFAULT_CLOUD, Self::DEFAULT_REGION)
    }
}
