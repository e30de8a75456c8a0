//! The connection-type registry: what each of the 19 types accepts, as data (the table of
//! docs/dialect.md, "Connection types and their keys").
//!
//! One [`ConnectionTypeSpec`] per type: the credential keys it always requires, the auth methods
//! of which exactly one must be given, its optional keys, and the table connectors that refer to
//! it. The executor's rules read these entries and nothing else, so adding a type is adding
//! one entry to [`CONNECTION_TYPES`]. The credential keys themselves, with the names they carry in
//! the secret payload (docs/dialect.md, rule 7), are [`CONNECTION_CREDENTIAL_KEYS`].

use std::fmt;

use serde::{Serialize, Serializer};

/// A credential key, and its name in the secret payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CredentialKey {
    /// The option key, canonical spelling (`api-key`).
    pub key: &'static str,
    /// The field in the secret payload (`API_KEY`).
    pub payload_name: &'static str,
}

/// Every credential key, in the order they are stored and printed.
pub const CONNECTION_CREDENTIAL_KEYS: [CredentialKey; 14] = [
    CredentialKey { key: "api-key", payload_name: "API_KEY" },
    CredentialKey { key: "aws-access-key", payload_name: "AWS_ACCESS_KEY_ID" },
    CredentialKey { key: "aws-secret-key", payload_name: "AWS_SECRET_ACCESS_KEY" },
    CredentialKey { key: "aws-session-token", payload_name: "AWS_SESSION_TOKEN" },
    CredentialKey { key: "service-key", payload_name: "SERVICE_KEY" },
    CredentialKey { key: "username", payload_name: "USERNAME" },
    CredentialKey { key: "password", payload_name: "PASSWORD" },
    CredentialKey { key: "token", payload_name: "BEARER_TOKEN" },
    CredentialKey { key: "token-endpoint", payload_name: "OAUTH2_TOKEN_ENDPOINT" },
    CredentialKey { key: "client-id", payload_name: "OAUTH2_CLIENT_ID" },
    CredentialKey { key: "client-secret", payload_name: "OAUTH2_CLIENT_SECRET" },
    CredentialKey { key: "scope", payload_name: "OAUTH2_SCOPE" },
    CredentialKey { key: "sse-endpoint", payload_name: "SSE_ENDPOINT" },
    CredentialKey { key: "transport-type", payload_name: "TRANSPORT_TYPE" },
];

/// The keys every type takes besides credentials; both are required and immutable.
pub const CONNECTION_BASE_KEYS: [&str; 2] = ["type", "endpoint"];

/// The canonical spelling of `key` when it is a credential key (exact, already normalised).
pub(crate) fn credential_key(key: &str) -> Option<&'static CredentialKey> {
    CONNECTION_CREDENTIAL_KEYS.iter().find(|k| k.key == key)
}

/// The position of a credential key in [`CONNECTION_CREDENTIAL_KEYS`] (the storage order).
pub(crate) fn credential_key_rank(key: &str) -> usize {
    CONNECTION_CREDENTIAL_KEYS.iter().position(|k| k.key == key).unwrap_or(usize::MAX)
}

/// One way to authenticate: a group of keys given together (groups A, B, T, O of docs/dialect.md).
#[derive(Debug, PartialEq, Eq)]
pub struct AuthMethod {
    /// A short name for messages (`basic`).
    pub name: &'static str,
    /// The keys of the group, all required together.
    pub keys: &'static [&'static str],
    /// The payload's `AUTH_TYPE` for this method.
    pub auth_type: &'static str,
}

/// Group A: an API key.
pub static API_KEY_AUTH: AuthMethod = AuthMethod { name: "API key", keys: &["api-key"], auth_type: "API_KEY" };
/// Group B: basic authentication.
pub static BASIC_AUTH: AuthMethod = AuthMethod { name: "basic", keys: &["username", "password"], auth_type: "BASIC" };
/// Group T: a bearer token.
pub static BEARER_AUTH: AuthMethod = AuthMethod { name: "bearer token", keys: &["token"], auth_type: "BEARER" };
/// Group O: OAuth 2 client credentials.
pub static OAUTH_AUTH: AuthMethod =
    AuthMethod { name: "OAuth", keys: &["token-endpoint", "client-id", "client-secret", "scope"], auth_type: "OAUTH2" };

/// Keys that must be given together whenever one of them is (docs/dialect.md, rule 1).
pub const KEYS_GIVEN_TOGETHER: [&[&str]; 3] = [
    &["username", "password"],
    &["aws-access-key", "aws-secret-key"],
    &["token-endpoint", "client-id", "client-secret", "scope"],
];

/// Keys naming an auth method, of which at most one may be given (docs/dialect.md, rule 2).
pub const EXCLUSIVE_AUTH_KEYS: [&str; 4] = ["username", "client-id", "api-key", "token"];

/// The `transport-type` values (docs/dialect.md, rule 3), compared ignoring case.
pub const TRANSPORT_TYPES: [&str; 2] = ["SSE", "STREAMABLE_HTTP"];

/// What one connection type accepts.
#[derive(Debug, PartialEq, Eq)]
pub struct ConnectionTypeSpec {
    /// The type's name as the CLI spells it (`openai`, `confluent_jdbc`).
    pub name: &'static str,
    /// The name as JSON and the human Type column show it (`OPENAI`).
    pub label: &'static str,
    /// Credential keys always required.
    pub required: &'static [&'static str],
    /// Auth methods of which exactly one must be given (empty: none asked for).
    pub one_of: &'static [&'static AuthMethod],
    /// Credential keys that may be given besides.
    pub optional: &'static [&'static str],
    /// The `connector` values of tables that use this type (`'<connector>.connection'`).
    pub table_connectors: &'static [&'static str],
}

const AWS_REQUIRED: &[&str] = &["aws-access-key", "aws-secret-key"];
const BASIC_KEYS: &[&str] = &["username", "password"];
const REST_METHODS: &[&AuthMethod] = &[&BASIC_AUTH, &BEARER_AUTH, &OAUTH_AUTH];
const A2A_METHODS: &[&AuthMethod] = &[&API_KEY_AUTH, &BASIC_AUTH, &BEARER_AUTH, &OAUTH_AUTH];

const fn api_key_type(
    name: &'static str,
    label: &'static str,
    connectors: &'static [&'static str],
) -> ConnectionTypeSpec {
    ConnectionTypeSpec { name, label, required: &["api-key"], one_of: &[], optional: &[], table_connectors: connectors }
}

const fn aws_type(name: &'static str, label: &'static str) -> ConnectionTypeSpec {
    ConnectionTypeSpec {
        name,
        label,
        required: AWS_REQUIRED,
        one_of: &[],
        optional: &["aws-session-token"],
        table_connectors: &[],
    }
}

const fn basic_type(
    name: &'static str,
    label: &'static str,
    connectors: &'static [&'static str],
) -> ConnectionTypeSpec {
    ConnectionTypeSpec { name, label, required: BASIC_KEYS, one_of: &[], optional: &[], table_connectors: connectors }
}

/// The 19 connection types, with the keys each takes.
pub static CONNECTION_TYPES: [ConnectionTypeSpec; 19] = [
    api_key_type("openai", "OPENAI", &[]),
    api_key_type("azureml", "AZUREML", &[]),
    api_key_type("azureopenai", "AZUREOPENAI", &[]),
    api_key_type("anthropic", "ANTHROPIC", &[]),
    api_key_type("fireworksai", "FIREWORKSAI", &[]),
    ConnectionTypeSpec {
        name: "a2a",
        label: "A2A",
        required: &[],
        one_of: A2A_METHODS,
        optional: &[],
        table_connectors: &[],
    },
    aws_type("bedrock", "BEDROCK"),
    aws_type("sagemaker", "SAGEMAKER"),
    api_key_type("googleai", "GOOGLEAI", &[]),
    ConnectionTypeSpec {
        name: "vertexai",
        label: "VERTEXAI",
        required: &["service-key"],
        one_of: &[],
        optional: &[],
        table_connectors: &[],
    },
    basic_type("mongodb", "MONGODB", &["mongodb"]),
    ConnectionTypeSpec {
        name: "elastic",
        label: "ELASTIC",
        required: &[],
        one_of: &[&API_KEY_AUTH, &BASIC_AUTH],
        optional: &[],
        table_connectors: &["elastic"],
    },
    api_key_type("pinecone", "PINECONE", &["pinecone"]),
    basic_type("couchbase", "COUCHBASE", &["couchbase"]),
    basic_type("confluent_jdbc", "CONFLUENT_JDBC", &["confluent-jdbc"]),
    ConnectionTypeSpec {
        name: "rest",
        label: "REST",
        required: &[],
        one_of: REST_METHODS,
        optional: &[],
        table_connectors: &["rest"],
    },
    ConnectionTypeSpec {
        name: "mcp_server",
        label: "MCP_SERVER",
        required: &[],
        one_of: A2A_METHODS,
        optional: &["sse-endpoint", "transport-type"],
        table_connectors: &[],
    },
    api_key_type("cosmosdb", "COSMOSDB", &["cosmosdb"]),
    aws_type("s3vectors", "S3VECTORS"),
];

/// A connection's type: a handle on its registry entry.
///
/// ```
/// use flink_ddl_exec::ConnectionType;
/// let t = ConnectionType::from_name("AzureOpenAI").unwrap();
/// assert_eq!((t.name(), t.label()), ("azureopenai", "AZUREOPENAI"));
/// assert!(t.allows_key("api-key") && !t.allows_key("password"));
/// assert_eq!(ConnectionType::for_table_connector("confluent-jdbc").map(|t| t.name()), Some("confluent_jdbc"));
/// assert_eq!(ConnectionType::all().count(), 19);
/// ```
#[derive(Clone, Copy)]
pub struct ConnectionType(&'static ConnectionTypeSpec);

impl ConnectionType {
    /// The type called `name`, compared ignoring ASCII case (`'OPENAI'` = `'openai'`).
    pub fn from_name(name: &str) -> Option<Self> {
        CONNECTION_TYPES.iter().find(|spec| spec.name.eq_ignore_ascii_case(name)).map(ConnectionType)
    }

    /// The type a table's `connector` value refers to (`mongodb` → `mongodb`,
    /// `confluent-jdbc` → `confluent_jdbc`, ...), compared ignoring ASCII case.
    pub fn for_table_connector(connector: &str) -> Option<Self> {
        CONNECTION_TYPES
            .iter()
            .find(|spec| spec.table_connectors.iter().any(|c| c.eq_ignore_ascii_case(connector)))
            .map(ConnectionType)
    }

    /// Every type, in the registry's order.
    pub fn all() -> impl Iterator<Item = ConnectionType> {
        CONNECTION_TYPES.iter().map(ConnectionType)
    }

    /// The type's names, lower case, comma-separated (for messages).
    pub fn all_names() -> String {
        CONNECTION_TYPES.iter().map(|spec| spec.name).collect::<Vec<_>>().join(", ")
    }

    /// The registry entry.
    pub fn spec(self) -> &'static ConnectionTypeSpec {
        self.0
    }

    /// The lower-case name (`confluent_jdbc`).
    pub fn name(self) -> &'static str {
        self.0.name
    }

    /// The upper-case name shown in JSON and the Type column (`CONFLUENT_JDBC`).
    pub fn label(self) -> &'static str {
        self.0.label
    }

    /// Every credential key this type accepts: required, those of its auth methods, optional;
    /// in storage order.
    pub fn allowed_keys(self) -> Vec<&'static str> {
        CONNECTION_CREDENTIAL_KEYS.iter().map(|k| k.key).filter(|k| self.allows_key(k)).collect()
    }

    /// True when this type accepts credential key `key` (canonical spelling).
    pub fn allows_key(self, key: &str) -> bool {
        let spec = self.0;
        spec.required.contains(&key)
            || spec.optional.contains(&key)
            || spec.one_of.iter().any(|method| method.keys.contains(&key))
    }

    /// The ways to authenticate: the `one_of` methods, or the required keys as the one method
    /// (used by ALTER's merge-or-replace rule).
    pub fn auth_methods(self) -> Vec<&'static [&'static str]> {
        if self.0.one_of.is_empty() {
            if self.0.required.is_empty() {
                Vec::new()
            } else {
                vec![self.0.required]
            }
        } else {
            self.0.one_of.iter().map(|method| method.keys).collect()
        }
    }
}

impl PartialEq for ConnectionType {
    fn eq(&self, other: &Self) -> bool {
        self.0.name == other.0.name
    }
}

impl Eq for ConnectionType {}

impl fmt::Debug for ConnectionType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.label)
    }
}

impl fmt::Display for ConnectionType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.label)
    }
}

impl Serialize for ConnectionType {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0.label)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nineteen_distinct_types_with_upper_case_labels() {
        let mut names: Vec<_> = CONNECTION_TYPES.iter().map(|s| s.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), 19);
        for spec in &CONNECTION_TYPES {
            assert_eq!(spec.label, spec.name.to_ascii_uppercase());
        }
    }

    #[test]
    fn every_key_the_registry_names_is_a_credential_key() {
        for spec in &CONNECTION_TYPES {
            let keys = spec.required.iter().chain(spec.optional).chain(spec.one_of.iter().flat_map(|m| m.keys));
            for key in keys {
                assert!(credential_key(key).is_some(), "{} names unknown key {key}", spec.name);
            }
        }
    }

    #[test]
    fn allowed_keys_follow_the_dialect_table() {
        let allowed = |name| ConnectionType::from_name(name).unwrap().allowed_keys();
        assert_eq!(allowed("openai"), ["api-key"]);
        assert_eq!(allowed("bedrock"), ["aws-access-key", "aws-secret-key", "aws-session-token"]);
        assert_eq!(allowed("vertexai"), ["service-key"]);
        assert_eq!(allowed("mongodb"), ["username", "password"]);
        assert_eq!(allowed("elastic"), ["api-key", "username", "password"]);
        assert_eq!(
            allowed("rest"),
            ["username", "password", "token", "token-endpoint", "client-id", "client-secret", "scope"]
        );
        assert_eq!(allowed("a2a").len(), 8);
        assert_eq!(allowed("mcp_server").len(), 10);
    }

    #[test]
    fn table_connectors_map_to_types() {
        for (connector, ty) in [
            ("mongodb", "mongodb"),
            ("confluent-jdbc", "confluent_jdbc"),
            ("elastic", "elastic"),
            ("pinecone", "pinecone"),
            ("rest", "rest"),
            ("cosmosdb", "cosmosdb"),
            ("couchbase", "couchbase"),
        ] {
            assert_eq!(ConnectionType::for_table_connector(connector).map(|t| t.name()), Some(ty));
        }
        assert!(ConnectionType::for_table_connector("kafka").is_none());
        assert!(ConnectionType::for_table_connector("s3vectors").is_none());
    }
}
