//! A PostgreSQL server of its own, for tests and benches: made from the installed server binaries
//! (`initdb`, `pg_ctl`) in a temporary directory, listening on a free port of 127.0.0.1 with a
//! password, and stopped (its directory removed) when the process that started it ends, however
//! it ends: a test that panics, a harness that exits, a `kill -9`.
//!
//! - **Stopped by a watchdog.** Each server has a small `sh` child that waits for its standard
//!   input to close; the test process holds the other end, and the kernel closes it when the
//!   process ends for any reason. The watchdog then stops the server (`pg_ctl stop -m immediate`)
//!   and removes the directory. The watchdog runs in a process group of its own and ignores
//!   SIGINT, SIGTERM and SIGHUP, so Ctrl-C or a signal to the test's process group does not stop
//!   it before its work.
//! - **Not as root.** PostgreSQL refuses to run as root; when the tests run as root (CI, a
//!   container) the server runs as the `postgres` user (`runuser -u postgres --`), which owns
//!   the temporary directory.
//! - **Found, or a clear error.** The binaries are looked for in `$FLINK_DDL_PG_BINDIR`, then
//!   `/usr/lib/postgresql/<newest>/bin` (Debian's layout), then `PATH`. When they are missing the
//!   error names `scripts/install-postgres.sh`, which installs them.
//! - **Fast, not durable.** `fsync=off`: a test server does not outlive its machine, and a killed
//!   server still recovers from its WAL, which is what the fault tests need.
//!
//! One server per test binary ([`Server::shared`]) with a database per test
//! ([`Server::create_database`]) keeps the start-up cost (about a second) to once per binary.
//!
//! The benches share one kept server ([`bench_server`], under `target/bench-cache/postgres/`)
//! and its scale catalog ([`scale_catalog`]: 1,000,000 connections, loaded once).

use std::io;
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{SystemTime, UNIX_EPOCH};

/// The script named in every "binaries missing" error.
pub const INSTALL_SCRIPT: &str = "scripts/install-postgres.sh";

/// A running throwaway server.
pub struct Server {
    bin: PathBuf,
    dir: PathBuf,
    port: u16,
    password: String,
    /// `runuser -u postgres --` when running as root; empty otherwise.
    run_as: Vec<String>,
    /// Removed when the server stops (false for [`Server::start_persistent`]).
    remove: bool,
    watchdog: Mutex<Option<(Child, ChildStdin)>>,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server").field("dir", &self.dir).field("port", &self.port).finish_non_exhaustive()
    }
}

static DATABASES: AtomicU64 = AtomicU64::new(0);

impl Server {
    /// The server shared by the whole process, started on first use. Panics with the reason
    /// (binaries missing: run [`INSTALL_SCRIPT`]) when it cannot start: the tests that need it
    /// fail rather than skip.
    pub fn shared() -> &'static Server {
        static SHARED: OnceLock<Server> = OnceLock::new();
        SHARED.get_or_init(|| Server::start().unwrap_or_else(|e| panic!("{e}")))
    }

    /// Starts a new server in a new temporary directory, removed when the server stops.
    pub fn start() -> Result<Server, String> {
        let bin = find_binaries()?;
        let run_as = if running_as_root() {
            vec!["runuser".into(), "-u".into(), "postgres".into(), "--".into()]
        } else {
            Vec::new()
        };
        // As root the server runs as `postgres`, which must reach the directory: $TMPDIR may be
        // private to root, /tmp never is.
        let base =
            if !run_as.is_empty() && Path::new("/tmp").is_dir() { PathBuf::from("/tmp") } else { std::env::temp_dir() };
        let dir = base.join(format!("flink-ddl-pg-{}-{}", std::process::id(), unique()));
        std::fs::create_dir(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let password = format!("pw-SECRET-{}-{}", std::process::id(), unique());
        let server = Server { bin, dir, port: 0, password, run_as, remove: true, watchdog: Mutex::new(None) };
        server.init()
    }

    /// Starts the server whose files are in `dir` (made there on first use), and keeps them when
    /// it stops: for benches that build a large catalog once and reuse it across runs.
    pub fn start_persistent(dir: &Path) -> Result<Server, String> {
        let bin = find_binaries()?;
        let run_as = if running_as_root() {
            vec!["runuser".into(), "-u".into(), "postgres".into(), "--".into()]
        } else {
            Vec::new()
        };
        let fresh = !dir.join("data").join("PG_VERSION").exists();
        if fresh {
            let _ = std::fs::remove_dir_all(dir);
            std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        let password = match std::fs::read_to_string(dir.join("password")) {
            Ok(text) if !fresh => text.trim().to_owned(),
            _ => format!("pw-SECRET-{}", unique()),
        };
        let mut server = Server {
            bin,
            dir: dir.to_path_buf(),
            port: 0,
            password,
            run_as,
            remove: false,
            watchdog: Mutex::new(None),
        };
        if fresh {
            return server.init();
        }
        server.spawn_watchdog()?;
        let mut last_error = String::new();
        for _ in 0..5 {
            server.port = free_port().map_err(|e| format!("no free port on 127.0.0.1: {e}"))?;
            match server.pg_ctl_start() {
                Ok(()) => return Ok(server),
                Err(e) => last_error = e,
            }
        }
        Err(format!("PostgreSQL did not start: {last_error}"))
    }

    fn init(mut self) -> Result<Server, String> {
        if !self.run_as.is_empty() {
            let (uid, gid) = postgres_user()?;
            std::os::unix::fs::chown(&self.dir, Some(uid), Some(gid))
                .map_err(|e| format!("cannot give {} to the postgres user: {e}", self.dir.display()))?;
        }
        let password_file = self.dir.join("password");
        std::fs::write(&password_file, format!("{}\n", self.password)).map_err(|e| e.to_string())?;
        if !self.run_as.is_empty() {
            let (uid, gid) = postgres_user()?;
            std::os::unix::fs::chown(&password_file, Some(uid), Some(gid)).map_err(|e| e.to_string())?;
        }
        // The watchdog first: from here on, whatever happens, the directory goes away.
        self.spawn_watchdog()?;
        let data = self.data_dir();
        let initdb = self
            .server_command("initdb")
            .arg("-D")
            .arg(&data)
            .args(["-U", "postgres", "--auth=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync"])
            .arg(format!("--pwfile={}", password_file.display()))
            .output()
            .map_err(|e| format!("cannot run initdb: {e}"))?;
        if !initdb.status.success() {
            return Err(format!("initdb failed: {}", String::from_utf8_lossy(&initdb.stderr)));
        }
        let mut last_error = String::new();
        for _ in 0..5 {
            self.port = free_port().map_err(|e| format!("no free port on 127.0.0.1: {e}"))?;
            match self.pg_ctl_start() {
                Ok(()) => return Ok(self),
                Err(e) => last_error = e,
            }
        }
        Err(format!("PostgreSQL did not start: {last_error}"))
    }

    fn spawn_watchdog(&mut self) -> Result<(), String> {
        let run_as = self.run_as.iter().map(|a| format!("{a} ")).collect::<String>();
        // A kept server stops cleanly (a checkpoint); a throwaway one is simply cut.
        let (mode, remove) = if self.remove { ("immediate", "rm -rf \"$PG_DIR\"\n") } else { ("fast", "") };
        let script = format!(
            "trap '' INT TERM HUP\nread _ignored || true\n{run_as}\"$PG_BIN/pg_ctl\" -D \"$PG_DIR/data\" stop -m {mode} -w >/dev/null 2>&1 || true\n{remove}"
        );
        // Its own process group: a signal to the test's group (Ctrl-C, `kill -- -PGID`) leaves it
        // to do its work when the test process is gone.
        let mut child = Command::new("sh")
            .process_group(0)
            .arg("-c")
            .arg(script)
            .env("PG_BIN", &self.bin)
            .env("PG_DIR", &self.dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start the watchdog (sh): {e}"))?;
        let stdin = child.stdin.take().ok_or("the watchdog has no stdin")?;
        *self.watchdog.lock().unwrap_or_else(|e| e.into_inner()) = Some((child, stdin));
        Ok(())
    }

    fn data_dir(&self) -> PathBuf {
        self.dir.join("data")
    }

    /// A command running `program` of the server binaries, as the `postgres` user when root.
    fn server_command(&self, program: &str) -> Command {
        let path = self.bin.join(program);
        match self.run_as.split_first() {
            Some((first, rest)) => {
                let mut command = Command::new(first);
                command.args(rest).arg(path);
                command
            }
            None => Command::new(path),
        }
    }

    fn pg_ctl_start(&self) -> Result<(), String> {
        let options = format!(
            "-p {} -h 127.0.0.1 -c unix_socket_directories='' -c fsync=off -c full_page_writes=off \
             -c max_connections=300 -c log_min_messages=warning",
            self.port
        );
        let out = self
            .server_command("pg_ctl")
            .arg("-D")
            .arg(self.data_dir())
            .arg("-l")
            .arg(self.dir.join("server.log"))
            .args(["-w", "-t", "60", "-o", &options, "start"])
            .stdout(Stdio::null())
            .output()
            .map_err(|e| format!("cannot run pg_ctl: {e}"))?;
        if out.status.success() {
            Ok(())
        } else {
            let log = std::fs::read_to_string(self.dir.join("server.log")).unwrap_or_default();
            let tail: Vec<&str> = log.lines().rev().take(5).collect();
            Err(format!("{}{}", String::from_utf8_lossy(&out.stderr), tail.join("\n")))
        }
    }

    /// Stops the server as a crash would (`immediate`: no checkpoint, sessions cut) or as an
    /// administrator's restart does (`fast`: sessions told to end, then a checkpoint).
    pub fn stop(&self, mode: StopMode) -> Result<(), String> {
        let mode = match mode {
            StopMode::Immediate => "immediate",
            StopMode::Fast => "fast",
        };
        let out = self
            .server_command("pg_ctl")
            .arg("-D")
            .arg(self.data_dir())
            .args(["-m", mode, "-w", "stop"])
            .output()
            .map_err(|e| e.to_string())?;
        if out.status.success() {
            Ok(())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).into_owned())
        }
    }

    /// Starts a stopped server again on its port.
    pub fn start_again(&self) -> Result<(), String> {
        self.pg_ctl_start()
    }

    /// The port on 127.0.0.1.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The superuser's password (it holds `SECRET`, so tests can search outputs for it).
    pub fn password(&self) -> &str {
        &self.password
    }

    /// The URL of `database` as the superuser, password included.
    pub fn url(&self, database: &str) -> String {
        format!("postgres://postgres:{}@127.0.0.1:{}/{database}", self.password, self.port)
    }

    /// A new, empty database with a name of its own; its URL.
    pub fn create_database(&self) -> String {
        let name = format!("t{}_{}", std::process::id(), DATABASES.fetch_add(1, Ordering::Relaxed));
        self.create_named_database(&name);
        self.url(&name)
    }

    /// Creates `name` (an identifier) unless it exists.
    pub fn create_named_database(&self, name: &str) {
        let mut admin = postgres::Client::connect(&self.url("postgres"), postgres::NoTls)
            .unwrap_or_else(|e| panic!("cannot reach the throwaway server: {}", crate::error::describe(&e)));
        let exists = admin.query_opt("SELECT 1 FROM pg_database WHERE datname = $1", &[&name]).unwrap().is_some();
        if !exists {
            admin.batch_execute(&format!("CREATE DATABASE \"{name}\"")).unwrap();
        }
    }

    /// `pg_dump` of `database`: everything the database holds, as text.
    pub fn dump(&self, database: &str) -> Vec<u8> {
        let out = Command::new(self.bin.join("pg_dump"))
            .arg("--no-password")
            .arg(format!("--dbname={}", self.url(database)))
            .output()
            .unwrap_or_else(|e| panic!("cannot run pg_dump: {e}"));
        assert!(out.status.success(), "pg_dump failed: {}", String::from_utf8_lossy(&out.stderr));
        out.stdout
    }

    /// The directory holding the data and the server's log.
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

/// How [`Server::stop`] stops the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StopMode {
    /// As a crash: sessions cut at once, recovery from the WAL on the next start.
    Immediate,
    /// As an administrator's restart: sessions told to end (`57P01`), then a clean shutdown.
    Fast,
}

impl Drop for Server {
    /// Closes the watchdog's input, which stops the server and removes its directory, and
    /// waits for that to finish.
    fn drop(&mut self) {
        let taken = self.watchdog.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some((mut child, stdin)) = taken {
            drop(stdin);
            let _ = child.wait();
        }
    }
}

fn unique() -> u64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
    u64::from(nanos) ^ (COUNTER.fetch_add(1, Ordering::Relaxed) << 32)
}

fn free_port() -> io::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

fn running_as_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/proc/self").map(|m| m.uid() == 0).unwrap_or(false)
}

fn postgres_user() -> Result<(u32, u32), String> {
    let id = |flag: &str| -> Result<u32, String> {
        let out = Command::new("id").args([flag, "postgres"]).output().map_err(|e| e.to_string())?;
        String::from_utf8_lossy(&out.stdout).trim().parse().map_err(|_| {
            format!(
                "running as root, the server must run as the `postgres` user, which does not exist; \
                 run {INSTALL_SCRIPT} (Debian's postgresql package creates it)"
            )
        })
    };
    Ok((id("-u")?, id("-g")?))
}

/// The directory of `initdb` and `pg_ctl`.
fn find_binaries() -> Result<PathBuf, String> {
    let has_server = |dir: &Path| dir.join("initdb").is_file() && dir.join("pg_ctl").is_file();
    if let Some(dir) = std::env::var_os("FLINK_DDL_PG_BINDIR").map(PathBuf::from) {
        return if has_server(&dir) {
            Ok(dir)
        } else {
            Err(format!("$FLINK_DDL_PG_BINDIR ({}) holds no initdb and pg_ctl", dir.display()))
        };
    }
    let mut debian: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let version = entry.file_name().to_string_lossy().parse::<u32>().ok()?;
            let bin = entry.path().join("bin");
            has_server(&bin).then_some((version, bin))
        })
        .collect();
    debian.sort();
    if let Some((_, bin)) = debian.pop() {
        return Ok(bin);
    }
    let on_path = std::env::var_os("PATH")
        .map(|path| std::env::split_paths(&path).find(|dir| has_server(dir)))
        .unwrap_or_default();
    on_path.ok_or_else(|| {
        format!(
            "the PostgreSQL server binaries (initdb, pg_ctl) were not found in $FLINK_DDL_PG_BINDIR, \
             /usr/lib/postgresql/*/bin or PATH; run {INSTALL_SCRIPT} to install them (apt-get install postgresql)"
        )
    })
}

// ---- the benches' scale catalog ---------------------------------------------------------------

/// How many connections [`scale_catalog`] holds, in the default scope.
pub const SCALE_CONNECTIONS: usize = 1_000_000;

/// Where the benches keep their server's files, its key file and its scale catalog:
/// `target/bench-cache/postgres/` (`$CARGO_TARGET_DIR/bench-cache/postgres/`). Delete it to
/// build everything again.
pub fn bench_cache_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    target.join("bench-cache").join("postgres")
}

/// The benches' server, kept in [`bench_cache_dir`] across runs (see [`Server::start_persistent`]).
pub fn bench_server() -> Result<Server, String> {
    Server::start_persistent(&bench_cache_dir())
}

/// The key file of every catalog on [`bench_server`].
pub fn bench_key_file() -> PathBuf {
    bench_cache_dir().join("catalog.key")
}

/// Connection `i` of the scale catalog: `conn-0000042`, OpenAI, an API key of its own.
pub fn scale_record(i: usize) -> flink_ddl_exec::ConnectionRecord {
    use flink_ddl_exec::{ConnectionInfo, ConnectionStatus, ConnectionType, Credentials, SessionContext, Timestamp};
    let mut credentials = Credentials::new();
    credentials.insert("api-key", flink_ddl::Secret::new(format!("sk-bench-{i:07}"))).expect("a credential key");
    let at = Timestamp::from_unix_micros(1_755_122_697_972_969 + i as i64);
    let info = ConnectionInfo {
        name: format!("conn-{i:07}"),
        scope: SessionContext::default().scope(),
        connection_type: ConnectionType::from_name("openai").expect("a connection type"),
        endpoint: format!("https://api.example.com/v1/{i}"),
        comment: None,
        created_at: at,
        updated_at: at,
        uid: format!("uid-{i}"),
        resource_version: 1,
        status: ConnectionStatus::default(),
    };
    flink_ddl_exec::ConnectionRecord { info, credentials }
}

/// Database `big` of `server` holding the [`SCALE_CONNECTIONS`] connections of [`scale_record`]
/// in the default scope: bulk-loaded with `COPY ... BINARY` (about 20 s) the first time, then
/// kept. Rows a bench adds in other environments do not count. Panics on a partial load (delete
/// [`bench_cache_dir`] then).
pub fn scale_catalog(server: &Server) -> crate::postgres_catalog::PostgresCatalog {
    server.create_named_database("big");
    let url: crate::url::PostgresUrl = server.url("big").parse().expect("the server's own URL");
    let catalog =
        crate::postgres_catalog::PostgresCatalog::open(&url, bench_key_file()).unwrap_or_else(|e| panic!("{e}"));
    let mut admin = postgres::Client::connect(&server.url("big"), postgres::NoTls)
        .unwrap_or_else(|e| panic!("cannot reach the bench server: {}", crate::error::describe(&e)));
    let count: i64 = admin
        .query_one("SELECT count(*) FROM flink_ddl.connections WHERE environment = 'default'", &[])
        .unwrap_or_else(|e| panic!("{}", crate::error::describe(&e)))
        .get(0);
    if count as usize != SCALE_CONNECTIONS {
        assert_eq!(count, 0, "{} holds a partial scale catalog: delete it", bench_cache_dir().display());
        let start = std::time::Instant::now();
        let loaded = catalog.import_connections((0..SCALE_CONNECTIONS).map(scale_record)).unwrap();
        admin.batch_execute("VACUUM ANALYZE flink_ddl.connections").unwrap();
        println!("loaded {loaded} connections with COPY in {:.1} s", start.elapsed().as_secs_f64());
    }
    catalog
}
