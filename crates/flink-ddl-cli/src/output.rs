//! Standard output: the `-o` formats, and writing each statement's result as soon as it is
//! rendered.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::ValueEnum;
use flink_ddl_exec::{render_to, Outcome, OutputFormat};

/// `-o` values.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// Tables
    Human,
    /// One JSON document per line
    Json,
    /// YAML documents
    Yaml,
}

impl From<Format> for OutputFormat {
    fn from(format: Format) -> Self {
        match format {
            Format::Human => OutputFormat::Human,
            Format::Json => OutputFormat::Json,
            Format::Yaml => OutputFormat::Yaml,
        }
    }
}

/// A message for the terminal: names and endpoints in it may hold control characters (ESC, CR,
/// bidi overrides), shown escaped (`\u{1b}`); its own line breaks are kept.
pub(crate) fn escape_message(message: &str) -> String {
    flink_ddl_exec::escape_controls(message, &['\n'])
}

/// Standard output, written statement by statement and flushed after each, so whatever a
/// killed run reported is on its output.
pub(crate) struct Output {
    pub(crate) format: OutputFormat,
    /// How many results were written: human results after the first are set off by a blank line.
    results: usize,
}

impl Output {
    pub(crate) fn new(format: OutputFormat) -> Self {
        Output { format, results: 0 }
    }

    /// Writes one outcome, rendered as it is written ([`flink_ddl_exec::render_to`]: a huge JSON
    /// or YAML result is never held as text). Human results are separated by a blank line, as
    /// SQL clients do, so that each result can be told from the next; YAML documents by `---`;
    /// JSON is one document per line. A closed stdout (`| head`) ends the run with exit code 1,
    /// without a panic.
    pub(crate) fn write_outcome(&mut self, outcome: &Outcome) -> Result<(), ExitCode> {
        self.results += 1;
        // The separator is written before the result, not joined to it: a copy of a huge result
        // would double what the binary holds.
        let separator = match self.format {
            OutputFormat::Yaml => "---\n",
            OutputFormat::Human if self.results > 1 => "\n",
            _ => "",
        };
        let mut stdout = io::stdout().lock();
        let written = stdout
            .write_all(separator.as_bytes())
            .and_then(|()| render_to(outcome, self.format, &mut stdout))
            .and_then(|()| stdout.flush());
        written.map_err(Self::failed)
    }

    /// Writes `text` as it is and flushes it.
    pub(crate) fn write_text(&mut self, text: &str) -> Result<(), ExitCode> {
        self.write_parts(&[text])
    }

    /// Writes `parts` one after the other and flushes them.
    fn write_parts(&mut self, parts: &[&str]) -> Result<(), ExitCode> {
        let mut stdout = io::stdout().lock();
        let written = parts.iter().try_for_each(|part| stdout.write_all(part.as_bytes())).and_then(|()| stdout.flush());
        written.map_err(Self::failed)
    }

    /// A failed write: reported unless the reader went away (`| head`); exit code 1.
    fn failed(e: io::Error) -> ExitCode {
        if e.kind() != io::ErrorKind::BrokenPipe {
            report!("error: cannot write to standard output: {e}");
        }
        ExitCode::from(1)
    }
}
