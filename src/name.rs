//! Names: `Ident` (one name) and `ObjectName` (1 to 3 names joined by `.`), with their printing
//! and their parsers.
//!
//! Unquoted names are `[A-Za-z_$][A-Za-z0-9_$]*` and may not be one of Flink's reserved words;
//! anything else goes between backticks, a backtick inside written twice. The AST keeps the name
//! itself, not how it was quoted: printing quotes exactly the names that need it, so the print
//! parses back to the same AST.

use std::fmt;

use compact_str::CompactString;
use nom::Parser;
use serde::Serialize;

use crate::lexical::keyword::{is_reserved, reserved_word};
use crate::lexical::quoted_name::scan_quoted_name;
use crate::lexical::scan::QuotedScan;
use crate::lexical::{is_word_char, is_word_start, peek_word, skip_ws, ws, Input, PResult, Reason, SyntaxError};
use crate::print::{SqlWriter, ToSql};

/// One name, as the user meant it (case kept; names compare case-sensitively).
///
/// ```
/// use flink_ddl::Ident;
/// assert_eq!(Ident::new("orders").to_string(), "orders");
/// assert_eq!(Ident::new("my-conn").to_string(), "`my-conn`");
/// assert_eq!(Ident::new("select").to_string(), "`select`");
/// assert_eq!(Ident::new("odd`name").to_string(), "`odd``name`");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Ident(
    // Inline up to 24 bytes: most names are short, and a table has many of them, each otherwise a
    // heap allocation.
    CompactString,
);

impl Ident {
    /// A name with exactly this text (no quoting rules apply: any text is a name).
    pub fn new(value: impl Into<String>) -> Self {
        Ident(CompactString::from(value.into()))
    }

    /// The name's text, without quotes.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// True when printing must put the name between backticks: it is empty, is not shaped like
    /// an unquoted name, or is a reserved word.
    pub fn needs_quotes(&self) -> bool {
        let bytes = self.0.as_bytes();
        match bytes.first() {
            None => true,
            Some(&first) => !is_word_start(first) || !bytes.iter().all(|&c| is_word_char(c)) || is_reserved(&self.0),
        }
    }
}

impl ToSql for Ident {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        if !self.needs_quotes() {
            return w.write_str(&self.0);
        }
        w.write_str("`")?;
        let mut parts = self.0.split('`');
        if let Some(first) = parts.next() {
            w.write_str(first)?;
        }
        for part in parts {
            w.write_str("``")?;
            w.write_str(part)?;
        }
        w.write_str("`")
    }
}

impl fmt::Display for Ident {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        crate::print::display(self, f)
    }
}

impl From<&str> for Ident {
    fn from(value: &str) -> Self {
        Ident::new(value)
    }
}

/// A possibly qualified name: `name`, `db.name` or `catalog.db.name` (for connections, the
/// catalog part names the environment: `[environment.][db.]name`).
///
/// ```
/// use flink_ddl::{Ident, ObjectName};
/// let name = ObjectName::new(["env-1", "db", "crm"]).unwrap();
/// assert_eq!(name.to_string(), "`env-1`.db.crm");
/// assert_eq!(name.name(), &Ident::new("crm"));
/// assert_eq!(name.catalog().map(Ident::as_str), Some("env-1"));
/// assert!(ObjectName::new(Vec::<&str>::new()).is_none());
/// ```
// Compared, hashed, shown and serialized as its slice of parts, as a vector of them was.
#[derive(Clone)]
pub struct ObjectName(Parts);

/// The parts of an [`ObjectName`]: most names have one, held inline (no allocation per name);
/// qualified ones are one block of their exact length.
#[derive(Clone)]
enum Parts {
    One(Ident),
    Many(Box<[Ident]>),
}

impl From<Vec<Ident>> for Parts {
    fn from(mut parts: Vec<Ident>) -> Self {
        match parts.pop() {
            Some(only) if parts.is_empty() => Parts::One(only),
            Some(last) => {
                parts.push(last);
                Parts::Many(parts.into_boxed_slice())
            }
            None => Parts::Many(Box::default()),
        }
    }
}

impl PartialEq for ObjectName {
    fn eq(&self, other: &Self) -> bool {
        self.parts() == other.parts()
    }
}

impl Eq for ObjectName {}

impl std::hash::Hash for ObjectName {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.parts().hash(state);
    }
}

impl PartialOrd for ObjectName {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for ObjectName {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.parts().cmp(other.parts())
    }
}

impl fmt::Debug for ObjectName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("ObjectName").field(&self.parts()).finish()
    }
}

impl Serialize for ObjectName {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.parts().serialize(s)
    }
}

impl ObjectName {
    /// The most parts a name may have.
    pub const MAX_PARTS: usize = 3;

    /// A name of 1 to 3 parts; `None` for 0 or more than 3.
    pub fn new<I>(parts: I) -> Option<Self>
    where
        I: IntoIterator,
        I::Item: Into<Ident>,
    {
        let parts: Vec<Ident> = parts.into_iter().map(Into::into).collect();
        (1..=Self::MAX_PARTS).contains(&parts.len()).then(|| ObjectName(Parts::from(parts)))
    }

    /// A one-part name.
    pub fn simple(name: impl Into<Ident>) -> Self {
        ObjectName(Parts::One(name.into()))
    }

    /// All parts, outermost first.
    pub fn parts(&self) -> &[Ident] {
        match &self.0 {
            Parts::One(part) => std::slice::from_ref(part),
            Parts::Many(parts) => parts,
        }
    }

    /// The last part: the object's own name.
    pub fn name(&self) -> &Ident {
        self.parts().last().expect("an ObjectName has at least one part")
    }

    /// The database part: the middle of three parts, or the first of two.
    pub fn database(&self) -> Option<&Ident> {
        match self.parts().len() {
            2 => Some(&self.parts()[0]),
            3 => Some(&self.parts()[1]),
            _ => None,
        }
    }

    /// The catalog part (for connections: the environment), present only in three-part names.
    pub fn catalog(&self) -> Option<&Ident> {
        (self.parts().len() == 3).then(|| &self.parts()[0])
    }
}

impl ToSql for ObjectName {
    fn write_sql(&self, w: &mut SqlWriter<'_>) -> fmt::Result {
        for (n, part) in self.parts().iter().enumerate() {
            if n > 0 {
                w.write_str(".")?;
            }
            part.write_sql(w)?;
        }
        Ok(())
    }
}

impl fmt::Display for ObjectName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        crate::print::display(self, f)
    }
}

impl From<Ident> for ObjectName {
    fn from(name: Ident) -> Self {
        ObjectName(Parts::One(name))
    }
}

/// One name, quoted or not, after blanks. A reserved word is refused (recoverably, so that a
/// caller may read it as a keyword instead).
pub(crate) fn ident(i: Input<'_>) -> PResult<'_, Ident> {
    let (i, ()) = ws(i)?;
    match scan_quoted_name(i) {
        QuotedScan::Quoted { len, escaped } => {
            if len == 2 {
                return SyntaxError::new(i, Reason::EmptyQuotedName).fail();
            }
            let inner = &i[1..len - 1];
            let value = if escaped { CompactString::from(inner.replace("``", "`")) } else { CompactString::new(inner) };
            Ok((&i[len..], Ident(value)))
        }
        QuotedScan::Unterminated => SyntaxError::new(i, Reason::UnterminatedQuotedName).fail(),
        QuotedScan::NotQuoted => {
            let word = peek_word(i);
            if word.is_empty() {
                return SyntaxError::expected(i, "a name").backtrack();
            }
            // COMMENT is reserved in Flink, but Confluent's pages name columns `comment`.
            if let Some(reserved) = reserved_word(word).filter(|w| *w != "COMMENT") {
                return SyntaxError::new(i, Reason::ReservedWord { word: reserved }).backtrack();
            }
            Ok((&i[word.len()..], Ident(CompactString::new(word))))
        }
    }
}

/// A name being declared or referred to as a whole (a connection, table or column name): like
/// `ident`, and an unquoted name running into `-` gets an error that suggests backticks.
pub(crate) fn name_part(i: Input<'_>) -> PResult<'_, Ident> {
    // The usual plain name in one pass; anything else (and every error) takes the general path.
    if let FirstWord::Name(rest, name) = first_word(skip_ws(i)) {
        return Ok((rest, name));
    }
    let (rest, name) = ident(i)?;
    let start = skip_ws(i);
    let after = rest.as_bytes();
    if !start.starts_with('`') && after.first() == Some(&b'-') && after.get(1).is_some_and(|&c| is_word_char(c)) {
        let run = start.bytes().position(|c| !(is_word_char(c) || c == b'-')).unwrap_or(start.len());
        let hyphenated = start[..run].trim_end_matches('-');
        return SyntaxError::new(rest, Reason::HyphenatedName { name: hyphenated.to_owned() }).fail();
    }
    Ok((rest, name))
}

/// The first word of a list element, read and classified once (see [`first_word`]).
pub(crate) enum FirstWord<'a> {
    /// An unquoted name that is no reserved word (or is `COMMENT`, see `ident`), with the input
    /// after it: exactly what `name_part` would read there.
    Name(Input<'a>, Ident),
    /// A reserved word (canonical spelling), which may start another kind of element.
    Reserved(&'static str),
    /// Anything else (a quoted name, a hyphenated name, a symbol, an unterminated comment):
    /// `name_part` decides, with its errors.
    Other,
}

/// The word at `at` (after blanks): one scan of its bytes and one reserved-word lookup decide both
/// what kind of element starts here and, for a plain name, the name itself, so the usual column
/// is not looked up as a keyword and then read again as a name.
pub(crate) fn first_word(at: Input<'_>) -> FirstWord<'_> {
    let bytes = at.as_bytes();
    if !bytes.first().is_some_and(u8::is_ascii_alphabetic) {
        return FirstWord::Other;
    }
    let word = peek_word(at);
    let rest = &at[word.len()..];
    if let Some(reserved) = reserved_word(word).filter(|w| *w != "COMMENT") {
        return FirstWord::Reserved(reserved);
    }
    // `my-name`: left to `name_part`, which suggests backticks.
    if rest.as_bytes().first() == Some(&b'-') {
        return FirstWord::Other;
    }
    FirstWord::Name(rest, Ident(CompactString::new(word)))
}

/// `name [. name [. name]]`.
pub(crate) fn object_name(i: Input<'_>) -> PResult<'_, ObjectName> {
    let (mut i, first) = name_part(i)?;
    // Tested in place: most names have one part, and a failed `punct` builds an error.
    let Some(mut after_dot) = skip_ws(i).strip_prefix('.') else { return Ok((i, ObjectName(Parts::One(first)))) };
    let mut parts = Vec::with_capacity(ObjectName::MAX_PARTS);
    parts.push(first);
    loop {
        if parts.len() == ObjectName::MAX_PARTS {
            let at = skip_ws(i);
            return SyntaxError::new(at, Reason::TooManyNameParts { max: ObjectName::MAX_PARTS }).fail();
        }
        // After a dot a name must follow: commit.
        let (rest, part) = nom::combinator::cut(name_part).parse(after_dot)?;
        parts.push(part);
        i = rest;
        let Some(next) = skip_ws(i).strip_prefix('.') else { return Ok((i, ObjectName(Parts::from(parts)))) };
        after_dot = next;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_name(text: &str) -> Result<ObjectName, Reason> {
        match object_name(text) {
            Ok((_, name)) => Ok(name),
            Err(nom::Err::Error(e) | nom::Err::Failure(e)) => Err(e.reason),
            Err(nom::Err::Incomplete(_)) => unreachable!(),
        }
    }

    #[test]
    fn a_name_is_as_small_as_the_vector_it_replaced() {
        assert_eq!(std::mem::size_of::<ObjectName>(), std::mem::size_of::<Vec<Ident>>());
    }

    #[test]
    fn quoted_and_unquoted_parts() {
        let name = parse_name("`my-env` . db.$conn_1").unwrap();
        assert_eq!(name.parts().iter().map(Ident::as_str).collect::<Vec<_>>(), ["my-env", "db", "$conn_1"]);
    }

    #[test]
    fn doubled_backtick_is_one_backtick() {
        assert_eq!(parse_name("`odd``name`").unwrap().name().as_str(), "odd`name");
        assert_eq!(parse_name("````").unwrap().name().as_str(), "`");
    }

    #[test]
    fn empty_and_unterminated_quoted_names_fail() {
        assert_eq!(parse_name("``"), Err(Reason::EmptyQuotedName));
        assert_eq!(parse_name("`abc"), Err(Reason::UnterminatedQuotedName));
    }

    #[test]
    fn hyphenated_unquoted_name_suggests_backticks() {
        let Err(nom::Err::Failure(e)) = object_name("my-openai-conn WITH") else { panic!() };
        assert_eq!(e.reason, Reason::HyphenatedName { name: "my-openai-conn".into() });
        assert_eq!(e.at, "-openai-conn WITH");
    }

    #[test]
    fn reserved_words_need_backticks() {
        assert_eq!(parse_name("select"), Err(Reason::ReservedWord { word: "SELECT" }));
        assert_eq!(parse_name("`select`").unwrap().name().as_str(), "select");
        assert_eq!(parse_name("if").unwrap().name().as_str(), "if");
        assert_eq!(parse_name("comment").unwrap().name().as_str(), "comment");
    }

    #[test]
    fn at_most_three_parts() {
        assert_eq!(parse_name("a.b.c.d"), Err(Reason::TooManyNameParts { max: 3 }));
        assert!(matches!(parse_name("a."), Err(Reason::Expected(_))));
    }

    #[test]
    fn printing_quotes_only_what_needs_it() {
        let name = ObjectName::new(["env", "my db", "table", "$x", "1a"].into_iter().take(3)).unwrap();
        assert_eq!(name.to_string(), "env.`my db`.`table`");
        assert_eq!(Ident::new("$x").to_string(), "$x");
        assert_eq!(Ident::new("1a").to_string(), "`1a`");
        assert_eq!(Ident::new("").to_string(), "``");
        assert_eq!(Ident::new("Crm").to_string(), "Crm");
        assert_eq!(Ident::new("comment").to_string(), "`comment`");
    }
}
