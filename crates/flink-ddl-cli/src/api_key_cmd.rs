//! `flink-ddl api-key create|list|delete`: the `sql/v1` server's API keys, kept in the catalog
//! (so every server on the same catalog knows them). `create` prints the secret once, as
//! `confluent api-key create` does; the catalog keeps only its argon2id hash, and `list` never
//! shows a secret.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::{Args, Subcommand};
use flink_ddl_exec::{ApiKeyRecord, CatalogError, Clock, Role, SystemClock};

use crate::catalog_choice::open_catalog;
use crate::output::Format;
use crate::store_args::StoreArgs;

/// The verbs.
#[derive(Subcommand, Debug)]
pub(crate) enum Verb {
    /// Create an API key for the sql/v1 server (the role comes from --role); prints its secret once
    Create(CreateArgs),
    /// List the API keys (never their secrets)
    List(ListArgs),
    /// Delete an API key: it stops working within seconds on every server sharing the catalog
    Delete(DeleteArgs),
}

/// `create`.
#[derive(Args, Debug)]
pub(crate) struct CreateArgs {
    /// An environment the key may reach (repeatable; none: every environment)
    #[arg(long = "environment", value_name = "ENV")]
    environments: Vec<String>,
    /// What the key is for
    #[arg(long, value_name = "TEXT", default_value = "")]
    description: String,
    /// Output format
    #[arg(short = 'o', long, value_enum, default_value_t = Format::Human)]
    output: Format,
}

/// `list`.
#[derive(Args, Debug)]
pub(crate) struct ListArgs {
    /// Output format
    #[arg(short = 'o', long, value_enum, default_value_t = Format::Human)]
    output: Format,
}

/// `delete`.
#[derive(Args, Debug)]
pub(crate) struct DeleteArgs {
    /// The key's id
    key: String,
}

/// Runs a verb; `role` is the key's role for `create` (from the global `--role`).
pub(crate) fn run(verb: Verb, store: &StoreArgs, role: Role) -> ExitCode {
    match run_verb(verb, store, role) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            report!("Error: {}", crate::output::escape_message(&message));
            ExitCode::from(1)
        }
    }
}

fn run_verb(verb: Verb, store: &StoreArgs, role: Role) -> Result<(), String> {
    let catalog = open_catalog(store)?;
    match verb {
        Verb::Create(args) => {
            let issued = flink_ddl_server::issue_api_key(role, args.environments, &args.description, SystemClock.now())
                .map_err(|e| e.to_string())?;
            let key = issued.record.key.clone();
            catalog.insert_api_key(issued.record).map_err(|e| e.to_string())?;
            // The one place a secret is shown: to the person who made the key, once.
            let secret = issued.secret.expose_secret();
            let text = match args.output {
                Format::Json => format!("{}\n", serde_json::json!({"api_key": key, "api_secret": secret})),
                Format::Yaml => format!("api_key: {key}\napi_secret: {secret}\n"),
                Format::Human => two_row_table(&[("API Key", &key), ("API Secret", secret)]),
            };
            write_out(&text)
        }
        Verb::List(args) => {
            let keys = catalog.list_api_keys().map_err(|e| e.to_string())?;
            let text = match args.output {
                Format::Json => format!("{}\n", serde_json::Value::Array(keys.iter().map(key_json).collect())),
                Format::Yaml => keys
                    .iter()
                    .map(|k| {
                        let environments = if k.environments.is_empty() {
                            " []".to_owned()
                        } else {
                            k.environments.iter().map(|e| format!("\n    - {}", serde_json::Value::from(e.as_str()))).collect()
                        };
                        format!(
                            "- api_key: {}\n  role: {}\n  environments:{environments}\n  description: {}\n  created_at: {}\n",
                            k.key,
                            k.role,
                            serde_json::Value::from(k.description.as_str()),
                            k.created_at.to_rfc3339()
                        )
                    })
                    .collect::<String>(),
                Format::Human => key_list(&keys),
            };
            write_out(if text.is_empty() { "[]\n" } else { &text })
        }
        Verb::Delete(args) => match catalog.delete_api_key(&args.key) {
            Ok(_) => write_out(&format!("Deleted API key \"{}\".\n", args.key)),
            Err(CatalogError::ApiKeyNotFound { key }) => {
                Err(format!("API key \"{key}\" not found; `flink-ddl api-key list` shows the keys"))
            }
            Err(e) => Err(e.to_string()),
        },
    }
}

fn key_json(key: &ApiKeyRecord) -> serde_json::Value {
    serde_json::json!({
        "api_key": key.key,
        "role": key.role.as_str(),
        "environments": key.environments,
        "description": key.description,
        "created_at": key.created_at.to_rfc3339(),
    })
}

/// `| API Key    | <key>    |` rows in a bordered table.
fn two_row_table(rows: &[(&str, &str)]) -> String {
    let left = rows.iter().map(|(l, _)| l.chars().count()).max().unwrap_or(0);
    let right = rows.iter().map(|(_, r)| r.chars().count()).max().unwrap_or(0);
    let border = format!("+{}+{}+\n", "-".repeat(left + 2), "-".repeat(right + 2));
    let mut out = border.clone();
    for (label, value) in rows {
        out.push_str(&format!("| {label:<left$} | {value:<right$} |\n"));
    }
    out.push_str(&border);
    out
}

/// The keys as a list: Key | Role | Environments | Description | Created.
fn key_list(keys: &[ApiKeyRecord]) -> String {
    if keys.is_empty() {
        return "None found.\n".to_owned();
    }
    let header = ["Key", "Role", "Environments", "Description", "Created"];
    let rows: Vec<[String; 5]> = keys
        .iter()
        .map(|k| {
            let environments = if k.environments.is_empty() { "(all)".to_owned() } else { k.environments.join(", ") };
            [k.key.clone(), k.role.to_string(), environments, k.description.clone(), k.created_at.to_human()]
        })
        .collect();
    let widths: Vec<usize> =
        (0..5).map(|c| rows.iter().map(|r| r[c].chars().count()).chain([header[c].len()]).max().unwrap_or(0)).collect();
    let line = |cells: Vec<String>| {
        let text: Vec<String> = cells.iter().zip(&widths).map(|(cell, w)| format!(" {cell:<w$} ")).collect();
        format!("{}\n", text.join("|").trim_end())
    };
    let mut out = line(header.iter().map(|h| (*h).to_owned()).collect());
    out.push_str(&format!("{}\n", widths.iter().map(|w| "-".repeat(w + 2)).collect::<Vec<_>>().join("+")));
    for row in rows {
        out.push_str(&line(row.to_vec()));
    }
    out
}

fn write_out(text: &str) -> Result<(), String> {
    let mut stdout = io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(|e| format!("cannot write to standard output: {e}"))
}
