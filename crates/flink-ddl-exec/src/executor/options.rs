//! `ConnectionOptions`: a connection statement's `WITH` or `SET` list, keys in canonical form, read
//! by taking keys out of it. What is left at the end is what no rule asked for: the unknown keys.
//!
//! Keys compare by the one key rule of the language, [`flink_ddl::option_key_eq`]: ignoring case,
//! with `_` read as `-`, so `'API_KEY'`, `'aws_access_key'` and `'Token_Endpoint'` are the keys
//! `api-key`, `aws-access-key` and `token-endpoint` (the parser found repeated keys by the same
//! rule). An empty value counts as absent: `take` gives `None` for it.

use crate::executor::error::ExecError;
use std::borrow::Cow;

use flink_ddl::{canonical_option_key, OptionList, OptionValue, SqlOption};

/// A connection option key in the form the executor looks keys up in: the canonical form of
/// [`flink_ddl::canonical_option_key`] (lower case, `_` as `-`).
///
/// ```
/// use flink_ddl_exec::normalize_connection_key;
/// assert_eq!(normalize_connection_key("API_KEY"), "api-key");
/// assert_eq!(normalize_connection_key("Endpoint"), "endpoint");
/// assert_eq!(normalize_connection_key("aws_access_key"), "aws-access-key");
/// ```
pub fn normalize_connection_key(key: &str) -> String {
    canonical_option_key(key).into_owned()
}

/// The options of one connection statement, as yet unread.
///
/// Borrows the list and records which options were taken (a statement takes a few keys: `type`,
/// `endpoint`, its credentials), rather than holding a normalised copy of every key: a list may
/// hold hundreds of thousands of options, most of them refused at once as unknown.
pub(crate) struct ConnectionOptions<'a> {
    options: &'a [SqlOption],
    /// Positions in `options` taken so far.
    taken: Vec<usize>,
}

impl<'a> ConnectionOptions<'a> {
    /// Reads the list; a key given twice is refused, naming the key (its second place).
    pub(crate) fn read(connection: &str, options: &'a OptionList) -> Result<Self, ExecError> {
        let options = options.as_slice();
        if let Some(repeated) = first_repeated_key(options) {
            return Err(ExecError::DuplicateKey {
                connection: connection.to_owned(),
                key: options[repeated].key().to_owned(),
            });
        }
        Ok(ConnectionOptions { options, taken: Vec::new() })
    }

    /// Takes `key` out; `None` when it is absent or its value is empty.
    pub(crate) fn take(&mut self, key: &str) -> Option<&'a OptionValue> {
        let at = self.left().find(|(_, option)| canonical_option_key(option.key()) == key)?.0;
        self.taken.push(at);
        let value = self.options[at].value();
        (!value.is_empty()).then_some(value)
    }

    /// True when `key` is still there (empty or not).
    pub(crate) fn contains(&self, key: &str) -> bool {
        self.left().any(|(_, option)| canonical_option_key(option.key()) == key)
    }

    /// The keys not taken yet: (normalised, as written), in the order written.
    pub(crate) fn remaining(&self) -> impl Iterator<Item = (Cow<'a, str>, &'a str)> + '_ {
        self.left().map(|(_, option)| (canonical_option_key(option.key()), option.key()))
    }

    /// The options not taken yet, with their positions.
    fn left(&self) -> impl Iterator<Item = (usize, &'a SqlOption)> + '_ {
        let options: &'a [SqlOption] = self.options;
        options.iter().enumerate().filter(|(at, _)| !self.taken.contains(at))
    }
}

/// The position of the first option whose key (by the key rule) an earlier option has, if any.
/// The positions are sorted by key, 8 bytes each, and neighbours compared: a set of the
/// normalised keys held a copy of every key and its table.
fn first_repeated_key(options: &[SqlOption]) -> Option<usize> {
    let key = |at: usize| canonical_option_key(options[at].key());
    let mut order: Vec<usize> = (0..options.len()).collect();
    // By key, then by position: the first of each run of equal keys is its first place.
    order.sort_unstable_by(|&a, &b| key(a).cmp(&key(b)).then(a.cmp(&b)));
    order.windows(2).filter(|pair| key(pair[0]) == key(pair[1])).map(|pair| pair[1]).min()
}
