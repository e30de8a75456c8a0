//! [`OutputFormat`]: the `-o human|json|yaml` choice every renderer takes.

use std::fmt;
use std::str::FromStr;

/// How outcomes are printed (`-o human|json|yaml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OutputFormat {
    /// The tables of docs/executor.md#outputs.
    #[default]
    Human,
    /// JSON, one document per line.
    Json,
    /// YAML.
    Yaml,
}

/// An `-o` value that is not `human`, `json` or `yaml`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown output format `{format}`; use human, json or yaml")]
pub struct UnknownOutputFormat {
    /// What was given.
    pub format: String,
}

impl FromStr for OutputFormat {
    type Err = UnknownOutputFormat;

    /// ```
    /// use flink_ddl_exec::OutputFormat;
    /// assert_eq!("JSON".parse::<OutputFormat>(), Ok(OutputFormat::Json));
    /// assert!("xml".parse::<OutputFormat>().is_err());
    /// ```
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "human" => Ok(OutputFormat::Human),
            "json" => Ok(OutputFormat::Json),
            "yaml" => Ok(OutputFormat::Yaml),
            _ => Err(UnknownOutputFormat { format: s.to_owned() }),
        }
    }
}

impl fmt::Display for OutputFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            OutputFormat::Human => "human",
            OutputFormat::Json => "json",
            OutputFormat::Yaml => "yaml",
        })
    }
}
