//! Key-value pairs as `len(key) key len(value) value ...`, lengths as 4-byte little-endian: the
//! plain text inside a sealed value. A binary form (not JSON) so that decoding borrows from the
//! wiped buffer and makes one copy of each value, straight into its `Secret`.

use zeroize::{Zeroize, Zeroizing};

/// Encodes the pairs into a buffer that is wiped when dropped. The buffer is sized once (the pairs
/// are walked twice): a growing one would leave copies of the plain text in freed memory, unwiped,
/// and hold it twice while it moves.
pub(super) fn encode<'a, I>(pairs: I) -> Zeroizing<Vec<u8>>
where
    I: IntoIterator<Item = (&'a str, &'a str)>,
    I::IntoIter: Clone,
{
    let pairs = pairs.into_iter();
    let mut out = Zeroizing::new(Vec::with_capacity(encoded_len(pairs.clone())));
    encode_into(&mut out, pairs);
    out
}

/// The length of the pairs' encoding.
pub(super) fn encoded_len<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> usize {
    pairs.into_iter().map(|(key, value)| 8 + key.len() + value.len()).sum()
}

/// Appends the pairs' encoding to `out`, which the caller has sized ([`encoded_len`]).
pub(super) fn encode_into<'a>(out: &mut Vec<u8>, pairs: impl IntoIterator<Item = (&'a str, &'a str)>) {
    let appended: Result<(), std::convert::Infallible> = encode_with(pairs, |bytes| {
        out.extend_from_slice(bytes);
        Ok(())
    });
    let Ok(()) = appended;
}

/// The pairs' encoding, handed to `put` a few bytes at a time (a length, a key, a value): how a
/// table's options are sealed in pieces. Stops at the first error `put` returns.
pub(super) fn encode_with<'a, E>(
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    mut put: impl FnMut(&[u8]) -> Result<(), E>,
) -> Result<(), E> {
    for (key, value) in pairs {
        for part in [key.as_bytes(), value.as_bytes()] {
            // Parts are at most a few kilobytes (the executor's limits); a longer one cannot come here.
            let len = u32::try_from(part.len()).unwrap_or(u32::MAX);
            put(&len.to_le_bytes())?;
            put(part)?;
        }
    }
    Ok(())
}

/// The parts (keys and values, in turn) of an encoding given in pieces, as a value opened in
/// pieces gives it: each part is handed on whole, borrowed from its piece when it lies within
/// one, else gathered in a buffer of its length (wiped after use). Nothing else is collected.
pub(super) struct PartReader {
    /// Bytes of the encoding not read yet: a length longer than that is corrupt, and is never
    /// allocated.
    left: usize,
    /// A length being read, and how many of its 4 bytes are there.
    length: ([u8; 4], usize),
    /// The length of the part being read, once its length was read.
    part_len: Option<usize>,
    /// A part cut by the end of a piece; beyond its length, its capacity is always wiped.
    part: Zeroizing<Vec<u8>>,
    corrupt: bool,
}

impl PartReader {
    /// A reader of an encoding of `len` bytes.
    pub(super) fn new(len: usize) -> Self {
        PartReader { left: len, length: ([0; 4], 0), part_len: None, part: Zeroizing::new(Vec::new()), corrupt: false }
    }

    /// Reads the next piece, handing each part completed in it to `each`.
    pub(super) fn read<E>(&mut self, mut piece: &[u8], mut each: impl FnMut(&[u8]) -> Result<(), E>) -> Result<(), E> {
        while !piece.is_empty() && !self.corrupt {
            let Some(len) = self.part_len else {
                let (bytes, have) = &mut self.length;
                let take = (4 - *have).min(piece.len());
                bytes[*have..*have + take].copy_from_slice(&piece[..take]);
                *have += take;
                piece = &piece[take..];
                self.left = self.left.saturating_sub(take);
                if *have == 4 {
                    *have = 0;
                    let len = usize::try_from(u32::from_le_bytes(*bytes)).unwrap_or(usize::MAX);
                    if len > self.left {
                        self.corrupt = true;
                    } else if len == 0 {
                        each(&[])?;
                    } else {
                        self.part_len = Some(len);
                    }
                }
                continue;
            };
            if self.part.is_empty() && piece.len() >= len {
                // Within the piece: handed on borrowed.
                let (part, rest) = piece.split_at(len);
                piece = rest;
                self.left -= len;
                self.part_len = None;
                each(part)?;
                continue;
            }
            if self.part.capacity() < len {
                // Empty, and its capacity wiped: growing it leaves no plain text behind.
                self.part.reserve_exact(len);
            }
            let take = (len - self.part.len()).min(piece.len());
            self.part.extend_from_slice(&piece[..take]);
            piece = &piece[take..];
            self.left -= take;
            if self.part.len() == len {
                self.part_len = None;
                let handed = each(&self.part);
                self.part.as_mut_slice().zeroize();
                self.part.clear();
                handed?;
            }
        }
        Ok(())
    }

    /// True when the encoding ended between two parts, and every length fitted.
    pub(super) fn at_end(&self) -> bool {
        !self.corrupt && self.part_len.is_none() && self.length.1 == 0 && self.left == 0
    }
}

/// The pairs of [`encode`]; `None` when the bytes are not such an encoding.
pub(super) fn decode(bytes: &[u8]) -> Option<Vec<(&str, &[u8])>> {
    // Counted first, so that the list is sized once.
    let mut count = 0;
    let mut rest = bytes;
    while !rest.is_empty() {
        take_part(&mut rest)?;
        take_part(&mut rest)?;
        count += 1;
    }
    let mut bytes = bytes;
    let mut pairs = Vec::with_capacity(count);
    while !bytes.is_empty() {
        let key = take_part(&mut bytes)?;
        let value = take_part(&mut bytes)?;
        pairs.push((std::str::from_utf8(key).ok()?, value));
    }
    Some(pairs)
}

/// One length-prefixed part from the front of `bytes`.
fn take_part<'a>(bytes: &mut &'a [u8]) -> Option<&'a [u8]> {
    let (len, rest) = bytes.split_first_chunk::<4>()?;
    let len = usize::try_from(u32::from_le_bytes(*len)).ok()?;
    if rest.len() < len {
        return None;
    }
    let (part, rest) = rest.split_at(len);
    *bytes = rest;
    Some(part)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_round_trip_and_reject_truncation() {
        let encoded = encode([("api-key", "sk-1"), ("username", ""), ("", "é")]);
        let decoded = decode(&encoded).unwrap();
        assert_eq!(decoded, [("api-key", &b"sk-1"[..]), ("username", &b""[..]), ("", "é".as_bytes())]);
        // Read in pieces of every size: the same parts, borrowed or gathered.
        for size in 1..=encoded.len() {
            let mut reader = PartReader::new(encoded.len());
            let mut parts: Vec<Vec<u8>> = Vec::new();
            for piece in encoded.chunks(size) {
                let read: Result<(), ()> = reader.read(piece, |part| {
                    parts.push(part.to_vec());
                    Ok(())
                });
                read.unwrap();
            }
            assert!(reader.at_end(), "pieces of {size}");
            let expected: [&[u8]; 6] = [b"api-key", b"sk-1", b"username", b"", b"", "é".as_bytes()];
            assert_eq!(parts, expected.map(<[u8]>::to_vec), "pieces of {size}");
        }
        let mut into = Vec::new();
        encode_into(&mut into, [("api-key", "sk-1"), ("username", ""), ("", "é")]);
        assert_eq!(
            (into.as_slice(), into.len()),
            (encoded.as_slice(), encoded_len([("api-key", "sk-1"), ("username", ""), ("", "é")]))
        );
        for cut in 1..encoded.len() {
            // Every strict prefix either fails or decodes to fewer pairs, never panics.
            if let Some(pairs) = decode(&encoded[..cut]) {
                assert!(pairs.len() < 3);
            }
            // Read in pieces, a strict prefix never reads as the whole list.
            let mut reader = PartReader::new(cut);
            let mut parts = 0;
            let read: Result<(), ()> = reader.read(&encoded[..cut], |_| {
                parts += 1;
                Ok(())
            });
            read.unwrap();
            assert!(!(reader.at_end() && parts == 6), "cut {cut}");
        }
        // A length longer than what is left is corrupt, and nothing of that size is allocated.
        let mut reader = PartReader::new(8);
        let read: Result<(), ()> = reader.read(&[0xff, 0xff, 0xff, 0x7f, 1, 2, 3, 4], |_| Ok(()));
        read.unwrap();
        assert!(!reader.at_end());
    }
}
