//! `spec.auth_data` of a request: `{"kind": "PlaintextProvider", "data": "<base64>"}`, where the
//! data is the base64 of a JSON object of string credentials. Keys are the Confluent CLI's names
//! (`API_KEY`, `AWS_ACCESS_KEY_ID`, ..., `BEARER_TOKEN`, ...) or the SQL option keys (`api-key`);
//! they become the options of a SQL statement, so the session's rules (keys of the type, groups,
//! one auth method, limits) judge them as they judge SQL. `AUTH_TYPE`, which the CLI derives, is
//! accepted and must agree with the credentials given.
//!
//! No error here quotes a value: the data is a secret from the first byte.

use base64::Engine;
use flink_ddl::SqlOption;
use flink_ddl_exec::{normalize_connection_key, CONNECTION_CREDENTIAL_KEYS};

use crate::failure::{Failure, Source};

/// The auth methods and the `AUTH_TYPE` each gives, in the order the CLI derives it.
const AUTH_TYPES: [(&str, &str); 4] =
    [("api-key", "API_KEY"), ("username", "BASIC"), ("token", "BEARER"), ("client-id", "OAUTH2")];

/// The only `auth_data.kind`.
pub(crate) const PLAINTEXT_PROVIDER: &str = "PlaintextProvider";

/// The credential options carried by `auth_data` (`kind` absent counts as `PlaintextProvider`;
/// `data` absent is no credentials).
pub(crate) fn credential_options(kind: Option<&str>, data: Option<&str>) -> Result<Vec<SqlOption>, Failure> {
    if let Some(kind) = kind.filter(|k| *k != PLAINTEXT_PROVIDER) {
        let shown =
            if kind.len() <= 40 && kind.bytes().all(|b| b.is_ascii_alphanumeric()) { kind } else { "(not shown)" };
        return Err(Failure::bad_request(
            "invalid_auth_data",
            format!("spec.auth_data.kind `{shown}` is not supported; the only kind is PlaintextProvider"),
        )
        .with_source(Source::Pointer("/spec/auth_data/kind".to_owned())));
    }
    let Some(data) = data else { return Ok(Vec::new()) };
    let not_an_object = || {
        Failure::bad_request(
            "invalid_auth_data",
            "spec.auth_data.data must be the base64 of a JSON object whose values are strings",
        )
        .with_source(Source::Pointer("/spec/auth_data/data".to_owned()))
    };
    let engines = [
        &base64::engine::general_purpose::STANDARD,
        &base64::engine::general_purpose::STANDARD_NO_PAD,
        &base64::engine::general_purpose::URL_SAFE,
        &base64::engine::general_purpose::URL_SAFE_NO_PAD,
    ];
    let bytes = engines.iter().find_map(|engine| engine.decode(data.trim()).ok()).ok_or_else(not_an_object)?;
    let object: serde_json::Map<String, serde_json::Value> =
        serde_json::from_slice(&bytes).map_err(|_| not_an_object())?;

    let mut options = Vec::with_capacity(object.len());
    let mut auth_type = None;
    for (name, value) in object {
        let serde_json::Value::String(value) = value else { return Err(not_an_object()) };
        if name.eq_ignore_ascii_case("AUTH_TYPE") {
            auth_type = Some(value);
            continue;
        }
        let key = CONNECTION_CREDENTIAL_KEYS
            .iter()
            .find(|k| k.payload_name.eq_ignore_ascii_case(&name))
            .map_or(name, |k| k.key.to_owned());
        options.push(SqlOption::new(key, value));
    }
    if let Some(given) = auth_type {
        check_auth_type(&given, &options)?;
    }
    Ok(options)
}

/// `AUTH_TYPE` must be the method the credentials select (`API_KEY` for an API key, ...).
fn check_auth_type(given: &str, options: &[SqlOption]) -> Result<(), Failure> {
    let has = |key: &str| options.iter().any(|o| normalize_connection_key(o.key()) == key && !o.value().is_empty());
    let derived = AUTH_TYPES.iter().find(|(key, _)| has(key)).map(|(_, auth_type)| *auth_type);
    if derived.is_some_and(|d| d.eq_ignore_ascii_case(given)) {
        return Ok(());
    }
    let known = AUTH_TYPES.iter().find(|(_, t)| t.eq_ignore_ascii_case(given)).map(|(_, t)| *t);
    let given =
        known.map_or_else(|| "a value that is none of API_KEY, BASIC, BEARER, OAUTH2".to_owned(), |t| format!("`{t}`"));
    let detail = match derived {
        Some(derived) => format!("AUTH_TYPE is {given}, but the credentials given select {derived}"),
        None => format!("AUTH_TYPE is {given}, but the credentials given select no auth method that has one"),
    };
    Err(Failure::unprocessable(detail).with_source(Source::Pointer("/spec/auth_data/data".to_owned())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(json: &str) -> String {
        base64::engine::general_purpose::STANDARD.encode(json)
    }

    fn keys(options: &[SqlOption]) -> Vec<&str> {
        options.iter().map(|o| o.key()).collect()
    }

    #[test]
    fn cli_names_become_sql_keys_and_sql_keys_pass_through() {
        let data = encode(r#"{"AWS_ACCESS_KEY_ID":"a","AWS_SECRET_ACCESS_KEY":"s","api-key":"k","Bearer_Token":"t"}"#);
        let options = credential_options(None, Some(&data)).unwrap();
        assert_eq!(keys(&options), ["aws-access-key", "aws-secret-key", "api-key", "token"]);
        let data = encode(r#"{"USERNAME":"u","PASSWORD":"p","AUTH_TYPE":"BASIC"}"#);
        assert_eq!(
            keys(&credential_options(Some("PlaintextProvider"), Some(&data)).unwrap()),
            ["username", "password"]
        );
    }

    #[test]
    fn auth_type_must_agree_and_is_never_echoed_unless_known() {
        let data = encode(r#"{"API_KEY":"sk-123","AUTH_TYPE":"BEARER"}"#);
        let failure = credential_options(None, Some(&data)).unwrap_err();
        assert_eq!(failure.detail, "AUTH_TYPE is `BEARER`, but the credentials given select API_KEY");
        let data = encode(r#"{"API_KEY":"sk-123","AUTH_TYPE":"hunter2"}"#);
        let failure = credential_options(None, Some(&data)).unwrap_err();
        assert!(!failure.detail.contains("hunter2") && !failure.detail.contains("sk-123"), "{}", failure.detail);
        let data = encode(r#"{"AWS_ACCESS_KEY_ID":"a","AWS_SECRET_ACCESS_KEY":"s","AUTH_TYPE":"API_KEY"}"#);
        assert_eq!(credential_options(None, Some(&data)).unwrap_err().status, 422);
    }

    #[test]
    fn what_is_not_base64_of_an_object_of_strings_is_a_400() {
        for data in ["%%%", &encode("[1,2]"), &encode(r#"{"API_KEY": 5}"#), &encode("not json sk-live-1")] {
            let failure = credential_options(None, Some(data)).unwrap_err();
            assert_eq!((failure.status.as_u16(), failure.code), (400, "invalid_auth_data"));
            assert!(!failure.detail.contains("sk-live-1"));
        }
        let failure = credential_options(Some("VaultProvider"), Some(&encode("{}"))).unwrap_err();
        assert_eq!(failure.status, 400);
        assert!(credential_options(None, None).unwrap().is_empty());
    }
}
