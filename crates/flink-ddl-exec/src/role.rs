//! `Role`: a Confluent RBAC role, as far as the statements care: who may create, alter and drop,
//! and who may only read. The session, the catalog's API keys and the server all use it.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

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
