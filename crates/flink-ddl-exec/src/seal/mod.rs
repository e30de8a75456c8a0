//! Credentials sealed at rest: written once here, used by every persistent store (SQLite,
//! PostgreSQL), so that no store holds a credential in plain text and all of them agree on the
//! format.
//!
//! - **The cipher.** XChaCha20-Poly1305 under a 256-bit key, each value with a fresh random
//!   24-byte nonce. A sealed value is `version (1 byte) ‖ nonce (24 bytes) ‖ ciphertext ‖ tag`.
//! - **Bound to its row.** The associated data is the row's identity (kind, environment, cloud,
//!   region, name), so a sealed value copied into another row does not open.
//! - **The key check.** A sealed known text, stored by the catalog, tells a wrong key from a right
//!   one when the catalog is opened, before anything is written.
//! - **The key file** (`key_file.rs`): the key as 64 hexadecimal digits, mode 0600, created once
//!   and never replaced.
//!
//! Names, types, endpoints and dates stay in clear: they are what SHOW and DESCRIBE print.

mod key_file;
mod pairs;

use chacha20poly1305::aead::{Aead, Payload};
use chacha20poly1305::{KeyInit, XChaCha20Poly1305, XNonce};
use flink_ddl::{OptionList, Secret, SqlOption};
use zeroize::Zeroizing;

pub use key_file::{create_key_file, read_key_file, write_private_file, KeyFileError, KEY_LEN};

use crate::catalog::{CatalogError, Credentials, Scope};

/// Format version of a sealed value, its first byte (and part of its associated data).
const SEAL_VERSION: u8 = 1;

const NONCE_LEN: usize = 24;

/// The text sealed as the key check (its content does not matter, only that it opens).
const KEY_CHECK_TEXT: &[u8] = b"flink-ddl catalog key check";

/// A sealed value did not open: another key, another row, or altered bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a sealed value does not open with this key (another key, another row, or altered)")]
pub struct NotOpened;

/// Seals and opens values with a catalog's key.
///
/// ```
/// use flink_ddl_exec::seal::{Sealer, KEY_LEN};
/// use flink_ddl_exec::{Credentials, Scope};
/// use flink_ddl::Secret;
///
/// let sealer = Sealer::new(&[7u8; KEY_LEN]);
/// let scope = Scope::new("env", "aws", "us-east-1");
/// let mut credentials = Credentials::new();
/// credentials.insert("api-key", Secret::new("sk-1")).unwrap();
/// let sealed = sealer.seal_credentials(&scope, "openai_conn", &credentials)?;
/// assert!(!sealed.windows(4).any(|w| w == b"sk-1"));
/// assert_eq!(sealer.open_credentials(&scope, "openai_conn", &sealed)?, credentials);
/// // Moved to another row, it does not open.
/// assert!(sealer.open_credentials(&scope, "other", &sealed).is_err());
/// # Ok::<(), flink_ddl_exec::CatalogError>(())
/// ```
pub struct Sealer {
    // Wipes its key when dropped (the crate's `zeroize` feature).
    cipher: XChaCha20Poly1305,
}

impl std::fmt::Debug for Sealer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sealer { .. }")
    }
}

impl Sealer {
    /// A sealer with this key.
    pub fn new(key: &[u8; KEY_LEN]) -> Self {
        // A 32-byte key is the one length XChaCha20-Poly1305 takes.
        Sealer { cipher: XChaCha20Poly1305::new(key.into()) }
    }

    /// Seals `plain` for the row `identity` (see [`row_identity`]).
    pub fn seal(&self, identity: &[u8], plain: &[u8]) -> Result<Vec<u8>, CatalogError> {
        let mut nonce = [0u8; NONCE_LEN];
        getrandom::fill(&mut nonce)
            .map_err(|e| CatalogError::Storage { message: format!("no random nonce from the OS: {e}") })?;
        let aad = sealed_aad(identity);
        let sealed = self
            .cipher
            .encrypt(&XNonce::from(nonce), Payload { msg: plain, aad: &aad })
            .map_err(|_| CatalogError::Storage { message: "a value could not be sealed".to_owned() })?;
        let mut out = Vec::with_capacity(1 + NONCE_LEN + sealed.len());
        out.push(SEAL_VERSION);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    /// Opens a value sealed for the row `identity`; the plain text is wiped when dropped.
    pub fn open(&self, identity: &[u8], sealed: &[u8]) -> Result<Zeroizing<Vec<u8>>, NotOpened> {
        let Some((&SEAL_VERSION, rest)) = sealed.split_first() else { return Err(NotOpened) };
        let Some((nonce, ciphertext)) = rest.split_first_chunk::<NONCE_LEN>() else { return Err(NotOpened) };
        let aad = sealed_aad(identity);
        self.cipher
            .decrypt(&XNonce::from(*nonce), Payload { msg: ciphertext, aad: &aad })
            .map(Zeroizing::new)
            .map_err(|_| NotOpened)
    }

    /// The key check to store with a new catalog.
    pub fn key_check(&self) -> Result<Vec<u8>, CatalogError> {
        self.seal(b"key_check", KEY_CHECK_TEXT)
    }

    /// True when `check` (a stored [`Sealer::key_check`]) was made with this key.
    pub fn opens_key_check(&self, check: &[u8]) -> bool {
        matches!(self.open(b"key_check", check), Ok(text) if text.as_slice() == KEY_CHECK_TEXT)
    }

    /// A connection's credentials, sealed for its row.
    pub fn seal_credentials(
        &self,
        scope: &Scope,
        name: &str,
        credentials: &Credentials,
    ) -> Result<Vec<u8>, CatalogError> {
        // The one place credentials leave their `Secret`s: straight into the cipher's input.
        let plain = pairs::encode(credentials.iter().map(|(key, value)| (key, value.expose_secret())));
        self.seal(&row_identity("connection", scope, name), &plain)
    }

    /// The credentials sealed by [`Sealer::seal_credentials`] for the same row.
    pub fn open_credentials(&self, scope: &Scope, name: &str, sealed: &[u8]) -> Result<Credentials, CatalogError> {
        let plain =
            self.open(&row_identity("connection", scope, name), sealed).map_err(|NotOpened| CatalogError::Storage {
                message: format!(
                    "the sealed credentials of connection \"{name}\" in {scope} do not open with the catalog's key \
                     (altered, or moved from another row)"
                ),
            })?;
        let corrupt =
            || CatalogError::Storage { message: format!("the credentials of connection \"{name}\" are corrupt") };
        let mut credentials = Credentials::new();
        for (key, value) in pairs::decode(&plain).ok_or_else(corrupt)? {
            let value = String::from_utf8(value.to_vec()).map_err(|_| corrupt())?;
            credentials.insert(key, Secret::new(value)).map_err(|_| corrupt())?;
        }
        Ok(credentials)
    }

    /// A table's options (which may hold credentials), sealed for its row.
    pub fn seal_options(&self, scope: &Scope, name: &str, options: &OptionList) -> Result<Vec<u8>, CatalogError> {
        let plain = pairs::encode(options.iter().map(|o| (o.key(), o.value().expose_secret())));
        self.seal(&row_identity("table", scope, name), &plain)
    }

    /// The options sealed by [`Sealer::seal_options`] for the same row.
    pub fn open_options(&self, scope: &Scope, name: &str, sealed: &[u8]) -> Result<OptionList, CatalogError> {
        let plain =
            self.open(&row_identity("table", scope, name), sealed).map_err(|NotOpened| CatalogError::Storage {
                message: format!(
                    "the sealed options of table \"{name}\" in {scope} do not open with the catalog's key \
                     (altered, or moved from another row)"
                ),
            })?;
        let corrupt = || CatalogError::Storage { message: format!("the options of table \"{name}\" are corrupt") };
        let mut options = OptionList::new();
        for (key, value) in pairs::decode(&plain).ok_or_else(corrupt)? {
            let value = std::str::from_utf8(value).map_err(|_| corrupt())?;
            options.push(SqlOption::new(key, value));
        }
        Ok(options)
    }
}

/// The associated data binding a sealed value to its row: what it is and where it lives.
/// Length prefixes keep `("ab", "c")` and `("a", "bc")` apart.
pub fn row_identity(kind: &str, scope: &Scope, name: &str) -> Vec<u8> {
    let mut out = Vec::new();
    for part in [kind, &scope.environment, &scope.cloud, &scope.region, name] {
        out.extend_from_slice(&u32::try_from(part.len()).unwrap_or(u32::MAX).to_le_bytes());
        out.extend_from_slice(part.as_bytes());
    }
    out
}

fn sealed_aad(identity: &[u8]) -> Vec<u8> {
    let mut aad = b"flink-ddl sealed value\0".to_vec();
    aad.push(SEAL_VERSION);
    aad.extend_from_slice(identity);
    aad
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_value_opens_only_in_its_own_row_and_with_its_key() {
        let sealer = Sealer::new(&[7u8; KEY_LEN]);
        let here = row_identity("connection", &Scope::new("e", "c", "r"), "a");
        let there = row_identity("connection", &Scope::new("e", "c", "r"), "b");
        let sealed = sealer.seal(&here, b"secret").unwrap();
        assert_eq!(sealer.open(&here, &sealed).unwrap().as_slice(), b"secret");
        assert!(sealer.open(&there, &sealed).is_err());
        assert!(Sealer::new(&[8u8; KEY_LEN]).open(&here, &sealed).is_err());
        let mut flipped = sealed.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 1;
        assert!(sealer.open(&here, &flipped).is_err());
        assert!(sealer.open(&here, &sealed[..10]).is_err());
        // A fresh nonce each time: the same value seals differently.
        assert_ne!(sealer.seal(&here, b"secret").unwrap(), sealed);
    }

    #[test]
    fn row_identity_is_unambiguous() {
        assert_ne!(
            row_identity("connection", &Scope::new("ab", "c", "r"), "n"),
            row_identity("connection", &Scope::new("a", "bc", "r"), "n")
        );
    }

    #[test]
    fn the_key_check_tells_keys_apart() {
        let check = Sealer::new(&[1u8; KEY_LEN]).key_check().unwrap();
        assert!(Sealer::new(&[1u8; KEY_LEN]).opens_key_check(&check));
        assert!(!Sealer::new(&[2u8; KEY_LEN]).opens_key_check(&check));
    }

    #[test]
    fn options_round_trip_sealed() {
        let sealer = Sealer::new(&[3u8; KEY_LEN]);
        let scope = Scope::new("e", "c", "r");
        let options = OptionList::from_pairs([("connector", "mongodb"), ("mongodb.password", "p'w")]);
        let sealed = sealer.seal_options(&scope, "t", &options).unwrap();
        assert_eq!(sealer.open_options(&scope, "t", &sealed).unwrap(), options);
        assert!(sealer.open_options(&scope, "u", &sealed).is_err());
    }
}
