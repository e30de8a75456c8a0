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
use flink_ddl_exec::{NameFilter, Session};
use rustyline::completion::{Completer, Pair};
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::history::{DefaultHistory, History};
use rustyline::validate::Validator;
use rustyline::{Config, Context, Editor, Helper};

use crate::output::Output;
use crate::store_args::StoreArgs;

const PROMPT: &str = "flink-ddl> ";
const CONTINUATION: &str = "        -> ";

/// The most names offered at once.
const MAX_NAME_CANDIDATES: usize = 200;

/// Which names a position takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Names {
    /// None: only keywords come here.
    None,
    /// Connections visible in the session's scope.
    Connections,
    /// Tables of the session's scope.
    Tables,
}

/// What may come after the words of a statement typed so far: keywords, and names of which kind.
/// `*` in a pattern stands for a name. The first pattern equal to the words wins; a statement not
/// listed gets no completion (inside an option list, a string, a comment).
const COMPLETIONS: &[(&[&str], &[&str], Names)] = &[
    (&[], &["CREATE", "ALTER", "DROP", "DESCRIBE", "DESC", "SHOW", "REPLACE", "help", "quit", "exit"], Names::None),
    (&["SHOW"], &["CONNECTIONS", "TABLES", "MODELS", "TOOLS", "AGENTS", "CREATE"], Names::None),
    (&["SHOW", "CREATE"], &["CONNECTION", "TABLE", "MODEL", "TOOL", "AGENT"], Names::None),
    (&["SHOW", "CREATE", "CONNECTION"], &[], Names::Connections),
    (&["SHOW", "CREATE", "TABLE"], &[], Names::Tables),
    (&["SHOW", "CONNECTIONS"], &["LIKE", "ILIKE", "NOT"], Names::None),
    (&["SHOW", "TABLES"], &["LIKE", "ILIKE", "NOT"], Names::None),
    (&["SHOW", "CONNECTIONS", "NOT"], &["LIKE", "ILIKE"], Names::None),
    (&["SHOW", "TABLES", "NOT"], &["LIKE", "ILIKE"], Names::None),
    (&["CREATE"], &["OR", "CONNECTION", "TABLE", "MODEL", "TOOL", "AGENT"], Names::None),
    (&["CREATE", "OR"], &["REPLACE"], Names::None),
    (&["CREATE", "OR", "REPLACE"], &["CONNECTION", "TABLE"], Names::None),
    (&["CREATE", "CONNECTION"], &["IF"], Names::None),
    (&["CREATE", "CONNECTION", "IF"], &["NOT"], Names::None),
    (&["CREATE", "CONNECTION", "IF", "NOT"], &["EXISTS"], Names::None),
    (&["CREATE", "OR", "REPLACE", "CONNECTION"], &[], Names::Connections),
    (&["CREATE", "CONNECTION", "*"], &["COMMENT", "WITH"], Names::None),
    (&["CREATE", "CONNECTION", "IF", "NOT", "EXISTS", "*"], &["COMMENT", "WITH"], Names::None),
    (&["CREATE", "OR", "REPLACE", "CONNECTION", "*"], &["COMMENT", "WITH"], Names::None),
    (&["CREATE", "TABLE"], &["IF"], Names::None),
    (&["CREATE", "TABLE", "IF"], &["NOT"], Names::None),
    (&["CREATE", "TABLE", "IF", "NOT"], &["EXISTS"], Names::None),
    (&["CREATE", "OR", "REPLACE", "TABLE"], &[], Names::Tables),
    (&["REPLACE"], &["TABLE"], Names::None),
    (&["REPLACE", "TABLE"], &[], Names::Tables),
    (&["ALTER"], &["CONNECTION", "MODEL", "TOOL", "AGENT"], Names::None),
    (&["ALTER", "CONNECTION"], &["IF"], Names::Connections),
    (&["ALTER", "CONNECTION", "IF"], &["EXISTS"], Names::None),
    (&["ALTER", "CONNECTION", "IF", "EXISTS"], &[], Names::Connections),
    (&["ALTER", "CONNECTION", "*"], &["SET"], Names::None),
    (&["ALTER", "CONNECTION", "IF", "EXISTS", "*"], &["SET"], Names::None),
    (&["DROP"], &["CONNECTION", "TABLE", "MODEL", "TOOL", "AGENT"], Names::None),
    (&["DROP", "CONNECTION"], &["IF"], Names::Connections),
    (&["DROP", "CONNECTION", "IF"], &["EXISTS"], Names::None),
    (&["DROP", "CONNECTION", "IF", "EXISTS"], &[], Names::Connections),
    (&["DROP", "TABLE"], &["IF"], Names::Tables),
    (&["DROP", "TABLE", "IF"], &["EXISTS"], Names::None),
    (&["DROP", "TABLE", "IF", "EXISTS"], &[], Names::Tables),
    (&["DESCRIBE"], &["CONNECTION", "EXTENDED", "MODEL", "TOOL", "AGENT"], Names::Tables),
    (&["DESC"], &["CONNECTION", "EXTENDED", "MODEL", "TOOL", "AGENT"], Names::Tables),
    (&["DESCRIBE", "EXTENDED"], &[], Names::Tables),
    (&["DESC", "EXTENDED"], &[], Names::Tables),
    (&["DESCRIBE", "CONNECTION"], &["EXTENDED"], Names::Connections),
    (&["DESC", "CONNECTION"], &["EXTENDED"], Names::Connections),
    (&["DESCRIBE", "CONNECTION", "EXTENDED"], &[], Names::Connections),
    (&["DESC", "CONNECTION", "EXTENDED"], &[], Names::Connections),
    // Models, tools and agents: keywords only.
    (&["SHOW", "MODELS"], &["FROM", "IN", "LIKE", "ILIKE", "NOT"], Names::None),
    (&["SHOW", "TOOLS"], &["FROM", "IN", "LIKE", "ILIKE", "NOT"], Names::None),
    (&["SHOW", "AGENTS"], &["FROM", "IN", "LIKE", "ILIKE", "NOT"], Names::None),
    (&["CREATE", "MODEL"], &["IF"], Names::None),
    (&["CREATE", "MODEL", "*"], &["INPUT", "OUTPUT", "COMMENT", "WITH"], Names::None),
    (&["CREATE", "TOOL"], &["IF"], Names::None),
    (&["CREATE", "TOOL", "*"], &["USING"], Names::None),
    (&["CREATE", "TOOL", "*", "USING"], &["CONNECTION", "FUNCTION"], Names::None),
    (&["CREATE", "AGENT"], &["IF"], Names::None),
    (&["CREATE", "AGENT", "*"], &["USING"], Names::None),
    (&["CREATE", "AGENT", "*", "USING"], &["MODEL", "AGENTS"], Names::None),
    (&["ALTER", "MODEL", "*"], &["SET", "RESET", "RENAME"], Names::None),
    (&["ALTER", "TOOL", "*"], &["SET", "RESET", "RENAME"], Names::None),
    (&["ALTER", "AGENT", "*"], &["SET", "ADD", "REMOVE"], Names::None),
    (&["ALTER", "AGENT", "*", "SET"], &["MODEL", "PROMPT"], Names::None),
];

/// The statement forms `help` shows. Each one parses as written, with every choice of its
/// `[optional]` parts and `{a | b}` alternatives (a unit test expands and parses them all).
const HELP_FORMS: &[&str] = &[
    "CREATE [OR REPLACE] CONNECTION name [COMMENT 'text'] WITH ('type' = 'openai', 'endpoint' = 'https://api.openai.com/v1', 'api-key' = 'sk-...');",
    "CREATE CONNECTION [IF NOT EXISTS] name WITH ('type' = 'mongodb', 'endpoint' = 'mongodb+srv://host', 'username' = 'u', 'password' = 'p');",
    "ALTER CONNECTION [IF EXISTS] name SET ('api-key' = 'sk-...');",
    "DROP CONNECTION [IF EXISTS] name;",
    "{DESCRIBE | DESC} CONNECTION [EXTENDED] name;",
    "SHOW CONNECTIONS [[NOT] {LIKE | ILIKE} 'pattern%'];",
    "SHOW CREATE CONNECTION name;",
    "CREATE TABLE [IF NOT EXISTS] table_name (id BIGINT, title STRING) [WITH ('connector' = 'mongodb', 'mongodb.connection' = 'name')];",
    "DROP TABLE [IF EXISTS] table_name;",
    "{DESCRIBE | DESC} [EXTENDED] table_name;",
    "SHOW TABLES [[NOT] {LIKE | ILIKE} 'pattern%'];",
    "SHOW CREATE TABLE table_name;",
    "CREATE MODEL [IF NOT EXISTS] name [INPUT (text STRING)] [OUTPUT (label STRING)] WITH ('provider' = 'openai', 'task' = 'classification', 'openai.connection' = 'conn');",
    "ALTER MODEL [IF EXISTS] {name | name$2} {SET ('openai.system_prompt' = 'text') | RESET ('openai.system_prompt') | RENAME TO new_name};",
    "ALTER MODEL name SET ('default_version' = '2');",
    "DROP MODEL [IF EXISTS] {name | name$2 | name$all};",
    "{DESCRIBE | DESC} MODEL {name | name$2 | name$all};",
    "CREATE TOOL [IF NOT EXISTS] name USING CONNECTION mcp_conn WITH ('type' = 'mcp', 'allowed_tools' = 'search');",
    "CREATE TOOL [IF NOT EXISTS] name USING FUNCTION fn WITH ('type' = 'function');",
    "CREATE AGENT [IF NOT EXISTS] name USING MODEL model USING PROMPT 'text' [USING TOOLS tool1, tool2];",
    "ALTER AGENT [IF EXISTS] name {SET MODEL model | SET PROMPT 'text' | ADD TOOL tool | REMOVE TOOL tool};",
    "{ALTER TOOL | ALTER AGENT} name SET ('key' = 'value');",
    "DROP {TOOL | AGENT} [IF EXISTS] name;",
    "{DESCRIBE | DESC} {TOOL | AGENT} name;",
    "SHOW {MODELS | TOOLS | AGENTS} [{FROM | IN} db] [[NOT] {LIKE | ILIKE} 'pattern%'];",
    "SHOW CREATE {MODEL | TOOL | AGENT} name;",
];

const HELP_FOOTER: &str = "\
Names are letters, digits, `_` and `$`; write any other name in backticks: `my-conn`.
Strings (option keys and values) are in single quotes.
The connection types and the keys each one needs: flink-ddl connection types
Shell commands: help, quit (or exit, \\q). Tab completes keywords, and connection or table names
where a name comes. Ctrl-C clears the statement being typed; Ctrl-D on an empty line quits.
History keeps statements with credential values masked.";

/// The text `help` prints.
fn help_text() -> String {
    let mut text = String::from("Statements end with `;` and may span lines:\n");
    for form in HELP_FORMS {
        text.push_str("  ");
        text.push_str(form);
        text.push('\n');
    }
    text.push_str(HELP_FOOTER);
    text
}

/// Runs the shell until `quit` or end of input. Returns 0, or 1 when input cannot be read.
pub(crate) fn run(session: &Session, out: &mut Output, store: &StoreArgs, history: Option<PathBuf>) -> ExitCode {
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
                    if let Err(code) = out.write_text(&format!("{}\n", help_text())) {
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
        if let Err(code) = run_entry(session, out, store, &entry) {
            return code;
        }
    }
}

/// Adds `entry` to the history, masked, and saves the history file (mode 0600).
///
/// The entry is masked whole by the fail-closed redactor: lines an open quote pulled into it
/// are masked with it, and once its quotes cannot be trusted everything after its first
/// sensitive or near-miss key is masked, to the end of the entry.
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
fn run_entry(session: &Session, out: &mut Output, store: &StoreArgs, entry: &str) -> Result<(), ExitCode> {
    for item in Parser::new().statements(entry) {
        match item {
            Ok((statement, _)) => match session.execute_owned(statement) {
                Ok(outcome) => out.write_outcome(&outcome)?,
                Err(err) => {
                    let hint = crate::hints::not_found_hint(session, store, &err)
                        .map(|h| format!("\n{h}"))
                        .unwrap_or_default();
                    report!("error: {}", crate::output::escape_message(&format!("{err}{hint}")));
                    return Ok(());
                }
            },
            Err(err) => {
                report!("error: {}", crate::output::escape_message(&err.to_string()));
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

/// Completion: keywords where a keyword comes, names where a name comes ([`COMPLETIONS`]).
struct ShellHelper {
    session: Session,
}

impl ShellHelper {
    /// The names of visible connections or tables starting with `prefix` (a plain
    /// `LIKE 'prefix%'`, so the catalog reads only that range of its name index).
    fn names(&self, kind: Names, prefix: &str) -> Vec<String> {
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
        let catalog = self.session.catalog();
        let found: Vec<String> = match kind {
            Names::None => Vec::new(),
            Names::Connections => catalog
                .list_connections(&scope, Some(&filter))
                .map(|found| found.into_iter().map(|c| c.name).collect())
                .unwrap_or_default(),
            Names::Tables => catalog
                .list_tables(&scope, Some(&filter))
                .map(|found| found.into_iter().map(|t| t.name).collect())
                .unwrap_or_default(),
        };
        found.into_iter().take(MAX_NAME_CANDIDATES).collect()
    }
}

/// The words of the statement being typed, before the word under the cursor, upper-cased
/// (names as `*`). `None` inside a string, a quoted name or an option list, where nothing is
/// completed.
fn statement_words(before: &str) -> Option<Vec<String>> {
    let statement = before.rsplit(';').next().unwrap_or("");
    if statement.contains(['(', '\'']) || statement.matches('`').count() % 2 == 1 {
        return None;
    }
    let keywords: Vec<&str> =
        COMPLETIONS.iter().flat_map(|(pattern, next, _)| pattern.iter().chain(next.iter())).copied().collect();
    Some(
        statement
            .split_whitespace()
            .map(|word| {
                let upper = word.to_ascii_uppercase();
                if keywords.contains(&upper.as_str()) && !word.starts_with('`') {
                    upper
                } else {
                    "*".to_owned()
                }
            })
            .collect(),
    )
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
        let Some(words) = statement_words(&before[..start]) else { return Ok((start, Vec::new())) };
        let Some((_, keywords, names)) = COMPLETIONS
            .iter()
            .find(|(pattern, _, _)| pattern.len() == words.len() && pattern.iter().zip(&words).all(|(p, w)| p == w))
        else {
            return Ok((start, Vec::new()));
        };
        let mut candidates = Vec::new();
        for name in self.names(*names, prefix) {
            let ident = Ident::new(name.as_str());
            let replacement =
                if quoted || ident.needs_quotes() { format!("`{}`", name.replace('`', "``")) } else { name };
            candidates.push(Pair { display: replacement.clone(), replacement });
        }
        if !quoted {
            let lower = prefix.chars().any(char::is_lowercase);
            for keyword in *keywords {
                if keyword.len() >= prefix.len() && keyword[..prefix.len()].eq_ignore_ascii_case(prefix) {
                    let shown = if lower || keyword.chars().all(char::is_lowercase) {
                        keyword.to_ascii_lowercase()
                    } else {
                        keyword.to_ascii_uppercase()
                    };
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

    fn helper() -> ShellHelper {
        use std::sync::Arc;
        let session =
            Session::new(Arc::new(flink_ddl_exec::MemoryCatalog::new()), flink_ddl_exec::SessionContext::default());
        for name in ["crm_pg", "`crm x`", "`100%`", "other", "connections_db"] {
            let sql = format!("CREATE CONNECTION {name} WITH ('type' = 'openai', 'endpoint' = 'e', 'api-key' = 'k')");
            session.execute(&flink_ddl::parse_statement(&sql).unwrap()).unwrap();
        }
        session.execute(&flink_ddl::parse_statement("CREATE TABLE crm_orders (id INT)").unwrap()).unwrap();
        let elsewhere =
            Session::new(session.catalog().clone(), flink_ddl_exec::SessionContext::new("default", "aws", "r"));
        let sql = "CREATE CONNECTION crm_hidden WITH ('type' = 'openai', 'endpoint' = 'e', 'api-key' = 'k')";
        elsewhere.execute(&flink_ddl::parse_statement(sql).unwrap()).unwrap();
        ShellHelper { session }
    }

    #[test]
    fn names_are_offered_where_a_name_comes() {
        let helper = helper();
        // A name position offers the visible names (not the hidden region's) and the keywords
        // that may stand there.
        assert_eq!(complete(&helper, "DESCRIBE CONNECTION cr"), (20, vec!["`crm x`".into(), "crm_pg".into()]));
        assert_eq!(complete(&helper, "DROP CONNECTION i"), (16, vec!["if".into()]));
        assert_eq!(complete(&helper, "DROP TABLE c"), (11, vec!["crm_orders".into()]));
        assert_eq!(complete(&helper, "desc cr"), (5, vec!["crm_orders".into()]));
        // `%` and `_` in what was typed are literal, not patterns.
        assert_eq!(complete(&helper, "DROP CONNECTION `100"), (16, vec!["`100%`".into()]));
        assert_eq!(complete(&helper, "DROP CONNECTION crm_"), (16, vec!["crm_pg".into()]));
        assert_eq!(complete(&helper, "DROP CONNECTION zz").1, Vec::<String>::new());
    }

    #[test]
    fn keywords_are_offered_where_a_keyword_comes() {
        let helper = helper();
        assert_eq!(complete(&helper, "cr"), (0, vec!["create".into()]));
        assert_eq!(complete(&helper, "desc"), (0, vec!["describe".into(), "desc".into()]));
        assert_eq!(complete(&helper, "show ").1, ["CONNECTIONS", "TABLES", "MODELS", "TOOLS", "AGENTS", "CREATE"]);
        assert_eq!(complete(&helper, "create tool t using ").1, ["CONNECTION", "FUNCTION"]);
        assert_eq!(complete(&helper, "SHOW CONN"), (5, vec!["CONNECTIONS".into()]));
        assert_eq!(complete(&helper, "create c"), (7, vec!["connection".into()]));
        assert_eq!(complete(&helper, "CREATE CONNECTION x "), (20, vec!["COMMENT".into(), "WITH".into()]));
        assert_eq!(complete(&helper, "ALTER CONNECTION crm_pg S"), (24, vec!["SET".into()]));
        assert_eq!(complete(&helper, "SHOW CONNECTIONS; dr"), (18, vec!["drop".into()]));
        // Inside an option list or a string nothing is offered.
        assert!(complete(&helper, "CREATE CONNECTION x WITH ('type' = 'op").1.is_empty());
        assert!(complete(&helper, "CREATE CONNECTION x WITH (").1.is_empty());
    }

    /// Every choice of a form's `[optional]` parts and `{a | b}` alternatives.
    fn expansions(form: &str) -> Vec<String> {
        fn sequence(chars: &[char], at: &mut usize, end: Option<char>) -> Vec<Vec<String>> {
            // Alternatives, each a list of expansions.
            let mut alternatives: Vec<Vec<String>> = Vec::new();
            let mut current: Vec<String> = vec![String::new()];
            while *at < chars.len() {
                let c = chars[*at];
                if Some(c) == end {
                    *at += 1;
                    break;
                }
                *at += 1;
                let parts: Vec<String> = match c {
                    '[' => {
                        let inner: Vec<String> = sequence(chars, at, Some(']')).into_iter().flatten().collect();
                        std::iter::once(String::new()).chain(inner).collect()
                    }
                    '{' => sequence(chars, at, Some('}')).into_iter().flatten().collect(),
                    '|' if end.is_some() => {
                        alternatives.push(std::mem::replace(&mut current, vec![String::new()]));
                        continue;
                    }
                    '\'' => {
                        let mut literal = String::from("'");
                        while *at < chars.len() {
                            literal.push(chars[*at]);
                            *at += 1;
                            if chars[*at - 1] == '\'' {
                                break;
                            }
                        }
                        vec![literal]
                    }
                    c => vec![c.to_string()],
                };
                current = current.iter().flat_map(|head| parts.iter().map(move |p| format!("{head}{p}"))).collect();
            }
            alternatives.push(current);
            alternatives
        }
        let chars: Vec<char> = form.chars().collect();
        let mut at = 0;
        sequence(&chars, &mut at, None)
            .into_iter()
            .flatten()
            .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" ").replace("table_name", "t1"))
            .collect()
    }

    #[test]
    fn every_form_help_shows_parses() {
        let mut count = 0;
        for form in HELP_FORMS {
            for statement in expansions(form) {
                if let Err(e) = flink_ddl::parse_statement(&statement) {
                    panic!("help shows a form that does not parse: {statement}\n{e}");
                }
                count += 1;
            }
        }
        assert!(count >= 36, "{count} statements");
        assert!(help_text().contains("{DESCRIBE | DESC} CONNECTION [EXTENDED] name"));
        assert!(!help_text().contains("[EXTENDED] CONNECTION"));
        assert!(expansions("SHOW X [[NOT] {LIKE | ILIKE} 'p']").contains(&"SHOW X NOT ILIKE 'p'".to_owned()));
    }
}
