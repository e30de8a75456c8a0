//! Parses a bench corpus and prints how many statements it held: the program to profile when the
//! parser changes. Instruction counts (callgrind) are steadier than times on a shared machine:
//!
//! ```sh
//! cargo build --release --example parse_count
//! valgrind --tool=callgrind --collect-atstart=no --toggle-collect='flink_ddl::parse' \
//!     target/release/examples/parse_count tables subset 1048576
//! ```
//!
//! Arguments: the corpus (`connections`, `tables` or `ai`), which statements (`whole`, or
//! `subset`: those sqlparser-rs also parses, as in `benches/parse.rs`), the corpus size in bytes
//! (default 1 MiB) and how many times to parse it (default 1). Nothing but `flink_ddl::parse` runs
//! between the toggles, so the counts are the parse alone.
//!
//! A fifth argument `sqlparser` parses the same script with sqlparser-rs instead (toggle on
//! `parse_count::sqlparser_parse_all`): on a shared machine the ratio of the two instruction
//! counts is a steadier comparison than the bench's times, though not the same measure.

#![forbid(unsafe_code)]

#[path = "../benches/support/corpus.rs"]
mod corpus;
#[path = "../benches/support/sqlparser_subset.rs"]
mod sqlparser_subset;

use std::hint::black_box;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let which = args.first().map_or("tables", String::as_str);
    let part = args.get(1).map_or("whole", String::as_str);
    let bytes = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(1 << 20);
    let times: usize = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(1);
    let whole = match which {
        "connections" => corpus::connection_corpus(bytes, corpus::SEED),
        "tables" => corpus::table_corpus(bytes, corpus::SEED),
        "ai" => corpus::ai_corpus(bytes, corpus::SEED),
        other => {
            eprintln!("unknown corpus `{other}`: use connections, tables or ai");
            return ExitCode::FAILURE;
        }
    };
    let chosen = match part {
        "whole" => whole,
        "subset" => sqlparser_subset::accepted_by_sqlparser(&whole, "subset"),
        other => {
            eprintln!("unknown part `{other}`: use whole or subset");
            return ExitCode::FAILURE;
        }
    };
    let script = chosen.script();
    let mut count = 0;
    if args.get(4).map(String::as_str) == Some("sqlparser") {
        for _ in 0..times {
            match sqlparser_parse_all(black_box(&script)) {
                Ok(n) => count = n,
                Err(e) => {
                    eprintln!("sqlparser-rs: {e}");
                    return ExitCode::FAILURE;
                }
            }
        }
        println!("{which} {part} (sqlparser-rs): {count} statements, {} bytes, parsed {times} time(s)", script.len());
        return ExitCode::SUCCESS;
    }
    for _ in 0..times {
        match flink_ddl::parse(black_box(&script)) {
            Ok(statements) => count = black_box(statements).len(),
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::FAILURE;
            }
        }
    }
    println!("{which} {part}: {count} statements, {} bytes, parsed {times} time(s)", script.len());
    ExitCode::SUCCESS
}

/// sqlparser-rs's parse of `script` (the function to toggle callgrind on), and how many
/// statements it read.
#[inline(never)]
fn sqlparser_parse_all(script: &str) -> Result<usize, sqlparser::parser::ParserError> {
    sqlparser_subset::sqlparser_parse(script).map(|statements| black_box(statements).len())
}
