//! The endpoints that need no API key: `GET /healthz` (the process answers), `GET /readyz` (the
//! catalog answers: 503 while it does not) and `GET /openapi.json`.

use std::time::Duration;

use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;

use crate::failure::{from_catalog_error, Failure};
use crate::state::AppState;

/// How long `/readyz` waits for the catalog.
const READY_TIMEOUT: Duration = Duration::from_secs(2);

pub(crate) async fn healthz() -> Response {
    Json(serde_json::json!({"status": "ok"})).into_response()
}

pub(crate) async fn readyz(State(state): State<AppState>) -> Response {
    let catalog = state.catalog.clone();
    // One indexed lookup of a key that cannot exist: it touches the store without touching data.
    let probe = tokio::task::spawn_blocking(move || catalog.get_api_key(""));
    match tokio::time::timeout(READY_TIMEOUT, probe).await {
        Ok(Ok(Ok(_))) => Json(serde_json::json!({"status": "ready"})).into_response(),
        Ok(Ok(Err(e))) => from_catalog_error(&e).into_response(),
        Ok(Err(_)) | Err(_) => Failure::catalog_unavailable("the catalog did not answer").into_response(),
    }
}

pub(crate) async fn openapi(State(state): State<AppState>) -> Response {
    let mut response = state.openapi.clone().into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}
