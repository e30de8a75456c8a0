//! The interactive shell: reads lines until a statement ends (a `;` outside strings and
//! comments, as [`flink_ddl::ends_statement`] decides), runs the statements, prints the outcome
//! or the error (with its caret) and goes on.
//!
//! History keeps what was typed as [`redact_broken_sql`] masks it, never the raw text: the
//! history file is plain text in the user's data directory, and a line typed with a password
//! in it must not end up there. Completion offers keywords and the names of the connections
//! visible in the session's scope. `help` and `quit` (or `exit`, `\q`) are shell commands.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use flink_ddl::{ends_statement, redact_broken_sql, Ident, Parser};
use flink_ddl_exec::{render, NameFilter, Session};
use rustyline::completion::{Completer, Pair};
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::history::{DefaultHistory, History};
use rustyline::validate::Validator;
use rustyline::{Config, Context, Editor, Helper};

use crate::output::Output;

const PROMPT: &str = "flink-ddl> ";
const CONTINUATION: &str = "        -> ";

/// Words the shell completes, besides connection names.
const KEYWORDS: &[&str] = &[
    "ALTER",
    "CONNECTION",
    "CONNECTIONS",
    "COMMENT",
    "CREATE",
    "DESC",
    "DESCRIBE",
    "DROP",
    "EXISTS",
    "EXTENDED",
    "IF",
    "ILIKE",
    "LIKE",
    "NOT",
    "OR",
    "REPLACE",
    "SET",
    "SHOW",
    "TABLE",
    "TABLES",
    "WITH",
    "help",
    "quit",
    "exit",
];

/// The most connection names offered at once.
const MAX_NAME_CANDIDATES: usize = 200;

const HELP: &str = "\
Statements end with `;` and may span lines:
  CREATE [OR REPLACE] CONNECTION [IF NOT EXISTS] name [COMMENT '...'] WITH ('type' = '...', 'endpoint' = '...', ...);
  ALTER CONNECTION [IF EXISTS] name SET ('api-key' = '...', ...);
  DROP CONNECTION [IF EXISTS] name;
  DESCRIBE [EXTENDED] CONNECTION name;   (DESC for short)
  SHOW CONNECTIONS [[NOT] LIKE | ILIKE 'pattern'];
  SHOW CREATE CONNECTION name;
Shell commands: help, quit (or exit, \\q). Tab completes keywords and connection names.
Ctrl-C clears the statement being typed; Ctrl-D on an empty line quits.
History keeps statements with credential values masked.";

/// Runs the shell until `quit` or end of input. Returns 0, or 1 when input cannot be read.
pub(crate) fn run(session: &Session, out: &mut Output, history: Option<PathBuf>) -> ExitCode {
    let config = Config::builder()
        .auto_add_history(false)
        .history_ignore_dups(true)
        .and_then(|c| c.max_history_size(1000))
        .map(|c| c.completion_type(rustyline::CompletionType::List))
        .map(|c| c.build())
        .unwrap_or_default();
    let mut editor: Editor<ShellHelper, DefaultHistory> = match Editor::with_config(config) {
        Ok(editor) => editor,
        Err(e) => {
            report!("error: cannot start the shell: {e}");
            return ExitCode::from(1);
        }
    };
    editor.set_helper(Some(ShellHelper { session: session.clone() }));
    if let Some(path) = &history {
        if path.exists() {
            // An unreadable history is not worth refusing to start for.
            let _ = editor.load_history(path);
        }
    }
    report!("flink-ddl {}: type `help` for help, `quit` to leave.", env!("CARGO_PKG_VERSION"));

    let mut buffer = String::new();
    loop {
        let prompt = if buffer.is_empty() { PROMPT } else { CONTINUATION };
        let line = match editor.readline(prompt) {
            Ok(line) => line,
            Err(ReadlineError::Interrupted) => {
                buffer.clear();
                continue;
            }
            Err(ReadlineError::Eof) => {
                if !buffer.trim().is_empty() {
                    report!("(unfinished statement discarded: it needs a `;`)");
                }
                return ExitCode::SUCCESS;
            }
            Err(e) => {
                report!("error: cannot read input: {e}");
                return ExitCode::from(1);
            }
        };
        if buffer.is_empty() {
            match shell_command(&line) {
                Some(ShellCommand::Quit) => return ExitCode::SUCCESS,
                Some(ShellCommand::Help) => {
                    if let Err(code) = out.write_text(&format!("{HELP}\n")) {
                        return code;
                    }
                    continue;
                }
                None if line.trim().is_empty() => continue,
                None => {}
            }
        }
        buffer.push_str(&line);
        buffer.push('\n');
        if !ends_statement(&buffer) {
            continue;
        }
        let entry = std::mem::take(&mut buffer);
        remember(&mut editor, &entry, history.as_deref());
        if let Err(code) = run_entry(session, out, &entry) {
            return code;
        }
    }
}

/// Adds `entry` to the history, masked, and saves the history file (mode 0600).
fn remember(editor: &mut Editor<ShellHelper, DefaultHistory>, entry: &str, path: Option<&Path>) {
    let masked = redact_broken_sql(entry.trim_end());
    if editor.history_mut().add(&masked).is_err() {
        return;
    }
    if let Some(path) = path {
        if !path.exists() {
            let _ = create_private_file(path);
        }
        if let Err(e) = editor.save_history(path) {
            report!("warning: cannot save the history to {}: {e}", path.display());
        }
    }
}

fn create_private_file(path: &Path) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path).map(drop)
}

/// Runs the statements of one entry; errors are shown and the shell goes on. Only a closed
/// standard output ends it.
fn run_entry(session: &Session, out: &mut Output, entry: &str) -> Result<(), ExitCode> {
    for item in Parser::new().statements(entry) {
        match item {
            Ok((statement, _)) => match session.execute(&statement) {
                Ok(outcome) => out.write(&render(&outcome, out.format))?,
                Err(err) => {
                    report!("error: {err}");
                    return Ok(());
                }
            },
            Err(err) => {
                report!("error: {err}");
                return Ok(());
            }
        }
    }
    Ok(())
}

enum ShellCommand {
    Help,
    Quit,
}

/// `help`, `quit`, `exit`, `\q`, `\h`, `?`, in any case, with an optional `;`.
fn shell_command(line: &str) -> Option<ShellCommand> {
    let word = line.trim().trim_end_matches(';').trim_end().to_ascii_lowercase();
    match word.as_str() {
        "help" | "\\h" | "?" | "\\?" => Some(ShellCommand::Help),
        "quit" | "exit" | "\\q" => Some(ShellCommand::Quit),
        _ => None,
    }
}

/// Completion of keywords and connection names.
struct ShellHelper {
    session: Session,
}

impl ShellHelper {
    /// The names of visible connections starting with `prefix` (a plain `LIKE 'prefix%'`, so
    /// the catalog reads only that range of its name index).
    fn connection_names(&self, prefix: &str) -> Vec<String> {
        let mut pattern = String::with_capacity(prefix.len() + 1);
        for c in prefix.chars() {
            if matches!(c, '%' | '_' | '\\') {
                pattern.push('\\');
            }
            pattern.push(c);
        }
        pattern.push('%');
        let filter = NameFilter::like(&pattern, false, false);
        let scope = self.session.context().scope();
        match self.session.catalog().list_connections(&scope, Some(&filter)) {
            Ok(found) => found.into_iter().take(MAX_NAME_CANDIDATES).map(|c| c.name).collect(),
            Err(_) => Vec::new(),
        }
    }
}

impl Completer for ShellHelper {
    type Candidate = Pair;

    fn complete(&self, line: &str, pos: usize, _: &Context<'_>) -> rustyline::Result<(usize, Vec<Pair>)> {
        let before = &line[..pos.min(line.len())];
        let start = before
            .char_indices()
            .rev()
            .find(|(_, c)| !(c.is_alphanumeric() || matches!(c, '_' | '$' | '`')))
            .map_or(0, |(at, c)| at + c.len_utf8());
        let word = &before[start..];
        let quoted = word.starts_with('`');
        let prefix = word.trim_start_matches('`');
        // Right after CONNECTION (or EXISTS, EXTENDED) comes a name: names first, and of the
        // keywords only those that may stand there.
        let previous = before[..start].split_whitespace().next_back().unwrap_or("").to_ascii_uppercase();
        let name_position = matches!(previous.as_str(), "CONNECTION" | "EXISTS" | "EXTENDED");
        let mut candidates = Vec::new();
        for name in self.connection_names(prefix) {
            let ident = Ident::new(name.as_str());
            let replacement =
                if quoted || ident.needs_quotes() { format!("`{}`", name.replace('`', "``")) } else { name };
            candidates.push(Pair { display: replacement.clone(), replacement });
        }
        if !quoted && !prefix.is_empty() {
            let lower = prefix.chars().any(char::is_lowercase);
            for keyword in KEYWORDS {
                if name_position && !matches!(*keyword, "IF" | "EXTENDED") {
                    continue;
                }
                if keyword.len() >= prefix.len() && keyword[..prefix.len()].eq_ignore_ascii_case(prefix) {
                    let shown = if lower { keyword.to_ascii_lowercase() } else { keyword.to_ascii_uppercase() };
                    candidates.push(Pair { display: shown.clone(), replacement: shown });
                }
            }
        }
        Ok((start, candidates))
    }
}

impl Hinter for ShellHelper {
    type Hint = String;
}

impl Highlighter for ShellHelper {
    fn highlight<'l>(&self, line: &'l str, _pos: usize) -> Cow<'l, str> {
        Cow::Borrowed(line)
    }
}

impl Validator for ShellHelper {}

impl Helper for ShellHelper {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_commands() {
        assert!(matches!(shell_command(" QUIT; "), Some(ShellCommand::Quit)));
        assert!(matches!(shell_command("\\q"), Some(ShellCommand::Quit)));
        assert!(matches!(shell_command("help"), Some(ShellCommand::Help)));
        assert!(shell_command("SHOW CONNECTIONS;").is_none());
    }

    fn complete(helper: &ShellHelper, line: &str) -> (usize, Vec<String>) {
        let history = DefaultHistory::new();
        let (start, pairs) = helper.complete(line, line.len(), &Context::new(&history)).unwrap();
        (start, pairs.into_iter().map(|p| p.replacement).collect())
    }

    #[test]
    fn completion_offers_keywords_and_visible_connection_names() {
        use std::sync::Arc;
        let session =
            Session::new(Arc::new(flink_ddl_exec::MemoryCatalog::new()), flink_ddl_exec::SessionContext::default());
        for name in ["crm_pg", "`crm x`", "`100%`", "other"] {
            let sql = format!("CREATE CONNECTION {name} WITH ('type' = 'openai', 'endpoint' = 'e', 'api-key' = 'k')");
            session.execute(&flink_ddl::parse_statement(&sql).unwrap()).unwrap();
        }
        let elsewhere =
            Session::new(session.catalog().clone(), flink_ddl_exec::SessionContext::new("default", "aws", "r"));
        let sql = "CREATE CONNECTION crm_hidden WITH ('type' = 'openai', 'endpoint' = 'e', 'api-key' = 'k')";
        elsewhere.execute(&flink_ddl::parse_statement(sql).unwrap()).unwrap();
        let helper = ShellHelper { session };

        // A name position offers names (the hidden region's are not visible), not keywords.
        assert_eq!(complete(&helper, "DESCRIBE CONNECTION cr"), (20, vec!["`crm x`".into(), "crm_pg".into()]));
        assert_eq!(complete(&helper, "DROP CONNECTION i"), (16, vec!["if".into()]));
        assert_eq!(complete(&helper, "cr"), (0, vec!["`crm x`".into(), "crm_pg".into(), "create".into()]));
        assert_eq!(complete(&helper, "desc"), (0, vec!["desc".into(), "describe".into()]));
        assert_eq!(complete(&helper, "SHOW CONN"), (5, vec!["CONNECTION".into(), "CONNECTIONS".into()]));
        // `%` and `_` in what was typed are literal, not patterns.
        assert_eq!(complete(&helper, "DROP CONNECTION `100"), (16, vec!["`100%`".into()]));
        assert_eq!(complete(&helper, "DROP CONNECTION crm_"), (16, vec!["crm_pg".into()]));
        assert_eq!(complete(&helper, "DROP CONNECTION zz").1, Vec::<String>::new());
    }
}
