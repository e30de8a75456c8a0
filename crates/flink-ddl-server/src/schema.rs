//! The request and response documents of the API as types, for the OpenAPI document
//! (`GET /openapi.json`) generated from them.
//!
//! Requests are read into [`ConnectionRequest`]. Responses are the executor's own `sql/v1`
//! documents (`SqlV1Connection`, `SqlV1ConnectionList`), serialised as SQL mode serialises them;
//! the response types here describe those documents field for field, and a test reads every kind
//! of response into them with unknown fields refused and writes it back unchanged, so the
//! document and the answers cannot drift apart.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A `Connection` as the server answers it. `spec.auth_data.data` is always `<REDACTED>`.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = sql::v1::Connection)]
pub(crate) struct ConnectionDocument {
    /// `sql/v1`.
    #[schema(example = "sql/v1")]
    pub(crate) api_version: String,
    /// `Connection`.
    #[schema(example = "Connection")]
    pub(crate) kind: String,
    pub(crate) metadata: ConnectionMetadata,
    /// The connection's name, unique within its environment.
    #[schema(example = "my-openai-connection", max_length = 100)]
    pub(crate) name: String,
    pub(crate) spec: ConnectionSpec,
    pub(crate) status: ConnectionStatus,
}

/// The connection's metadata.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = sql::v1::ConnectionMetadata)]
pub(crate) struct ConnectionMetadata {
    /// The connection's URL.
    #[serde(rename = "self")]
    pub(crate) self_url: String,
    /// Always empty.
    pub(crate) resource_name: String,
    /// Creation time, RFC 3339 in UTC.
    #[schema(format = DateTime)]
    pub(crate) created_at: String,
    /// Last change of its credentials, RFC 3339 in UTC.
    #[schema(format = DateTime)]
    pub(crate) updated_at: String,
    /// Deletion time (only in the answer to DELETE).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(format = DateTime)]
    pub(crate) deleted_at: Option<String>,
    /// An identifier of this incarnation of the connection.
    pub(crate) uid: String,
    /// Bumped by each change; PUT may send it back as a compare-and-set.
    pub(crate) resource_version: String,
}

/// What the connection reaches and how it authenticates.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = sql::v1::ConnectionSpec)]
pub(crate) struct ConnectionSpec {
    /// The upper-case type (`OPENAI`); immutable.
    #[schema(example = "OPENAI")]
    pub(crate) connection_type: String,
    /// The service's URL; immutable.
    #[schema(example = "https://api.openai.com/v1/chat/completions", max_length = 16384)]
    pub(crate) endpoint: String,
    pub(crate) auth_data: AuthDataDocument,
}

/// The credentials, never shown.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = sql::v1::PlaintextProvider)]
pub(crate) struct AuthDataDocument {
    /// `PlaintextProvider`.
    #[schema(example = "PlaintextProvider")]
    pub(crate) kind: String,
    /// Always `<REDACTED>`.
    #[schema(example = "<REDACTED>")]
    pub(crate) data: String,
}

/// The check status; empty until a connection is checked (this server never checks).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = sql::v1::ConnectionStatus)]
pub(crate) struct ConnectionStatus {
    /// `READY`, `UNREACHABLE`, `INVALID_AUTH`, or empty.
    pub(crate) phase: String,
    /// Free text about the phase.
    pub(crate) detail: String,
}

/// One page of connections, ordered by name.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = sql::v1::ConnectionList)]
pub(crate) struct ConnectionListDocument {
    /// `sql/v1`.
    pub(crate) api_version: String,
    /// `ConnectionList`.
    pub(crate) kind: String,
    pub(crate) metadata: ListMetadata,
    /// The page's connections.
    pub(crate) data: Vec<ConnectionDocument>,
}

/// The page's links.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = ListMeta)]
pub(crate) struct ListMetadata {
    /// The URL of the next page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) next: Option<String>,
    /// The URL of this page.
    #[serde(rename = "self")]
    pub(crate) self_url: String,
}

/// Every error: one entry naming the rule broken.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = Failure)]
pub(crate) struct FailureDocument {
    /// The errors (always one).
    pub(crate) errors: Vec<ErrorDocument>,
}

/// One error.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = Error)]
pub(crate) struct ErrorDocument {
    /// The request id (`X-Request-Id`).
    pub(crate) id: String,
    /// The HTTP status, as a string.
    pub(crate) status: String,
    /// A stable machine word (`invalid_configuration`, `resource_already_exists`, ...).
    pub(crate) code: String,
    /// A short summary of the status.
    pub(crate) title: String,
    /// The rule that was broken; never a credential.
    pub(crate) detail: String,
    /// Where in the request the problem is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) source: Option<ErrorSourceDocument>,
}

/// The part of the request an error is about.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = Error_source)]
pub(crate) struct ErrorSourceDocument {
    /// A JSON pointer into the body (`/spec/endpoint`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) pointer: Option<String>,
    /// A query parameter (`page_token`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) parameter: Option<String>,
}

/// The body of POST (create) and PUT (update). Other fields (`api_version`, `kind`, `status`,
/// other `metadata`) may be sent and are ignored.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(as = sql::v1::ConnectionRequest)]
pub(crate) struct ConnectionRequest {
    /// The connection's name; on PUT, the name in the path.
    #[schema(required = true, example = "my-openai-connection", max_length = 100)]
    pub(crate) name: Option<String>,
    #[schema(required = true)]
    pub(crate) spec: Option<RequestSpec>,
    pub(crate) metadata: Option<RequestMetadata>,
}

/// The spec of a request.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(as = sql::v1::ConnectionRequestSpec)]
pub(crate) struct RequestSpec {
    /// One of the 19 types, any case (required on POST; on PUT, when given, the stored one).
    #[schema(example = "OPENAI")]
    pub(crate) connection_type: Option<String>,
    /// The service's URL (required on POST; on PUT, when given, the stored one).
    #[schema(example = "https://api.openai.com/v1/chat/completions", max_length = 16384)]
    pub(crate) endpoint: Option<String>,
    pub(crate) auth_data: Option<RequestAuthData>,
}

/// The credentials of a request.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(as = sql::v1::PlaintextProviderRequest)]
pub(crate) struct RequestAuthData {
    /// `PlaintextProvider` (the default).
    #[schema(example = "PlaintextProvider")]
    pub(crate) kind: Option<String>,
    /// The base64 of a JSON object of credentials: the Confluent CLI's names (`API_KEY`,
    /// `USERNAME`, `PASSWORD`, `BEARER_TOKEN`, `AWS_ACCESS_KEY_ID`, ...) or the SQL keys
    /// (`api-key`, ...), string values; `AUTH_TYPE` may say which method they are.
    #[schema(format = Byte, example = "eyJBUElfS0VZIjoic2stLi4uIn0=")]
    pub(crate) data: Option<String>,
}

/// The metadata of a PUT request.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(as = sql::v1::ConnectionRequestMetadata)]
pub(crate) struct RequestMetadata {
    /// When given, the update applies only to this version of the connection (else 409).
    #[schema(example = "3")]
    pub(crate) resource_version: Option<String>,
}

#[cfg(test)]
mod tests {
    use axum::http::StatusCode;
    use flink_ddl_exec::{
        ConnectionInfo, ConnectionStatus as Status, ConnectionType, ResourceBase, Scope, SqlV1Connection,
        SqlV1ConnectionList, Timestamp,
    };
    use serde::de::DeserializeOwned;

    use super::*;
    use crate::failure::{Failure, Source};

    /// `value` read into `T` (unknown fields refused) and written back must be `value` again.
    fn described_by<T: DeserializeOwned + Serialize>(value: serde_json::Value) {
        let typed: T = serde_json::from_value(value.clone()).unwrap_or_else(|e| panic!("{e}: {value}"));
        assert_eq!(serde_json::to_value(typed).unwrap(), value);
    }

    fn info(name: &str) -> ConnectionInfo {
        ConnectionInfo {
            name: name.to_owned(),
            scope: Scope::new("env 1", "aws", "us-east-1"),
            connection_type: ConnectionType::from_name("openai").unwrap(),
            endpoint: "https://api.openai.com/v1".to_owned(),
            comment: Some("c".to_owned()),
            created_at: Timestamp::from_unix_micros(1_755_122_697_972_969),
            updated_at: Timestamp::from_unix_micros(1_755_122_697_972_970),
            uid: "u".to_owned(),
            resource_version: 3,
            status: Status { phase: "READY".to_owned(), detail: "ok".to_owned() },
        }
    }

    #[test]
    fn the_schema_types_describe_every_answer_exactly() {
        let base = ResourceBase::new("https://flink.example.com", "org");
        let (a, b) = (info("a"), info("b/2"));
        described_by::<ConnectionDocument>(serde_json::to_value(SqlV1Connection::new(&a, None, &base)).unwrap());
        let deleted = SqlV1Connection::new(&b, Some(Timestamp::UNIX_EPOCH), &base);
        described_by::<ConnectionDocument>(serde_json::to_value(deleted).unwrap());
        let both = [a.clone(), b.clone()];
        let page = SqlV1ConnectionList::page(&both, &base, "https://self".to_owned(), Some("https://next".to_owned()));
        described_by::<ConnectionListDocument>(serde_json::to_value(page).unwrap());
        let last = SqlV1ConnectionList::page(&[], &base, "https://self".to_owned(), None);
        described_by::<ConnectionListDocument>(serde_json::to_value(last).unwrap());
        for failure in [
            Failure::unprocessable("rule"),
            Failure::bad_request("invalid_page_token", "x").with_source(Source::Parameter("page_token")),
            Failure::unprocessable("y").with_source(Source::Pointer("/name".to_owned())),
            Failure::new(StatusCode::CONFLICT, "resource_in_use", "z"),
        ] {
            described_by::<FailureDocument>(failure.to_document_value("request-1"));
        }
    }

    #[test]
    fn the_document_lists_the_operations_and_schemas() {
        let document: serde_json::Value = serde_json::from_str(&crate::openapi_document()).unwrap();
        let schemas = document["components"]["schemas"].as_object().unwrap();
        for name in ["sql.v1.Connection", "sql.v1.ConnectionList", "Failure", "sql.v1.ConnectionRequest"] {
            assert!(schemas.contains_key(name), "{name}: {:?}", schemas.keys().collect::<Vec<_>>());
        }
        let operations: Vec<&str> = document["paths"]
            .as_object()
            .unwrap()
            .values()
            .flat_map(|p| p.as_object().unwrap().values().filter_map(|op| op["operationId"].as_str()))
            .collect();
        assert_eq!(operations.len(), 5, "{operations:?}");
    }
}
