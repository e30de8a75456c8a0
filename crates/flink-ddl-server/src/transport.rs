//! Serving the router: plain TCP or TLS (rustls), HTTP/1.1 and HTTP/2, with limits against
//! slow clients, and a graceful stop.
//!
//! - A client has [`TLS_HANDSHAKE_TIMEOUT`] to finish the TLS handshake and
//!   [`HEADER_READ_TIMEOUT`] to send a request's headers (hyper closes the connection after);
//!   the whole request, body included, must be received and answered within
//!   `REQUEST_TIMEOUT` (408). A trickle of bytes therefore cannot hold a connection.
//! - On the shutdown signal the listener closes, connections finish the requests in flight
//!   (idle ones close at once), and [`serve`] returns; after [`SHUTDOWN_DRAIN_TIMEOUT`] the
//!   rest are dropped.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::Request;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::server::graceful::GracefulShutdown;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;
use tower::ServiceExt;

/// Time to send a request's headers.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// Time to finish the TLS handshake.
pub const TLS_HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a stop waits for the requests in flight.
pub const SHUTDOWN_DRAIN_TIMEOUT: Duration = Duration::from_secs(30);

/// How connections are served.
#[derive(Clone)]
pub enum Transport {
    /// Plain HTTP.
    Plain,
    /// HTTPS with this rustls configuration ([`tls_config`]).
    Tls(Arc<rustls::ServerConfig>),
}

/// The scheme a request came in with (a request extension), for the URLs the server gives back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServedScheme {
    /// `http`.
    Http,
    /// `https`.
    Https,
}

impl ServedScheme {
    /// `http` or `https`.
    pub fn as_str(self) -> &'static str {
        match self {
            ServedScheme::Http => "http",
            ServedScheme::Https => "https",
        }
    }
}

/// Why the certificate or key could not be used.
#[derive(Debug, thiserror::Error)]
pub enum TlsConfigError {
    /// The certificate file has no PEM certificate, or could not be read.
    #[error("{path}: no PEM certificate could be read ({reason})")]
    Certificate {
        /// The file.
        path: String,
        /// Why.
        reason: String,
    },
    /// The key file has no PEM private key, or could not be read. The key is never shown.
    #[error("{path}: no PEM private key could be read ({reason})")]
    Key {
        /// The file.
        path: String,
        /// Why.
        reason: String,
    },
    /// rustls refused the pair (the key does not match the certificate, ...).
    #[error("the certificate and key cannot be used together: {0}")]
    Rejected(String),
}

/// A rustls server configuration from a PEM certificate chain and a PEM private key, offering
/// HTTP/2 and HTTP/1.1 (ALPN), on the `ring` provider.
pub fn tls_config(certificate: &Path, key: &Path) -> Result<Arc<rustls::ServerConfig>, TlsConfigError> {
    let certificates: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(certificate)
        .and_then(|items| items.collect())
        .map_err(|e| TlsConfigError::Certificate { path: certificate.display().to_string(), reason: e.to_string() })?;
    if certificates.is_empty() {
        return Err(TlsConfigError::Certificate {
            path: certificate.display().to_string(),
            reason: "the file holds no certificate".to_owned(),
        });
    }
    let private_key = PrivateKeyDer::from_pem_file(key)
        .map_err(|e| TlsConfigError::Key { path: key.display().to_string(), reason: e.to_string() })?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| TlsConfigError::Rejected(e.to_string()))?
        .with_no_client_auth()
        .with_single_cert(certificates, private_key)
        .map_err(|e| TlsConfigError::Rejected(e.to_string()))?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

/// Plain HTTP is served only on a loopback address unless `insecure_http` says otherwise:
/// API secrets and credentials travel in every request.
pub fn plain_http_allowed(address: SocketAddr, insecure_http: bool) -> Result<(), String> {
    if insecure_http || address.ip().is_loopback() {
        return Ok(());
    }
    Err(format!(
        "refusing to serve plain HTTP on {address}, which is not a loopback address: API secrets and credentials would cross the network in clear; give --tls-cert and --tls-key, or --insecure-http to accept that"
    ))
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}

/// Serves `app` on `listener` until `shutdown` resolves, then drains (see the module's note).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    transport: Transport,
    shutdown: impl Future<Output = ()>,
) -> io::Result<()> {
    let graceful = GracefulShutdown::new();
    let mut builder = Builder::new(TokioExecutor::new());
    builder.http1().timer(TokioTimer::new()).header_read_timeout(HEADER_READ_TIMEOUT);
    builder.http2().timer(TokioTimer::new()).keep_alive_interval(Some(Duration::from_secs(30)));
    let acceptor = match &transport {
        Transport::Plain => None,
        Transport::Tls(config) => Some(TlsAcceptor::from(config.clone())),
    };
    tokio::pin!(shutdown);
    loop {
        let (stream, _peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors and the like: wait instead of spinning.
                    tracing::warn!("accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let builder = builder.clone();
        let acceptor = acceptor.clone();
        let watcher = graceful.watcher();
        tokio::spawn(async move {
            let scheme = if acceptor.is_some() { ServedScheme::Https } else { ServedScheme::Http };
            let service = hyper::service::service_fn(move |mut request: Request<Incoming>| {
                request.extensions_mut().insert(scheme);
                app.clone().oneshot(request.map(Body::new))
            });
            match acceptor {
                None => {
                    let connection = builder.serve_connection(TokioIo::new(stream), service);
                    let _ = watcher.watch(connection.into_owned()).await;
                }
                Some(acceptor) => {
                    let Ok(Ok(stream)) = tokio::time::timeout(TLS_HANDSHAKE_TIMEOUT, acceptor.accept(stream)).await
                    else {
                        return;
                    };
                    let connection = builder.serve_connection(TokioIo::new(stream), service);
                    let _ = watcher.watch(connection.into_owned()).await;
                }
            }
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {},
        () = tokio::time::sleep(SHUTDOWN_DRAIN_TIMEOUT) => {
            tracing::warn!("requests still in flight after {} s were dropped", SHUTDOWN_DRAIN_TIMEOUT.as_secs());
        },
    }
    Ok(())
}
