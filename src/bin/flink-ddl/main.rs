//! The `flink-ddl` binary (first version): parses `-e SQL` and `-f FILE` arguments and prints each
//! statement's canonical SQL, credentials masked, or the first error with its position.
#![forbid(unsafe_code)]

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut sources: Vec<(String, String)> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-e" => match args.next() {
                Some(sql) => sources.push(("<-e>".into(), sql)),
                None => return usage("-e needs a SQL argument"),
            },
            "-f" => match args.next() {
                Some(path) => match std::fs::read(&path) {
                    Ok(bytes) => match String::from_utf8(bytes) {
                        Ok(text) => sources.push((path, text)),
                        Err(e) => {
                            eprintln!("error: {path}: not valid UTF-8 (at byte {})", e.utf8_error().valid_up_to());
                            return ExitCode::from(1);
                        }
                    },
                    Err(e) => {
                        eprintln!("error: {path}: {e}");
                        return ExitCode::from(1);
                    }
                },
                None => return usage("-f needs a file argument"),
            },
            "-h" | "--help" => {
                println!("usage: flink-ddl [-e SQL]... [-f FILE]...");
                return ExitCode::SUCCESS;
            }
            other => return usage(&format!("unexpected argument: {}", flink_ddl::redact_sql(other))),
        }
    }
    for (name, sql) in &sources {
        for item in flink_ddl::Parser::new().statements(sql) {
            match item {
                Ok((statement, _)) => println!("{statement};"),
                Err(err) => {
                    eprintln!("error: {name}:{}:{}: {err}", err.line(), err.column());
                    return ExitCode::from(1);
                }
            }
        }
    }
    ExitCode::SUCCESS
}

fn usage(problem: &str) -> ExitCode {
    eprintln!("error: {problem}\nusage: flink-ddl [-e SQL]... [-f FILE]...");
    ExitCode::from(2)
}
