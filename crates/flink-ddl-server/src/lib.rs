//! # flink-ddl-server
//!
//! The `sql/v1` HTTP server: Confluent's Flink SQL REST API for connections
//! (`/sql/v1/organizations/{org}/environments/{env}/connections[/{name}]`), so that clients
//! written for Confluent Cloud (scripts with `curl`, Confluent's SDKs and CLI) work against a
//! flink-ddl catalog unchanged. [`router`] is the API as an axum [`Router`] over any
//! [`Catalog`], to serve with [`serve`] (what `flink-ddl serve` does) or to mount in a program of
//! one's own.
//!
//! ```no_run
//! use std::sync::Arc;
//! use flink_ddl_exec::MemoryCatalog;
//! use flink_ddl_server::{router, serve, shutdown_signal, ServerConfig, Transport};
//!
//! # async fn run() -> std::io::Result<()> {
//! let app = router(Arc::new(MemoryCatalog::new()), ServerConfig::new("b0e4c3f2-0000-4000-8000-000000000001"));
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! serve(listener, app, Transport::Plain, shutdown_signal()).await
//! # }
//! ```
//!
//! What each part owns:
//! - `connections`: the five operations; each runs through a `flink_ddl_exec::Session`, so the
//!   rules of the SQL shell hold unchanged (names, types, credential keys, scope, roles, in-use
//!   protection). The catalog is synchronous: every call runs on tokio's blocking pool
//!   (`blocking.rs`), never on the async workers, and gives up after [`CATALOG_TIMEOUT`] (503).
//! - `state`: the [`ServerConfig`] and what every handler shares (catalog, key verifier).
//! - `api_key`: API keys (HTTP Basic on every `/sql/v1` request, checked before anything else)
//!   and the short cache of verified keys.
//! - `auth_data`: credentials in (`spec.auth_data.data`); out, they are always `<REDACTED>`.
//! - `failure`: every error as the OpenAPI's `Failure` document.
//! - `http_log`: request ids and the one log line per request.
//! - `page_token`, `schema` and `openapi`: listing pages, and the OpenAPI document generated
//!   from the handlers' types.
//! - `transport`: TCP or TLS (rustls), header and request timeouts, graceful shutdown.
//!
//! The full account, with the status of every error, is `docs/server.md`.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod api_key;
mod auth_data;
mod blocking;
mod connections;
mod failure;
mod http_log;
mod openapi;
mod page_token;
mod probes;
mod schema;
mod state;
mod transport;

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use flink_ddl_exec::Catalog;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;

pub use api_key::{issue_api_key, IssueError, IssuedApiKey, HASHING_PERMITS, VERIFIED_KEY_TTL};
pub use blocking::CATALOG_TIMEOUT;
pub use connections::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE};
pub use openapi::openapi_document;
pub use state::ServerConfig;
pub use transport::{
    plain_http_allowed, serve, shutdown_signal, tls_config, ServedScheme, TlsConfigError, Transport,
    HEADER_READ_TIMEOUT, SHUTDOWN_DRAIN_TIMEOUT, TLS_HANDSHAKE_TIMEOUT,
};

use api_key::KeyVerifier;
use failure::Failure;
use state::{AppState, Origin, Shared};

/// Request bodies over this many bytes are refused with 413.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// A request not received and answered within this long gives a 408 (slow clients).
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// The API as a router: `/sql/v1/...` (API keys required), `GET /healthz`, `GET /readyz` and
/// `GET /openapi.json`, with request ids, the access log, `Failure` bodies for every error, the
/// body limit, the request timeout, and panics turned into 500s.
pub fn router(catalog: Arc<dyn Catalog>, config: ServerConfig) -> Router {
    let state = AppState(Arc::new(Shared {
        keys: KeyVerifier::new(catalog.clone()),
        catalog,
        config,
        openapi: openapi_document(),
    }));
    let one = "/sql/v1/organizations/{organization_id}/environments/{environment_id}/connections/{connection_name}";
    let collection = "/sql/v1/organizations/{organization_id}/environments/{environment_id}/connections";
    let api = Router::new()
        .route(collection, get(connections::list_connections).post(connections::create_connection))
        .route(
            one,
            get(connections::get_connection).put(connections::update_connection).delete(connections::delete_connection),
        )
        .route_layer(middleware::from_fn_with_state(state.clone(), authenticate))
        .route_layer(middleware::from_fn(http_log::record_route));
    let open = Router::new()
        .route("/healthz", get(probes::healthz))
        .route("/readyz", get(probes::readyz))
        .route("/openapi.json", get(probes::openapi))
        .route_layer(middleware::from_fn(http_log::record_route));
    Router::new()
        .merge(api)
        .merge(open)
        .fallback(|| async { Failure::not_found("no such resource; the API is under /sql/v1/organizations/{organization_id}/environments/{environment_id}/connections") })
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(state)
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, REQUEST_TIMEOUT))
        .layer(CatchPanicLayer::custom(|_| Failure::internal().into_response()))
        .layer(middleware::from_fn(failure::failure_bodies))
        .layer(middleware::from_fn(http_log::request_id_and_log))
}

/// Before anything else on `/sql/v1`: the API key (401), then the origin for resource URLs.
async fn authenticate(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let caller = match state.keys.authenticate(request.headers().get(header::AUTHORIZATION)).await {
        Ok(caller) => caller,
        Err(failure) => return failure.into_response(),
    };
    let origin = state.config.public_origin.clone().unwrap_or_else(|| request_origin(&request));
    request.extensions_mut().insert(caller);
    request.extensions_mut().insert(Origin(origin));
    next.run(request).await
}

/// `scheme://host` of a request: the scheme it was served with, the host it named (the `Host`
/// header, or the URI's authority in HTTP/2), if that is a plain host name or address.
fn request_origin(request: &Request) -> String {
    let scheme = request.extensions().get::<ServedScheme>().copied().unwrap_or(ServedScheme::Http);
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .or_else(|| request.uri().authority().map(|a| a.as_str()))
        .filter(|h| {
            !h.is_empty()
                && h.len() <= 255
                && h.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']' | b'_'))
        })
        .unwrap_or("localhost");
    format!("{}://{host}", scheme.as_str())
}
