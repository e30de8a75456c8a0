//! Catalog calls off the async workers: the `Catalog` trait is synchronous, so every call runs on
//! tokio's blocking pool, bounded by [`CATALOG_TIMEOUT`].

use std::time::Duration;

use crate::failure::Failure;

/// A catalog call that has not answered after this long gives a 503.
pub const CATALOG_TIMEOUT: Duration = Duration::from_secs(10);

/// Runs a synchronous catalog call on tokio's blocking pool, so the async workers never wait on
/// storage; after [`CATALOG_TIMEOUT`] the request gets a 503 (the call is left to finish).
pub(crate) async fn run_blocking<T: Send + 'static>(call: impl FnOnce() -> T + Send + 'static) -> Result<T, Failure> {
    match tokio::time::timeout(CATALOG_TIMEOUT, tokio::task::spawn_blocking(call)).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(_panicked)) => Err(Failure::internal()),
        Err(_elapsed) => Err(Failure::catalog_unavailable(format!(
            "the catalog did not answer within {} s",
            CATALOG_TIMEOUT.as_secs()
        ))),
    }
}
