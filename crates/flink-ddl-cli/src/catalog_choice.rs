//! Which catalog a command runs against (`--catalog`, `--memory`, `--key-file`, and their
//! environment variables), and opening it; and the user's data directory, where the default
//! catalog, its key and the shell's history live.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use flink_ddl_exec::{Catalog, MemoryCatalog};
use flink_ddl_postgres::{PostgresCatalog, PostgresUrl};
use flink_ddl_sqlite::SqliteCatalog;

use crate::hints;
use crate::store_args::StoreArgs;

/// The catalog the options name: in memory; `--catalog LOCATION` / `$FLINK_DDL_CATALOG` (a
/// PostgreSQL URL, `sqlite:PATH` or a path); or `catalog.db` in the user's data directory
/// (created when missing).
pub(crate) fn open_catalog(store: &StoreArgs) -> Result<Arc<dyn Catalog>, String> {
    if store.memory {
        return Ok(Arc::new(MemoryCatalog::new()));
    }
    let given = store.catalog.as_ref().filter(|location| !location.as_os_str().is_empty());
    if let Some(url) = given.and_then(|location| location.to_str()).filter(|l| PostgresUrl::is_postgres_url(l)) {
        return open_postgres(url, store.key_file.as_deref());
    }
    let path = match given {
        Some(location) => match location.to_str().and_then(|l| l.strip_prefix("sqlite:")) {
            Some(path) => PathBuf::from(path),
            None => location.clone(),
        },
        None => default_catalog_path()?,
    };
    let key_file = key_file_location(store, &path);
    let catalog = SqliteCatalog::open_with_key_file(&path, &key_file).map_err(|e| {
        let interrupted = matches!(e, flink_ddl_sqlite::OpenCatalogError::WrongKey { .. })
            && flink_ddl_sqlite::pending_key_file(&key_file).is_file();
        if interrupted {
            // A rekey committed its re-seal but was stopped before it moved the new key in.
            let finish = hints::Suggested::with_store(store).args(["catalog", "rekey"]);
            format!("{e}\nhint: a `flink-ddl catalog rekey` was interrupted; finish it with:\n  {finish}")
        } else {
            e.to_string()
        }
    })?;
    Ok(Arc::new(catalog))
}

/// The PostgreSQL catalog at `url`, sealed with the key in `key_file`, which must be given: every
/// process sharing the database needs the same key, so none is guessed from a local path.
fn open_postgres(url: &str, key_file: Option<&Path>) -> Result<Arc<dyn Catalog>, String> {
    let url = PostgresUrl::parse(url).map_err(|e| e.to_string())?;
    let Some(key_file) = key_file.filter(|k| !k.as_os_str().is_empty()) else {
        return Err(format!(
            "PostgreSQL catalog {url} needs a key file: give --key-file PATH (or $FLINK_DDL_KEY_FILE), the same \
             file for every process sharing the database (it is created on first use when the catalog has no key yet)"
        ));
    };
    let catalog = PostgresCatalog::open(&url, key_file).map_err(|e| e.to_string())?;
    Ok(Arc::new(catalog))
}

/// `<data dir>/flink-ddl/catalog.db`.
fn default_catalog_path() -> Result<PathBuf, String> {
    Ok(data_dir()?.join("catalog.db"))
}

/// Where the default catalog is, without creating its directory (for `--help`).
pub(crate) fn default_catalog_path_unchecked() -> Option<PathBuf> {
    dirs::data_dir().map(|base| base.join("flink-ddl").join("catalog.db"))
}

/// Where the interactive shell keeps its history, without creating its directory.
pub(crate) fn history_path_unchecked() -> Option<PathBuf> {
    dirs::data_dir().map(|base| base.join("flink-ddl").join("history"))
}

/// The catalog file the options name (`None` for `--memory`), without opening it.
pub(crate) fn catalog_location(store: &StoreArgs) -> Option<PathBuf> {
    if store.memory {
        return None;
    }
    match &store.catalog {
        Some(path) if !path.as_os_str().is_empty() => Some(path.clone()),
        _ => default_catalog_path_unchecked(),
    }
}

/// The key file the options name for `catalog` (`--key-file`, else `<catalog>.key`).
pub(crate) fn key_file_location(store: &StoreArgs, catalog: &Path) -> PathBuf {
    match &store.key_file {
        Some(key_file) if !key_file.as_os_str().is_empty() => key_file.clone(),
        _ => SqliteCatalog::default_key_file(catalog),
    }
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
