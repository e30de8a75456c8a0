//! `flink-ddl catalog rekey` killed with SIGKILL at random moments, as a user would meet it:
//! after each kill exactly one of the two keys (the key file's old key, or the pending
//! `<key file>.new`) opens every credential; an interrupted rekey is named by the next command,
//! whose hint finishes it; and a second rekey always leaves the key file opening everything.
#![cfg(unix)]

mod support;

use std::path::Path;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use flink_ddl_exec::Catalog;
use flink_ddl_sqlite::{pending_key_file, SqliteCatalog};
use support::Sandbox;

const CONNECTIONS: usize = 3_000;
const KILLS: usize = 8;

/// True when `key_file` opens the catalog and every credential has its value.
fn opens_whole(db: &Path, key_file: &Path) -> bool {
    let Ok(catalog) = SqliteCatalog::open_with_key_file(db, key_file) else { return false };
    (0..CONNECTIONS).step_by(97).chain([CONNECTIONS - 1]).all(|n| {
        catalog
            .get_connection("default", &format!("k{n}"))
            .ok()
            .flatten()
            .and_then(|r| r.credentials.get("api-key").map(|v| v.expose_secret() == format!("REKEYMARK_{n}")))
            .unwrap_or(false)
    })
}

#[test]
fn rekey_killed_at_random_moments_leaves_one_key_and_finishes() {
    let s = Sandbox::new();
    let db = s.path("c.db");
    let db_arg = db.display().to_string();
    let script: String = (0..CONNECTIONS)
        .map(|n| {
            format!("CREATE CONNECTION k{n} WITH ('type' = 'openai', 'endpoint' = 'e', 'api-key' = 'REKEYMARK_{n}');\n")
        })
        .collect();
    s.write("fill.sql", &script);
    s.run(&["--catalog", &db_arg, "-f", "fill.sql", "-o", "json"]).ok();
    let key_file = SqliteCatalog::default_key_file(&db);

    // One uninterrupted rekey sets the window the kills fall into.
    let started = Instant::now();
    s.run(&["--catalog", &db_arg, "catalog", "rekey"]).ok();
    let window = started.elapsed().as_micros().max(1_000) as u64;
    let mut seed = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_nanos() as u64 | 1;
    println!("seed {seed}, window {window} µs");

    let (mut mid_run, mut interrupted_seen) = (0, 0);
    for _ in 0..KILLS {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let delay = Duration::from_micros(seed % window);
        let old_key = std::fs::read(&key_file).unwrap();
        let mut child = s.command().args(["--catalog", &db_arg, "catalog", "rekey"]).spawn().unwrap();
        std::thread::sleep(delay);
        let _ = child.kill();
        let status = support::wait_with_deadline(&mut child, support::DEADLINE);
        mid_run += usize::from(status.code().is_none());

        let saved_old = s.write("old.key", &old_key);
        // A key file others may read is refused: the saved copy is its owner's alone, as the original.
        std::fs::set_permissions(&saved_old, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
        let pending = pending_key_file(&key_file);
        let with_old = opens_whole(&db, &saved_old);
        let with_new = if pending.is_file() {
            opens_whole(&db, &pending)
        } else {
            std::fs::read(&key_file).unwrap() != old_key && opens_whole(&db, &key_file)
        };
        assert!(with_old ^ with_new, "after {delay:?}: old key opens {with_old}, new key opens {with_new}");

        // The next command either works, or names the interrupted rekey with a command that finishes it.
        let next = s.run(&["--catalog", &db_arg, "-e", "DESCRIBE CONNECTION k1"]);
        if next.code() != 0 {
            assert!(next.stderr.contains("catalog rekey"), "{}", next.stderr);
            interrupted_seen += 1;
        }
        s.run(&["--catalog", &db_arg, "catalog", "rekey"]).ok();
        assert!(opens_whole(&db, &key_file), "not whole after the rekey that followed a kill at {delay:?}");
        assert!(!pending_key_file(&key_file).exists());
    }
    println!("{mid_run} of {KILLS} kills landed mid-run; {interrupted_seen} left a rekey to finish");
    let integrity: String =
        rusqlite::Connection::open(&db).unwrap().query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(integrity, "ok");
}
