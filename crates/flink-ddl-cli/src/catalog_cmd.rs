//! `flink-ddl catalog info|backup|restore|rekey`: where the catalog is, and its care (the
//! embedded SQLite catalog only; the work itself is `flink_ddl_sqlite`'s, see `docs/cli.md`).
//!
//! - `info`: the catalog file, its key file, the shell's history file, and what the catalog holds.
//! - `backup FILE`: a consistent copy while other processes go on writing; never replaces a file.
//! - `restore FILE`: checks FILE, saves the current catalog beside it, then replaces the content
//!   in one transaction.
//! - `rekey [--new-key-file FILE]`: every credential re-sealed under a new key in one
//!   transaction; the old key kept as `<key file>.retired-<time>`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand};
use flink_ddl_sqlite::{rekey, RekeyStep, SqliteCatalog, SCHEMA_VERSION};

use crate::catalog_choice::{catalog_location, history_path_unchecked, key_file_location};
use crate::hints::Suggested;
use crate::store_args::StoreArgs;

/// The verbs.
#[derive(Subcommand, Debug)]
pub(crate) enum Verb {
    /// Show where the catalog, its key file and the shell's history are, and what the catalog holds
    Info,
    /// Write a consistent copy of the catalog to FILE (other processes may keep writing)
    Backup(BackupArgs),
    /// Replace the catalog's content with the backup in FILE (the current catalog is saved first)
    Restore(RestoreArgs),
    /// Re-seal every credential under a new key, in one transaction
    Rekey(RekeyArgs),
}

/// `backup FILE`.
#[derive(Args, Debug)]
pub(crate) struct BackupArgs {
    /// The backup file to write (it must not exist)
    file: PathBuf,
}

/// `restore FILE`.
#[derive(Args, Debug)]
pub(crate) struct RestoreArgs {
    /// The backup file to restore
    file: PathBuf,
}

/// `rekey`.
#[derive(Args, Debug)]
pub(crate) struct RekeyArgs {
    /// Seal under the key in FILE (made when missing) and leave the current key file as it is;
    /// without it a new key replaces the current key file (the old one is kept as
    /// <key file>.retired-<time>)
    #[arg(long, value_name = "FILE")]
    new_key_file: Option<PathBuf>,
}

/// Runs a verb; its report on stdout, or `error: ...` on stderr with exit code 1.
pub(crate) fn run(verb: Verb, store: &StoreArgs) -> ExitCode {
    let Some(path) = catalog_location(store) else {
        report!("error: the in-memory catalog (--memory) has no file: nothing to show, back up, restore or rekey");
        return ExitCode::from(1);
    };
    let key_file = key_file_location(store, &path);
    let result = match verb {
        Verb::Info => info(&path, &key_file),
        Verb::Backup(args) => open(&path, &key_file).and_then(|catalog| backup(&catalog, &args.file)),
        Verb::Restore(args) => open_for_restore(&path, &key_file).and_then(|catalog| restore(&catalog, &args.file)),
        Verb::Rekey(args) => run_rekey(store, &path, &key_file, args.new_key_file.as_deref()),
    };
    match result {
        Ok(text) => {
            use std::io::Write as _;
            let mut stdout = std::io::stdout().lock();
            let _ = stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush());
            ExitCode::SUCCESS
        }
        Err(message) => {
            report!("error: {}", crate::output::escape_message(&message));
            ExitCode::from(1)
        }
    }
}

fn open(path: &Path, key_file: &Path) -> Result<SqliteCatalog, String> {
    if !path.exists() {
        return Err(format!(
            "catalog {} does not exist (it is created by the first statement run on it)",
            path.display()
        ));
    }
    SqliteCatalog::open_with_key_file(path, key_file).map_err(|e| e.to_string())
}

/// The catalog to restore into. A lost catalog may be restored to its place, given the key file
/// the backup was sealed with (a new key would make a catalog the backup cannot be restored into).
fn open_for_restore(path: &Path, key_file: &Path) -> Result<SqliteCatalog, String> {
    if !path.exists() && !key_file.exists() {
        return Err(format!(
            "catalog {} does not exist, and neither does key file {}: a restore needs the key file the backup was \
             sealed with (give it with --key-file)",
            path.display(),
            key_file.display()
        ));
    }
    SqliteCatalog::open_with_key_file(path, key_file).map_err(|e| e.to_string())
}

fn info(path: &Path, key_file: &Path) -> Result<String, String> {
    let mut text = String::new();
    text.push_str(&format!("Catalog:   {}\n", path.display()));
    text.push_str(&format!("Key file:  {}\n", key_file.display()));
    if let Some(history) = history_path_unchecked() {
        text.push_str(&format!("History:   {}\n", history.display()));
    }
    if !path.exists() {
        text.push_str("State:     not created yet (the first statement run creates it and its key file)\n");
        return Ok(text);
    }
    let catalog = SqliteCatalog::open_with_key_file(path, key_file).map_err(|e| e.to_string())?;
    let connections = catalog.connection_count().map_err(|e| e.to_string())?;
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    text.push_str(&format!("Schema:    version {SCHEMA_VERSION}\n"));
    text.push_str(&format!("Holds:     {connections} connection(s), all environments, clouds and regions\n"));
    text.push_str(&format!("Size:      {size} bytes (plus its -wal file while in use)\n"));
    Ok(text)
}

fn backup(catalog: &SqliteCatalog, file: &Path) -> Result<String, String> {
    let report = catalog.backup_to(file).map_err(|e| e.to_string())?;
    Ok(format!(
        "Backed up catalog {} to {} ({} connection(s), {} table(s), {} bytes).\n\
         Its credentials stay sealed with the key in {}: keep a copy of that key file too, apart from the backup.\n",
        catalog.path().display(),
        report.path.display(),
        report.connections,
        report.tables,
        report.bytes,
        catalog.key_file().display()
    ))
}

fn restore(catalog: &SqliteCatalog, file: &Path) -> Result<String, String> {
    let report = catalog.restore_from(file).map_err(|e| e.to_string())?;
    Ok(format!(
        "Restored catalog {} from {} ({} connection(s), {} table(s)).\n\
         The catalog as it was before is kept in {}.\n",
        catalog.path().display(),
        report.from.display(),
        report.connections,
        report.tables,
        report.previous.display()
    ))
}

fn run_rekey(store: &StoreArgs, path: &Path, key_file: &Path, new_key_file: Option<&Path>) -> Result<String, String> {
    if !path.exists() {
        return Err(format!("catalog {} does not exist: there is nothing to rekey", path.display()));
    }
    let report = rekey(path, key_file, new_key_file, &mut |_: RekeyStep| {}).map_err(|e| e.to_string())?;
    let mut text = if report.resumed {
        format!("Finished the interrupted rekey of catalog {}.\n", path.display())
    } else {
        format!(
            "Re-sealed {} connection(s), {} table(s) and {} model(s), tool(s) and agent(s) of catalog {} under a new key.\n",
            report.connections,
            report.tables,
            report.ai_objects,
            path.display()
        )
    };
    text.push_str(&format!("The key is now in {}.\n", report.key_file.display()));
    if let Some(retired) = &report.retired_key {
        text.push_str(&format!(
            "The old key is kept in {}: backups made before this rekey need it (restore them with --key-file {}).\n",
            retired.display(),
            crate::hints::shell_quote(&retired.to_string_lossy())
        ));
    }
    if new_key_file.is_some() {
        let with_key = StoreArgs { key_file: Some(report.key_file.clone()), ..store.clone() };
        let command = Suggested::with_store(&with_key).args(["catalog", "info"]);
        text.push_str(&format!(
            "Open the catalog with this key file from now on (--key-file or $FLINK_DDL_KEY_FILE), for example:\n  {command}\n"
        ));
    }
    Ok(text)
}
