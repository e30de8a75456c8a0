//! Which catalog a command runs against (`--catalog`, `--memory`, `--key-file`, and their
//! environment variables), and opening it; and the user's data directory, where the default
//! catalog, its key and the shell's history live.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::Args;
use flink_ddl_exec::{Catalog, MemoryCatalog};
use flink_ddl_sqlite::SqliteCatalog;

/// Where the catalog is: shared by SQL mode and the `connection` verbs.
#[derive(Args, Debug, Clone)]
pub(crate) struct StoreArgs {
    /// The catalog file (SQLite) [default: a file in the user's data directory]
    #[arg(long, global = true, value_name = "PATH", env = "FLINK_DDL_CATALOG", conflicts_with = "memory")]
    catalog: Option<PathBuf>,

    /// Use an in-memory catalog that is gone when the process ends
    #[arg(long, global = true)]
    memory: bool,

    /// The catalog's key file [default: the catalog's path + `.key`]
    #[arg(long, global = true, value_name = "PATH", env = "FLINK_DDL_KEY_FILE")]
    key_file: Option<PathBuf>,
}

/// The catalog the options name: in memory, `--catalog PATH` / `$FLINK_DDL_CATALOG`, or
/// `catalog.db` in the user's data directory (created when missing).
pub(crate) fn open_catalog(store: &StoreArgs) -> Result<Arc<dyn Catalog>, String> {
    if store.memory {
        return Ok(Arc::new(MemoryCatalog::new()));
    }
    let path = match &store.catalog {
        Some(path) if !path.as_os_str().is_empty() => path.clone(),
        _ => default_catalog_path()?,
    };
    let key_file = match &store.key_file {
        Some(key_file) if !key_file.as_os_str().is_empty() => key_file.clone(),
        _ => SqliteCatalog::default_key_file(&path),
    };
    let catalog = SqliteCatalog::open_with_key_file(&path, &key_file).map_err(|e| e.to_string())?;
    Ok(Arc::new(catalog))
}

/// `<data dir>/flink-ddl/catalog.db`.
fn default_catalog_path() -> Result<PathBuf, String> {
    Ok(data_dir()?.join("catalog.db"))
}

/// `<data dir>/flink-ddl`, created (mode 0700) when missing: the catalog, its key and the
/// shell's history live there.
pub(crate) fn data_dir() -> Result<PathBuf, String> {
    let base = dirs::data_dir()
        .ok_or("no data directory is known for this user (set HOME, or pass --catalog PATH or --memory)")?;
    let dir = base.join("flink-ddl");
    create_private_dir(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    Ok(dir)
}

fn create_private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}
