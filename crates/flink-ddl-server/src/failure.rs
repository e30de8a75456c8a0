//! Every error the server gives is the OpenAPI's `Failure` document:
//! `{"errors": [{"id", "status", "code", "title", "detail", "source"?}]}`, with the request id as
//! `id`. Handlers return a [`Failure`]; the [`failure_bodies`] middleware writes the body of every
//! error response, so rejections made outside the handlers (an unknown route, a method not
//! allowed, a body over the limit, a timeout, a panic) get the same document.
//!
//! No failure holds a value from the request body or a header: details come from the executor's
//! errors (which never hold a credential) or name a field and the rule it broke.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use flink_ddl_exec::{CatalogError, ExecError};
use serde::Serialize;

use crate::http_log::RequestId;

/// Where in the request a problem is: a JSON pointer into the body, or a query parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Source {
    /// `/spec/endpoint`.
    Pointer(String),
    /// `page_token`.
    Parameter(&'static str),
}

/// An error response before its body is written (the middleware adds the request id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Failure {
    pub(crate) status: StatusCode,
    pub(crate) code: &'static str,
    pub(crate) detail: String,
    pub(crate) source: Option<Source>,
}

impl Failure {
    pub(crate) fn new(status: StatusCode, code: &'static str, detail: impl Into<String>) -> Self {
        Failure { status, code, detail: detail.into(), source: None }
    }

    pub(crate) fn with_source(mut self, source: Source) -> Self {
        self.source = Some(source);
        self
    }

    pub(crate) fn bad_request(code: &'static str, detail: impl Into<String>) -> Self {
        Failure::new(StatusCode::BAD_REQUEST, code, detail)
    }

    pub(crate) fn unprocessable(detail: impl Into<String>) -> Self {
        Failure::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_configuration", detail)
    }

    pub(crate) fn unauthenticated(detail: impl Into<String>) -> Self {
        Failure::new(StatusCode::UNAUTHORIZED, "user_unauthenticated", detail)
    }

    pub(crate) fn forbidden(detail: impl Into<String>) -> Self {
        Failure::new(StatusCode::FORBIDDEN, "user_unauthorized", detail)
    }

    pub(crate) fn not_found(detail: impl Into<String>) -> Self {
        Failure::new(StatusCode::NOT_FOUND, "not_found", detail)
    }

    pub(crate) fn catalog_unavailable(detail: impl Into<String>) -> Self {
        Failure::new(StatusCode::SERVICE_UNAVAILABLE, "catalog_unavailable", detail)
    }

    pub(crate) fn internal() -> Self {
        Failure::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_error",
            "the server failed; the request id names it in the log",
        )
    }

    /// The failure for a status produced outside the handlers (framework rejections).
    fn for_status(status: StatusCode) -> Self {
        let (code, detail) = match status {
            StatusCode::BAD_REQUEST => ("bad_request", "the request is malformed"),
            StatusCode::UNAUTHORIZED => ("user_unauthenticated", "valid API key credentials must be provided"),
            StatusCode::NOT_FOUND => ("not_found", "no such resource; the API is under /sql/v1/organizations/{organization_id}/environments/{environment_id}/connections"),
            StatusCode::METHOD_NOT_ALLOWED => ("method_not_allowed", "this method is not allowed on this resource; the Allow header lists those that are"),
            StatusCode::REQUEST_TIMEOUT => ("request_timeout", "the request was not received in time"),
            StatusCode::PAYLOAD_TOO_LARGE => ("payload_too_large", "the request body is larger than 1 MiB"),
            StatusCode::UNSUPPORTED_MEDIA_TYPE => ("unsupported_media_type", "send the body as Content-Type: application/json"),
            StatusCode::UNPROCESSABLE_ENTITY => ("invalid_configuration", "the request does not satisfy the API's rules"),
            StatusCode::SERVICE_UNAVAILABLE => ("service_unavailable", "the server could not answer in time; try again"),
            StatusCode::INTERNAL_SERVER_ERROR => ("internal_error", "the server failed; the request id names it in the log"),
            _ => ("error", "the request failed"),
        };
        Failure::new(status, code, detail)
    }

    fn title(&self) -> &'static str {
        match self.status {
            StatusCode::BAD_REQUEST => "Bad Request",
            StatusCode::UNAUTHORIZED => "Authentication Required",
            StatusCode::FORBIDDEN => "User Access Unauthorized",
            StatusCode::NOT_FOUND => "Not Found",
            StatusCode::METHOD_NOT_ALLOWED => "Method Not Allowed",
            StatusCode::REQUEST_TIMEOUT => "Request Timeout",
            StatusCode::CONFLICT => "Conflict",
            StatusCode::PAYLOAD_TOO_LARGE => "Payload Too Large",
            StatusCode::UNSUPPORTED_MEDIA_TYPE => "Unsupported Media Type",
            StatusCode::UNPROCESSABLE_ENTITY => "Validation Failed",
            StatusCode::SERVICE_UNAVAILABLE => "Service Unavailable",
            _ => "Internal Server Error",
        }
    }

    fn document(&self, id: &str) -> FailureDocument<'_> {
        let (pointer, parameter) = match &self.source {
            Some(Source::Pointer(p)) => (Some(p.as_str()), None),
            Some(Source::Parameter(p)) => (None, Some(*p)),
            None => (None, None),
        };
        FailureDocument {
            errors: [ErrorEntry {
                id: id.to_owned(),
                status: self.status.as_str().to_owned(),
                code: self.code,
                title: self.title(),
                detail: &self.detail,
                source: self.source.as_ref().map(|_| ErrorSource { pointer, parameter }),
            }],
        }
    }
}

#[cfg(test)]
impl Failure {
    /// The body this failure gets, as JSON (for the schema tests).
    pub(crate) fn to_document_value(&self, id: &str) -> serde_json::Value {
        serde_json::to_value(self.document(id)).unwrap_or_default()
    }
}

impl IntoResponse for Failure {
    /// The status and the failure as an extension; [`failure_bodies`] writes the body.
    fn into_response(self) -> Response {
        let mut response = self.status.into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Basic realm=\"flink-ddl\""));
        }
        response.extensions_mut().insert(self);
        response
    }
}

#[derive(Serialize)]
struct FailureDocument<'a> {
    errors: [ErrorEntry<'a>; 1],
}

#[derive(Serialize)]
struct ErrorEntry<'a> {
    id: String,
    status: String,
    code: &'static str,
    title: &'static str,
    detail: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<ErrorSource<'a>>,
}

#[derive(Serialize)]
struct ErrorSource<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pointer: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    parameter: Option<&'a str>,
}

/// Writes the `Failure` body of every response with an error status: the handlers' own (from
/// the [`Failure`] extension), and any other (a rejection, a fallback, a layer's), whose body is
/// replaced, so no framework text, and nothing the request carried, reaches the client.
pub(crate) async fn failure_bodies(request: Request, next: Next) -> Response {
    let id = request.extensions().get::<RequestId>().map(|id| id.0.clone()).unwrap_or_default();
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let (mut parts, _body) = response.into_parts();
    let failure = parts.extensions.remove::<Failure>().unwrap_or_else(|| Failure::for_status(status));
    if failure.status.is_server_error() {
        tracing::error!(request_id = %id, code = failure.code, "{}", failure.detail);
    }
    let body = serde_json::to_vec(&failure.document(&id)).unwrap_or_default();
    parts.headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.extensions.insert(failure);
    Response::from_parts(parts, Body::from(body))
}

/// The failure for an executor error: its message (which names the object and the rule, never
/// a value) as the detail, and the status of the table in `docs/server.md`.
pub(crate) fn from_exec_error(error: &ExecError) -> Failure {
    let detail = error.to_string();
    match error {
        ExecError::PermissionDenied { .. } => Failure::forbidden(detail),
        ExecError::ConnectionNotFound { .. } | ExecError::TableNotFound { .. } => Failure::not_found(detail),
        ExecError::ConnectionExists { .. } | ExecError::ConnectionNameTakenElsewhere { .. } => {
            Failure::new(StatusCode::CONFLICT, "resource_already_exists", detail)
        }
        // `InUse`: models and tools use the connection too; the detail names every user.
        ExecError::ConnectionInUse { .. } | ExecError::TypeChangeInUse { .. } | ExecError::InUse { .. } => {
            Failure::new(StatusCode::CONFLICT, "resource_in_use", detail)
        }
        ExecError::VersionMismatch { .. } | ExecError::ConcurrentChange { .. } => {
            Failure::new(StatusCode::CONFLICT, "resource_version_conflict", detail)
        }
        ExecError::Catalog(error) => from_catalog_error(error),
        // Only `auth_data` carries credentials in a request.
        ExecError::MaskAsCredential { .. } => {
            Failure::unprocessable(detail).with_source(Source::Pointer("/spec/auth_data".to_owned()))
        }
        _ => Failure::unprocessable(detail),
    }
}

/// A catalog failure: its storage failing or unreachable (a PostgreSQL restart) is a 503 (the
/// catalog may come back); anything else reaching here is the server's fault.
pub(crate) fn from_catalog_error(error: &CatalogError) -> Failure {
    match error {
        CatalogError::Storage { .. } | CatalogError::Unavailable { .. } => {
            Failure::catalog_unavailable(format!("the catalog is unavailable: {error}"))
        }
        CatalogError::ConnectionChanged { .. } => {
            Failure::new(StatusCode::CONFLICT, "resource_version_conflict", error.to_string())
        }
        _ => {
            tracing::error!("unexpected catalog error: {error}");
            Failure::internal()
        }
    }
}
