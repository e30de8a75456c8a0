//! `SessionContext`: who runs the statements and where: environment, cloud, region and roles.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use crate::catalog::Scope;

/// A Confluent RBAC role, as far as connections care (docs/dialect.md#roles).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Role {
    /// May create, alter and drop connections.
    OrganizationAdmin,
    /// May create, alter and drop connections.
    EnvironmentAdmin,
    /// May create, alter and drop connections.
    FlinkAdmin,
    /// May describe, list and use connections.
    FlinkDeveloper,
    /// May describe, list and use connections.
    ModelResourceOwner,
}

impl Role {
    /// The roles that may create, alter and drop connections.
    pub const CONNECTION_ADMINS: [Role; 3] = [Role::OrganizationAdmin, Role::EnvironmentAdmin, Role::FlinkAdmin];

    /// Every role, in the order above.
    pub const ALL: [Role; 5] = [
        Role::OrganizationAdmin,
        Role::EnvironmentAdmin,
        Role::FlinkAdmin,
        Role::FlinkDeveloper,
        Role::ModelResourceOwner,
    ];

    /// The role's name (`FlinkAdmin`).
    pub fn as_str(self) -> &'static str {
        match self {
            Role::OrganizationAdmin => "OrganizationAdmin",
            Role::EnvironmentAdmin => "EnvironmentAdmin",
            Role::FlinkAdmin => "FlinkAdmin",
            Role::FlinkDeveloper => "FlinkDeveloper",
            Role::ModelResourceOwner => "ModelResourceOwner",
        }
    }

    /// True for the roles that may create, alter and drop connections.
    pub fn may_change_connections(self) -> bool {
        Role::CONNECTION_ADMINS.contains(&self)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A role name that is none of [`Role::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown role `{role}`; the roles are OrganizationAdmin, EnvironmentAdmin, FlinkAdmin, FlinkDeveloper, ModelResourceOwner")]
pub struct UnknownRole {
    /// The name given.
    pub role: String,
}

impl FromStr for Role {
    type Err = UnknownRole;

    /// Parses a role name, ignoring ASCII case.
    ///
    /// ```
    /// use flink_ddl_exec::Role;
    /// assert_eq!("flinkadmin".parse::<Role>(), Ok(Role::FlinkAdmin));
    /// assert!("Owner".parse::<Role>().is_err());
    /// ```
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| UnknownRole { role: s.to_owned() })
    }
}

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
