//! API keys: issuing them (`flink-ddl api-key create`) and checking the HTTP Basic credentials of
//! every `/sql/v1` request against them.
//!
//! A key is a public id (16 characters, `[A-Z0-9]`) and a secret (64 characters, `[A-Za-z0-9]`,
//! 381 random bits), shown once when the key is made. The catalog keeps the id, the role, the
//! environments and an argon2id hash of the secret (a PHC string with its own random salt).
//!
//! Argon2id is slow on purpose (tens of milliseconds), so a verified key is cached: the cache is
//! keyed by the SHA-256 of the whole `Authorization` header value (never the secret itself) and
//! holds the key's id, role, environments and the hash it was checked against. An entry is used
//! without asking the catalog for [`VERIFIED_KEY_TTL`]; after that the next request re-reads the
//! key by id (one indexed lookup, no hash): a key deleted, or deleted and made again, stops
//! working within that time on every server sharing the catalog. Failed checks are not cached,
//! and at most [`HASHING_PERMITS`] hashes run at once, so a flood of wrong secrets costs the
//! server that many cores, never its memory.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use axum::http::HeaderValue;
use base64::Engine;
use flink_ddl::Secret;
use flink_ddl_exec::{ApiKeyRecord, Catalog, Role, Timestamp};
use sha2::{Digest, Sha256};
use tokio::sync::Semaphore;

use crate::blocking::run_blocking;
use crate::failure::{from_catalog_error, Failure};

/// How long a verified key is trusted without asking the catalog again: the longest a deleted
/// key keeps working on a server that has just used it.
pub const VERIFIED_KEY_TTL: Duration = Duration::from_secs(2);

/// At most this many argon2id checks run at once.
pub const HASHING_PERMITS: usize = 2;

/// Cached verified keys beyond this count are dropped (the oldest first).
const CACHE_CAPACITY: usize = 4096;

const KEY_ID_LENGTH: usize = 16;
const SECRET_LENGTH: usize = 64;
const UPPER_DIGITS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const ALPHANUMERIC: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// A key just made: the record to store and the secret to show once.
#[derive(Debug)]
pub struct IssuedApiKey {
    /// What the catalog stores (the secret only as its hash).
    pub record: ApiKeyRecord,
    /// The secret; its `Debug` and `Display` are masked.
    pub secret: Secret,
}

/// Why a key could not be made.
#[derive(Debug, thiserror::Error)]
pub enum IssueError {
    /// The operating system's random generator failed.
    #[error("the system's random generator failed: {0}")]
    Random(String),
    /// Hashing failed.
    #[error("hashing the secret failed: {0}")]
    Hash(String),
}

/// Makes a key for `role` in `environments` (none: every environment): a random id and secret,
/// and the argon2id hash of the secret. Store `record` with [`Catalog::insert_api_key`].
///
/// ```
/// use flink_ddl_exec::{Role, Timestamp};
/// let issued = flink_ddl_server::issue_api_key(Role::FlinkDeveloper, vec![], "ci", Timestamp::UNIX_EPOCH)?;
/// assert_eq!(issued.record.key.len(), 16);
/// assert_eq!(issued.secret.expose_secret().len(), 64);
/// assert!(issued.record.secret_hash.starts_with("$argon2id$"));
/// assert!(!issued.record.secret_hash.contains(issued.secret.expose_secret()));
/// # Ok::<(), flink_ddl_server::IssueError>(())
/// ```
pub fn issue_api_key(
    role: Role,
    environments: Vec<String>,
    description: &str,
    created_at: Timestamp,
) -> Result<IssuedApiKey, IssueError> {
    let key = random_text(KEY_ID_LENGTH, UPPER_DIGITS)?;
    let secret = Secret::new(random_text(SECRET_LENGTH, ALPHANUMERIC)?);
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| IssueError::Random(e.to_string()))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| IssueError::Hash(e.to_string()))?;
    let secret_hash = Argon2::default()
        .hash_password(secret.expose_secret().as_bytes(), &salt)
        .map_err(|e| IssueError::Hash(e.to_string()))?
        .to_string();
    let record = ApiKeyRecord { key, secret_hash, role, environments, description: description.to_owned(), created_at };
    Ok(IssuedApiKey { record, secret })
}

/// `length` characters drawn uniformly from `alphabet` (rejection sampling: no modulo bias).
fn random_text(length: usize, alphabet: &[u8]) -> Result<String, IssueError> {
    let limit = 256 - 256 % alphabet.len();
    let mut out = String::with_capacity(length);
    let mut bytes = [0u8; 64];
    while out.len() < length {
        getrandom::fill(&mut bytes).map_err(|e| IssueError::Random(e.to_string()))?;
        for byte in bytes.iter().map(|b| usize::from(*b)).filter(|b| *b < limit) {
            if out.len() < length {
                out.push(char::from(alphabet[byte % alphabet.len()]));
            }
        }
    }
    Ok(out)
}

/// Who is calling: the key that authenticated the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Caller {
    pub(crate) key: String,
    pub(crate) role: Role,
    pub(crate) environments: Vec<String>,
}

impl Caller {
    pub(crate) fn covers_environment(&self, environment: &str) -> bool {
        self.environments.is_empty() || self.environments.iter().any(|e| e == environment)
    }
}

struct CachedKey {
    caller: Caller,
    secret_hash: String,
    checked_at: Instant,
}

/// Checks `Authorization: Basic` headers against the catalog's keys, with the cache above.
pub(crate) struct KeyVerifier {
    catalog: Arc<dyn Catalog>,
    cache: Mutex<HashMap<[u8; 32], CachedKey>>,
    hashing: Semaphore,
}

impl KeyVerifier {
    pub(crate) fn new(catalog: Arc<dyn Catalog>) -> Self {
        KeyVerifier { catalog, cache: Mutex::new(HashMap::new()), hashing: Semaphore::new(HASHING_PERMITS) }
    }

    /// The caller that `authorization` authenticates, or a 401 (503 when the catalog fails).
    pub(crate) async fn authenticate(&self, authorization: Option<&HeaderValue>) -> Result<Caller, Failure> {
        let Some(header) = authorization else {
            return Err(Failure::unauthenticated(
                "an Authorization header with HTTP Basic API key credentials is required",
            ));
        };
        let digest: [u8; 32] = Sha256::digest(header.as_bytes()).into();
        let cached = self.cached(&digest);
        if let Some((caller, _, true)) = &cached {
            return Ok(caller.clone());
        }
        let (key, secret) = basic_credentials(header)?;
        let catalog = self.catalog.clone();
        let lookup = key.clone();
        let record = run_blocking(move || catalog.get_api_key(&lookup)).await?.map_err(|e| from_catalog_error(&e))?;
        let Some(record) = record else {
            self.forget(&digest);
            return Err(invalid_key());
        };
        // A cached key whose record is unchanged is still good: no hash needed.
        if let Some((caller, hash, false)) = cached {
            if hash == record.secret_hash && caller.key == record.key {
                self.remember(digest, caller.clone(), hash);
                return Ok(caller);
            }
            self.forget(&digest);
        }
        let permit = self.hashing.acquire().await.map_err(|_| Failure::internal())?;
        let hash = record.secret_hash.clone();
        let verified = run_blocking(move || verify_secret(&hash, secret.expose_secret())).await?;
        drop(permit);
        if !verified {
            return Err(invalid_key());
        }
        let caller = Caller { key: record.key, role: record.role, environments: record.environments };
        self.remember(digest, caller.clone(), record.secret_hash);
        Ok(caller)
    }

    /// The cached entry for `digest`: (caller, hash, still fresh).
    fn cached(&self, digest: &[u8; 32]) -> Option<(Caller, String, bool)> {
        let cache = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
        let entry = cache.get(digest)?;
        let fresh = entry.checked_at.elapsed() < VERIFIED_KEY_TTL;
        Some((entry.caller.clone(), entry.secret_hash.clone(), fresh))
    }

    fn remember(&self, digest: [u8; 32], caller: Caller, secret_hash: String) {
        let mut cache = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
        if cache.len() >= CACHE_CAPACITY && !cache.contains_key(&digest) {
            cache.retain(|_, entry| entry.checked_at.elapsed() < VERIFIED_KEY_TTL);
            if cache.len() >= CACHE_CAPACITY {
                let oldest = cache.iter().min_by_key(|(_, e)| e.checked_at).map(|(d, _)| *d);
                if let Some(oldest) = oldest {
                    cache.remove(&oldest);
                }
            }
        }
        cache.insert(digest, CachedKey { caller, secret_hash, checked_at: Instant::now() });
    }

    fn forget(&self, digest: &[u8; 32]) {
        self.cache.lock().unwrap_or_else(PoisonError::into_inner).remove(digest);
    }
}

fn invalid_key() -> Failure {
    Failure::unauthenticated("the API key or its secret is not valid")
}

/// `Basic base64(KEY:SECRET)` → (KEY, SECRET). Every malformed form is the same 401.
fn basic_credentials(header: &HeaderValue) -> Result<(String, Secret), Failure> {
    let malformed = || Failure::unauthenticated("the Authorization header must be `Basic base64(API_KEY:API_SECRET)`");
    let text = header.to_str().map_err(|_| malformed())?;
    let (scheme, encoded) = text.trim().split_once(' ').ok_or_else(malformed)?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return Err(malformed());
    }
    let decoded = base64::engine::general_purpose::STANDARD.decode(encoded.trim()).map_err(|_| malformed())?;
    let decoded = String::from_utf8(decoded).map_err(|_| malformed())?;
    let (key, secret) = decoded.split_once(':').ok_or_else(malformed)?;
    if key.is_empty() || secret.is_empty() {
        return Err(malformed());
    }
    Ok((key.to_owned(), Secret::new(secret)))
}

/// True when `secret` matches the PHC `hash` (false for a hash that does not parse).
fn verify_secret(hash: &str, secret: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| Argon2::default().verify_password(secret.as_bytes(), &parsed).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_text_uses_the_alphabet_only() {
        let text = random_text(500, UPPER_DIGITS).unwrap();
        assert_eq!(text.len(), 500);
        assert!(text.bytes().all(|b| UPPER_DIGITS.contains(&b)));
        assert_ne!(random_text(16, UPPER_DIGITS).unwrap(), random_text(16, UPPER_DIGITS).unwrap());
    }

    #[test]
    fn basic_credentials_are_parsed_strictly() {
        let header = |text: &str| HeaderValue::from_str(text).unwrap();
        let encode = |text: &str| base64::engine::general_purpose::STANDARD.encode(text);
        let (key, secret) = basic_credentials(&header(&format!("Basic {}", encode("K:s:e:c")))).unwrap();
        assert_eq!((key.as_str(), secret.expose_secret()), ("K", "s:e:c"));
        for bad in [
            "Bearer x",
            "Basic",
            "Basic !!!",
            &format!("Basic {}", encode("nocolon")),
            &format!("Basic {}", encode(":s")),
        ] {
            let failure = basic_credentials(&header(bad)).unwrap_err();
            assert_eq!(failure.status, axum::http::StatusCode::UNAUTHORIZED, "{bad}");
        }
    }

    #[test]
    fn an_issued_secret_verifies_against_its_hash_only() {
        let issued = issue_api_key(Role::FlinkAdmin, vec!["e".into()], "d", Timestamp::UNIX_EPOCH).unwrap();
        assert!(verify_secret(&issued.record.secret_hash, issued.secret.expose_secret()));
        assert!(!verify_secret(&issued.record.secret_hash, "wrong"));
        assert!(!verify_secret("not a hash", issued.secret.expose_secret()));
        assert!(!format!("{issued:?}").contains(issued.secret.expose_secret()));
    }
}
