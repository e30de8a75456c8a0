//! The rules of models, tools and agents (docs/executor.md#models-tools-and-agents): what their
//! options must say, what they refer to, how model versions come and go. Each statement makes one
//! changing catalog call ([`crate::catalog::Catalog::write_ai_object`]), which checks the
//! references and the in-use rule in the same atomic step; a call that lost a race against
//! another statement is computed again from a fresh read.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use flink_ddl::{
    canonical_option_key, option_key_eq, AgentDefinition, AlterAction, AlterAgent, AlterAgentAction, AlterModel,
    AlterTool, CreateAgent, CreateModel, CreateTool, DescribeModel, DropModel, FromDatabase, LikeFilter, ModelVersion,
    ObjectName, OptionList, OptionValue, SqlOption, ToolSource, REDACTED,
};

use crate::catalog::{
    AiDefinition, AiObjectChange, AiObjectKind, AiObjectRecord, AiVersion, CatalogError, Dependency, Scope,
};
use crate::connection_type::ConnectionType;
use crate::executor::error::ExecError;
use crate::executor::outcome::{NoOpReason, ObjectKind, Outcome};
use crate::executor::rules;
use crate::executor::session::{name_filter, Session, ALTER_ATTEMPTS};

/// A model keeps at most this many versions.
pub const MAX_MODEL_VERSIONS: usize = 10;

/// A model has at most this many `params.*` options.
pub const MAX_MODEL_PARAMS: usize = 32;

/// The providers a model may name.
pub const MODEL_PROVIDERS: &[&str] = &[
    "openai",
    "azureopenai",
    "azureml",
    "bedrock",
    "sagemaker",
    "googleai",
    "vertexai",
    "anthropic",
    "fireworksai",
    "confluent",
];

/// The tasks a model may do.
pub const MODEL_TASKS: &[&str] = &["classification", "clustering", "embedding", "regression", "text_generation"];

/// The types a tool may have.
pub const TOOL_TYPES: &[&str] = &["mcp", "a2a", "function"];

fn object_kind(kind: AiObjectKind) -> ObjectKind {
    match kind {
        AiObjectKind::Model => ObjectKind::Model,
        AiObjectKind::Tool => ObjectKind::Tool,
        AiObjectKind::Agent => ObjectKind::Agent,
    }
}

/// The plain value of the option `key` (keys compare as connection keys do: any case, `_` = `-`).
fn option<'a>(options: &'a OptionList, key: &str) -> Option<&'a str> {
    options.iter().find(|o| option_key_eq(o.key(), key)).and_then(|o| o.value().as_plain())
}

fn invalid(kind: AiObjectKind, name: &str, rule: &'static str, detail: String) -> ExecError {
    ExecError::InvalidDefinition { kind: object_kind(kind), name: name.to_owned(), rule, detail }
}

/// Lists whose sizes multiply to more than this are matched through a map of their keys, not
/// pairwise: a `SET` or `RESET` of thousands of keys on a model of thousands of options would take
/// a time that grows with their product.
const PAIRWISE_LIMIT: usize = 4096;

/// The first position of each key of `options`, by canonical key (`API_KEY` is `api-key`).
fn positions(options: &OptionList) -> HashMap<Cow<'_, str>, usize> {
    let mut positions = HashMap::with_capacity(options.len());
    for (n, option) in options.iter().enumerate() {
        positions.entry(canonical_option_key(option.key())).or_insert(n);
    }
    positions
}

/// `options` with `changes` applied: a key given again replaces the old one, a new key is added.
fn merged(options: &OptionList, changes: &OptionList) -> OptionList {
    let mut out: Vec<SqlOption> = options.iter().cloned().collect();
    if options.len().saturating_mul(changes.len()) <= PAIRWISE_LIMIT {
        for change in changes {
            match out.iter_mut().find(|o| option_key_eq(o.key(), change.key())) {
                Some(slot) => *slot = change.clone(),
                None => out.push(change.clone()),
            }
        }
        return OptionList::from(out);
    }
    let mut positions = positions(options);
    for change in changes {
        match positions.get(&canonical_option_key(change.key())) {
            Some(&n) => out[n] = change.clone(),
            None => {
                positions.insert(canonical_option_key(change.key()), out.len());
                out.push(change.clone());
            }
        }
    }
    OptionList::from(out)
}

/// `options` without `keys`; every key must be there.
fn without(kind: AiObjectKind, name: &str, options: &OptionList, keys: &[String]) -> Result<OptionList, ExecError> {
    let not_set =
        |key: &str| Err(invalid(kind, name, "reset-known-key", format!("RESET names `{key}`, which is not set")));
    if options.len().saturating_mul(keys.len()) <= PAIRWISE_LIMIT {
        if let Some(key) = keys.iter().find(|key| !options.iter().any(|o| option_key_eq(o.key(), key))) {
            return not_set(key);
        }
        let kept = options.iter().filter(|o| !keys.iter().any(|k| option_key_eq(o.key(), k))).cloned();
        return Ok(OptionList::from(kept.collect::<Vec<_>>()));
    }
    let positions = positions(options);
    if let Some(key) = keys.iter().find(|key| !positions.contains_key(&canonical_option_key(key))) {
        return not_set(key);
    }
    let reset: HashSet<Cow<'_, str>> = keys.iter().map(|key| canonical_option_key(key)).collect();
    let kept = options.iter().filter(|o| !reset.contains(&canonical_option_key(o.key()))).cloned();
    Ok(OptionList::from(kept.collect::<Vec<_>>()))
}

/// Rule: a model names a known `provider` and `task`; `'<provider>.connection'` names a
/// connection of the provider's type and `'mcp.connection'` one of type `mcp_server`; no key
/// belongs to another provider; at most 32 `params.*` options. Returns what the model refers to.
fn model_uses(name: &str, options: &OptionList) -> Result<Vec<Dependency>, ExecError> {
    let model = AiObjectKind::Model;
    let Some(provider) = option(options, "provider").filter(|p| !p.is_empty()) else {
        let detail = format!("the option `provider` is required: one of {}", MODEL_PROVIDERS.join(", "));
        return Err(invalid(model, name, "model-provider-and-task", detail));
    };
    let provider = provider.to_ascii_lowercase();
    if !MODEL_PROVIDERS.contains(&provider.as_str()) {
        let detail = format!("unknown provider; `provider` is one of {}", MODEL_PROVIDERS.join(", "));
        return Err(invalid(model, name, "model-provider-and-task", detail));
    }
    match option(options, "task") {
        Some(task) if MODEL_TASKS.iter().any(|t| t.eq_ignore_ascii_case(task)) => {}
        _ => {
            let detail = format!("the option `task` is required: one of {}", MODEL_TASKS.join(", "));
            return Err(invalid(model, name, "model-provider-and-task", detail));
        }
    }
    let mut uses = Vec::new();
    let mut params = 0;
    for o in options {
        let key = o.key().to_ascii_lowercase().replace('-', "_");
        let Some((prefix, rest)) = key.split_once('.') else { continue };
        if rest.starts_with("params.") {
            params += 1;
        }
        if prefix != provider && prefix != "mcp" && MODEL_PROVIDERS.contains(&prefix) {
            let detail = format!("the option `{}` belongs to provider `{prefix}`, not `{provider}`", o.key());
            return Err(invalid(model, name, "model-provider-keys", detail));
        }
        if rest == "connection" {
            let Some(connection) = o.value().as_plain().filter(|v| !v.is_empty()) else {
                let detail = format!("the option `{}` must name a connection", o.key());
                return Err(invalid(model, name, "model-connection", detail));
            };
            let wanted = if prefix == "mcp" { "mcp_server" } else { provider.as_str() };
            uses.push(Dependency::connection(connection, ConnectionType::from_name(wanted)));
        }
    }
    if params > MAX_MODEL_PARAMS {
        let detail = format!("{params} `params.*` options; a model has at most {MAX_MODEL_PARAMS}");
        return Err(invalid(model, name, "model-params-limit", detail));
    }
    Ok(uses)
}

/// Rule: a tool's `type` is `mcp` (USING CONNECTION of type `mcp_server`, with `allowed_tools`),
/// `a2a` (USING CONNECTION of type `a2a`) or `function` (USING FUNCTION).
fn tool_uses(name: &str, source: &ToolSource, options: &OptionList) -> Result<Vec<Dependency>, ExecError> {
    let tool = AiObjectKind::Tool;
    let Some(ty) = option(options, "type").map(str::to_ascii_lowercase) else {
        let detail = format!("the option `type` is required: one of {}", TOOL_TYPES.join(", "));
        return Err(invalid(tool, name, "tool-type", detail));
    };
    match (ty.as_str(), source) {
        ("mcp", ToolSource::Connection(connection)) => {
            if option(options, "allowed_tools").is_none_or(str::is_empty) {
                let detail = "an `mcp` tool needs the option `allowed_tools` (the server's tools it may call)";
                return Err(invalid(tool, name, "tool-type", detail.to_owned()));
            }
            Ok(vec![Dependency::connection(connection.name().as_str(), ConnectionType::from_name("mcp_server"))])
        }
        ("a2a", ToolSource::Connection(connection)) => {
            Ok(vec![Dependency::connection(connection.name().as_str(), ConnectionType::from_name("a2a"))])
        }
        ("function", ToolSource::Function(_)) => Ok(Vec::new()),
        ("mcp" | "a2a", ToolSource::Function(_)) => {
            let detail = format!("a tool of type `{ty}` is `USING CONNECTION`, not `USING FUNCTION`");
            Err(invalid(tool, name, "tool-type", detail))
        }
        ("function", ToolSource::Connection(_)) => {
            let detail = "a tool of type `function` is `USING FUNCTION`, not `USING CONNECTION`".to_owned();
            Err(invalid(tool, name, "tool-type", detail))
        }
        _ => {
            let detail = format!("unknown tool type; `type` is one of {}", TOOL_TYPES.join(", "));
            Err(invalid(tool, name, "tool-type", detail))
        }
    }
}

/// Rule: an agent's model, tools and agents exist in its scope; `max_iterations` and
/// `max_consecutive_failures` are positive whole numbers.
fn agent_uses(name: &str, definition: &AgentDefinition, options: &OptionList) -> Result<Vec<Dependency>, ExecError> {
    for key in ["max_iterations", "max_consecutive_failures"] {
        if let Some(value) = options.iter().find(|o| option_key_eq(o.key(), key)).map(|o| o.value()) {
            let ok = value.as_plain().and_then(|v| v.trim().parse::<u32>().ok()).is_some_and(|n| n > 0);
            if !ok {
                let detail = format!("the option `{key}` must be a whole number of 1 or more");
                return Err(invalid(AiObjectKind::Agent, name, "agent-options", detail));
            }
        }
    }
    Ok(match definition {
        AgentDefinition::Model { model, tools, .. } => {
            let mut uses = vec![Dependency::object(AiObjectKind::Model, model.name.name().as_str())];
            uses.extend(tools.iter().map(|t| Dependency::object(AiObjectKind::Tool, t.name().as_str())));
            uses
        }
        AgentDefinition::Agents(agents) => {
            if agents.iter().any(|a| a.name().as_str() == name) {
                let detail = "a reflection agent cannot use itself".to_owned();
                return Err(invalid(AiObjectKind::Agent, name, "agent-references", detail));
            }
            agents.iter().map(|a| Dependency::object(AiObjectKind::Agent, a.name().as_str())).collect()
        }
    })
}

/// What the versions of a record refer to together, ordered, without repeats.
fn record_uses(name: &str, versions: &[AiVersion]) -> Result<Vec<Dependency>, ExecError> {
    let mut uses = Vec::new();
    for version in versions {
        uses.extend(match &version.definition {
            AiDefinition::Model(m) => model_uses(name, &m.options)?,
            AiDefinition::Tool(t) => tool_uses(name, &t.source, &t.options)?,
            AiDefinition::Agent(a) => agent_uses(name, &a.definition, &a.options)?,
        });
    }
    uses.sort();
    uses.dedup();
    Ok(uses)
}

/// Rule: the versions of a model share INPUT, OUTPUT, COMMENT and `task`.
fn same_signature(name: &str, old: &CreateModel, new: &CreateModel) -> Result<(), ExecError> {
    let task = |m: &CreateModel| option(&m.options, "task").map(str::to_ascii_lowercase);
    let differs = if old.input != new.input {
        Some("INPUT")
    } else if old.output != new.output {
        Some("OUTPUT")
    } else if old.comment != new.comment {
        Some("COMMENT")
    } else if task(old) != task(new) {
        Some("`task`")
    } else {
        None
    };
    match differs {
        None => Ok(()),
        Some(what) => {
            let detail = format!(
                "{what} differs from the model's other versions; every version of a model has the same INPUT, \
                 OUTPUT, COMMENT and `task` (create a model of another name instead)"
            );
            Err(invalid(AiObjectKind::Model, name, "model-versions-alike", detail))
        }
    }
}

/// `{ KEY=value, ... }`: keys upper case in alphabetical order, secret values masked.
pub(crate) fn options_cell(options: &OptionList) -> String {
    let mut pairs: Vec<(&str, &str)> = options
        .iter()
        .map(|o| {
            let value = match o.value() {
                OptionValue::Plain(v) if !flink_ddl::is_sensitive_key(o.key()) => v.as_str(),
                _ => REDACTED,
            };
            (o.key(), value)
        })
        .collect();
    // Ordered by upper-cased key, then value, compared without making upper-cased copies: a
    // model may have millions of options, and the cell is the one copy of them made here.
    pairs.sort_by(|(k1, v1), (k2, v2)| {
        let (a, b) = (k1.bytes().map(|b| b.to_ascii_uppercase()), k2.bytes().map(|b| b.to_ascii_uppercase()));
        a.cmp(b).then_with(|| v1.cmp(v2))
    });
    if pairs.is_empty() {
        return "{ }".to_owned();
    }
    let mut cell = String::with_capacity(pairs.iter().map(|(k, v)| k.len() + v.len() + 3).sum::<usize>() + 2);
    cell.push_str("{ ");
    for (n, (key, value)) in pairs.iter().enumerate() {
        if n > 0 {
            cell.push_str(", ");
        }
        cell.extend(key.chars().map(|c| c.to_ascii_uppercase()));
        cell.push('=');
        cell.push_str(value);
    }
    cell.push_str(" }");
    cell
}

/// `` (`text` STRING, ...) ``: a model's INPUT or OUTPUT columns, names in backticks.
pub(crate) fn columns_cell(columns: &[flink_ddl::Column]) -> String {
    let shown: Vec<String> = columns
        .iter()
        .map(|c| {
            let mut text =
                format!("{} {}", backticked(c.name.as_str()), c.data_type().map(|t| t.to_string()).unwrap_or_default());
            if let Some(comment) = &c.comment {
                text.push_str(&format!(" COMMENT '{}'", comment.replace('\'', "''")));
            }
            text
        })
        .collect();
    format!("({})", shown.join(", "))
}

fn backticked(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

/// A model's SHOW CREATE layout: the backticked name, INPUT and OUTPUT on a line each, COMMENT,
/// then the options one per line, keys upper case in alphabetical order, values as written,
/// secrets masked (the renderer adds the final `;`).
fn show_create_model(name: &str, model: &CreateModel) -> String {
    let mut out = format!("CREATE MODEL {}", backticked(name));
    if !model.input.is_empty() {
        out.push_str(&format!("\nINPUT {}", columns_cell(&model.input)));
    }
    if !model.output.is_empty() {
        out.push_str(&format!("\nOUTPUT {}", columns_cell(&model.output)));
    }
    if let Some(comment) = &model.comment {
        out.push_str(&format!("\nCOMMENT '{}'", comment.replace('\'', "''")));
    }
    // Borrowed pairs, ordered by the key upper-cased (then the value) without making it: a model
    // may have millions of options, printed straight into the text, sized once.
    let mut pairs: Vec<(&str, &str)> = model
        .options
        .iter()
        .map(|o| {
            let value = match o.value() {
                OptionValue::Plain(v) if !flink_ddl::is_sensitive_key(o.key()) => v.as_str(),
                _ => REDACTED,
            };
            (o.key(), value)
        })
        .collect();
    // Byte by byte, as the upper-cased strings compare (only ASCII letters change).
    pairs.sort_by(|(a, x), (b, y)| {
        let by_key = a.bytes().map(|c| c.to_ascii_uppercase()).cmp(b.bytes().map(|c| c.to_ascii_uppercase()));
        by_key.then_with(|| x.cmp(y))
    });
    let quoted_len = |text: &str| text.len() + text.matches('\'').count() + 2;
    let length: usize = pairs.iter().map(|(k, v)| 2 + quoted_len(k) + 3 + quoted_len(v) + 2).sum();
    out.reserve("\nWITH (\n".len() + length + "\n)".len());
    out.push_str("\nWITH (\n");
    for (n, (key, value)) in pairs.iter().enumerate() {
        if n > 0 {
            out.push_str(",\n");
        }
        out.push_str("  ");
        push_quoted(&mut out, &key.to_ascii_uppercase());
        out.push_str(" = ");
        push_quoted(&mut out, value);
    }
    out.push_str("\n)");
    out
}

/// `'text'`, its quotes doubled.
fn push_quoted(out: &mut String, text: &str) {
    out.push('\'');
    for (n, piece) in text.split('\'').enumerate() {
        if n > 0 {
            out.push_str("''");
        }
        out.push_str(piece);
    }
    out.push('\'');
}

/// The catalog's refusals as the executor's.
fn from_catalog(e: CatalogError, action: &'static str) -> ExecError {
    match e {
        CatalogError::InUse { kind, name, users } => {
            let hint = if action == "rename" { "rename it only while nothing uses it" } else { "drop those first" };
            ExecError::InUse { action, kind, name, users, hint }
        }
        CatalogError::ReferenceMissing { kind, name, missing, scope } => {
            ExecError::ReferenceMissing { kind: object_kind(kind), name, missing, scope }
        }
        CatalogError::AiObjectExists { kind, name, scope } => {
            ExecError::ObjectExists { kind: object_kind(kind), name, scope }
        }
        CatalogError::AiObjectNotFound { kind, name, scope } => {
            ExecError::ObjectNotFound { kind: object_kind(kind), name, scope }
        }
        other => ExecError::Catalog(other),
    }
}

/// Whether a write should be computed again: another statement changed the object meanwhile.
fn lost_race(result: &Result<(), CatalogError>) -> bool {
    matches!(result, Err(CatalogError::AiObjectChanged { .. } | CatalogError::AiObjectExists { .. }))
}

impl Session {
    /// Rule: changing a model, tool or agent needs one of the roles that change connections.
    fn require_admin(&self, statement: &'static str, kind: AiObjectKind, name: &str) -> Result<(), ExecError> {
        if self.context().roles.iter().any(|role| role.may_change_connections()) {
            return Ok(());
        }
        Err(ExecError::PermissionDenied {
            statement,
            kind: object_kind(kind),
            name: name.to_owned(),
            roles: self.context().roles.clone(),
        })
    }

    fn read_ai_object(
        &self,
        scope: &Scope,
        kind: AiObjectKind,
        name: &str,
    ) -> Result<Option<AiObjectRecord>, ExecError> {
        self.catalog().get_ai_object(scope, kind, name).map_err(ExecError::Catalog)
    }

    fn not_found(kind: AiObjectKind, name: String, scope: Scope) -> ExecError {
        ExecError::ObjectNotFound { kind: object_kind(kind), name, scope }
    }

    fn no_op(kind: AiObjectKind, name: &str, action: &'static str, reason: NoOpReason) -> Outcome {
        Outcome::NoOp { kind: object_kind(kind), name: name.to_owned(), action, reason }
    }

    /// `CREATE MODEL`: a new model (version 1), or the next version of an existing one.
    pub(crate) fn create_model(&self, stmt: &CreateModel) -> Result<Outcome, ExecError> {
        let kind = AiObjectKind::Model;
        let (scope, name) = rules::resolve_name(self.context(), &stmt.name);
        self.require_admin("CREATE MODEL", kind, &name)?;
        rules::check_name_length(ObjectKind::Model, &name)?;
        rules::refuse_unsafe_credentials(ObjectKind::Model, &name, &stmt.options)?;
        model_uses(&name, &stmt.options)?;
        let definition = CreateModel { if_not_exists: false, name: ObjectName::simple(name.as_str()), ..stmt.clone() };
        for _ in 0..ALTER_ATTEMPTS {
            let now = self.now();
            let (change, number) = match self.read_ai_object(&scope, kind, &name)? {
                None => {
                    let versions = vec![AiVersion {
                        number: 1,
                        definition: AiDefinition::Model(definition.clone()),
                        created_at: now,
                    }];
                    let uses = record_uses(&name, &versions)?;
                    let record = AiObjectRecord {
                        kind,
                        name: name.clone(),
                        versions,
                        default_version: 1,
                        uses,
                        created_at: now,
                    };
                    (AiObjectChange::Insert(record), 1)
                }
                Some(_) if stmt.if_not_exists => {
                    return Ok(Self::no_op(kind, &name, "created", NoOpReason::AlreadyExists))
                }
                Some(previous) => {
                    if previous.versions.len() >= MAX_MODEL_VERSIONS {
                        let detail = format!(
                            "a model has at most {MAX_MODEL_VERSIONS} versions; drop one (DROP MODEL `{name}$N`) first"
                        );
                        return Err(invalid(kind, &name, "model-version-limit", detail));
                    }
                    if let AiDefinition::Model(old) = &previous.default().definition {
                        same_signature(&name, old, &definition)?;
                    }
                    let number = previous.versions.iter().map(|v| v.number).max().unwrap_or(0) + 1;
                    let mut record = previous.clone();
                    record.versions.push(AiVersion {
                        number,
                        definition: AiDefinition::Model(definition.clone()),
                        created_at: now,
                    });
                    record.uses = record_uses(&name, &record.versions)?;
                    (AiObjectChange::Replace { previous, record }, number)
                }
            };
            let result = self.catalog().write_ai_object(&scope, change);
            if lost_race(&result) {
                continue;
            }
            result.map_err(|e| from_catalog(e, "create"))?;
            return Ok(Outcome::AiObjectChanged {
                kind: ObjectKind::Model,
                name,
                action: "created",
                version: Some(number),
            });
        }
        Err(ExecError::ObjectKeptChanging { kind: ObjectKind::Model, name })
    }

    /// `ALTER MODEL name[$N] { SET | RESET | RENAME TO }`.
    pub(crate) fn alter_model(&self, stmt: &AlterModel) -> Result<Outcome, ExecError> {
        let kind = AiObjectKind::Model;
        let (scope, name) = rules::resolve_name(self.context(), &stmt.model.name);
        self.require_admin("ALTER MODEL", kind, &name)?;
        if let AlterAction::Set(options) = &stmt.action {
            rules::refuse_unsafe_credentials(ObjectKind::Model, &name, options)?;
        }
        let version = match stmt.model.version {
            Some(ModelVersion::Number(n)) => Some(n),
            _ => None,
        };
        for _ in 0..ALTER_ATTEMPTS {
            let Some(previous) = self.read_ai_object(&scope, kind, &name)? else {
                if stmt.if_exists {
                    return Ok(Self::no_op(kind, &name, "altered", NoOpReason::DoesNotExist));
                }
                return Err(Self::not_found(kind, name, scope));
            };
            let number = version.unwrap_or(previous.default_version);
            if previous.version(number).is_none() {
                return Err(Self::not_found(kind, format!("{name}${number}"), scope));
            }
            let mut record = previous.clone();
            let mut action = "altered";
            match &stmt.action {
                AlterAction::Set(options) => {
                    let mut changes: Vec<SqlOption> = Vec::new();
                    for o in options {
                        if option_key_eq(o.key(), "default_version") {
                            if version.is_some() {
                                let detail = "`default_version` is set on the model, not on a version: \
                                              ALTER MODEL name SET ('default_version' = 'N')"
                                    .to_owned();
                                return Err(invalid(kind, &name, "model-default-version", detail));
                            }
                            let wanted = o.value().as_plain().and_then(|v| v.trim().parse::<u32>().ok());
                            match wanted.filter(|n| record.version(*n).is_some()) {
                                Some(n) => record.default_version = n,
                                None => {
                                    let detail = "`default_version` must be the number of one of the model's versions"
                                        .to_owned();
                                    return Err(invalid(kind, &name, "model-default-version", detail));
                                }
                            }
                        } else {
                            changes.push(o.clone());
                        }
                    }
                    let changes = OptionList::from(changes);
                    for key in ["provider", "task"] {
                        if let Some(new) = option(&changes, key) {
                            let old = record.version(number).and_then(|v| option(v.definition.options(), key));
                            if !old.is_some_and(|old| old.eq_ignore_ascii_case(new)) {
                                let detail = format!("`{key}` cannot change: create a model of another name instead");
                                return Err(invalid(kind, &name, "model-provider-and-task", detail));
                            }
                        }
                    }
                    if !changes.is_empty() {
                        let slot = record.versions.iter_mut().find(|v| v.number == number).expect("checked above");
                        let options = merged(slot.definition.options(), &changes);
                        *slot.definition.options_mut() = options;
                    }
                }
                AlterAction::Reset(keys) => {
                    if let Some(fixed) = keys.iter().find(|k| option_key_eq(k, "provider") || option_key_eq(k, "task"))
                    {
                        let detail = format!("`{fixed}` cannot be reset: every model has a provider and a task");
                        return Err(invalid(kind, &name, "model-provider-and-task", detail));
                    }
                    let slot = record.versions.iter_mut().find(|v| v.number == number).expect("checked above");
                    let options = without(kind, &name, slot.definition.options(), keys)?;
                    *slot.definition.options_mut() = options;
                }
                AlterAction::RenameTo(new_name) => {
                    let (new_scope, new) = rules::resolve_name(self.context(), new_name);
                    if new_scope != scope {
                        let detail = "RENAME TO keeps a model in its environment".to_owned();
                        return Err(invalid(kind, &name, "rename-in-scope", detail));
                    }
                    rules::check_name_length(ObjectKind::Model, &new)?;
                    rename(&mut record, &new);
                    action = "renamed";
                }
            }
            record.uses = record_uses(&record.name, &record.versions)?;
            let new_name = record.name.clone();
            let result = self.catalog().write_ai_object(&scope, AiObjectChange::Replace { previous, record });
            if matches!(result, Err(CatalogError::AiObjectChanged { .. })) {
                continue;
            }
            result.map_err(|e| from_catalog(e, if action == "renamed" { "rename" } else { "alter" }))?;
            return Ok(Outcome::AiObjectChanged { kind: ObjectKind::Model, name: new_name, action, version });
        }
        Err(ExecError::ObjectKeptChanging { kind: ObjectKind::Model, name })
    }

    /// `DROP MODEL name[$N | $all]`: without a version the default one; the lowest remaining
    /// version becomes the default; the last version takes the model with it.
    pub(crate) fn drop_model(&self, stmt: &DropModel) -> Result<Outcome, ExecError> {
        let kind = AiObjectKind::Model;
        let (scope, name) = rules::resolve_name(self.context(), &stmt.model.name);
        self.require_admin("DROP MODEL", kind, &name)?;
        for _ in 0..ALTER_ATTEMPTS {
            let Some(previous) = self.read_ai_object(&scope, kind, &name)? else {
                if stmt.if_exists {
                    return Ok(Self::no_op(kind, &name, "dropped", NoOpReason::DoesNotExist));
                }
                return Err(Self::not_found(kind, name, scope));
            };
            let number = match stmt.model.version {
                Some(ModelVersion::All) => None,
                Some(ModelVersion::Number(n)) => Some(n),
                None => Some(previous.default_version),
            };
            if let Some(n) = number {
                if previous.version(n).is_none() {
                    if stmt.if_exists {
                        return Ok(Self::no_op(kind, &format!("{name}${n}"), "dropped", NoOpReason::DoesNotExist));
                    }
                    return Err(Self::not_found(kind, format!("{name}${n}"), scope));
                }
            }
            // The last version takes the model with it: the outcome then names no version.
            let whole = number.is_none() || previous.versions.len() == 1;
            let change = match number {
                Some(n) if previous.versions.len() > 1 => {
                    let mut record = previous.clone();
                    record.versions.retain(|v| v.number != n);
                    if record.default_version == n {
                        record.default_version = record.versions.iter().map(|v| v.number).min().unwrap_or(1);
                    }
                    record.uses = record_uses(&name, &record.versions)?;
                    AiObjectChange::Replace { previous, record }
                }
                _ => AiObjectChange::Delete(previous),
            };
            let result = self.catalog().write_ai_object(&scope, change);
            if matches!(result, Err(CatalogError::AiObjectChanged { .. })) {
                continue;
            }
            result.map_err(|e| from_catalog(e, "drop"))?;
            let version = if whole { None } else { number };
            return Ok(Outcome::AiObjectChanged { kind: ObjectKind::Model, name, action: "dropped", version });
        }
        Err(ExecError::ObjectKeptChanging { kind: ObjectKind::Model, name })
    }

    /// `DESCRIBE MODEL name[$N | $all]`.
    pub(crate) fn describe_model(&self, stmt: &DescribeModel) -> Result<Outcome, ExecError> {
        let kind = AiObjectKind::Model;
        let (scope, name) = rules::resolve_name(self.context(), &stmt.model.name);
        let Some(record) = self.read_ai_object(&scope, kind, &name)? else {
            return Err(Self::not_found(kind, name, scope));
        };
        let row = |v: &AiVersion| -> Vec<String> {
            let AiDefinition::Model(m) = &v.definition else { return Vec::new() };
            vec![
                columns_cell(&m.input),
                columns_cell(&m.output),
                options_cell(&m.options),
                m.comment.clone().unwrap_or_default(),
            ]
        };
        let with_version = |v: &AiVersion| -> Vec<String> {
            let mut cells = vec![v.number.to_string(), (v.number == record.default_version).to_string()];
            cells.extend(row(v));
            cells
        };
        let (header, rows) = match stmt.model.version {
            None => (vec!["Inputs", "Outputs", "Options", "Comment"], vec![row(record.default())]),
            Some(ModelVersion::Number(n)) => match record.version(n) {
                Some(v) => (VERSIONED_HEADER.to_vec(), vec![with_version(v)]),
                None => return Err(Self::not_found(kind, format!("{name}${n}"), scope)),
            },
            Some(ModelVersion::All) => (VERSIONED_HEADER.to_vec(), record.versions.iter().map(with_version).collect()),
        };
        Ok(Outcome::AiObjectDescribed { kind: ObjectKind::Model, name, header, rows })
    }

    /// `CREATE TOOL`.
    pub(crate) fn create_tool(&self, stmt: &CreateTool) -> Result<Outcome, ExecError> {
        let kind = AiObjectKind::Tool;
        let (scope, name) = rules::resolve_name(self.context(), &stmt.name);
        self.require_admin("CREATE TOOL", kind, &name)?;
        rules::check_name_length(ObjectKind::Tool, &name)?;
        rules::refuse_unsafe_credentials(ObjectKind::Tool, &name, &stmt.options)?;
        let definition = CreateTool { if_not_exists: false, name: ObjectName::simple(name.as_str()), ..stmt.clone() };
        self.create_single(&scope, kind, &name, stmt.if_not_exists, AiDefinition::Tool(definition))
    }

    /// `CREATE AGENT`.
    pub(crate) fn create_agent(&self, stmt: &CreateAgent) -> Result<Outcome, ExecError> {
        let kind = AiObjectKind::Agent;
        let (scope, name) = rules::resolve_name(self.context(), &stmt.name);
        self.require_admin("CREATE AGENT", kind, &name)?;
        rules::check_name_length(ObjectKind::Agent, &name)?;
        rules::refuse_unsafe_credentials(ObjectKind::Agent, &name, &stmt.options)?;
        let definition = CreateAgent { if_not_exists: false, name: ObjectName::simple(name.as_str()), ..stmt.clone() };
        self.create_single(&scope, kind, &name, stmt.if_not_exists, AiDefinition::Agent(definition))
    }

    /// A tool or an agent: one version, a name not yet used.
    fn create_single(
        &self,
        scope: &Scope,
        kind: AiObjectKind,
        name: &str,
        if_not_exists: bool,
        definition: AiDefinition,
    ) -> Result<Outcome, ExecError> {
        let now = self.now();
        let versions = vec![AiVersion { number: 1, definition, created_at: now }];
        let uses = record_uses(name, &versions)?;
        let record =
            AiObjectRecord { kind, name: name.to_owned(), versions, default_version: 1, uses, created_at: now };
        match self.catalog().write_ai_object(scope, AiObjectChange::Insert(record)) {
            Ok(()) => Ok(Outcome::AiObjectChanged {
                kind: object_kind(kind),
                name: name.to_owned(),
                action: "created",
                version: None,
            }),
            Err(CatalogError::AiObjectExists { .. }) if if_not_exists => {
                Ok(Self::no_op(kind, name, "created", NoOpReason::AlreadyExists))
            }
            Err(e) => Err(from_catalog(e, "create")),
        }
    }

    /// `ALTER TOOL name { SET | RESET | RENAME TO }`.
    pub(crate) fn alter_tool(&self, stmt: &AlterTool) -> Result<Outcome, ExecError> {
        let kind = AiObjectKind::Tool;
        let (scope, name) = rules::resolve_name(self.context(), &stmt.name);
        self.require_admin("ALTER TOOL", kind, &name)?;
        if let AlterAction::Set(options) = &stmt.action {
            rules::refuse_unsafe_credentials(ObjectKind::Tool, &name, options)?;
        }
        self.alter_single(&scope, kind, &name, stmt.if_exists, |record| {
            match &stmt.action {
                AlterAction::Set(changes) => {
                    let old = option(record.versions[0].definition.options(), "type").map(str::to_ascii_lowercase);
                    if let Some(new) = option(changes, "type") {
                        if old.as_deref() != Some(new.to_ascii_lowercase().as_str()) {
                            let detail = "`type` cannot change: drop the tool and create it again".to_owned();
                            return Err(invalid(kind, &record.name, "tool-type", detail));
                        }
                    }
                    let options = merged(record.versions[0].definition.options(), changes);
                    *record.versions[0].definition.options_mut() = options;
                }
                AlterAction::Reset(keys) => {
                    if let Some(key) = keys.iter().find(|k| option_key_eq(k, "type")) {
                        let detail = format!("`{key}` cannot be reset: every tool has a type");
                        return Err(invalid(kind, &record.name, "tool-type", detail));
                    }
                    let options = without(kind, &record.name, record.versions[0].definition.options(), keys)?;
                    *record.versions[0].definition.options_mut() = options;
                }
                AlterAction::RenameTo(new_name) => return self.rename_in_scope(&scope, record, new_name),
            }
            Ok("altered")
        })
    }

    /// `ALTER AGENT name { SET MODEL | SET PROMPT | ADD TOOL | REMOVE TOOL | SET (...) }`.
    pub(crate) fn alter_agent(&self, stmt: &AlterAgent) -> Result<Outcome, ExecError> {
        let kind = AiObjectKind::Agent;
        let (scope, name) = rules::resolve_name(self.context(), &stmt.name);
        self.require_admin("ALTER AGENT", kind, &name)?;
        if let AlterAgentAction::SetOptions(options) = &stmt.action {
            rules::refuse_unsafe_credentials(ObjectKind::Agent, &name, options)?;
        }
        self.alter_single(&scope, kind, &name, stmt.if_exists, |record| {
            let agent_name = record.name.clone();
            let AiDefinition::Agent(agent) = &mut record.versions[0].definition else {
                return Err(invalid(kind, &agent_name, "agent-definition", "not an agent".to_owned()));
            };
            if let AlterAgentAction::SetOptions(changes) = &stmt.action {
                agent.options = merged(&agent.options, changes);
                return Ok("altered");
            }
            let AgentDefinition::Model { model, prompt, tools } = &mut agent.definition else {
                let detail = "a reflection agent (USING AGENTS) has no model, prompt or tools to change".to_owned();
                return Err(invalid(kind, &agent_name, "agent-definition", detail));
            };
            match &stmt.action {
                AlterAgentAction::SetModel(m) => *model = m.clone(),
                AlterAgentAction::SetPrompt(p) => *prompt = p.clone(),
                AlterAgentAction::AddTool(tool) => {
                    if tools.iter().any(|t| t.name() == tool.name()) {
                        let detail = format!("the agent already uses tool \"{}\"", tool.name().as_str());
                        return Err(invalid(kind, &agent_name, "agent-tools", detail));
                    }
                    tools.push(ObjectName::simple(tool.name().as_str()));
                }
                AlterAgentAction::RemoveTool(tool) => {
                    let before = tools.len();
                    tools.retain(|t| t.name() != tool.name());
                    if tools.len() == before {
                        let detail = format!("the agent does not use tool \"{}\"", tool.name().as_str());
                        return Err(invalid(kind, &agent_name, "agent-tools", detail));
                    }
                }
                AlterAgentAction::SetOptions(_) => {}
            }
            Ok("altered")
        })
    }

    /// ALTER of a tool or an agent: `change` edits a copy of the record read, which is written
    /// back (with its references checked) if nothing changed it meanwhile.
    fn alter_single(
        &self,
        scope: &Scope,
        kind: AiObjectKind,
        name: &str,
        if_exists: bool,
        change: impl Fn(&mut AiObjectRecord) -> Result<&'static str, ExecError>,
    ) -> Result<Outcome, ExecError> {
        for _ in 0..ALTER_ATTEMPTS {
            let Some(previous) = self.read_ai_object(scope, kind, name)? else {
                if if_exists {
                    return Ok(Self::no_op(kind, name, "altered", NoOpReason::DoesNotExist));
                }
                return Err(Self::not_found(kind, name.to_owned(), scope.clone()));
            };
            let mut record = previous.clone();
            let action = change(&mut record)?;
            record.uses = record_uses(&record.name, &record.versions)?;
            let new_name = record.name.clone();
            let result = self.catalog().write_ai_object(scope, AiObjectChange::Replace { previous, record });
            if matches!(result, Err(CatalogError::AiObjectChanged { .. })) {
                continue;
            }
            result.map_err(|e| from_catalog(e, if action == "renamed" { "rename" } else { "alter" }))?;
            return Ok(Outcome::AiObjectChanged { kind: object_kind(kind), name: new_name, action, version: None });
        }
        Err(ExecError::ObjectKeptChanging { kind: object_kind(kind), name: name.to_owned() })
    }

    fn rename_in_scope(
        &self,
        scope: &Scope,
        record: &mut AiObjectRecord,
        new_name: &ObjectName,
    ) -> Result<&'static str, ExecError> {
        let (new_scope, new) = rules::resolve_name(self.context(), new_name);
        if new_scope != *scope {
            let detail = format!("RENAME TO keeps a {} in its environment", record.kind);
            return Err(invalid(record.kind, &record.name, "rename-in-scope", detail));
        }
        rules::check_name_length(object_kind(record.kind), &new)?;
        rename(record, &new);
        Ok("renamed")
    }

    /// `DROP TOOL` and `DROP AGENT`: refused while an agent uses it.
    pub(crate) fn drop_ai_object(
        &self,
        kind: AiObjectKind,
        name: &ObjectName,
        if_exists: bool,
    ) -> Result<Outcome, ExecError> {
        let (scope, name) = rules::resolve_name(self.context(), name);
        let statement = if kind == AiObjectKind::Tool { "DROP TOOL" } else { "DROP AGENT" };
        self.require_admin(statement, kind, &name)?;
        for _ in 0..ALTER_ATTEMPTS {
            let Some(previous) = self.read_ai_object(&scope, kind, &name)? else {
                if if_exists {
                    return Ok(Self::no_op(kind, &name, "dropped", NoOpReason::DoesNotExist));
                }
                return Err(Self::not_found(kind, name, scope));
            };
            let result = self.catalog().write_ai_object(&scope, AiObjectChange::Delete(previous));
            if matches!(result, Err(CatalogError::AiObjectChanged { .. })) {
                continue;
            }
            result.map_err(|e| from_catalog(e, "drop"))?;
            return Ok(Outcome::AiObjectChanged { kind: object_kind(kind), name, action: "dropped", version: None });
        }
        Err(ExecError::ObjectKeptChanging { kind: object_kind(kind), name })
    }

    /// `DESCRIBE TOOL` and `DESCRIBE AGENT`.
    pub(crate) fn describe_ai_object(&self, kind: AiObjectKind, name: &ObjectName) -> Result<Outcome, ExecError> {
        let (scope, name) = rules::resolve_name(self.context(), name);
        let Some(record) = self.read_ai_object(&scope, kind, &name)? else {
            return Err(Self::not_found(kind, name, scope));
        };
        let (header, row) = match &record.default().definition {
            AiDefinition::Tool(t) => {
                let using = match &t.source {
                    ToolSource::Connection(c) => format!("CONNECTION {}", c.name().as_str()),
                    ToolSource::Function(f) => format!("FUNCTION {f}"),
                };
                let ty = option(&t.options, "type").unwrap_or_default().to_owned();
                (
                    vec!["Type", "Using", "Options", "Comment"],
                    vec![ty, using, options_cell(&t.options), t.comment.clone().unwrap_or_default()],
                )
            }
            AiDefinition::Agent(a) => {
                let names = |list: &[ObjectName]| {
                    list.iter().map(|n| n.name().as_str().to_owned()).collect::<Vec<_>>().join(", ")
                };
                let (model, prompt, tools, agents) = match &a.definition {
                    AgentDefinition::Model { model, prompt, tools } => {
                        (model.to_string(), prompt.clone(), names(tools), String::new())
                    }
                    AgentDefinition::Agents(agents) => (String::new(), String::new(), String::new(), names(agents)),
                };
                (
                    vec!["Model", "Prompt", "Tools", "Agents", "Options", "Comment"],
                    vec![model, prompt, tools, agents, options_cell(&a.options), a.comment.clone().unwrap_or_default()],
                )
            }
            AiDefinition::Model(_) => return Err(Self::not_found(kind, name, scope)),
        };
        Ok(Outcome::AiObjectDescribed { kind: object_kind(kind), name, header, rows: vec![row] })
    }

    /// `SHOW MODELS | TOOLS | AGENTS [(FROM | IN) [cat.]db] [[NOT] LIKE 'p']`: the database part
    /// is ignored, as for SHOW TABLES; another environment has none to show.
    pub(crate) fn show_ai_objects(
        &self,
        kind: AiObjectKind,
        from: Option<&FromDatabase>,
        filter: Option<&LikeFilter>,
    ) -> Result<Outcome, ExecError> {
        let scope = self.context().scope();
        if let Some(other) = from.and_then(|f| f.catalog.as_ref()).filter(|c| c.as_str() != scope.environment) {
            let scope = self.context().scope_in(other.as_str());
            return Ok(Outcome::AiObjectsListed { kind: object_kind(kind), scope, names: Vec::new() });
        }
        let filter = filter.map(name_filter);
        let records = self.catalog().list_ai_objects(&scope, kind, filter.as_ref()).map_err(ExecError::Catalog)?;
        let names = records.into_iter().map(|r| r.name).collect();
        Ok(Outcome::AiObjectsListed { kind: object_kind(kind), scope, names })
    }

    /// `SHOW CREATE MODEL | TOOL | AGENT`: a model in its documented layout (its default
    /// version), a tool or agent as its canonical statement; secrets masked.
    pub(crate) fn show_create_ai_object(&self, kind: AiObjectKind, name: &ObjectName) -> Result<Outcome, ExecError> {
        let (scope, name) = rules::resolve_name(self.context(), name);
        let Some(record) = self.read_ai_object(&scope, kind, &name)? else {
            return Err(Self::not_found(kind, name, scope));
        };
        let masked_sql = match &record.default().definition {
            AiDefinition::Model(m) => show_create_model(&record.name, m),
            other => other.masked_sql(),
        };
        Ok(Outcome::ShowCreate { kind: object_kind(kind), name, masked_sql: masked_sql.into() })
    }
}

const VERSIONED_HEADER: [&str; 6] = ["VersionId", "IsDefaultVersion", "Inputs", "Outputs", "Options", "Comment"];

/// Renames a record and the statements of its versions.
fn rename(record: &mut AiObjectRecord, new: &str) {
    record.name = new.to_owned();
    for version in &mut record.versions {
        let name = ObjectName::simple(new);
        match &mut version.definition {
            AiDefinition::Model(m) => m.name = name,
            AiDefinition::Tool(t) => t.name = name,
            AiDefinition::Agent(a) => a.name = name,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(pairs: &[(&str, &str)]) -> OptionList {
        OptionList::from_pairs(pairs.iter().copied())
    }

    #[test]
    fn set_and_reset_on_long_lists_match_keys_as_short_ones_do() {
        // Past the pairwise limit the keys are matched through a map: same result, by canonical
        // key, first place kept.
        for n in [3, 200] {
            let old: Vec<(String, String)> = (0..n).map(|i| (format!("k_{i}"), format!("v{i}"))).collect();
            let old = OptionList::from_pairs(old.iter().map(|(k, v)| (k.as_str(), v.as_str())));
            let changes: Vec<(String, String)> = (0..n).map(|i| (format!("K-{}", i * 2), format!("w{i}"))).collect();
            let changes = OptionList::from_pairs(changes.iter().map(|(k, v)| (k.as_str(), v.as_str())));
            let merged = merged(&old, &changes);
            assert_eq!(merged.len(), n + n / 2, "{n}");
            assert_eq!((merged.as_slice()[2].key(), merged.as_slice()[2].value().as_plain()), ("K-2", Some("w1")));
            assert_eq!(merged.as_slice()[n].key(), format!("K-{}", 2 * (n - n / 2)));
            let keys: Vec<String> = (0..n).step_by(2).map(|i| format!("K_{i}")).collect();
            let kept = without(AiObjectKind::Model, "m", &merged, &keys).unwrap();
            assert_eq!(kept.len(), merged.len() - keys.len(), "{n}");
            assert!(kept.iter().all(|o| !keys.iter().any(|k| option_key_eq(k, o.key()))), "{n}");
            let unknown = [format!("k_{}", 10 * n)];
            let err = without(AiObjectKind::Model, "m", &merged, &unknown).unwrap_err();
            assert!(err.to_string().contains(&format!("RESET names `k_{}`, which is not set", 10 * n)), "{err}");
        }
    }

    #[test]
    fn a_model_refers_to_the_connection_of_its_provider_and_its_mcp_server() {
        let uses = model_uses(
            "m",
            &options(&[
                ("PROVIDER", "OpenAI"),
                ("task", "text_generation"),
                ("OPENAI.CONNECTION", "oai"),
                ("mcp.connection", "tools"),
            ]),
        )
        .unwrap();
        assert_eq!(
            uses.iter().map(Dependency::describe).collect::<Vec<_>>(),
            ["connection \"oai\" of type openai", "connection \"tools\" of type mcp_server"]
        );
    }

    #[test]
    fn a_model_needs_a_known_provider_and_task_and_keeps_to_its_provider() {
        let e = model_uses("m", &options(&[("task", "embedding")])).unwrap_err();
        assert_eq!(e.rule(), "model-provider-and-task");
        let e = model_uses("m", &options(&[("provider", "openai"), ("task", "dreaming")])).unwrap_err();
        assert_eq!(e.rule(), "model-provider-and-task");
        let e =
            model_uses("m", &options(&[("provider", "openai"), ("task", "embedding"), ("bedrock.connection", "b")]))
                .unwrap_err();
        assert_eq!(e.rule(), "model-provider-keys");
        assert!(e.to_string().contains("`bedrock.connection` belongs to provider `bedrock`"), "{e}");
    }

    #[test]
    fn at_most_32_params() {
        let mut pairs = vec![("provider".to_owned(), "openai".to_owned()), ("task".to_owned(), "embedding".to_owned())];
        pairs.extend((0..33).map(|n| (format!("openai.params.p{n}"), "1".to_owned())));
        let e = model_uses("m", &OptionList::from_pairs(pairs)).unwrap_err();
        assert_eq!(e.rule(), "model-params-limit");
    }

    #[test]
    fn tool_types_match_their_source() {
        let conn = ToolSource::Connection(ObjectName::simple("c"));
        let func = ToolSource::Function(ObjectName::simple("f"));
        assert!(tool_uses("t", &conn, &options(&[("type", "mcp")])).is_err(), "mcp needs allowed_tools");
        let uses = tool_uses("t", &conn, &options(&[("type", "MCP"), ("allowed_tools", "a,b")])).unwrap();
        assert_eq!(uses[0].describe(), "connection \"c\" of type mcp_server");
        assert_eq!(
            tool_uses("t", &conn, &options(&[("type", "a2a")])).unwrap()[0].describe(),
            "connection \"c\" of type a2a"
        );
        assert!(tool_uses("t", &func, &options(&[("type", "function")])).unwrap().is_empty());
        assert!(tool_uses("t", &func, &options(&[("type", "mcp"), ("allowed_tools", "a")])).is_err());
        assert!(tool_uses("t", &conn, &options(&[("type", "function")])).is_err());
    }

    #[test]
    fn option_cells_sort_upper_case_keys_and_mask_secrets() {
        let shown =
            options_cell(&options(&[("task", "embedding"), ("openai.api_key", "sk-1"), ("Provider", "openai")]));
        assert_eq!(shown, "{ OPENAI.API_KEY=<REDACTED>, PROVIDER=openai, TASK=embedding }");
    }

    #[test]
    fn show_create_model_orders_by_the_upper_case_key_and_doubles_quotes() {
        let sql = "CREATE MODEL m INPUT (x STRING) OUTPUT (y STRING) WITH ('provider' = 'openai', \
                   'task' = 'classification', 'openai.connection' = 'c', 'b''q' = 'it''s', 'B_a' = 'z', \
                   'a-B' = 'a', 'openai.api_key' = 'sk', 'éa' = 'x', 'Ea' = 'y')";
        let flink_ddl::Statement::CreateModel(model) = flink_ddl::parse_statement(sql).unwrap() else { panic!() };
        let shown = show_create_model("m", &model);
        let with = &shown[shown.find("\nWITH (\n").unwrap()..];
        assert_eq!(
            with,
            "\nWITH (\n  'A-B' = 'a',\n  'B''Q' = 'it''s',\n  'B_A' = 'z',\n  'EA' = 'y',\n  \
             'OPENAI.API_KEY' = '<REDACTED>',\n  'OPENAI.CONNECTION' = 'c',\n  'PROVIDER' = 'openai',\n  \
             'TASK' = 'classification',\n  'éA' = 'x'\n)"
        );
    }
}
