//! `flink-ddl connection types`: the 19 connection types and the credential keys each one needs,
//! from the registry the executor checks against (`connection_type.rs`), so that a user learns
//! every key at once rather than one per failed attempt.

use serde::Serialize;

use super::format::OutputFormat;
use super::table;
use crate::connection_type::ConnectionType;

/// One type, as JSON and YAML show it.
#[derive(Debug, Serialize)]
struct TypeDoc {
    #[serde(rename = "type")]
    name: &'static str,
    label: &'static str,
    /// Credential keys always required.
    required: &'static [&'static str],
    /// Auth methods of which exactly one is given: each a set of keys given together.
    one_of: Vec<&'static [&'static str]>,
    optional: &'static [&'static str],
    table_connectors: &'static [&'static str],
}

/// The connection types with their keys, in `format` (human: one bordered table; JSON indented;
/// YAML). Every type needs `type` and `endpoint` besides (the `--type` and `--endpoint` flags).
///
/// ```
/// use flink_ddl_exec::{render_connection_types, OutputFormat};
/// let shown = render_connection_types(OutputFormat::Human);
/// assert!(shown.contains("| confluent_jdbc ") && shown.contains("username, password"));
/// assert!(shown.contains("|   username + password "), "a one-of type lists a method a line");
/// ```
pub fn render_connection_types(format: OutputFormat) -> String {
    let docs: Vec<TypeDoc> = ConnectionType::all()
        .map(|t| {
            let spec = t.spec();
            TypeDoc {
                name: spec.name,
                label: spec.label,
                required: spec.required,
                one_of: spec.one_of.iter().map(|m| m.keys).collect(),
                optional: spec.optional,
                table_connectors: spec.table_connectors,
            }
        })
        .collect();
    match format {
        OutputFormat::Human => {
            let rows: Vec<Vec<String>> = docs
                .iter()
                .map(|d| {
                    let needs = if d.one_of.is_empty() {
                        d.required.join(", ")
                    } else {
                        // One auth method a line, so the table stays narrow.
                        let methods: Vec<String> =
                            d.one_of.iter().map(|keys| format!("  {}", keys.join(" + "))).collect();
                        format!("one of:\n{}", methods.join("\n"))
                    };
                    vec![d.name.to_owned(), needs, d.optional.join(", "), d.table_connectors.join(", ")]
                })
                .collect();
            let mut out = table::header_table(&["Type", "Credential keys", "Optional keys", "Table connector"], &rows);
            out.push_str(
                "Every type also needs 'type' and 'endpoint'. Keys are SQL option keys; the `connection` verbs take \
                 them as flags (--api-key, --username, ...).\n",
            );
            out
        }
        OutputFormat::Json => {
            let mut text = serde_json::to_string_pretty(&docs).unwrap_or_default();
            text.push('\n');
            text
        }
        OutputFormat::Yaml => serde_yaml_ng::to_string(&docs).unwrap_or_default(),
    }
}
