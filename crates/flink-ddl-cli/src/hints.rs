//! Commands that messages suggest. Each one is built from the options of the run that failed
//! (its catalog, key file, environment, cloud and region), quoted for a POSIX shell, so that it
//! runs as printed: a suggestion the user cannot paste back is worse than none.

use flink_ddl_exec::{ExecError, Session, SessionContext};

use crate::store_args::StoreArgs;

/// The program's name in suggested commands.
const PROGRAM: &str = "flink-ddl";

/// A command line: the program and its arguments, each quoted for a POSIX shell when needed.
#[derive(Debug, Clone)]
pub(crate) struct Suggested {
    words: Vec<String>,
}

impl Suggested {
    /// `flink-ddl` followed by the options that choose the same catalog as this run.
    pub(crate) fn with_store(store: &StoreArgs) -> Self {
        let mut words = vec![PROGRAM.to_owned()];
        if store.memory {
            words.push("--memory".to_owned());
        } else {
            if let Some(path) = store.catalog.as_ref().filter(|p| !p.as_os_str().is_empty()) {
                words.extend(["--catalog".to_owned(), path.to_string_lossy().into_owned()]);
            }
            if let Some(path) = store.key_file.as_ref().filter(|p| !p.as_os_str().is_empty()) {
                words.extend(["--key-file".to_owned(), path.to_string_lossy().into_owned()]);
            }
        }
        Suggested { words }
    }

    /// Adds words as they are.
    pub(crate) fn args<'a>(mut self, words: impl IntoIterator<Item = &'a str>) -> Self {
        self.words.extend(words.into_iter().map(str::to_owned));
        self
    }

    /// Adds `--flag value`.
    pub(crate) fn option(mut self, flag: &str, value: &str) -> Self {
        self.words.extend([flag.to_owned(), value.to_owned()]);
        self
    }

    /// Adds `--force`.
    pub(crate) fn arg_force(mut self) -> Self {
        self.words.push("--force".to_owned());
        self
    }

    /// Adds a positional value; one that starts with `-` comes after `--`, so it is not read as a
    /// flag (it must then be the last word).
    pub(crate) fn positional(mut self, value: &str) -> Self {
        if value.starts_with('-') {
            self.words.push("--".to_owned());
        }
        self.words.push(value.to_owned());
        self
    }
}

impl std::fmt::Display for Suggested {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let quoted: Vec<String> = self.words.iter().map(|w| shell_quote(w)).collect();
        f.write_str(&quoted.join(" "))
    }
}

/// `word` as a POSIX shell reads it back: unchanged when it holds only characters no shell
/// treats specially, otherwise in single quotes (a `'` inside written `'\''`).
pub(crate) fn shell_quote(word: &str) -> String {
    let plain = !word.is_empty()
        && word.bytes().all(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'/' | b':' | b'@' | b'+' | b',' | b'=')
        });
    if plain {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// The SQL name for `name`: as it is when it needs no quoting, else in backticks.
pub(crate) fn sql_name(name: &str) -> String {
    let ident = flink_ddl::Ident::new(name);
    if ident.needs_quotes() {
        format!("`{}`", name.replace('`', "``"))
    } else {
        name.to_owned()
    }
}

/// For a connection that is not in the session's scope but exists in another cloud or region of
/// the environment: where it is, and a command that describes it there.
pub(crate) fn not_found_hint(session: &Session, store: &StoreArgs, err: &ExecError) -> Option<String> {
    let ExecError::ConnectionNotFound { name, scope } = err else { return None };
    let found = session.catalog().get_connection(&scope.environment, name).ok()??;
    let there = &found.info.scope;
    let mut command = Suggested::with_store(store);
    if there.environment != SessionContext::DEFAULT_ENVIRONMENT {
        command = command.option("--environment", &there.environment);
    }
    let command = command
        .option("--cloud", &there.cloud)
        .option("--region", &there.region)
        .option("-e", &format!("DESCRIBE CONNECTION {}", sql_name(name)));
    Some(format!(
        "hint: connection \"{name}\" exists in cloud \"{}\", region \"{}\" of environment \"{}\"; to see it there:\n  {command}",
        there.cloud, there.region, there.environment
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_quoted_only_when_a_shell_would_misread_them() {
        assert_eq!(shell_quote("us-east-1"), "us-east-1");
        assert_eq!(shell_quote("/tmp/c.db"), "/tmp/c.db");
        assert_eq!(shell_quote("my conn"), "'my conn'");
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
        assert_eq!(shell_quote(""), "''");
        assert_eq!(shell_quote("$HOME"), "'$HOME'");
        assert_eq!(shell_quote("DESCRIBE CONNECTION `a b`"), "'DESCRIBE CONNECTION `a b`'");
    }

    #[test]
    fn a_name_that_looks_like_a_flag_comes_after_a_double_dash() {
        let store = StoreArgs { catalog: None, memory: false, key_file: None };
        let line = Suggested::with_store(&store).args(["connection", "describe"]).positional("-x").to_string();
        assert_eq!(line, "flink-ddl connection describe -- -x");
    }
}
