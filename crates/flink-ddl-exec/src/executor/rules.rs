//! The dialect's rules, one function each. Every function returns the error of the rule it
//! enforces (named in the error's message and by [`ExecError::rule`]); `Session` calls them in the
//! order the dialect asks for (unknown keys before a missing type; docs/dialect.md, "Rules").

use crate::catalog::{ConnectionRecord, Credentials, Scope};
use crate::connection_type::{
    credential_key, ConnectionType, CONNECTION_BASE_KEYS, CONNECTION_CREDENTIAL_KEYS, EXCLUSIVE_AUTH_KEYS,
    KEYS_GIVEN_TOGETHER, TRANSPORT_TYPES,
};
use crate::executor::context::SessionContext;
use crate::executor::error::{ExecError, LengthUnit};
use crate::executor::options::ConnectionOptions;
use crate::executor::outcome::ObjectKind;
use flink_ddl::{is_sensitive_key, ObjectName, OptionList, OptionValue, REDACTED};

/// Names are at most this many characters.
pub const MAX_NAME_CHARS: usize = 100;
/// Each credential value is at most this many UTF-8 bytes.
pub const MAX_SECRET_BYTES: usize = 4000;
/// `endpoint` is at most this many characters (the sql/v1 OpenAPI's limit).
pub const MAX_ENDPOINT_CHARS: usize = 16384;

/// Rule: create, alter and drop need one of `OrganizationAdmin`, `EnvironmentAdmin`,
/// `FlinkAdmin` (docs/dialect.md#roles). Describing, listing and using need no role.
pub(crate) fn require_connection_admin(
    ctx: &SessionContext,
    statement: &'static str,
    name: &str,
) -> Result<(), ExecError> {
    if ctx.roles.iter().any(|role| role.may_change_connections()) {
        return Ok(());
    }
    Err(ExecError::PermissionDenied {
        statement,
        kind: ObjectKind::Connection,
        name: name.to_owned(),
        roles: ctx.roles.clone(),
    })
}

/// Rule: names are at most 100 characters.
pub(crate) fn check_name_length(kind: ObjectKind, name: &str) -> Result<(), ExecError> {
    let length = name.chars().count();
    if length <= MAX_NAME_CHARS {
        return Ok(());
    }
    let shown: String = name.chars().take(40).chain(std::iter::once('…')).collect();
    Err(ExecError::NameTooLong { kind, shown, length, limit: MAX_NAME_CHARS })
}

/// Rule: in `[environment.][db.]name` a 1-part name is the object in the session's environment,
/// the db part of 2 or 3 parts is ignored, and the first of 3 parts names the environment
/// (docs/dialect.md#names-and-scope). Cloud and region are always the session's.
pub(crate) fn resolve_name(ctx: &SessionContext, name: &ObjectName) -> (Scope, String) {
    let environment = name.catalog().map_or(ctx.environment.as_str(), |env| env.as_str());
    (ctx.scope_in(environment), name.name().as_str().to_owned())
}

/// Rule: a connection is visible and usable only in its own environment, cloud and region.
pub(crate) fn is_visible(record: &ConnectionRecord, scope: &Scope) -> bool {
    record.info.scope == *scope
}

/// Rule (docs/dialect.md, rule 6): a key that is neither `type`, `endpoint` nor a credential key of the type
/// is refused, with a did-you-mean by edit distance that never shows the value. When the type is
/// missing or unknown, the keys are checked against every connection key. A credential key of
/// another type is refused listing the keys the type takes.
pub(crate) fn reject_unknown_keys(
    connection: &str,
    options: &ConnectionOptions<'_>,
    connection_type: Option<ConnectionType>,
) -> Result<(), ExecError> {
    let known_here = |key: &str| {
        CONNECTION_BASE_KEYS.contains(&key)
            || credential_key(key).is_some_and(|k| connection_type.is_none_or(|t| t.allows_key(k.key)))
    };
    // Keys no connection knows first, then keys of another type: the first is the likelier typo.
    for (key, written) in options.remaining() {
        let key = &*key;
        if credential_key(key).is_none() && !CONNECTION_BASE_KEYS.contains(&key) {
            let candidates = candidate_keys(connection_type);
            return Err(ExecError::UnknownKey {
                connection: connection.to_owned(),
                key: written.to_owned(),
                connection_type,
                suggestion: did_you_mean(key, &candidates),
            });
        }
    }
    for (key, _) in options.remaining() {
        let key = &*key;
        if !known_here(key) {
            if let (Some(t), Some(k)) = (connection_type, credential_key(key)) {
                return Err(ExecError::KeyNotAllowed {
                    connection: connection.to_owned(),
                    key: k.key,
                    connection_type: t,
                    allowed: t.allowed_keys(),
                });
            }
        }
    }
    Ok(())
}

/// The keys a connection of `connection_type` may name (all connection keys when unknown).
fn candidate_keys(connection_type: Option<ConnectionType>) -> Vec<&'static str> {
    let credentials = CONNECTION_CREDENTIAL_KEYS.iter().map(|k| k.key);
    let credentials: Vec<_> = match connection_type {
        Some(t) => credentials.filter(|k| t.allows_key(k)).collect(),
        None => credentials.collect(),
    };
    CONNECTION_BASE_KEYS.iter().copied().chain(credentials).collect()
}

/// The type a mistyped `type` value probably means: the same letters without `_` or `-`
/// (`open_ai`), a common other name (`jdbc`, `postgres` → `confluent_jdbc`; `mcp` → `mcp_server`;
/// `elasticsearch` → `elastic`), the one type whose name holds it (`vectors` → `s3vectors`), or
/// one within two edits (`opena`).
pub(crate) fn nearest_type(value: &str) -> Option<&'static str> {
    let squeeze = |s: &str| s.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase();
    let given = squeeze(value);
    if given.is_empty() {
        return None;
    }
    let names: Vec<&'static str> = ConnectionType::all().map(ConnectionType::name).collect();
    if let Some(same) = names.iter().find(|n| squeeze(n) == given) {
        return Some(same);
    }
    const OTHER_NAMES: [(&str, &str); 12] = [
        ("jdbc", "confluent_jdbc"),
        ("postgres", "confluent_jdbc"),
        ("postgresql", "confluent_jdbc"),
        ("mysql", "confluent_jdbc"),
        ("sqlserver", "confluent_jdbc"),
        ("oracle", "confluent_jdbc"),
        ("mcp", "mcp_server"),
        ("elasticsearch", "elastic"),
        ("gemini", "googleai"),
        ("vertex", "vertexai"),
        ("claude", "anthropic"),
        ("s3", "s3vectors"),
    ];
    if let Some((_, name)) = OTHER_NAMES.iter().find(|(other, _)| *other == given) {
        return Some(name);
    }
    let holding: Vec<&&'static str> =
        names.iter().filter(|n| given.len() >= 3 && squeeze(n).contains(&given)).collect();
    if let [only] = holding.as_slice() {
        return Some(only);
    }
    names
        .iter()
        .map(|n| (strsim::levenshtein(&squeeze(n), &given), *n))
        .filter(|(distance, _)| *distance <= 2)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, n)| n)
}

/// The candidate `key` probably means: the same key in the canonical form of option keys
/// (lower case, `-` for `_`), or else the nearest by the library's one did-you-mean rule
/// ([`flink_ddl::likely_meant`], on the canonical form), the rule by which the fail-closed
/// redactor masks the value of a near miss of a credential key: a key this answers with a
/// credential key is one whose value those surfaces mask. Only keys are compared: the value is
/// never looked at.
pub(crate) fn did_you_mean(key: &str, candidates: &[&'static str]) -> Option<&'static str> {
    let canonical = flink_ddl::canonical_option_key(key);
    if let Some(exact) = candidates.iter().find(|c| **c == canonical) {
        return Some(exact);
    }
    flink_ddl::likely_meant(&canonical, candidates.iter().copied())
}

/// Rule: `type` is required and one of the 19.
pub(crate) fn require_type(connection: &str, value: Option<&str>) -> Result<ConnectionType, ExecError> {
    let Some(value) = value else {
        return Err(ExecError::MissingOption { connection: connection.to_owned(), key: "type" });
    };
    ConnectionType::from_name(value).ok_or_else(|| ExecError::InvalidType {
        connection: connection.to_owned(),
        given: value.chars().take(40).collect(),
        suggestion: nearest_type(value),
    })
}

/// Rule: `endpoint` is required, and at most 16384 characters.
pub(crate) fn require_endpoint(connection: &str, value: Option<&str>) -> Result<String, ExecError> {
    let Some(value) = value else {
        return Err(ExecError::MissingOption { connection: connection.to_owned(), key: "endpoint" });
    };
    if value.chars().count() > MAX_ENDPOINT_CHARS {
        return Err(ExecError::ValueTooLong {
            connection: connection.to_owned(),
            key: "endpoint",
            limit: MAX_ENDPOINT_CHARS,
            unit: LengthUnit::Characters,
        });
    }
    Ok(value.to_owned())
}

/// Takes every credential key out of `options` (empty values count as absent), checking each
/// value against the 4000-byte limit (docs/dialect.md, rule 4).
pub(crate) fn take_credentials(
    connection: &str,
    options: &mut ConnectionOptions<'_>,
) -> Result<Credentials, ExecError> {
    let mut credentials = Credentials::new();
    for known in &CONNECTION_CREDENTIAL_KEYS {
        let Some(value) = options.take(known.key) else { continue };
        if value.len() > MAX_SECRET_BYTES {
            return Err(ExecError::ValueTooLong {
                connection: connection.to_owned(),
                key: known.key,
                limit: MAX_SECRET_BYTES,
                unit: LengthUnit::Bytes,
            });
        }
        if is_sensitive_key(known.key) && holds_mask(value) {
            return Err(ExecError::MaskAsCredential {
                kind: ObjectKind::Connection,
                name: connection.to_owned(),
                key: known.key.to_owned(),
            });
        }
        // `known.key` is a credential key by construction, so insert cannot refuse it.
        let _ = credentials.insert(known.key, value.to_secret());
    }
    Ok(credentials)
}

/// True when `value` is the mask [`REDACTED`] itself, ignoring case and blanks around it: the
/// text `SHOW CREATE` output and the shell's history hold in place of a secret.
///
/// ```
/// use flink_ddl_exec::is_mask;
/// assert!(is_mask("<REDACTED>") && is_mask(" <redacted>\t") && is_mask("\u{a0}<Redacted>"));
/// assert!(!is_mask("sk-<REDACTED>") && !is_mask("REDACTED") && !is_mask(""));
/// ```
pub fn is_mask(value: &str) -> bool {
    value.trim().eq_ignore_ascii_case(REDACTED)
}

/// True when an option's value is the mask. The one place the executor reads a credential's
/// text: compared, never kept or shown.
fn holds_mask(value: &OptionValue) -> bool {
    // Cheap refusal first: the mask with blanks around it is short.
    value.len() >= REDACTED.len() && value.len() <= REDACTED.len() + 64 && is_mask(value.expose_secret())
}

/// Rules of the credentials in a table's, model's, tool's or agent's options:
/// - a sensitive option (by [`flink_ddl::is_sensitive_key`]) whose value is the mask is refused,
///   naming the key, so that re-running a masked statement cannot replace a secret by the mask
///   without anyone seeing it;
/// - a key that is a near miss of a credential key ([`flink_ddl::is_near_sensitive_key`]:
///   `passwd`, `properties.sasl.jaas.cnfig`) is refused: stored, its value would be shown in
///   clear by the exact rule of masking, and the connector would not find its credential.
pub(crate) fn refuse_unsafe_credentials(kind: ObjectKind, name: &str, options: &OptionList) -> Result<(), ExecError> {
    if let Some(o) = options.iter().find(|o| is_sensitive_key(o.key()) && holds_mask(o.value())) {
        return Err(ExecError::MaskAsCredential { kind, name: name.to_owned(), key: o.key().to_owned() });
    }
    if let Some(o) = options.iter().find(|o| flink_ddl::is_near_sensitive_key(o.key())) {
        let key = o.key().to_owned();
        let suggestion = meant_credential_key(&key);
        return Err(ExecError::MisspelledCredentialKey { kind, name: name.to_owned(), key, suggestion });
    }
    Ok(())
}

/// The credential key `key` probably misspells, its prefix kept: the shortest suffix of `key`
/// at a `.` that is a misspelling of a credential key or a sensitive substring
/// (`properties.sasl.jaas.cnfig` is `properties.sasl.jaas.config`).
fn meant_credential_key(key: &str) -> Option<String> {
    let candidates = || flink_ddl::CREDENTIAL_KEYS.iter().chain(flink_ddl::SENSITIVE_SUBSTRINGS.iter()).copied();
    let mut end = key.len();
    loop {
        let dot = key[..end].rfind('.');
        let start = dot.map_or(0, |at| at + 1);
        if let Some(meant) = flink_ddl::likely_meant(&key[start..], candidates()) {
            return Some(format!("{}{meant}", &key[..start]));
        }
        end = dot?;
    }
}

/// Every rule a connection's credentials must satisfy for its type, in the order the errors are
/// most useful: groups given together, one auth method, required keys, an auth method given, and
/// the MCP transport rules.
pub(crate) fn check_credentials(
    connection: &str,
    connection_type: ConnectionType,
    credentials: &Credentials,
) -> Result<(), ExecError> {
    check_keys_given_together(connection, credentials)?;
    check_one_auth_method(connection, credentials)?;
    check_required_credentials(connection, connection_type, credentials)?;
    check_auth_method_given(connection, connection_type, credentials)?;
    check_transport_type(connection, credentials)
}

/// Rule (docs/dialect.md, rule 1): `username` + `password`, `aws-access-key` + `aws-secret-key` and the four
/// OAuth keys are given together.
pub(crate) fn check_keys_given_together(connection: &str, credentials: &Credentials) -> Result<(), ExecError> {
    for group in KEYS_GIVEN_TOGETHER {
        let (given, missing): (Vec<&'static str>, Vec<&'static str>) =
            group.iter().copied().partition(|key| credentials.contains(key));
        if !given.is_empty() && !missing.is_empty() {
            return Err(ExecError::IncompleteGroup { connection: connection.to_owned(), given, missing });
        }
    }
    Ok(())
}

/// Rule (docs/dialect.md, rule 2): at most one of `username`, `client-id`, `api-key`, `token`.
pub(crate) fn check_one_auth_method(connection: &str, credentials: &Credentials) -> Result<(), ExecError> {
    let keys: Vec<&'static str> = EXCLUSIVE_AUTH_KEYS.iter().copied().filter(|k| credentials.contains(k)).collect();
    if keys.len() > 1 {
        return Err(ExecError::ConflictingAuthMethods { keys, connection: connection.to_owned() });
    }
    Ok(())
}

/// Rule (docs/dialect.md, "always required"): e.g. `api-key` for openai, `username` and `password` for mongodb.
pub(crate) fn check_required_credentials(
    connection: &str,
    connection_type: ConnectionType,
    credentials: &Credentials,
) -> Result<(), ExecError> {
    match connection_type.spec().required.iter().find(|key| !credentials.contains(key)) {
        Some(key) => Err(ExecError::MissingCredential { connection: connection.to_owned(), connection_type, key }),
        None => Ok(()),
    }
}

/// Rule (docs/dialect.md, "exactly one of these groups"): a one-of type needs one complete auth method.
pub(crate) fn check_auth_method_given(
    connection: &str,
    connection_type: ConnectionType,
    credentials: &Credentials,
) -> Result<(), ExecError> {
    let methods = connection_type.spec().one_of;
    if methods.is_empty() || methods.iter().any(|m| m.keys.iter().all(|k| credentials.contains(k))) {
        return Ok(());
    }
    let listed: Vec<String> = methods.iter().map(|m| format!("{} ({})", m.name, m.keys.join(", "))).collect();
    Err(ExecError::NoAuthMethod { connection: connection.to_owned(), connection_type, methods: listed.join(", or ") })
}

/// Rule (docs/dialect.md, rule 3): `transport-type` is SSE or STREAMABLE_HTTP (ignoring case), and
/// `sse-endpoint` is not allowed with STREAMABLE_HTTP. (Only mcp_server takes these keys: the
/// allowed-keys rule refuses them elsewhere.)
pub(crate) fn check_transport_type(connection: &str, credentials: &Credentials) -> Result<(), ExecError> {
    let Some(transport) = credentials.get("transport-type") else { return Ok(()) };
    if !TRANSPORT_TYPES.iter().any(|t| transport.eq_ignore_ascii_case(t)) {
        return Err(ExecError::InvalidTransportType { connection: connection.to_owned() });
    }
    if transport.eq_ignore_ascii_case("STREAMABLE_HTTP") && credentials.contains("sse-endpoint") {
        return Err(ExecError::SseEndpointWithStreamableHttp { connection: connection.to_owned() });
    }
    Ok(())
}

/// Rule (docs/dialect.md, rule 5): ALTER ... SET names credential keys of the connection's type only; `type`,
/// `endpoint` are immutable, and unknown keys get a did-you-mean (rule 6).
pub(crate) fn check_alter_keys(
    connection: &str,
    connection_type: ConnectionType,
    options: &ConnectionOptions<'_>,
) -> Result<(), ExecError> {
    reject_unknown_keys(connection, options, Some(connection_type))?;
    for base in CONNECTION_BASE_KEYS {
        if options.contains(base) {
            return Err(ExecError::ImmutableOption { connection: connection.to_owned(), key: base });
        }
    }
    Ok(())
}

/// Rule: when the keys given form one complete auth method of the type, they
/// replace the stored credentials whole (as the REST update and the CLI do); otherwise they are
/// merged into the stored ones. The caller checks the result with [`check_credentials`].
pub(crate) fn merge_or_replace(
    connection_type: ConnectionType,
    stored: &Credentials,
    given: Credentials,
) -> Credentials {
    let complete_method = connection_type.auth_methods().iter().any(|keys| keys.iter().all(|k| given.contains(k)));
    if complete_method {
        return given;
    }
    let mut merged = stored.clone();
    for (key, value) in given.iter() {
        let _ = merged.insert(key, value.clone());
    }
    merged
}

/// The name of the option through which a table with `connector` names its connection (docs/dialect.md#tables-that-use-a-connection).
pub(crate) fn table_connection_key(connector: &str) -> String {
    format!("{}.connection", connector.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use flink_ddl::Secret;

    #[test]
    fn did_you_mean_by_edit_distance_or_hyphenation() {
        let candidates = ["type", "endpoint", "api-key", "username", "password"];
        assert_eq!(did_you_mean("ap-key", &candidates), Some("api-key"));
        assert_eq!(did_you_mean("pasword", &candidates), Some("password"));
        assert_eq!(did_you_mean("user_name", &candidates), Some("username"));
        assert_eq!(did_you_mean("token", &candidates), None);
        assert_eq!(did_you_mean("aws_secret_key", &["aws-secret-key"]), Some("aws-secret-key"));
    }

    proptest::proptest! {
        /// Every key the executor answers with "did you mean" a credential key is one whose value
        /// the fail-closed surfaces mask (a near miss of it, or sensitive itself): one rule.
        #[test]
        fn a_credential_key_suggested_is_a_near_miss(
            index in 0usize..64,
            edits in proptest::collection::vec((0usize..4, 0usize..32, "[a-z0-9_.\\-]"), 1..4),
            typed in proptest::option::of(0usize..2),
        ) {
            let keys: Vec<&'static str> = candidate_keys(None)
                .into_iter()
                .chain(flink_ddl::CREDENTIAL_KEYS)
                .filter(|k| flink_ddl::is_sensitive_key(k))
                .collect();
            let mut key: Vec<char> = keys[index % keys.len()].chars().collect();
            for (kind, at, c) in edits {
                let c = c.chars().next().unwrap_or('x');
                let at = at % (key.len() + 1);
                match kind {
                    0 => key.insert(at, c),
                    1 if at < key.len() => { key.remove(at); }
                    2 if at < key.len() => key[at] = c,
                    _ if at + 1 < key.len() => key.swap(at, at + 1),
                    _ => {}
                }
            }
            let mut key: String = key.into_iter().collect();
            if typed == Some(1) {
                key = key.to_ascii_uppercase();
            }
            let all: Vec<&'static str> = candidate_keys(None);
            if let Some(suggested) = did_you_mean(&key, &all) {
                if flink_ddl::is_sensitive_key(suggested) {
                    proptest::prop_assert!(
                        flink_ddl::is_near_sensitive_key(&key) || flink_ddl::is_sensitive_key(&key),
                        "{key} -> {suggested}"
                    );
                }
            }
        }
    }

    #[test]
    fn merge_or_replace_follows_complete_methods() {
        let rest = ConnectionType::from_name("rest").unwrap();
        let mut stored = Credentials::new();
        stored.insert("username", Secret::new("u")).unwrap();
        stored.insert("password", Secret::new("p")).unwrap();
        let mut partial = Credentials::new();
        partial.insert("password", Secret::new("p2")).unwrap();
        assert_eq!(merge_or_replace(rest, &stored, partial).keys().collect::<Vec<_>>(), ["username", "password"]);
        let mut token = Credentials::new();
        token.insert("token", Secret::new("t")).unwrap();
        assert_eq!(merge_or_replace(rest, &stored, token).keys().collect::<Vec<_>>(), ["token"]);
    }

    #[test]
    fn a_mistyped_type_gets_the_type_it_means() {
        assert_eq!(nearest_type("open_ai"), Some("openai"));
        assert_eq!(nearest_type("OPEN-AI"), Some("openai"));
        assert_eq!(nearest_type("jdbc"), Some("confluent_jdbc"));
        assert_eq!(nearest_type("mcp"), Some("mcp_server"));
        assert_eq!(nearest_type("mongo"), Some("mongodb"));
        assert_eq!(nearest_type("azure_open_ai"), Some("azureopenai"));
        assert_eq!(nearest_type("kafka"), None);
        assert_eq!(nearest_type(""), None);
        let err = require_type("c", Some("open_ai")).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("connection \"c\": invalid connection type 'open_ai' (did you mean `openai`?); valid"),
            "{err}"
        );
    }

    #[test]
    fn names_longer_than_100_characters_are_cut_in_the_message() {
        assert!(check_name_length(ObjectKind::Connection, &"é".repeat(100)).is_ok());
        let e = check_name_length(ObjectKind::Table, &"x".repeat(500)).unwrap_err();
        assert!(
            e.to_string().starts_with(&format!("table name \"{}…\" is 500 characters long", "x".repeat(40))),
            "{e}"
        );
    }
}
