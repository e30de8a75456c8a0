//! Key-value pairs as `len(key) key len(value) value ...`, lengths as 4-byte little-endian: the
//! plain text inside a sealed value. A binary form (not JSON) so that decoding borrows from the
//! wiped buffer and makes one copy of each value, straight into its `Secret`.

use zeroize::Zeroizing;

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
    for (key, value) in pairs {
        for part in [key.as_bytes(), value.as_bytes()] {
            // Parts are at most a few kilobytes (the executor's limits); a longer one cannot come here.
            let len = u32::try_from(part.len()).unwrap_or(u32::MAX);
            out.extend_from_slice(&len.to_le_bytes());
            out.extend_from_slice(part);
        }
    }
}

/// A key and its value, as encoded.
pub(super) type Pair<'a> = (&'a [u8], &'a [u8]);

/// The pairs of [`encode`], one at a time, after a first pass that checks the whole encoding:
/// `None` when the bytes are not such an encoding, else how many pairs there are and the pairs
/// (nothing is collected: a table may have millions of options).
pub(super) fn decode_iter(bytes: &[u8]) -> Option<(usize, impl Iterator<Item = Pair<'_>>)> {
    let mut count = 0;
    let mut rest = bytes;
    while !rest.is_empty() {
        take_part(&mut rest)?;
        take_part(&mut rest)?;
        count += 1;
    }
    let mut bytes = bytes;
    let pairs = std::iter::from_fn(move || {
        let key = take_part(&mut bytes)?;
        let value = take_part(&mut bytes)?;
        Some((key, value))
    });
    Some((count, pairs))
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
        let (count, pairs) = decode_iter(&encoded).unwrap();
        let pairs: Vec<_> = pairs.collect();
        assert_eq!(
            (count, pairs),
            (3, vec![(&b"api-key"[..], &b"sk-1"[..]), (&b"username"[..], &b""[..]), (&b""[..], "é".as_bytes())])
        );
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
        }
    }
}
