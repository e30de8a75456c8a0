//! `ConnectionOptions`: a connection statement's `WITH` or `SET` list, keys normalised, read by
//! taking keys out of it. What is left at the end is what no rule asked for: the unknown keys.
//!
//! Keys compare as dialect.md §4.2 says: ignoring case, and `api_key` is a spelling of `api-key`.
//! No other `_` is read as `-`: `aws_access_key` is an unknown key, whose did-you-mean then points
//! at `aws-access-key`. An empty value counts as absent (§13): `take` gives `None` for it.

use crate::executor::error::ExecError;
use flink_ddl::{OptionList, OptionValue, SqlOption};

/// A connection option key in comparison form (dialect.md §4.2).
///
/// ```
/// use flink_ddl_exec::normalize_connection_key;
/// assert_eq!(normalize_connection_key("API_KEY"), "api-key");
/// assert_eq!(normalize_connection_key("Endpoint"), "endpoint");
/// assert_eq!(normalize_connection_key("aws_access_key"), "aws_access_key");
/// ```
pub fn normalize_connection_key(key: &str) -> String {
    let lower = key.to_lowercase();
    if lower == "api_key" {
        "api-key".to_owned()
    } else {
        lower
    }
}

/// The options of one connection statement, as yet unread.
pub(crate) struct ConnectionOptions<'a> {
    /// (normalised key, the option as written), in the order written.
    left: Vec<(String, &'a SqlOption)>,
}

impl<'a> ConnectionOptions<'a> {
    /// Normalises the keys; a key given twice is refused, naming the key.
    pub(crate) fn read(connection: &str, options: &'a OptionList) -> Result<Self, ExecError> {
        let mut left: Vec<(String, &SqlOption)> = Vec::with_capacity(options.len());
        let mut seen = std::collections::HashSet::with_capacity(options.len());
        for option in options {
            let key = normalize_connection_key(option.key());
            if !seen.insert(key.clone()) {
                return Err(ExecError::DuplicateKey {
                    connection: connection.to_owned(),
                    key: option.key().to_owned(),
                });
            }
            left.push((key, option));
        }
        Ok(ConnectionOptions { left })
    }

    /// Takes `key` out; `None` when it is absent or its value is empty.
    pub(crate) fn take(&mut self, key: &str) -> Option<&'a OptionValue> {
        let at = self.left.iter().position(|(k, _)| k == key)?;
        let (_, option) = self.left.remove(at);
        let value = option.value();
        (!value.is_empty()).then_some(value)
    }

    /// True when `key` is still there (empty or not).
    pub(crate) fn contains(&self, key: &str) -> bool {
        self.left.iter().any(|(k, _)| k == key)
    }

    /// The keys not taken yet: (normalised, as written), in the order written.
    pub(crate) fn remaining(&self) -> impl Iterator<Item = (&str, &'a str)> + '_ {
        self.left.iter().map(|(k, option)| (k.as_str(), option.key()))
    }
}
