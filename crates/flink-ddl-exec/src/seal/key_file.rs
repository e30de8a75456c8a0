//! The key file: the catalog's 32-byte key as 64 hexadecimal digits and a newline. Text, so that
//! it can be backed up and restored by hand; readable by its owner only (mode 0600: on unix a key
//! file that group or others may read is refused, with the command that fixes it); created once,
//! atomically, and never replaced.

use std::fs;
use std::io::{self, Read, Write};
use std::path::Path;

use zeroize::{Zeroize, Zeroizing};

/// The length of a key, in bytes.
pub const KEY_LEN: usize = 32;

/// Why a key file could not be read or created. Never holds the key.
#[derive(Debug, thiserror::Error)]
pub enum KeyFileError {
    /// There is no file at that path.
    #[error("does not exist")]
    Missing,
    /// The file is not in the key file format.
    #[error("{0}")]
    Malformed(&'static str),
    /// Reading or writing failed.
    #[error("{0}")]
    Io(#[from] io::Error),
    /// On unix, the file may be read (or written) by its group or by others.
    #[error(
        "may be read by group or others (mode {mode:04o}): a key file must be its owner's alone; run `chmod 600 {}` and try again",
        .path.display()
    )]
    TooOpen {
        /// The file.
        path: std::path::PathBuf,
        /// Its permission bits.
        mode: u32,
    },
}

const MALFORMED: &str = "expected 64 hexadecimal digits and a newline";

/// Reads the key in `key_file`; the key is wiped when dropped.
pub fn read_key_file(key_file: &Path) -> Result<Zeroizing<[u8; KEY_LEN]>, KeyFileError> {
    let file = match fs::File::open(key_file) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(KeyFileError::Missing),
        Err(e) => return Err(KeyFileError::Io(e)),
    };
    let mut text = Zeroizing::new(Vec::with_capacity(2 * KEY_LEN + 2));
    // Read one byte past the longest valid content, so that a big file is not read whole.
    (&file).take(2 * KEY_LEN as u64 + 3).read_to_end(&mut text)?;
    let digits = text.strip_suffix(b"\n").unwrap_or(&text);
    let digits = digits.strip_suffix(b"\r").unwrap_or(digits);
    if digits.len() != 2 * KEY_LEN {
        return Err(KeyFileError::Malformed(MALFORMED));
    }
    let mut key = Zeroizing::new([0u8; KEY_LEN]);
    for (byte, pair) in key.iter_mut().zip(digits.chunks_exact(2)) {
        let (Some(high), Some(low)) = (hex_value(pair[0]), hex_value(pair[1])) else {
            return Err(KeyFileError::Malformed(MALFORMED));
        };
        *byte = high << 4 | low;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // The file read, not the path again: it cannot be swapped in between.
        let mode = file.metadata()?.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            return Err(KeyFileError::TooOpen { path: key_file.to_path_buf(), mode });
        }
    }
    Ok(key)
}

fn hex_value(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        b'A'..=b'F' => Some(digit - b'A' + 10),
        _ => None,
    }
}

/// Makes a new random key and writes it to `key_file` (mode 0600) so that no reader ever sees a
/// partial file: written and synced under a temporary name, then hard-linked into place, which
/// fails when the file exists. A file made meanwhile by someone else wins, and is read back.
pub fn create_key_file(key_file: &Path) -> Result<Zeroizing<[u8; KEY_LEN]>, KeyFileError> {
    let mut key = Zeroizing::new([0u8; KEY_LEN]);
    getrandom::fill(key.as_mut_slice()).map_err(|e| io::Error::other(format!("no random key from the OS: {e}")))?;
    let mut text = Zeroizing::new(String::with_capacity(2 * KEY_LEN + 1));
    for byte in key.iter() {
        text.push(char::from(b"0123456789abcdef"[usize::from(byte >> 4)]));
        text.push(char::from(b"0123456789abcdef"[usize::from(byte & 0xf)]));
    }
    text.push('\n');

    let mut tag = [0u8; 8];
    getrandom::fill(&mut tag).map_err(|e| io::Error::other(e.to_string()))?;
    let file_name = key_file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temporary = key_file.with_file_name(format!(".{file_name}.{}.tmp", u64::from_le_bytes(tag)));
    let written = write_private_file(&temporary, text.as_bytes());
    if let Err(e) = written {
        let _ = fs::remove_file(&temporary);
        text.zeroize();
        return Err(e.into());
    }
    let linked = fs::hard_link(&temporary, key_file);
    let _ = fs::remove_file(&temporary);
    match linked {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => return read_key_file(key_file),
        // A file system without hard links: create the file in place, still refusing to
        // replace one that exists.
        Err(_) => match write_private_file(key_file, text.as_bytes()) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => return read_key_file(key_file),
            Err(e) => return Err(e.into()),
        },
    }
    if let Some(dir) = key_file.parent().filter(|d| !d.as_os_str().is_empty()) {
        // Makes the new name durable too; not all systems allow syncing a directory.
        if let Ok(dir) = fs::File::open(dir) {
            let _ = dir.sync_all();
        }
    }
    Ok(key)
}

/// Creates `path` (which must not exist) readable and writable by its owner only, and syncs it.
pub fn write_private_file(path: &Path, contents: &[u8]) -> io::Result<()> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(contents)?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_file_format() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("k");
        let key = create_key_file(&file).unwrap();
        assert_eq!(read_key_file(&file).ok().map(|k| *k), Some(*key));
        let text = fs::read_to_string(&file).unwrap();
        assert_eq!(text.len(), 65);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
        }
        // A second creation does not replace the first key.
        assert_eq!(*create_key_file(&file).unwrap(), *key);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let open = dir.path().join("open");
            fs::write(&open, format!("{}\n", "ab".repeat(32))).unwrap();
            fs::set_permissions(&open, fs::Permissions::from_mode(0o640)).unwrap();
            let refused = read_key_file(&open).unwrap_err();
            assert!(matches!(refused, KeyFileError::TooOpen { mode: 0o640, .. }), "{refused:?}");
            let shown = refused.to_string();
            assert!(shown.contains("mode 0640") && shown.contains(&format!("chmod 600 {}", open.display())), "{shown}");
            assert!(!shown.contains("abab"), "{shown}");
            fs::set_permissions(&open, fs::Permissions::from_mode(0o600)).unwrap();
            assert_eq!(read_key_file(&open).unwrap()[0], 0xab);
            fs::remove_file(&open).unwrap();
        }
        fs::write(dir.path().join("short"), "abcd\n").unwrap();
        assert!(matches!(read_key_file(&dir.path().join("short")), Err(KeyFileError::Malformed(_))));
        fs::write(dir.path().join("nothex"), "z".repeat(64)).unwrap();
        assert!(matches!(read_key_file(&dir.path().join("nothex")), Err(KeyFileError::Malformed(_))));
        assert!(matches!(read_key_file(&dir.path().join("absent")), Err(KeyFileError::Missing)));
        // No temporary file is left behind.
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 3, "{names:?}");
    }
}
