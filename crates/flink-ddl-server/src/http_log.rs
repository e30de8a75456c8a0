//! Request ids and the access log: one line per request on the `tracing` subscriber (stderr in
//! `flink-ddl serve`) with the method, the matched route template (never the concrete path or
//! query), the status, the latency and the request id. Nothing else of the request is logged:
//! not its headers (an `Authorization` header holds an API secret), not its body.

use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// `X-Request-Id`.
pub(crate) static REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The request's id: the client's own `X-Request-Id` when it is a sane token, else a new one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RequestId(pub(crate) String);

/// The route template a request matched (`/sql/v1/.../connections/{connection_name}`).
#[derive(Debug, Clone)]
struct RouteTemplate(String);

/// A client's id is kept when it is 1 to 128 printable ASCII characters without blanks: it goes
/// into a JSON body and a log line, which must not be used to forge other lines.
fn client_request_id(value: &HeaderValue) -> Option<String> {
    let bytes = value.as_bytes();
    let sane = (1..=128).contains(&bytes.len()) && bytes.iter().all(|b| b.is_ascii_graphic());
    sane.then(|| String::from_utf8_lossy(bytes).into_owned())
}

/// A random UUID (version 4) as a request id.
pub(crate) fn new_request_id() -> String {
    let mut bytes = [0u8; 16];
    // The operating system's generator failing is not worth failing a request for: ids then
    // repeat, and the log still has one line per request.
    let _ = getrandom::fill(&mut bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32])
}

/// Outermost layer: gives the request its id, answers with it in `X-Request-Id`, and logs the
/// request's one line when the response is ready.
pub(crate) async fn request_id_and_log(mut request: Request, next: Next) -> Response {
    let started = Instant::now();
    let id = request.headers().get(&REQUEST_ID).and_then(client_request_id).unwrap_or_else(new_request_id);
    request.extensions_mut().insert(RequestId(id.clone()));
    let method = request.method().clone();
    let mut response = next.run(request).await;
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID.clone(), value);
    }
    let route = response.extensions().get::<RouteTemplate>().map_or("-", |r| r.0.as_str());
    tracing::info!(
        target: "flink_ddl_server::access",
        "{method} {route} {status} {latency:.3}ms request_id={id}",
        status = response.status().as_u16(),
        latency = started.elapsed().as_secs_f64() * 1000.0,
    );
    response
}

/// On matched routes only: records the route template for the log line.
pub(crate) async fn record_route(request: Request, next: Next) -> Response {
    let route = request.extensions().get::<MatchedPath>().map(|m| RouteTemplate(m.as_str().to_owned()));
    let mut response = next.run(request).await;
    if let Some(route) = route {
        response.extensions_mut().insert(route);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_ids_are_kept_only_when_sane() {
        assert_eq!(client_request_id(&HeaderValue::from_static("abc-123")), Some("abc-123".to_owned()));
        assert_eq!(client_request_id(&HeaderValue::from_static("two words")), None);
        assert_eq!(client_request_id(&HeaderValue::from_static("")), None);
        assert_eq!(client_request_id(&HeaderValue::from_str(&"x".repeat(129)).unwrap()), None);
        let id = new_request_id();
        assert_eq!((id.len(), &id[14..15]), (36, "4"));
    }
}
