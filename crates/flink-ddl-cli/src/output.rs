//! Standard output: the `-o` formats, and writing each statement's result as soon as it is
//! rendered.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::ValueEnum;
use flink_ddl_exec::OutputFormat;

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

/// Standard output, written statement by statement and flushed after each, so whatever a
/// killed run reported is on its output.
pub(crate) struct Output {
    pub(crate) format: OutputFormat,
}

impl Output {
    pub(crate) fn new(format: OutputFormat) -> Self {
        Output { format }
    }

    /// Writes one rendered outcome (YAML documents are separated by `---`). A closed stdout
    /// (`| head`) ends the run with exit code 1, without a panic.
    pub(crate) fn write(&mut self, rendered: &str) -> Result<(), ExitCode> {
        if self.format == OutputFormat::Yaml {
            self.write_text(&format!("---\n{rendered}"))
        } else {
            self.write_text(rendered)
        }
    }

    /// Writes `text` as it is and flushes it.
    pub(crate) fn write_text(&mut self, text: &str) -> Result<(), ExitCode> {
        let mut stdout = io::stdout().lock();
        let written = stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush());
        written.map_err(|e| {
            if e.kind() != io::ErrorKind::BrokenPipe {
                report!("error: cannot write to standard output: {e}");
            }
            ExitCode::from(1)
        })
    }
}
