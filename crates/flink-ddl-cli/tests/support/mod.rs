//! Helpers for the tests that drive the built `flink-ddl` binary: a private home and data
//! directory per test, and child processes that always end (every wait has a deadline).
#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use tempfile::TempDir;

/// How long any one run of the binary may take before the test kills it and fails.
pub const DEADLINE: Duration = Duration::from_secs(120);

/// A sandbox: `HOME` and `XDG_DATA_HOME` inside a temporary directory, no catalog variables.
pub struct Sandbox {
    pub dir: TempDir,
}

/// What a finished run gave.
#[derive(Debug)]
pub struct Run {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn code(&self) -> i32 {
        self.status.code().unwrap_or(-1)
    }

    #[track_caller]
    pub fn ok(self) -> Run {
        assert_eq!(self.code(), 0, "expected success\nstdout:\n{}\nstderr:\n{}", self.stdout, self.stderr);
        self
    }

    #[track_caller]
    pub fn fails_with(self, code: i32) -> Run {
        assert_eq!(self.code(), code, "exit code\nstdout:\n{}\nstderr:\n{}", self.stdout, self.stderr);
        self
    }
}

impl Sandbox {
    pub fn new() -> Sandbox {
        let dir = TempDir::new().unwrap();
        std::fs::create_dir_all(dir.path().join("home")).unwrap();
        Sandbox { dir }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The default data directory of the binary in this sandbox.
    pub fn data_dir(&self) -> PathBuf {
        self.path("data").join("flink-ddl")
    }

    /// A command for the binary with the sandbox's environment and stdin closed.
    pub fn command(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_flink-ddl"));
        cmd.env("HOME", self.path("home"))
            .env("XDG_DATA_HOME", self.path("data"))
            .env_remove("FLINK_DDL_CATALOG")
            .env_remove("FLINK_DDL_KEY_FILE")
            .current_dir(self.dir.path())
            .stdin(Stdio::null());
        cmd
    }

    /// Runs the binary with `args`, stdin closed.
    pub fn run(&self, args: &[&str]) -> Run {
        let mut cmd = self.command();
        cmd.args(args);
        finish(cmd, None)
    }

    /// Runs the binary with `args` and `input` on stdin.
    pub fn run_with_stdin(&self, args: &[&str], input: &[u8]) -> Run {
        let mut cmd = self.command();
        cmd.args(args);
        finish(cmd, Some(input.to_vec()))
    }

    /// Writes `contents` to a file in the sandbox and gives its path.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, contents).unwrap();
        path
    }
}

/// Spawns `cmd` with piped output (and `input` on stdin), and waits at most [`DEADLINE`].
pub fn finish(mut cmd: Command, input: Option<Vec<u8>>) -> Run {
    if input.is_some() {
        cmd.stdin(Stdio::piped());
    }
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let writer = input.map(|bytes| {
        let mut stdin = child.stdin.take().unwrap();
        // A child that stops reading early closes the pipe: that is not the test's failure.
        thread::spawn(move || {
            let _ = stdin.write_all(&bytes);
        })
    });
    let stdout = reader(child.stdout.take().unwrap());
    let stderr = reader(child.stderr.take().unwrap());
    let status = wait_with_deadline(&mut child, DEADLINE);
    if let Some(writer) = writer {
        writer.join().unwrap();
    }
    Run { status, stdout: stdout.join().unwrap(), stderr: stderr.join().unwrap() }
}

fn reader(mut pipe: impl Read + Send + 'static) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// Waits for `child`; kills it and panics when it runs past `deadline`.
pub fn wait_with_deadline(child: &mut Child, deadline: Duration) -> ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if start.elapsed() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("flink-ddl ran for more than {deadline:?} and was killed");
        }
        thread::sleep(Duration::from_millis(5));
    }
}

/// The catalog file and the files SQLite keeps beside it.
pub fn catalog_files(catalog: &Path) -> Vec<PathBuf> {
    ["", "-wal", "-shm", "-journal"]
        .iter()
        .map(|suffix| {
            let mut name = catalog.as_os_str().to_owned();
            name.push(suffix);
            PathBuf::from(name)
        })
        .collect()
}

/// The secrets of `secrets` found in `bytes`.
pub fn leaked<'a>(bytes: &[u8], secrets: &'a [String]) -> Vec<&'a str> {
    secrets
        .iter()
        .filter(|secret| bytes.windows(secret.len()).any(|w| w == secret.as_bytes()))
        .map(String::as_str)
        .collect()
}
