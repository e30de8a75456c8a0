//! Page tokens of the connection listing. A token names the last connection of the page before
//! (the listing is a keyset on the name), so a page starts right after it whatever was created
//! or dropped meanwhile: nothing is skipped or repeated. It is the base64url of the name and a
//! short SHA-256 tag; a token the server did not make (cut, altered, invented) fails the tag and
//! is a 400. The tag is not a secret: a token only says where a page starts, and every request
//! is authorised on its own.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};

const TAG_DOMAIN: &[u8] = b"flink-ddl sql/v1 page token v1\0";
const TAG_BYTES: usize = 6;

fn tag(name: &str) -> [u8; TAG_BYTES] {
    let digest = Sha256::new().chain_update(TAG_DOMAIN).chain_update(name.as_bytes()).finalize();
    let mut tag = [0u8; TAG_BYTES];
    tag.copy_from_slice(&digest[..TAG_BYTES]);
    tag
}

/// The token of the page that starts after `last_name`.
pub(crate) fn encode(last_name: &str) -> String {
    let mut bytes = tag(last_name).to_vec();
    bytes.extend_from_slice(last_name.as_bytes());
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The name a token starts after, or `None` for a token this server did not make.
pub(crate) fn decode(token: &str) -> Option<String> {
    let bytes = URL_SAFE_NO_PAD.decode(token).ok()?;
    if bytes.len() <= TAG_BYTES {
        return None;
    }
    let (given, name) = bytes.split_at(TAG_BYTES);
    let name = String::from_utf8(name.to_vec()).ok()?;
    (given == tag(&name)).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_and_strangers_are_refused() {
        for name in ["a", "conn_1", "név/with spaces", "`odd`"] {
            assert_eq!(decode(&encode(name)).as_deref(), Some(name));
        }
        let token = encode("conn_1");
        let mut altered = token.clone();
        altered.push('A');
        for bad in
            ["", "abc", "!!!", altered.as_str(), &token[..token.len() - 1], &URL_SAFE_NO_PAD.encode("xxxxxxconn_1")]
        {
            assert_eq!(decode(bad), None, "{bad}");
        }
    }
}
