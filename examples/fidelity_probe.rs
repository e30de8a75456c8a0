//! What flink-ddl makes of each statement of some SQL files, one JSON line per statement, for the
//! differential check against Apache Flink's own parser (`scripts/flink-diff.sh`, see
//! `docs/fidelity.md`).
//!
//! ```sh
//! cargo run --example fidelity_probe -- tests/fixtures/ok/*.sql   # or - for standard input
//! ```
//!
//! Files are cut into statements exactly as the Flink oracle cuts them (a `;` outside quotes and
//! comments, where `--`, `//` and `/* */` are comments, as in Calcite's lexer), so the two
//! reports line up statement by statement. Each statement is then parsed alone, and its error
//! position is given in the lines and columns of the whole file. A line carries the file, the
//! statement's number and first position, whether it parsed, and either the canonical print
//! (credentials masked: a masked value is still a string literal, so the print is as valid for
//! Flink as the real one) or the error (message, kind, line, column). For `CREATE TABLE ... AS`
//! it also gives where the query starts, which flink-ddl keeps as text.

#![forbid(unsafe_code)]

use std::io::{BufWriter, Read, Write};
use std::process::ExitCode;

use flink_ddl::{Parser, Statement};
use serde_json::json;

/// One statement of a file: its byte range and the position of its first token.
struct Segment {
    start: usize,
    end: usize,
    line: usize,
    column: usize,
}

/// Line and column (1-based, columns in characters) of byte `offset`; `\r\n`, `\r` and `\n`
/// each end a line, as Calcite counts them.
fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let before = &source[..offset];
    let bytes = before.as_bytes();
    let mut line = 1;
    let mut line_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                i += 2;
                line += 1;
                line_start = i;
            }
            b'\r' | b'\n' => {
                i += 1;
                line += 1;
                line_start = i;
            }
            _ => i += 1,
        }
    }
    (line, before[line_start..].chars().count() + 1)
}

/// The oracle's statement splitter, rule for rule: a `;` ends a statement unless it is inside
/// a string (`'...'` or `"..."`), a quoted name (`` `...` ``) or a comment; a doubled quote
/// escapes itself; an unterminated quote or comment runs to the end of the input.
fn split_statements(source: &str) -> Vec<Segment> {
    let bytes = source.as_bytes();
    let n = bytes.len();
    let mut segments = Vec::new();
    let mut i = 0;
    let mut segment_start = 0;
    let mut first_token: Option<usize> = None;
    let mut flush = |end: usize, segment_start: usize, first_token: &mut Option<usize>| {
        if let Some(first) = first_token.take() {
            let (line, column) = line_column(source, first);
            segments.push(Segment { start: segment_start, end, line, column });
        }
    };
    while i < n {
        let c = bytes[i];
        match c {
            b'\'' | b'"' | b'`' => {
                first_token.get_or_insert(i);
                let mut j = i + 1;
                while j < n {
                    if bytes[j] == c {
                        if bytes.get(j + 1) == Some(&c) {
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    j += 1;
                }
                i = j + 1;
            }
            b'-' if bytes.get(i + 1) == Some(&b'-') => i = line_end(bytes, i),
            b'/' if bytes.get(i + 1) == Some(&b'/') => i = line_end(bytes, i),
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = match find(bytes, i + 2, b"*/") {
                    Some(close) => close + 2,
                    None => n,
                }
            }
            b';' => {
                flush(i, segment_start, &mut first_token);
                i += 1;
                segment_start = i;
            }
            _ => {
                // Python's str.isspace() on the oracle's side; the blanks that matter in SQL
                // files are ASCII, and any other character starts a token on both sides.
                let ch = source[i..].chars().next().unwrap_or(' ');
                if !ch.is_whitespace() {
                    first_token.get_or_insert(i);
                }
                i += ch.len_utf8();
            }
        }
    }
    flush(n.min(source.len()), segment_start, &mut first_token);
    segments
}

/// The byte after the `\n` that ends the line holding `from`, or the end of the input.
fn line_end(bytes: &[u8], from: usize) -> usize {
    find(bytes, from, b"\n").map_or(bytes.len(), |at| at + 1)
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|at| from + at)
}

/// The JSON line of every statement of `source`.
fn probe(out: &mut impl Write, name: &str, source: &str) -> std::io::Result<()> {
    let parser = Parser::new();
    for (index, segment) in split_statements(source).iter().enumerate() {
        // `end` may sit past a `;` swallowed by an unterminated quote: never beyond the text.
        let end = segment.end.min(source.len());
        let text = &source[segment.start..end];
        let mut record = json!({
            "file": name,
            "index": index + 1,
            "line": segment.line,
            "column": segment.column,
        });
        match parser.parse_statement(text) {
            Ok(statement) => {
                record["ok"] = json!(true);
                record["print"] = json!(statement.to_string());
                // Where the opaque query of CREATE TABLE ... AS starts: the report tells Flink's
                // complaints about the query (which flink-ddl does not parse) from the rest.
                if let Statement::CreateTable(table) | Statement::ReplaceTable(table) = &statement {
                    if let Some(at) = table.as_query.as_deref().and_then(|query| text.rfind(query)) {
                        let (line, column) = line_column(source, segment.start + at);
                        record["query_line"] = json!(line);
                        record["query_column"] = json!(column);
                    }
                }
            }
            Err(err) => {
                let err = err.relocated(source, segment.start);
                record["ok"] = json!(false);
                record["error"] = json!(err.message());
                record["error_kind"] = json!(format!("{:?}", err.kind()));
                record["error_line"] = json!(err.line());
                record["error_column"] = json!(err.column());
            }
        }
        serde_json::to_writer(&mut *out, &record)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

fn main() -> ExitCode {
    let files: Vec<String> = std::env::args().skip(1).collect();
    if files.is_empty() {
        eprintln!("usage: fidelity_probe FILE... (- for standard input)");
        return ExitCode::from(2);
    }
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for name in &files {
        let source = if name == "-" {
            let mut text = String::new();
            std::io::stdin().read_to_string(&mut text).map(|_| text)
        } else {
            std::fs::read_to_string(name)
        };
        let source = match source {
            Ok(source) => source,
            Err(e) => {
                eprintln!("fidelity_probe: cannot read {name}: {e}");
                return ExitCode::from(2);
            }
        };
        if let Err(e) = probe(&mut out, name, &source) {
            eprintln!("fidelity_probe: {e}");
            return ExitCode::from(2);
        }
    }
    match out.flush() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("fidelity_probe: {e}");
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(source: &str) -> Vec<&str> {
        split_statements(source).iter().map(|s| &source[s.start..s.end.min(source.len())]).collect()
    }

    #[test]
    fn splits_at_semicolons_outside_quotes_and_comments() {
        let source = "SHOW TABLES; -- a; b\nSHOW CONNECTIONS LIKE 'a;b' /* ; */; DESC `x;y`;;\n";
        assert_eq!(texts(source), ["SHOW TABLES", " -- a; b\nSHOW CONNECTIONS LIKE 'a;b' /* ; */", " DESC `x;y`"]);
    }

    #[test]
    fn a_comment_only_segment_is_no_statement() {
        assert_eq!(texts("-- nothing;\n/* here; */ ; // nor; here"), Vec::<&str>::new());
    }

    #[test]
    fn positions_count_lines_and_characters() {
        let source = "SHOW TABLES;\r\n  é; SHOW TABLES";
        let starts: Vec<_> = split_statements(source).iter().map(|s| (s.line, s.column)).collect();
        assert_eq!(starts, [(1, 1), (2, 3), (2, 6)]);
    }

    #[test]
    fn an_unterminated_string_runs_to_the_end() {
        assert_eq!(texts("SHOW CONNECTIONS LIKE 'a; SHOW TABLES"), ["SHOW CONNECTIONS LIKE 'a; SHOW TABLES"]);
    }
}
