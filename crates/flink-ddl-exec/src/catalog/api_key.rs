//! `ApiKeyRecord`: an API key of the `sql/v1` server as a catalog stores it. The catalog holds
//! the key's public id, what it may do, and a salted slow hash of its secret (a PHC string such
//! as `$argon2id$v=19$...`), never the secret itself; hashing and checking are the server's.

use std::fmt;

use crate::clock::Timestamp;
use crate::role::Role;

/// A stored API key: who may call the server with it, and the hash its secret must match.
///
/// ```
/// use flink_ddl_exec::{ApiKeyRecord, Role, Timestamp};
/// let record = ApiKeyRecord {
///     key: "K3Y1D0000000000A".to_owned(),
///     secret_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".to_owned(),
///     role: Role::FlinkDeveloper,
///     environments: vec!["env-a".to_owned()],
///     description: "reporting".to_owned(),
///     created_at: Timestamp::UNIX_EPOCH,
/// };
/// assert!(record.covers_environment("env-a") && !record.covers_environment("env-b"));
/// assert!(!format!("{record:?}").contains("argon2id$v=19$m"));
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKeyRecord {
    /// The key's public id (the user name of HTTP Basic).
    pub key: String,
    /// The secret's salted slow hash, as a PHC string. Not the secret, but still kept out of
    /// `Debug`: a hash is what an offline guesser wants.
    pub secret_hash: String,
    /// What the key may do.
    pub role: Role,
    /// The environments the key reaches; empty means every environment.
    pub environments: Vec<String>,
    /// Free text for the people who manage keys.
    pub description: String,
    /// When it was created.
    pub created_at: Timestamp,
}

impl ApiKeyRecord {
    /// True when the key may reach `environment`.
    pub fn covers_environment(&self, environment: &str) -> bool {
        self.environments.is_empty() || self.environments.iter().any(|e| e == environment)
    }
}

impl fmt::Debug for ApiKeyRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiKeyRecord")
            .field("key", &self.key)
            .field("secret_hash", &"<hash>")
            .field("role", &self.role)
            .field("environments", &self.environments)
            .field("description", &self.description)
            .field("created_at", &self.created_at)
            .finish()
    }
}
