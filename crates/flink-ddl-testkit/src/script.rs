//! The binary's path, for the memory tests of each catalog: a script run as `flink-ddl -f` runs
//! it, and the hostile statement the red team measured through it.

use std::io;

use flink_ddl::Parser;
use flink_ddl_exec::{render_to, OutputFormat, Session};

/// A `CREATE TABLE t` with `n` options of about 60 bytes each after `'connector' = 'datagen'`
/// (the red team's case was 27.8 MB of them through the binary).
pub fn table_with_options(n: usize) -> String {
    let options: Vec<String> =
        (0..n).map(|i| format!("'connector.option-{i}' = 'a value of some length {i}'")).collect();
    format!("CREATE TABLE t (a INT) WITH ('connector' = 'datagen', {})", options.join(", "))
}

/// [`table_with_options`] without a `connector`: Confluent's default one, which `SHOW CREATE
/// TABLE` adds among the options, ordered by their printed text.
pub fn table_on_the_default_connector(n: usize) -> String {
    table_with_options(n).replacen("'connector' = 'datagen', ", "", 1)
}

/// Standard output, as far as memory goes: it takes the bytes and counts them.
#[derive(Debug, Default)]
struct Counted(usize);

impl io::Write for Counted {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0 += bytes.len();
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// What `flink-ddl -f` does with a script: each statement parsed, run with
/// [`Session::execute_owned`] and written out with [`render_to`], in turn. Returns the bytes
/// written. Every statement must parse and succeed.
#[track_caller]
pub fn run_script(session: &Session, script: &str, format: OutputFormat) -> usize {
    let mut out = Counted::default();
    for item in Parser::new().statements(script) {
        let (statement, _) = item.unwrap_or_else(|e| panic!("{e}"));
        let outcome = session.execute_owned(statement).unwrap_or_else(|e| panic!("{e}"));
        render_to(&outcome, format, &mut out).unwrap_or_else(|e| panic!("{e}"));
    }
    out.0
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use flink_ddl_exec::MemoryCatalog;

    use super::*;

    #[test]
    fn a_script_is_run_and_every_result_written_as_render_gives_it() {
        let script = format!("{}; SHOW TABLES", table_with_options(3));
        let session = crate::session(Arc::new(MemoryCatalog::new()));
        let written = run_script(&session, &script, OutputFormat::Json);

        let again = crate::session(Arc::new(MemoryCatalog::new()));
        let expected: usize = Parser::new()
            .statements(&script)
            .map(|item| flink_ddl_exec::render(&again.execute(&item.unwrap().0).unwrap(), OutputFormat::Json).len())
            .sum();
        assert_eq!(written, expected);
        assert_eq!(crate::names(&crate::ok(&session, "SHOW TABLES")), ["t"]);
        assert!(table_with_options(3).contains("'connector.option-2' = 'a value of some length 2')"));
    }
}
