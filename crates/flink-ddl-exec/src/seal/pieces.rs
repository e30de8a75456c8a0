//! XChaCha20-Poly1305 run over a value in pieces: the construction `chacha20poly1305` runs on one
//! whole buffer (RFC 8439, section 2.8, with XChaCha20's 24-byte nonce), so that a table's options
//! are sealed into a store's blob, and opened from it, without their whole plain text or
//! ciphertext in memory (a table may have millions of options). The bytes are exactly those of
//! `Aead::encrypt` and `Aead::decrypt`, which the tests check both ways, so a value sealed either
//! way opens either way.
//!
//! Opening verifies the tag over the whole ciphertext before any of it is decrypted, and a caller
//! then decrypts it in pieces ([`Opening::pieces`]), as many times as it needs to read it.

use chacha20::cipher::{KeyIvInit, StreamCipher, StreamCipherSeek};
use chacha20::{XChaCha20, XNonce};
use poly1305::universal_hash::{KeyInit, UniversalHash};
use poly1305::{Block, Poly1305};
use zeroize::Zeroizing;

use super::key_file::KEY_LEN;

/// XChaCha20's nonce, after a sealed value's version byte.
pub(super) const NONCE_LEN: usize = 24;
/// The Poly1305 tag that ends a sealed value.
pub(super) const TAG_LEN: usize = 16;

/// A sealed value did not open: another key, another row, or altered bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a sealed value does not open with this key (another key, another row, or altered)")]
pub struct NotOpened;

/// The size of a piece of plain text encrypted or decrypted at once: a multiple of the ChaCha20
/// block (64 bytes), so that every piece but the last is a whole number of Poly1305 blocks.
pub(super) const PIECE: usize = 64 * 1024;

/// ChaCha20 encrypts at most 2^32 blocks of 64 bytes under one nonce (its counter is 32 bits).
const MAX_LEN: u64 = (u32::MAX as u64) * 64;

/// The cipher at the first byte of the message, and the MAC keyed from the block before it.
fn start(key: &[u8; KEY_LEN], nonce: &[u8; NONCE_LEN]) -> (XChaCha20, Poly1305) {
    let mut cipher = XChaCha20::new(key.into(), &XNonce::from(*nonce));
    // The Poly1305 key is the first 32 bytes of the keystream; the message starts at block 1.
    let mut mac_key = Zeroizing::new([0u8; 32]);
    cipher.apply_keystream(&mut mac_key[..]);
    let mac = Poly1305::new((&*mac_key).into());
    cipher.seek(64u64);
    (cipher, mac)
}

/// The MAC's input after the associated data and the ciphertext: their lengths.
fn lengths_block(aad_len: usize, text_len: u64) -> Block {
    let mut block = Block::default();
    block[..8].copy_from_slice(&(aad_len as u64).to_le_bytes());
    block[8..].copy_from_slice(&text_len.to_le_bytes());
    block
}

/// A value being sealed: the plain text is given in pieces ([`Sealing::put`]), each encrypted in
/// a buffer of [`PIECE`] bytes and written out when the buffer is full.
pub(super) struct Sealing<'w, W: std::io::Write> {
    cipher: XChaCha20,
    mac: Poly1305,
    aad_len: usize,
    /// Plain text not yet encrypted (wiped when dropped; it is ciphertext once written).
    piece: Zeroizing<Vec<u8>>,
    written: u64,
    out: &'w mut W,
}

impl<'w, W: std::io::Write> Sealing<'w, W> {
    /// Starts a sealed value: writes its header (`version`, the nonce) to `out`.
    pub(super) fn new(
        key: &[u8; KEY_LEN],
        version: u8,
        nonce: &[u8; NONCE_LEN],
        aad: &[u8],
        out: &'w mut W,
    ) -> std::io::Result<Self> {
        out.write_all(&[version])?;
        out.write_all(nonce)?;
        let (cipher, mut mac) = start(key, nonce);
        mac.update_padded(aad);
        Ok(Sealing {
            cipher,
            mac,
            aad_len: aad.len(),
            piece: Zeroizing::new(Vec::with_capacity(PIECE)),
            written: 0,
            out,
        })
    }

    /// Appends plain text; never grows the buffer.
    pub(super) fn put(&mut self, mut bytes: &[u8]) -> std::io::Result<()> {
        while !bytes.is_empty() {
            let room = PIECE - self.piece.len();
            let (now, later) = bytes.split_at(room.min(bytes.len()));
            self.piece.extend_from_slice(now);
            bytes = later;
            if self.piece.len() == PIECE {
                self.flush_piece()?;
            }
        }
        Ok(())
    }

    /// Encrypts the buffer in place, adds it to the MAC and writes it out.
    fn flush_piece(&mut self) -> std::io::Result<()> {
        self.written += self.piece.len() as u64;
        if self.written >= MAX_LEN {
            return Err(std::io::Error::other("a value too long to seal"));
        }
        self.cipher.apply_keystream(&mut self.piece);
        // Whole blocks but for the last piece, which `update_padded` pads as the AEAD does.
        self.mac.update_padded(&self.piece);
        self.out.write_all(&self.piece)?;
        self.piece.clear();
        Ok(())
    }

    /// Encrypts and writes what is left, then the tag.
    pub(super) fn finish(mut self) -> std::io::Result<()> {
        self.flush_piece()?;
        self.mac.update(&[lengths_block(self.aad_len, self.written)]);
        let tag = self.mac.finalize();
        self.out.write_all(&tag)
    }
}

/// A sealed value whose tag was verified: its ciphertext decrypts in pieces, as often as needed.
pub(super) struct Opening<'s> {
    key: &'s [u8; KEY_LEN],
    nonce: [u8; NONCE_LEN],
    ciphertext: &'s [u8],
}

impl<'s> Opening<'s> {
    /// Verifies the tag of `ciphertext ‖ tag` (what follows the header) under `nonce` and `aad`.
    pub(super) fn verify(
        key: &'s [u8; KEY_LEN],
        nonce: &[u8; NONCE_LEN],
        aad: &[u8],
        sealed: &'s [u8],
    ) -> Result<Self, NotOpened> {
        let Some(text_len) = sealed.len().checked_sub(TAG_LEN) else { return Err(NotOpened) };
        let (ciphertext, tag) = sealed.split_at(text_len);
        if ciphertext.len() as u64 >= MAX_LEN {
            return Err(NotOpened);
        }
        let (_, mut mac) = start(key, nonce);
        mac.update_padded(aad);
        mac.update_padded(ciphertext);
        mac.update(&[lengths_block(aad.len(), ciphertext.len() as u64)]);
        let mut expected = Block::default();
        expected.copy_from_slice(tag);
        // A constant-time comparison.
        mac.verify(&expected).map_err(|_| NotOpened)?;
        Ok(Opening { key, nonce: *nonce, ciphertext })
    }

    /// The length of the plain text.
    pub(super) fn len(&self) -> usize {
        self.ciphertext.len()
    }

    /// Decrypts the value from its start, handing each piece of plain text to `each` in turn (the
    /// buffer is wiped when done); stops at the first error `each` returns.
    pub(super) fn pieces<E>(&self, mut each: impl FnMut(&[u8]) -> Result<(), E>) -> Result<(), E> {
        let (mut cipher, _) = start(self.key, &self.nonce);
        let mut piece = Zeroizing::new(Vec::with_capacity(PIECE.min(self.ciphertext.len())));
        for encrypted in self.ciphertext.chunks(PIECE) {
            piece.clear();
            piece.extend_from_slice(encrypted);
            cipher.apply_keystream(&mut piece);
            each(&piece)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use chacha20poly1305::aead::{Aead, Payload};
    use chacha20poly1305::{KeyInit as _, XChaCha20Poly1305};

    use super::*;

    fn sealed_in_pieces(key: &[u8; KEY_LEN], nonce: &[u8; NONCE_LEN], aad: &[u8], plain: &[u8], cut: usize) -> Vec<u8> {
        let mut out = Vec::new();
        let mut sealing = Sealing::new(key, 9, nonce, aad, &mut out).unwrap();
        for part in plain.chunks(cut.max(1)) {
            sealing.put(part).unwrap();
        }
        sealing.finish().unwrap();
        out
    }

    fn opened_in_pieces(key: &[u8; KEY_LEN], nonce: &[u8; NONCE_LEN], aad: &[u8], rest: &[u8]) -> Option<Vec<u8>> {
        let opening = Opening::verify(key, nonce, aad, rest).ok()?;
        let mut plain = Vec::new();
        opening
            .pieces(|piece| {
                plain.extend_from_slice(piece);
                Ok::<(), ()>(())
            })
            .ok()?;
        Some(plain)
    }

    #[test]
    fn pieces_give_the_bytes_of_the_whole_buffer_construction_both_ways() {
        let key = [5u8; KEY_LEN];
        let nonce: [u8; NONCE_LEN] = std::array::from_fn(|n| n as u8);
        let aad = b"flink-ddl sealed value\0\x02 some row";
        let whole = XChaCha20Poly1305::new(&key.into());
        // Lengths around the piece and block sizes, cut at awkward places.
        for len in [0, 1, 15, 16, 17, 63, 64, 65, PIECE - 1, PIECE, PIECE + 1, 2 * PIECE + 33] {
            let plain: Vec<u8> = (0..len).map(|n| (n * 7 + 3) as u8).collect();
            let expected = whole.encrypt(&XNonce::from(nonce), Payload { msg: &plain, aad }).unwrap();
            for cut in [1, 7, 64, 1000, PIECE + 5] {
                let sealed = sealed_in_pieces(&key, &nonce, aad, &plain, cut);
                assert_eq!(sealed[0], 9);
                assert_eq!(&sealed[1..1 + NONCE_LEN], &nonce);
                assert_eq!(&sealed[1 + NONCE_LEN..], &expected[..], "length {len}, cut {cut}");
            }
            assert_eq!(opened_in_pieces(&key, &nonce, aad, &expected).as_deref(), Some(&plain[..]), "length {len}");
            let back = whole.decrypt(&XNonce::from(nonce), Payload { msg: &expected, aad }).unwrap();
            assert_eq!(back, plain);
        }
    }

    #[test]
    fn an_altered_value_or_another_row_does_not_open() {
        let key = [5u8; KEY_LEN];
        let nonce = [1u8; NONCE_LEN];
        let sealed = sealed_in_pieces(&key, &nonce, b"row", b"the plain text", 3);
        let rest = &sealed[1 + NONCE_LEN..];
        assert!(opened_in_pieces(&key, &nonce, b"row", rest).is_some());
        assert!(opened_in_pieces(&key, &nonce, b"another row", rest).is_none());
        assert!(opened_in_pieces(&[6u8; KEY_LEN], &nonce, b"row", rest).is_none());
        assert!(opened_in_pieces(&key, &nonce, b"row", &rest[..TAG_LEN - 1]).is_none());
        for at in 0..rest.len() {
            let mut altered = rest.to_vec();
            altered[at] ^= 0x10;
            assert!(opened_in_pieces(&key, &nonce, b"row", &altered).is_none(), "byte {at}");
        }
    }
}
