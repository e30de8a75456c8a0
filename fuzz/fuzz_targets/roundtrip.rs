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
    let statements = match flink_ddl::parse(sql) {
        Ok(statements) => statements,
        Err(e) => {
            // FUZZ_DEBUG=1 shows generated statements that do not parse (the generator's own bugs).
            if generated_input(data) && std::env::var_os("FUZZ_DEBUG").is_some() {
                eprintln!("generated statement does not parse: {sql}\n{e}");
            }
            return;
        }
    };
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

fn generated_input(data: &[u8]) -> bool {
    data.first().is_some_and(|first| first % 2 == 1)
}

/// One statement of the grammar, with names, keys and values chosen by `u`.
fn generate(u: &mut Unstructured<'_>) -> Result<String> {
    let name = object_name(u)?;
    Ok(match u.int_in_range(0..=7)? {
        6 | 7 => create_table(u, &name)?,
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
        3 => format!(
            "{} CONNECTION {}{name}",
            u.choose(&["DESCRIBE", "DESC"])?,
            if u.arbitrary()? { "EXTENDED " } else { "" }
        ),
        4 => {
            let filter = if u.arbitrary()? {
                format!(
                    " {}{} {}",
                    if u.arbitrary()? { "NOT " } else { "" },
                    u.choose(&["LIKE", "ILIKE"])?,
                    literal(u)?
                )
            } else {
                String::new()
            };
            format!("SHOW CONNECTIONS{filter}")
        }
        _ => format!("SHOW CREATE CONNECTION {name}"),
    })
}

/// A CREATE TABLE with physical, computed and metadata columns, a watermark, a key and options.
fn create_table(u: &mut Unstructured<'_>, name: &str) -> Result<String> {
    let mut elements = Vec::new();
    let columns = u.int_in_range(1..=6)?;
    for n in 0..columns {
        let col = format!("c{n}");
        // c0 stays physical: the primary key and the distribution name it.
        elements.push(match if n == 0 { 5 } else { u.int_in_range(0..=5)? } {
            0 => format!("{col} AS {}", expr(u, 3)?),
            1 => format!("{col} {} METADATA FROM 'offset' VIRTUAL", data_type(u, 2)?),
            _ => format!("{col} {}{}", data_type(u, 3)?, if u.arbitrary()? { " NOT NULL" } else { "" }),
        });
    }
    if u.arbitrary()? {
        elements.push("ts TIMESTAMP_LTZ(3)".into());
        elements.push(format!("WATERMARK FOR ts AS ts - INTERVAL '{}' SECOND", u.int_in_range(0..=60)?));
    }
    if u.arbitrary()? {
        elements.push("PRIMARY KEY (c0) NOT ENFORCED".into());
    }
    let mut sql = format!("CREATE TABLE {name} ({})", elements.join(", "));
    if u.arbitrary()? {
        sql.push_str(&format!(" COMMENT {}", literal(u)?));
    }
    if u.arbitrary()? {
        sql.push_str(&format!(" DISTRIBUTED BY HASH(c0) INTO {} BUCKETS", u.int_in_range(1..=64)?));
    }
    if u.arbitrary()? {
        sql.push_str(&format!(" WITH {}", options(u)?));
    }
    Ok(sql)
}

fn data_type(u: &mut Unstructured<'_>, depth: u32) -> Result<String> {
    const SIMPLE: &[&str] = &[
        "INT",
        "BIGINT",
        "STRING",
        "BOOLEAN",
        "DOUBLE",
        "DATE",
        "BYTES",
        "DECIMAL(10, 2)",
        "VARCHAR(32)",
        "TIMESTAMP(3)",
        "TIMESTAMP_LTZ(3)",
        "TIME(0)",
        "INTERVAL DAY TO SECOND(3)",
        "CHAR(1)",
        "FLOAT",
    ];
    if depth == 0 || u.ratio(2, 3)? {
        return Ok(u.choose(SIMPLE)?.to_string());
    }
    Ok(match u.int_in_range(0..=3)? {
        0 => format!("ARRAY<{}>", data_type(u, depth - 1)?),
        1 => format!("MAP<{}, {}>", data_type(u, depth - 1)?, data_type(u, depth - 1)?),
        2 => format!("ROW<f0 {}, f1 {} {}>", data_type(u, depth - 1)?, data_type(u, depth - 1)?, literal(u)?),
        _ => format!("MULTISET<{}>", data_type(u, depth - 1)?),
    })
}

fn expr(u: &mut Unstructured<'_>, depth: u32) -> Result<String> {
    if depth == 0 || u.ratio(1, 3)? {
        return Ok(match u.int_in_range(0..=5)? {
            0 => format!("c{}", u.int_in_range(0..=5)?),
            1 => u.int_in_range(-1000..=1000_i32)?.to_string(),
            2 => literal(u)?,
            3 => u.choose(&["TRUE", "FALSE", "NULL", "PROCTIME()", "CURRENT_TIMESTAMP"])?.to_string(),
            4 => format!("INTERVAL '{}' MINUTE", u.int_in_range(0..=59)?),
            _ => "1.5E3".to_string(),
        });
    }
    // Operands in parentheses: the printer decides which ones it keeps.
    let a = format!("({})", expr(u, depth - 1)?);
    let b = format!("({})", expr(u, depth - 1)?);
    Ok(match u.int_in_range(0..=9)? {
        0 => format!("{a} {} {b}", u.choose(&["+", "-", "*", "/", "%", "||"])?),
        1 => format!("({a} {} {b})", u.choose(&["=", "<>", "<", "<=", ">", ">=", "AND", "OR"])?),
        2 => format!("CAST({a} AS {})", data_type(u, 1)?),
        3 => format!("CASE WHEN {a} THEN {b} ELSE ({}) END", expr(u, depth - 1)?),
        4 => format!("{a} IS {}NULL", if u.arbitrary()? { "NOT " } else { "" }),
        5 => format!("{a} {}BETWEEN {b} AND ({})", if u.arbitrary()? { "NOT " } else { "" }, expr(u, depth - 1)?),
        6 => format!("{a} IN ({b}, ({}))", expr(u, depth - 1)?),
        7 => format!("UPPER({a})"),
        8 => format!("NOT {a}"),
        _ => format!("- {a}"),
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
