//! Oracle: every statement that parses prints (unredacted) to text that parses back to an equal
//! statement, printing that again gives the same text, and the masked print parses too.
//!
//! Inputs are either raw text (mutated from the seed corpus of real statements) or, when the first
//! byte is odd, a statement generated from the grammar (`grammar/flink-ddl.ebnf`) by the bytes
//! that follow, so the fuzzer also reaches well-formed statements it would rarely type.
#![no_main]

use arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let generated;
    let sql = match data.split_first() {
        Some((first, rest)) if first % 2 == 1 => {
            generated = match generate(&mut Unstructured::new(rest)) {
                Ok(sql) => sql,
                Err(_) => return,
            };
            generated.as_str()
        }
        _ => match std::str::from_utf8(data) {
            Ok(sql) => sql,
            Err(_) => return,
        },
    };
    let Ok(statements) = flink_ddl::parse(sql) else { return };
    for stmt in statements {
        let printed = stmt.unredacted().to_string();
        let reparsed = flink_ddl::parse_statement(&printed)
            .unwrap_or_else(|e| panic!("the print does not parse:\n{printed}\n{e}"));
        assert_eq!(reparsed, stmt, "re-parsing the print changed the AST:\n{printed}");
        assert_eq!(reparsed.unredacted().to_string(), printed, "printing is not a fixed point");
        let masked = stmt.to_string();
        if let Err(e) = flink_ddl::parse_statement(&masked) {
            panic!("the masked print does not parse:\n{masked}\n{e}");
        }
    }
});

/// One statement of the grammar, with names, keys and values chosen by `u`.
fn generate(u: &mut Unstructured<'_>) -> Result<String> {
    let name = object_name(u)?;
    Ok(match u.int_in_range(0..=5)? {
        0 => {
            let or_replace = u.arbitrary::<bool>()?;
            let if_not_exists = !or_replace && u.arbitrary::<bool>()?;
            let comment = if u.arbitrary()? { format!(" COMMENT {}", literal(u)?) } else { String::new() };
            format!(
                "CREATE {}CONNECTION {}{name}{comment} WITH {}",
                if or_replace { "OR REPLACE " } else { "" },
                if if_not_exists { "IF NOT EXISTS " } else { "" },
                options(u)?
            )
        }
        1 => format!("ALTER CONNECTION {}{name} SET {}", if u.arbitrary()? { "IF EXISTS " } else { "" }, options(u)?),
        2 => format!("DROP CONNECTION {}{name}", if u.arbitrary()? { "IF EXISTS " } else { "" }),
        3 => format!("{} CONNECTION {}{name}", u.choose(&["DESCRIBE", "DESC"])?, if u.arbitrary()? { "EXTENDED " } else { "" }),
        4 => {
            let filter = if u.arbitrary()? {
                format!(" {}{} {}", if u.arbitrary()? { "NOT " } else { "" }, u.choose(&["LIKE", "ILIKE"])?, literal(u)?)
            } else {
                String::new()
            };
            format!("SHOW CONNECTIONS{filter}")
        }
        _ => format!("SHOW CREATE CONNECTION {name}"),
    })
}

fn object_name(u: &mut Unstructured<'_>) -> Result<String> {
    let parts = u.int_in_range(1..=3)?;
    let mut out = Vec::new();
    for _ in 0..parts {
        out.push(ident(u)?);
    }
    Ok(out.join("."))
}

fn ident(u: &mut Unstructured<'_>) -> Result<String> {
    let text: String = u.arbitrary()?;
    Ok(if text.is_empty() { "c".to_string() } else { format!("`{}`", text.replace('`', "``")) })
}

fn literal(u: &mut Unstructured<'_>) -> Result<String> {
    let text: String = u.arbitrary()?;
    Ok(format!("'{}'", text.replace('\'', "''")))
}

fn options(u: &mut Unstructured<'_>) -> Result<String> {
    const KEYS: &[&str] = &["type", "endpoint", "api-key", "API_KEY", "password", "username", "token", "ap-key"];
    let count = u.int_in_range(1..=4)?;
    let mut pairs = Vec::new();
    for n in 0..count {
        // The index keeps keys distinct (a repeated key is an error, not a round-trip case).
        let key = if u.arbitrary()? {
            format!("'{}{n}'", u.choose(KEYS)?)
        } else {
            let text = literal(u)?;
            format!("{}{n}'", &text[..text.len() - 1])
        };
        pairs.push(format!("{key} = {}", literal(u)?));
    }
    Ok(format!("({})", pairs.join(", ")))
}
