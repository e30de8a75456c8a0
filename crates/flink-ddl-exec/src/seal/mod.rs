//! Credentials sealed at rest: written once here, used by every persistent store (SQLite,
//! PostgreSQL), so that no store holds a credential in plain text and all of them agree on the
//! format.
//!
//! - **The cipher.** XChaCha20-Poly1305 under a 256-bit key, each value with a fresh random
//!   24-byte nonce. A sealed value is `version (1 byte) ‖ nonce (24 bytes) ‖ ciphertext ‖ tag`.
//! - **Bound to its row.** The associated data is the row's identity (kind, environment, cloud,
//!   region, name), so a sealed value copied into another row does not open.
//! - **Bound to its catalog.** A store gives each catalog a random id when it creates it; a sealer
//!   [`Sealer::bound_to`] that id seals format version 2, whose associated data holds the id too,
//!   so two catalogs that share a key file cannot swap sealed values. Version 1 values (sealed
//!   before the catalog had an id) open only where the store allows them
//!   ([`Sealer::accepting_unbound`]), until a rekey seals them again.
//! - **The key check.** A sealed known text, stored by the catalog, tells a wrong key from a right
//!   one when the catalog is opened, before anything is written.
//! - **The key file** (`key_file.rs`): the key as 64 hexadecimal digits, mode 0600, created once
//!   and never replaced.
//!
//! Names, types, endpoints and dates stay in clear: they are what SHOW and DESCRIBE print.

mod key_file;
mod pairs;
mod pieces;

use chacha20poly1305::aead::{Aead, AeadInOut, Payload};
use chacha20poly1305::{KeyInit, XChaCha20Poly1305, XNonce};
use flink_ddl::{OptionList, Secret, SqlOption};
use zeroize::Zeroizing;

pub use key_file::{create_key_file, read_key_file, write_private_file, KeyFileError, KEY_LEN};
pub use pieces::NotOpened;
use pieces::{NONCE_LEN, TAG_LEN};

use crate::catalog::{CatalogError, Credentials, Scope};

/// Format version of a sealed value, its first byte (and part of its associated data): 1 bound to
/// its row, 2 bound to its row and its catalog.
const SEAL_VERSION: u8 = 1;
const SEAL_VERSION_BOUND: u8 = 2;

/// The text sealed as the key check (its content does not matter, only that it opens).
const KEY_CHECK_TEXT: &[u8] = b"flink-ddl catalog key check";

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
    /// The same key, for the construction run in pieces (`pieces.rs`); wiped when dropped.
    key: Zeroizing<[u8; KEY_LEN]>,
    /// The catalog's id, when the sealer is bound to one.
    catalog_id: Option<Vec<u8>>,
    /// Whether a bound sealer still opens version 1 values.
    accept_unbound: bool,
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
        Sealer {
            cipher: XChaCha20Poly1305::new(key.into()),
            key: Zeroizing::new(*key),
            catalog_id: None,
            accept_unbound: true,
        }
    }

    /// This sealer, bound to the catalog `catalog_id`: it seals values that open only with the
    /// same id, and no longer opens values sealed without one (see [`Sealer::accepting_unbound`]).
    ///
    /// ```
    /// use flink_ddl_exec::seal::{Sealer, KEY_LEN};
    /// let a = Sealer::new(&[7u8; KEY_LEN]).bound_to(b"catalog-a");
    /// let b = Sealer::new(&[7u8; KEY_LEN]).bound_to(b"catalog-b");
    /// let sealed = a.seal(b"row", b"sk-1").unwrap();
    /// assert!(a.open(b"row", &sealed).is_ok());
    /// assert!(b.open(b"row", &sealed).is_err(), "same key, another catalog");
    /// let old = Sealer::new(&[7u8; KEY_LEN]).seal(b"row", b"sk-1").unwrap();
    /// assert!(a.open(b"row", &old).is_err(), "sealed before the catalog had an id");
    /// let migrating = Sealer::new(&[7u8; KEY_LEN]).bound_to(b"catalog-a").accepting_unbound(true);
    /// assert!(migrating.open(b"row", &old).is_ok());
    /// ```
    pub fn bound_to(mut self, catalog_id: &[u8]) -> Self {
        self.catalog_id = Some(catalog_id.to_vec());
        self.accept_unbound = false;
        self
    }

    /// A sealer with the same key, bound to `catalog_id` (this one is left as it is): what a store
    /// that binds an older catalog's rows seals them again with.
    pub fn bound_copy(&self, catalog_id: &[u8]) -> Self {
        Sealer {
            cipher: self.cipher.clone(),
            key: self.key.clone(),
            catalog_id: Some(catalog_id.to_vec()),
            accept_unbound: false,
        }
    }

    /// Whether a bound sealer still opens values sealed before the catalog had an id (a catalog
    /// made by an earlier version, whose rows were not sealed again yet).
    pub fn accepting_unbound(mut self, accept: bool) -> Self {
        self.accept_unbound = accept || self.catalog_id.is_none();
        self
    }

    /// The catalog id this sealer is bound to, if any.
    pub fn catalog_id(&self) -> Option<&[u8]> {
        self.catalog_id.as_deref()
    }

    /// Seals `plain` for the row `identity` (see [`row_identity`]), bound to the catalog when the
    /// sealer is.
    pub fn seal(&self, identity: &[u8], plain: &[u8]) -> Result<Vec<u8>, CatalogError> {
        let version = if self.catalog_id.is_some() { SEAL_VERSION_BOUND } else { SEAL_VERSION };
        self.seal_as(version, identity, plain)
    }

    fn seal_as(&self, version: u8, identity: &[u8], plain: &[u8]) -> Result<Vec<u8>, CatalogError> {
        let nonce = fresh_nonce()?;
        let aad = self.sealed_aad(version, identity).ok_or_else(|| CatalogError::Storage {
            message: "a value could not be sealed (no catalog id)".to_owned(),
        })?;
        // Encrypted in place behind the header: the plain text is copied once, into the buffer
        // that becomes the sealed value (wiped if it is dropped before it is ciphertext). The
        // layout is the one `Aead::encrypt` gives: version, nonce, ciphertext, tag.
        let mut out = Zeroizing::new(Vec::with_capacity(1 + NONCE_LEN + plain.len() + TAG_LEN));
        out.push(version);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(plain);
        let tag = self
            .cipher
            .encrypt_inout_detached(&XNonce::from(nonce), &aad, (&mut out[1 + NONCE_LEN..]).into())
            .map_err(|_| CatalogError::Storage { message: "a value could not be sealed".to_owned() })?;
        out.extend_from_slice(&tag);
        Ok(std::mem::take(&mut *out))
    }

    /// Opens a value sealed for the row `identity`; the plain text is wiped when dropped.
    pub fn open(&self, identity: &[u8], sealed: &[u8]) -> Result<Zeroizing<Vec<u8>>, NotOpened> {
        let Some((&version, rest)) = sealed.split_first() else { return Err(NotOpened) };
        if version == SEAL_VERSION && !self.accept_unbound {
            return Err(NotOpened);
        }
        let Some((nonce, ciphertext)) = rest.split_first_chunk::<NONCE_LEN>() else { return Err(NotOpened) };
        let aad = self.sealed_aad(version, identity).ok_or(NotOpened)?;
        self.cipher
            .decrypt(&XNonce::from(*nonce), Payload { msg: ciphertext, aad: &aad })
            .map(Zeroizing::new)
            .map_err(|_| NotOpened)
    }

    /// The key check to store with a new catalog.
    /// (It checks the key alone: it is not bound to the catalog.)
    pub fn key_check(&self) -> Result<Vec<u8>, CatalogError> {
        self.seal_as(SEAL_VERSION, b"key_check", KEY_CHECK_TEXT)
    }

    /// True when `check` (a stored [`Sealer::key_check`]) was made with this key.
    pub fn opens_key_check(&self, check: &[u8]) -> bool {
        let unbound =
            Sealer { cipher: self.cipher.clone(), key: self.key.clone(), catalog_id: None, accept_unbound: true };
        matches!(unbound.open(b"key_check", check), Ok(text) if text.as_slice() == KEY_CHECK_TEXT)
    }

    /// A connection's credentials, sealed for its row.
    pub fn seal_credentials(
        &self,
        scope: &Scope,
        name: &str,
        credentials: &Credentials,
    ) -> Result<Vec<u8>, CatalogError> {
        // The one place credentials leave their `Secret`s: straight into the cipher's input.
        // A few pairs, borrowed: walked twice by `encode` to size its buffer.
        let pairs: Vec<(&str, &str)> = credentials.iter().map(|(key, value)| (key, value.expose_secret())).collect();
        let plain = pairs::encode(pairs);
        self.seal(&row_identity("connection", scope, name), &plain)
    }

    /// The credentials sealed by [`Sealer::seal_credentials`] for the same row.
    pub fn open_credentials(&self, scope: &Scope, name: &str, sealed: &[u8]) -> Result<Credentials, CatalogError> {
        let plain =
            self.open(&row_identity("connection", scope, name), sealed).map_err(|NotOpened| CatalogError::Storage {
                message: format!(
                    "the sealed credentials of connection \"{name}\" in {scope} do not open with the catalog's key \
                     (altered, or moved from another row or another catalog); nothing of them is shown"
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

    /// A table's options (which may hold credentials), sealed for its row: the bytes that
    /// [`Sealer::seal_options_to`] writes, as one value.
    pub fn seal_options(&self, scope: &Scope, name: &str, options: &OptionList) -> Result<Vec<u8>, CatalogError> {
        let mut sealed = Vec::with_capacity(self.sealed_options_len(options));
        self.seal_options_to(scope, name, options, &mut sealed)?;
        Ok(sealed)
    }

    /// The length in bytes of `options` sealed: what a store reserves for them (a `zeroblob`)
    /// before writing them with [`Sealer::seal_options_to`].
    pub fn sealed_options_len(&self, options: &OptionList) -> usize {
        1 + NONCE_LEN + pairs::encoded_len(option_pairs(options)) + TAG_LEN
    }

    /// A table's options sealed for its row, written to `out` in pieces of 64 KiB: neither their
    /// plain text nor their ciphertext is held whole (a table may have millions of options). The
    /// bytes are [`Sealer::seal_options`]'s, [`Sealer::sealed_options_len`] of them.
    pub fn seal_options_to(
        &self,
        scope: &Scope,
        name: &str,
        options: &OptionList,
        out: &mut impl std::io::Write,
    ) -> Result<(), CatalogError> {
        let version = if self.catalog_id.is_some() { SEAL_VERSION_BOUND } else { SEAL_VERSION };
        let nonce = fresh_nonce()?;
        let aad = self.sealed_aad(version, &row_identity("table", scope, name)).ok_or_else(|| {
            CatalogError::Storage { message: "a value could not be sealed (no catalog id)".to_owned() }
        })?;
        // Only the store's own failures can come out here (the plain text never does).
        let failed = |e: std::io::Error| CatalogError::Storage {
            message: format!("the options of table \"{name}\" could not be written: {e}"),
        };
        let mut sealing = pieces::Sealing::new(&self.key, version, &nonce, &aad, out).map_err(failed)?;
        pairs::encode_with(option_pairs(options), |part| sealing.put(part)).map_err(failed)?;
        sealing.finish().map_err(failed)
    }

    /// The options sealed by [`Sealer::seal_options`] for the same row. The tag is checked over
    /// the whole value first; the plain text is then decrypted in pieces of 64 KiB, twice (to
    /// check and count the pairs, then to read them), never held whole.
    pub fn open_options(&self, scope: &Scope, name: &str, sealed: &[u8]) -> Result<OptionList, CatalogError> {
        let not_opened = || CatalogError::Storage {
            message: format!(
                "the sealed options of table \"{name}\" in {scope} do not open with the catalog's key \
                 (altered, or moved from another row or another catalog); nothing of them is shown"
            ),
        };
        let opening = self.opening(&row_identity("table", scope, name), sealed).map_err(|NotOpened| not_opened())?;
        let corrupt = || CatalogError::Storage { message: format!("the options of table \"{name}\" are corrupt") };
        // Counted first, so that the list is sized once: a table may have millions of options.
        let mut parts = pairs::PartReader::new(opening.len());
        let mut count = 0usize;
        opening.pieces(|piece| {
            parts.read(piece, |_| {
                count += 1;
                Ok::<(), CatalogError>(())
            })
        })?;
        if !parts.at_end() || count % 2 != 0 {
            return Err(corrupt());
        }
        let mut options = Vec::with_capacity(count / 2);
        let mut parts = pairs::PartReader::new(opening.len());
        let mut key: Option<String> = None;
        opening.pieces(|piece| {
            parts.read(piece, |part| {
                let text = std::str::from_utf8(part).map_err(|_| corrupt())?;
                match key.take() {
                    None => key = Some(text.to_owned()),
                    Some(key) => options.push(SqlOption::new(key, text)),
                }
                Ok(())
            })
        })?;
        Ok(OptionList::from(options))
    }

    /// A sealed value's header read and its tag verified, ready to decrypt in pieces.
    fn opening<'s>(&'s self, identity: &[u8], sealed: &'s [u8]) -> Result<pieces::Opening<'s>, NotOpened> {
        let Some((&version, rest)) = sealed.split_first() else { return Err(NotOpened) };
        if version == SEAL_VERSION && !self.accept_unbound {
            return Err(NotOpened);
        }
        let Some((nonce, rest)) = rest.split_first_chunk::<NONCE_LEN>() else { return Err(NotOpened) };
        let aad = self.sealed_aad(version, identity).ok_or(NotOpened)?;
        pieces::Opening::verify(&self.key, nonce, &aad, rest)
    }
}

/// A table's options as (key, value) pairs to seal: the one place a table's credentials leave
/// their `Secret`s, straight into the cipher's input.
fn option_pairs(options: &OptionList) -> impl Iterator<Item = (&str, &str)> {
    options.iter().map(|o| (o.key(), o.value().expose_secret()))
}

/// A random nonce for one sealed value.
fn fresh_nonce() -> Result<[u8; NONCE_LEN], CatalogError> {
    let mut nonce = [0u8; NONCE_LEN];
    getrandom::fill(&mut nonce)
        .map_err(|e| CatalogError::Storage { message: format!("no random nonce from the OS: {e}") })?;
    Ok(nonce)
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

impl Sealer {
    /// The associated data of a value of format `version`: `None` for a version this sealer
    /// cannot make (2 without a catalog id, or unknown).
    fn sealed_aad(&self, version: u8, identity: &[u8]) -> Option<Vec<u8>> {
        let mut aad = b"flink-ddl sealed value\0".to_vec();
        aad.push(version);
        match version {
            SEAL_VERSION => {}
            SEAL_VERSION_BOUND => {
                let id = self.catalog_id.as_deref()?;
                aad.extend_from_slice(&u32::try_from(id.len()).unwrap_or(u32::MAX).to_le_bytes());
                aad.extend_from_slice(id);
            }
            _ => return None,
        }
        aad.extend_from_slice(identity);
        Some(aad)
    }
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
