//! The executor's rules, one test (or a few) per rule of docs/executor.md and docs/dialect.md,
//! run through `Session::execute` on parsed statements against a `MemoryCatalog`.

use std::sync::Arc;

use flink_ddl::{parse_statement, LikeFilter, ObjectName, OptionList, Statement};
use flink_ddl_exec::{
    Catalog, ExecError, FixedClock, MemoryCatalog, NoOpReason, Outcome, Role, Session, SessionContext, Timestamp,
};
use flink_ddl_testkit::{err, names, ok, run, session, session_in, stored_secret, T0};

fn fresh() -> (Arc<MemoryCatalog>, Session) {
    let catalog = Arc::new(MemoryCatalog::new());
    (catalog.clone(), session(catalog))
}

const OPENAI: &str =
    "CREATE CONNECTION c WITH ('type' = 'OPENAI', 'endpoint' = 'https://api.openai.com/v1', 'api-key' = 'sk-1')";
const MONGO: &str = "CREATE CONNECTION m WITH ('type' = 'mongodb', 'endpoint' = 'mongodb+srv://x.example.net', 'username' = 'u', 'password' = 'p')";

// ---- create, describe, show, drop ---------------------------------------------------------------

#[test]
fn create_describe_show_drop() {
    let (catalog, s) = fresh();
    let Outcome::Created { connection, replaced: false } = ok(&s, OPENAI) else { panic!() };
    assert_eq!(connection.connection_type.label(), "OPENAI");
    assert_eq!(connection.scope.to_string(), "environment \"default\", cloud \"local\", region \"local\"");
    assert_eq!(connection.created_at, T0);
    assert_eq!(stored_secret(&*catalog, "default", "c", "api-key").as_deref(), Some("sk-1"));
    assert!(matches!(ok(&s, "DESCRIBE CONNECTION c"), Outcome::Described { extended: false, .. }));
    assert!(matches!(ok(&s, "DESC CONNECTION EXTENDED c"), Outcome::Described { extended: true, .. }));
    assert_eq!(names(&ok(&s, "SHOW CONNECTIONS")), ["c"]);
    let Outcome::Dropped { connection, deleted_at } = ok(&s, "DROP CONNECTION c") else { panic!() };
    assert_eq!((connection.name.as_str(), deleted_at), ("c", T0));
    assert_eq!(catalog.connection_count(), 0);
    assert_eq!(err(&s, "DESCRIBE CONNECTION c").rule(), "must-exist-and-be-visible");
}

#[test]
fn type_is_case_insensitive_and_every_type_can_be_created() {
    let (_, s) = fresh();
    let creds = |ty: &str| match ty {
        "openai" | "azureml" | "azureopenai" | "anthropic" | "fireworksai" | "googleai" | "pinecone" | "cosmosdb"
        | "elastic" | "a2a" | "mcp_server" => "'api-key' = 'k'",
        "bedrock" | "sagemaker" | "s3vectors" => "'aws-access-key' = 'a', 'aws-secret-key' = 's'",
        "vertexai" => "'service-key' = 'k'",
        "rest" => "'token' = 't'",
        _ => "'username' = 'u', 'password' = 'p'",
    };
    for (n, ty) in flink_ddl_exec::ConnectionType::all().enumerate() {
        let name = ty.name();
        let spelled = if n % 2 == 0 { name.to_uppercase() } else { name.to_owned() };
        let sql =
            format!("CREATE CONNECTION c{n} WITH ('type' = '{spelled}', 'endpoint' = 'https://e', {})", creds(name));
        let Outcome::Created { connection, .. } = ok(&s, &sql) else { panic!() };
        assert_eq!(connection.connection_type, ty);
    }
    assert_eq!(names(&ok(&s, "SHOW CONNECTIONS")).len(), 19);
}

// ---- names and scope ----------------------------------------------------------------------------

#[test]
fn names_are_unique_per_environment() {
    let (catalog, s) = fresh();
    ok(&s, OPENAI);
    let e = err(&s, OPENAI);
    assert!(matches!(e, ExecError::ConnectionExists { .. }), "{e:?}");
    assert_eq!(e.rule(), "unique-name-per-environment");
    assert!(e.to_string().contains("\"c\"") && e.to_string().contains("environment \"default\""), "{e}");
    // Another environment may use the name.
    let other = session_in(catalog.clone(), SessionContext::new("env-2", "local", "local"));
    ok(&other, OPENAI);
    assert_eq!(catalog.connection_count(), 2);
}

#[test]
fn names_are_case_sensitive() {
    let (_, s) = fresh();
    ok(&s, OPENAI);
    ok(&s, &OPENAI.replace("CONNECTION c ", "CONNECTION C "));
    assert_eq!(names(&ok(&s, "SHOW CONNECTIONS")), ["C", "c"]);
}

#[test]
fn a_name_taken_in_another_cloud_or_region_is_an_error_and_invisible() {
    let (catalog, s) = fresh();
    ok(&s, OPENAI);
    let aws = session_in(catalog.clone(), SessionContext::new("default", "aws", "us-east-1"));
    for sql in [
        OPENAI.to_owned(),
        OPENAI.replace("CREATE", "CREATE OR REPLACE"),
        OPENAI.replace("c WITH", "IF NOT EXISTS c WITH"),
    ] {
        let e = err(&aws, &sql);
        assert!(matches!(e, ExecError::ConnectionNameTakenElsewhere { .. }), "{e:?}");
        let text = e.to_string();
        assert!(text.contains("another cloud/region") && text.contains("cloud \"local\""), "{text}");
    }
    for sql in [
        "DESCRIBE CONNECTION c",
        "ALTER CONNECTION c SET ('api-key' = 'x')",
        "DROP CONNECTION c",
        "SHOW CREATE CONNECTION c",
    ] {
        assert!(matches!(err(&aws, sql), ExecError::ConnectionNotFound { .. }), "{sql}");
    }
    assert!(names(&ok(&aws, "SHOW CONNECTIONS")).is_empty());
    let other_region = session_in(catalog.clone(), SessionContext::new("default", "local", "eu"));
    assert!(matches!(err(&other_region, "DESCRIBE CONNECTION c"), ExecError::ConnectionNotFound { .. }));
    // Nothing changed where it lives.
    assert_eq!(stored_secret(&*catalog, "default", "c", "api-key").as_deref(), Some("sk-1"));
}

#[test]
fn three_part_names_name_the_environment_and_the_db_part_is_ignored() {
    let (catalog, s) = fresh();
    ok(&s, &OPENAI.replace("CONNECTION c ", "CONNECTION `env-9`.cluster.c "));
    assert!(catalog.get_connection("env-9", "c").unwrap().is_some());
    assert!(names(&ok(&s, "SHOW CONNECTIONS")).is_empty());
    assert!(matches!(ok(&s, "DESCRIBE CONNECTION `env-9`.anything.c"), Outcome::Described { .. }));
    assert!(matches!(err(&s, "DESCRIBE CONNECTION c"), ExecError::ConnectionNotFound { .. }));
    // Two parts: db.name, in the session's environment.
    ok(&s, &OPENAI.replace("CONNECTION c ", "CONNECTION cluster.d "));
    assert!(matches!(ok(&s, "DESCRIBE CONNECTION d"), Outcome::Described { .. }));
    assert!(matches!(ok(&s, "DROP CONNECTION other.d"), Outcome::Dropped { .. }));
}

#[test]
fn names_are_at_most_100_characters() {
    let (_, s) = fresh();
    let long = "n".repeat(101);
    let e = err(&s, &OPENAI.replace("CONNECTION c ", &format!("CONNECTION {long} ")));
    assert!(matches!(e, ExecError::NameTooLong { length: 101, limit: 100, .. }), "{e:?}");
    ok(&s, &OPENAI.replace("CONNECTION c ", &format!("CONNECTION {} ", "n".repeat(100))));
}

// ---- IF NOT EXISTS, OR REPLACE, IF EXISTS -------------------------------------------------------

#[test]
fn if_not_exists_is_a_no_op_that_says_so() {
    let (catalog, s) = fresh();
    ok(&s, OPENAI);
    let outcome = ok(&s, &OPENAI.replace("c WITH", "IF NOT EXISTS c WITH").replace("sk-1", "sk-2"));
    assert!(matches!(outcome, Outcome::NoOp { reason: NoOpReason::AlreadyExists, action: "created", .. }));
    assert_eq!(stored_secret(&*catalog, "default", "c", "api-key").as_deref(), Some("sk-1"));
}

#[test]
fn or_replace_replaces_with_a_new_creation_date() {
    let (catalog, s) = fresh();
    ok(&s, OPENAI);
    let later = s.clone().with_clock(Arc::new(FixedClock(Timestamp::from_unix_micros(T0.unix_micros() + 1_000_000))));
    let sql = "CREATE OR REPLACE CONNECTION c WITH ('type' = 'pinecone', 'endpoint' = 'https://p', 'api-key' = 'pk')";
    let Outcome::Created { connection, replaced: true } = ok(&later, sql) else { panic!() };
    assert_eq!(connection.connection_type.name(), "pinecone");
    assert_eq!(connection.created_at, Timestamp::from_unix_micros(T0.unix_micros() + 1_000_000));
    assert_eq!(stored_secret(&*catalog, "default", "c", "api-key").as_deref(), Some("pk"));
    // OR REPLACE of a missing connection creates it.
    let Outcome::Created { replaced: false, .. } = ok(&s, &sql.replace(" c ", " fresh ")) else { panic!() };
}

#[test]
fn or_replace_of_a_used_connection_keeps_the_type_or_is_refused_naming_the_tables() {
    let (catalog, s) = fresh();
    ok(&s, MONGO);
    for t in ["t2", "t1"] {
        mongo_table(&s, t, "m").unwrap();
    }
    let same_type = MONGO.replace("CREATE", "CREATE OR REPLACE").replace("'p'", "'p2'");
    assert!(matches!(ok(&s, &same_type), Outcome::Created { replaced: true, .. }));
    assert_eq!(stored_secret(&*catalog, "default", "m", "password").as_deref(), Some("p2"));
    let other_type = "CREATE OR REPLACE CONNECTION m WITH ('type' = 'couchbase', 'endpoint' = 'couchbase://x', 'username' = 'u', 'password' = 'p')";
    let e = err(&s, other_type);
    assert_eq!(e, ExecError::TypeChangeInUse { connection: "m".into(), tables: vec!["t1".into(), "t2".into()] });
    assert!(e.to_string().contains("\"t1\", \"t2\""), "{e}");
    assert_eq!(stored_secret(&*catalog, "default", "m", "password").as_deref(), Some("p2"));
}

#[test]
fn if_exists_makes_alter_and_drop_of_a_missing_connection_a_no_op() {
    let (_, s) = fresh();
    let alter = ok(&s, "ALTER CONNECTION IF EXISTS nope SET ('api-key' = 'x')");
    assert!(matches!(alter, Outcome::NoOp { reason: NoOpReason::DoesNotExist, action: "altered", .. }));
    let drop = ok(&s, "DROP CONNECTION IF EXISTS nope");
    assert!(matches!(drop, Outcome::NoOp { reason: NoOpReason::DoesNotExist, action: "dropped", .. }));
    assert!(matches!(err(&s, "ALTER CONNECTION nope SET ('api-key' = 'x')"), ExecError::ConnectionNotFound { .. }));
    assert!(matches!(err(&s, "DROP CONNECTION nope"), ExecError::ConnectionNotFound { .. }));
    assert!(matches!(err(&s, "SHOW CREATE CONNECTION nope"), ExecError::ConnectionNotFound { .. }));
}

// ---- options ------------------------------------------------------------------------------------

#[test]
fn unknown_keys_get_a_did_you_mean_before_a_missing_type() {
    let (_, s) = fresh();
    // The seed's misspelled statement: no type, no endpoint, and `ap-key`.
    let e = err(&s, "CREATE CONNECTION my_conn WITH ('ap-key' = 'x')");
    assert_eq!(
        e,
        ExecError::UnknownKey {
            connection: "my_conn".into(),
            key: "ap-key".into(),
            connection_type: None,
            suggestion: Some("api-key")
        }
    );
    assert_eq!(e.to_string(), "connection \"my_conn\": unknown option `ap-key`; did you mean `api-key`?");
    let e =
        err(&s, "CREATE CONNECTION c WITH ('type' = 'openai', 'endpoint' = 'e', 'api-key' = 'k', 'endpiont' = 'x')");
    assert!(matches!(e, ExecError::UnknownKey { suggestion: Some("endpoint"), connection_type: Some(_), .. }), "{e:?}");
    let e = err(&s, "CREATE CONNECTION c WITH ('type' = 'openai', 'endpoint' = 'e', 'api-key' = 'k', 'zzzzzz' = 'x')");
    assert!(matches!(e, ExecError::UnknownKey { suggestion: None, .. }), "{e:?}");
}

#[test]
fn an_underscore_spelling_of_a_key_is_that_key() {
    let (catalog, s) = fresh();
    ok(&s, "CREATE CONNECTION a WITH ('TYPE' = 'openai', 'Endpoint' = 'e', 'API_KEY' = 'k1')");
    ok(&s, "CREATE CONNECTION b WITH ('type' = 'openai', 'endpoint' = 'e', 'Api_Key' = 'k2')");
    assert_eq!(stored_secret(&*catalog, "default", "b", "api-key").as_deref(), Some("k2"));
    // Every credential key, not only `api_key` (the one key rule, flink_ddl::option_key_eq).
    ok(&s, "CREATE CONNECTION c WITH ('type' = 'bedrock', 'endpoint' = 'e', 'aws_access_key' = 'a', 'AWS_SECRET_KEY' = 's')");
    assert_eq!(stored_secret(&*catalog, "default", "c", "aws-access-key").as_deref(), Some("a"));
    ok(&s, "CREATE CONNECTION d WITH ('type' = 'rest', 'endpoint' = 'e', 'token_endpoint' = 'https://t', 'client_id' = 'i', 'client_secret' = 'cs', 'scope' = 'x')");
    assert_eq!(stored_secret(&*catalog, "default", "d", "token-endpoint").as_deref(), Some("https://t"));
    ok(&s, "ALTER CONNECTION c SET ('aws_session_token' = 't')");
    assert_eq!(stored_secret(&*catalog, "default", "c", "aws-session-token").as_deref(), Some("t"));
    // A misspelling is still unknown, with its did-you-mean.
    let e = err(&s, "CREATE CONNECTION e WITH ('type' = 'bedrock', 'endpoint' = 'e', 'aws_acess_key' = 'a', 'aws-secret-key' = 's')");
    assert!(matches!(e, ExecError::UnknownKey { suggestion: Some("aws-access-key"), .. }), "{e:?}");
    // Two spellings of one key are the same key given twice.
    let Statement::CreateConnection(mut create) = parse_statement(OPENAI).unwrap() else { panic!() };
    create.options.push(flink_ddl::SqlOption::new("Api_Key", "sk-2"));
    let e = s.execute(&Statement::CreateConnection(create)).unwrap_err();
    assert!(matches!(&e, ExecError::DuplicateKey { key, .. } if key == "Api_Key"), "{e:?}");
}

#[test]
fn a_key_given_twice_is_refused_even_in_a_hand_built_statement() {
    let (_, s) = fresh();
    let Statement::CreateConnection(mut create) = parse_statement(OPENAI).unwrap() else { panic!() };
    create.options.push(flink_ddl::SqlOption::new("API_KEY", "sk-2"));
    let e = s.execute(&Statement::CreateConnection(create)).unwrap_err();
    assert!(matches!(&e, ExecError::DuplicateKey { key, .. } if key == "API_KEY"), "{e:?}");
}

#[test]
fn credential_keys_of_another_type_are_refused_listing_the_allowed_keys() {
    let (_, s) = fresh();
    let e =
        err(&s, "CREATE CONNECTION c WITH ('type' = 'openai', 'endpoint' = 'e', 'api-key' = 'k', 'password' = 'p')");
    assert!(matches!(e, ExecError::KeyNotAllowed { key: "password", .. }), "{e:?}");
    assert!(e.to_string().contains("valid credential keys are: api-key"), "{e}");
    let e = err(
        &s,
        "CREATE CONNECTION c WITH ('type' = 'rest', 'endpoint' = 'e', 'token' = 't', 'transport-type' = 'SSE')",
    );
    assert!(matches!(e, ExecError::KeyNotAllowed { key: "transport-type", .. }), "{e:?}");
}

#[test]
fn type_and_endpoint_are_required_and_type_must_be_known() {
    let (_, s) = fresh();
    let e = err(&s, "CREATE CONNECTION c WITH ('endpoint' = 'e', 'api-key' = 'k')");
    assert_eq!(e, ExecError::MissingOption { connection: "c".into(), key: "type" });
    let e = err(&s, "CREATE CONNECTION c WITH ('type' = 'openai', 'api-key' = 'k')");
    assert_eq!(e, ExecError::MissingOption { connection: "c".into(), key: "endpoint" });
    let e = err(&s, "CREATE CONNECTION c WITH ('type' = 'jdbc', 'endpoint' = 'e', 'api-key' = 'k')");
    assert!(matches!(e, ExecError::InvalidType { .. }));
    assert!(e.to_string().contains("openai, azureml") && e.to_string().contains("s3vectors"), "{e}");
    // A type is not a secret: the value is repeated, with the type it probably means.
    assert!(e.to_string().contains("'jdbc' (did you mean `confluent_jdbc`?)"), "{e}");
}

#[test]
fn an_empty_value_counts_as_absent() {
    let (_, s) = fresh();
    let e = err(&s, "CREATE CONNECTION c WITH ('type' = 'openai', 'endpoint' = 'e', 'api-key' = '')");
    assert_eq!(e.rule(), "required-credentials");
    assert!(matches!(e, ExecError::MissingCredential { key: "api-key", .. }), "{e:?}");
    let e = err(&s, "CREATE CONNECTION c WITH ('type' = '', 'endpoint' = 'e', 'api-key' = 'k')");
    assert_eq!(e, ExecError::MissingOption { connection: "c".into(), key: "type" });
    let e = err(&s, "CREATE CONNECTION c WITH ('type' = 'openai', 'endpoint' = '', 'api-key' = 'k')");
    assert_eq!(e, ExecError::MissingOption { connection: "c".into(), key: "endpoint" });
    // An empty optional key is simply not stored.
    ok(&s, "CREATE CONNECTION b WITH ('type' = 'bedrock', 'endpoint' = 'e', 'aws-access-key' = 'a', 'aws-secret-key' = 's', 'aws-session-token' = '')");
}

#[test]
fn required_credentials_and_one_of_groups() {
    let (_, s) = fresh();
    let e = err(&s, "CREATE CONNECTION c WITH ('type' = 'bedrock', 'endpoint' = 'e', 'aws-session-token' = 't')");
    assert!(matches!(e, ExecError::MissingCredential { key: "aws-access-key", .. }), "{e:?}");
    let e = err(&s, "CREATE CONNECTION c WITH ('type' = 'vertexai', 'endpoint' = 'e')");
    assert!(e.to_string().contains("must provide `service-key` for connection type VERTEXAI"), "{e}");
    let e = err(&s, "CREATE CONNECTION c WITH ('type' = 'rest', 'endpoint' = 'e')");
    assert!(matches!(e, ExecError::NoAuthMethod { .. }), "{e:?}");
    assert!(e.to_string().contains("basic (username, password), or bearer token (token), or OAuth"), "{e}");
    let e = err(&s, "CREATE CONNECTION c WITH ('type' = 'elastic', 'endpoint' = 'e')");
    assert!(matches!(e, ExecError::NoAuthMethod { .. }), "{e:?}");
    ok(&s, "CREATE CONNECTION e1 WITH ('type' = 'elastic', 'endpoint' = 'e', 'username' = 'u', 'password' = 'p')");
    ok(&s, "CREATE CONNECTION r1 WITH ('type' = 'rest', 'endpoint' = 'e', 'token-endpoint' = 'https://t', 'client-id' = 'i', 'client-secret' = 's', 'scope' = 'x')");
    ok(&s, "CREATE CONNECTION a1 WITH ('type' = 'a2a', 'endpoint' = 'e', 'token' = 't')");
}

#[test]
fn groups_are_given_together() {
    let (_, s) = fresh();
    let e = err(&s, "CREATE CONNECTION c WITH ('type' = 'rest', 'endpoint' = 'e', 'username' = 'u')");
    assert_eq!(
        e,
        ExecError::IncompleteGroup { connection: "c".into(), given: vec!["username"], missing: vec!["password"] }
    );
    assert!(e.to_string().contains("`username` given without `password`"), "{e}");
    let e = err(
        &s,
        "CREATE CONNECTION c WITH ('type' = 'rest', 'endpoint' = 'e', 'client-id' = 'i', 'client-secret' = 's')",
    );
    assert!(
        matches!(e, ExecError::IncompleteGroup { ref missing, .. } if missing == &["token-endpoint", "scope"]),
        "{e:?}"
    );
    let e = err(&s, "CREATE CONNECTION c WITH ('type' = 'bedrock', 'endpoint' = 'e', 'aws-access-key' = 'a')");
    assert!(matches!(e, ExecError::IncompleteGroup { .. }), "{e:?}");
}

#[test]
fn auth_methods_exclude_each_other() {
    let (_, s) = fresh();
    let e = err(&s, "CREATE CONNECTION c WITH ('type' = 'rest', 'endpoint' = 'e', 'username' = 'u', 'password' = 'p', 'token' = 't')");
    assert_eq!(e, ExecError::ConflictingAuthMethods { keys: vec!["username", "token"], connection: "c".into() });
    let e = err(&s, "CREATE CONNECTION c WITH ('type' = 'elastic', 'endpoint' = 'e', 'api-key' = 'k', 'username' = 'u', 'password' = 'p')");
    assert_eq!(e.rule(), "one-auth-method");
}

#[test]
fn mcp_transport_type() {
    let (_, s) = fresh();
    let base = "CREATE CONNECTION m WITH ('type' = 'mcp_server', 'endpoint' = 'https://mcp', 'token' = 't'";
    let e = err(&s, &format!("{base}, 'transport-type' = 'websocket')"));
    assert!(matches!(e, ExecError::InvalidTransportType { .. }), "{e:?}");
    assert!(!e.to_string().contains("websocket"));
    let e = err(&s, &format!("{base}, 'transport-type' = 'streamable_http', 'sse-endpoint' = 'https://mcp/sse')"));
    assert!(matches!(e, ExecError::SseEndpointWithStreamableHttp { .. }), "{e:?}");
    ok(&s, &format!("{base}, 'transport-type' = 'sse', 'sse-endpoint' = 'https://mcp/events')"));
    ok(&s, &format!("{base}, 'transport-type' = 'STREAMABLE_HTTP')").replace(" m ", " m2 "));
}

#[test]
fn length_limits() {
    let (_, s) = fresh();
    let key =
        |value: &str| format!("CREATE CONNECTION c WITH ('type' = 'openai', 'endpoint' = 'e', 'api-key' = '{value}')");
    let e = err(&s, &key(&"€".repeat(1334))); // 1334 characters, 4002 bytes
    assert_eq!(
        e,
        ExecError::ValueTooLong {
            connection: "c".into(),
            key: "api-key",
            limit: 4000,
            unit: flink_ddl_exec::LengthUnit::Bytes
        }
    );
    assert!(e.to_string().contains("longer than 4000 bytes (UTF-8)"), "{e}");
    ok(&s, &key(&"k".repeat(4000)));
    let endpoint = |n: usize| {
        format!("CREATE CONNECTION d WITH ('type' = 'openai', 'endpoint' = '{}', 'api-key' = 'k')", "é".repeat(n))
    };
    assert!(matches!(err(&s, &endpoint(16385)), ExecError::ValueTooLong { key: "endpoint", .. }));
    ok(&s, &endpoint(16384));
}

// ---- ALTER --------------------------------------------------------------------------------------

#[test]
fn alter_changes_credentials_only() {
    let (catalog, s) = fresh();
    ok(&s, OPENAI);
    for (sql, key) in [
        ("ALTER CONNECTION c SET ('endpoint' = 'https://other')", "endpoint"),
        ("ALTER CONNECTION c SET ('TYPE' = 'pinecone')", "type"),
    ] {
        let e = err(&s, sql);
        assert!(matches!(e, ExecError::ImmutableOption { key: k, .. } if k == key), "{e:?}");
        assert!(e.to_string().contains("changes credentials only"), "{e}");
    }
    let e = err(&s, "ALTER CONNECTION c SET ('ap-key' = 'x')");
    assert!(matches!(e, ExecError::UnknownKey { suggestion: Some("api-key"), .. }), "{e:?}");
    assert!(matches!(err(&s, "ALTER CONNECTION c SET ('password' = 'x')"), ExecError::KeyNotAllowed { .. }));
    assert!(matches!(err(&s, "ALTER CONNECTION c SET ('api-key' = '')"), ExecError::NothingToSet { .. }));
    let later = s.clone().with_clock(Arc::new(FixedClock(Timestamp::from_unix_micros(T0.unix_micros() + 5))));
    let Outcome::Altered { connection } = ok(&later, "ALTER CONNECTION c SET ('API_KEY' = 'sk-2')") else { panic!() };
    assert_eq!((connection.created_at, connection.updated_at), (T0, Timestamp::from_unix_micros(T0.unix_micros() + 5)));
    assert_eq!(connection.resource_version, 2);
    assert_eq!(connection.endpoint, "https://api.openai.com/v1");
    assert_eq!(stored_secret(&*catalog, "default", "c", "api-key").as_deref(), Some("sk-2"));
}

#[test]
fn alter_merges_a_partial_change_and_replaces_a_complete_auth_method() {
    let (catalog, s) = fresh();
    ok(&s, "CREATE CONNECTION r WITH ('type' = 'rest', 'endpoint' = 'e', 'username' = 'u', 'password' = 'p')");
    ok(&s, "ALTER CONNECTION r SET ('password' = 'p2')");
    assert_eq!(stored_secret(&*catalog, "default", "r", "username").as_deref(), Some("u"));
    assert_eq!(stored_secret(&*catalog, "default", "r", "password").as_deref(), Some("p2"));
    // A complete method replaces the stored credentials whole.
    ok(&s, "ALTER CONNECTION r SET ('token' = 't')");
    let record = catalog.get_connection("default", "r").unwrap().unwrap();
    assert_eq!(record.credentials.keys().collect::<Vec<_>>(), ["token"]);
    // A partial change must leave a valid whole.
    let e = err(&s, "ALTER CONNECTION r SET ('client-id' = 'i')");
    assert!(matches!(e, ExecError::IncompleteGroup { .. }), "{e:?}");
    let e = err(&s, "ALTER CONNECTION r SET ('username' = 'u', 'password' = 'p', 'token' = 't2')");
    assert!(matches!(e, ExecError::ConflictingAuthMethods { .. }), "{e:?}");
    // Bedrock: a new key pair drops the old session token; a new secret alone keeps it.
    ok(&s, "CREATE CONNECTION b WITH ('type' = 'bedrock', 'endpoint' = 'e', 'aws-access-key' = 'a', 'aws-secret-key' = 's', 'aws-session-token' = 't')");
    ok(&s, "ALTER CONNECTION b SET ('aws-secret-key' = 's2')");
    assert_eq!(stored_secret(&*catalog, "default", "b", "aws-session-token").as_deref(), Some("t"));
    ok(&s, "ALTER CONNECTION b SET ('aws-access-key' = 'a3', 'aws-secret-key' = 's3')");
    assert_eq!(stored_secret(&*catalog, "default", "b", "aws-session-token"), None);
}

#[test]
fn a_failed_statement_changes_nothing() {
    let (catalog, s) = fresh();
    ok(&s, "CREATE CONNECTION r WITH ('type' = 'rest', 'endpoint' = 'e', 'username' = 'u', 'password' = 'p')");
    let before = catalog.get_connection("default", "r").unwrap();
    for sql in [
        "ALTER CONNECTION r SET ('client-id' = 'i')",
        "ALTER CONNECTION r SET ('password' = 'p2', 'bogus' = 'x')",
        "ALTER CONNECTION r SET ('password' = 'p2', 'endpoint' = 'x')",
        "CREATE OR REPLACE CONNECTION r WITH ('type' = 'rest', 'endpoint' = 'e2')",
        "CREATE CONNECTION r WITH ('type' = 'rest', 'endpoint' = 'e2', 'token' = 't')",
    ] {
        err(&s, sql);
        assert_eq!(catalog.get_connection("default", "r").unwrap(), before, "{sql}");
    }
}

// ---- roles --------------------------------------------------------------------------------------

#[test]
fn create_alter_drop_need_an_admin_role() {
    let (catalog, admin) = fresh();
    ok(&admin, OPENAI);
    for role in [Role::FlinkDeveloper, Role::ModelResourceOwner] {
        let dev = session_in(catalog.clone(), SessionContext::default().with_roles([role]));
        for (sql, statement) in [
            (OPENAI.replace(" c ", " c2 "), "CREATE CONNECTION"),
            ("ALTER CONNECTION c SET ('api-key' = 'x')".to_owned(), "ALTER CONNECTION"),
            ("DROP CONNECTION c".to_owned(), "DROP CONNECTION"),
        ] {
            let e = err(&dev, &sql);
            assert!(matches!(e, ExecError::PermissionDenied { statement: s, .. } if s == statement), "{e:?}");
            assert!(e.to_string().contains("OrganizationAdmin, EnvironmentAdmin, FlinkAdmin"), "{e}");
        }
        ok(&dev, "DESCRIBE CONNECTION c");
        ok(&dev, "SHOW CONNECTIONS");
        ok(&dev, "SHOW CREATE CONNECTION c");
    }
    let nobody = session_in(catalog.clone(), SessionContext::default().with_roles([]));
    assert!(err(&nobody, "DROP CONNECTION c").to_string().contains("role(s) (none)"));
    for role in Role::CONNECTION_ADMINS {
        let s = session_in(catalog.clone(), SessionContext::default().with_roles([Role::FlinkDeveloper, role]));
        ok(&s, &OPENAI.replace(" c ", &format!(" by_{role} ")));
    }
    assert_eq!(catalog.connection_count(), 4);
}

// ---- SHOW and SHOW CREATE -----------------------------------------------------------------------

#[test]
fn show_connections_filters_and_orders_by_name() {
    let (_, s) = fresh();
    for name in ["tmp_1", "crm_pg", "Crm_mongo", "tmpx", "crm%odd", "alpha"] {
        ok(&s, &OPENAI.replace(" c ", &format!(" `{name}` ")));
    }
    assert_eq!(names(&ok(&s, "SHOW CONNECTIONS")), ["Crm_mongo", "alpha", "crm%odd", "crm_pg", "tmp_1", "tmpx"]);
    assert_eq!(names(&ok(&s, "SHOW CONNECTIONS LIKE 'crm%'")), ["crm%odd", "crm_pg"]);
    assert_eq!(names(&ok(&s, "SHOW CONNECTIONS ILIKE 'crm%'")), ["Crm_mongo", "crm%odd", "crm_pg"]);
    assert_eq!(names(&ok(&s, r"SHOW CONNECTIONS LIKE 'tmp\_%'")), ["tmp_1"]);
    assert_eq!(names(&ok(&s, "SHOW CONNECTIONS LIKE 'tmp_%'")), ["tmp_1", "tmpx"]);
    assert_eq!(names(&ok(&s, r"SHOW CONNECTIONS LIKE 'crm\%%'")), ["crm%odd"]);
    assert_eq!(
        names(&ok(&s, r"SHOW CONNECTIONS NOT ILIKE 'tmp\_%'")),
        ["Crm_mongo", "alpha", "crm%odd", "crm_pg", "tmpx"]
    );
    assert_eq!(names(&ok(&s, "SHOW CONNECTIONS NOT LIKE '%'")), Vec::<String>::new());
    assert_eq!(names(&ok(&s, "SHOW CONNECTIONS LIKE '_____'")), ["alpha", "tmp_1"]);
}

#[test]
fn show_create_connection_prints_the_masked_statement() {
    let (_, s) = fresh();
    ok(&s, "CREATE CONNECTION `my-mongo` COMMENT 'movies' WITH ('TYPE' = 'mongodb', 'endpoint' = 'mongodb+srv://x', 'PASSWORD' = 'SECRET_pw', 'username' = 'svc')");
    let Outcome::ShowCreate { masked_sql, .. } = ok(&s, "SHOW CREATE CONNECTION `my-mongo`") else { panic!() };
    let masked_sql = masked_sql.to_string();
    assert_eq!(
        masked_sql,
        "CREATE CONNECTION `my-mongo` COMMENT 'movies' WITH ('type' = 'MONGODB', 'endpoint' = 'mongodb+srv://x', 'username' = 'svc', 'password' = '<REDACTED>')"
    );
    assert!(parse_statement(&masked_sql).is_ok());
}

// ---- tables -------------------------------------------------------------------------------------

fn mongo_table(s: &Session, table: &str, connection: &str) -> Result<Outcome, ExecError> {
    let options = OptionList::from_pairs([
        ("connector", "mongodb"),
        ("mongodb.connection", connection),
        ("mongodb.database", "sample_mflix"),
        ("mongodb.password", "SECRET_table_pw"),
    ]);
    let sql = format!("CREATE TABLE {table} (title STRING) WITH ('connector' = 'mongodb', 'mongodb.connection' = '{connection}', 'mongodb.database' = 'sample_mflix', 'mongodb.password' = 'SECRET_table_pw')");
    s.create_table(&ObjectName::simple(table), false, &options, &sql)
}

#[test]
fn a_table_must_name_a_visible_connection_of_the_matching_type() {
    let (catalog, s) = fresh();
    let e = mongo_table(&s, "t", "m").unwrap_err();
    assert!(matches!(e, ExecError::TableConnectionNotFound { .. }), "{e:?}");
    ok(&s, OPENAI);
    let e = mongo_table(&s, "t", "c").unwrap_err();
    assert!(matches!(e, ExecError::TableConnectionTypeMismatch { .. }), "{e:?}");
    assert!(
        e.to_string().contains("needs a connection of type MONGODB, but connection \"c\" is of type OPENAI"),
        "{e}"
    );
    ok(&s, MONGO);
    let Outcome::TableCreated { table, .. } = mongo_table(&s, "t", "m").unwrap() else { panic!() };
    assert_eq!(table.connection.as_ref().map(|c| c.name.as_str()), Some("m"));
    assert!(!table.masked_sql.contains("SECRET_table_pw"), "{}", table.masked_sql);
    // From another region the connection is invisible.
    let eu = session_in(catalog.clone(), SessionContext::new("default", "local", "eu"));
    assert!(matches!(mongo_table(&eu, "t", "m").unwrap_err(), ExecError::TableConnectionNotFound { .. }));
    // The connector needs its connection option.
    let options = OptionList::from_pairs([("connector", "confluent-jdbc"), ("confluent-jdbc.table-name", "orders")]);
    let e = s.create_table(&ObjectName::simple("orders"), false, &options, "CREATE TABLE orders").unwrap_err();
    assert_eq!(
        e.to_string(),
        "table \"orders\": connector `confluent-jdbc` needs the option `confluent-jdbc.connection` naming a connection"
    );
}

#[test]
fn dropping_a_used_connection_is_refused_naming_the_tables() {
    let (catalog, s) = fresh();
    ok(&s, MONGO);
    mongo_table(&s, "movies", "m").unwrap();
    mongo_table(&s, "actors", "m").unwrap();
    let e = err(&s, "DROP CONNECTION m");
    assert_eq!(
        e,
        ExecError::ConnectionInUse { connection: "m".into(), tables: vec!["actors".into(), "movies".into()] }
    );
    assert_eq!(
        e.to_string(),
        "cannot drop connection \"m\": it is used by table(s) \"actors\", \"movies\" (drop those tables first)"
    );
    assert!(matches!(err(&s, "DROP CONNECTION IF EXISTS m"), ExecError::ConnectionInUse { .. }));
    s.drop_table(&ObjectName::simple("movies"), false).unwrap();
    s.drop_table(&ObjectName::simple("actors"), false).unwrap();
    ok(&s, "DROP CONNECTION m");
    assert_eq!((catalog.connection_count(), catalog.table_count()), (0, 0));
}

#[test]
fn ordinary_tables_are_stored_listed_described_and_dropped() {
    let (_, s) = fresh();
    let options = OptionList::from_pairs([("connector", "confluent"), ("properties.sasl.jaas.config", "SECRET_jaas")]);
    let sql =
        "CREATE TABLE orders (id INT) WITH ('connector' = 'confluent', 'properties.sasl.jaas.config' = 'SECRET_jaas')";
    let name = ObjectName::simple("orders");
    let Outcome::TableCreated { table, .. } = s.create_table(&name, false, &options, sql).unwrap() else { panic!() };
    assert!(table.connection.is_none());
    assert!(matches!(s.create_table(&name, false, &options, sql).unwrap_err(), ExecError::TableExists { .. }));
    assert!(matches!(
        s.create_table(&name, true, &options, sql).unwrap(),
        Outcome::NoOp { kind: flink_ddl_exec::ObjectKind::Table, .. }
    ));
    s.create_table(&ObjectName::simple("audit"), false, &OptionList::new(), "CREATE TABLE audit (a INT)").unwrap();
    let like = LikeFilter { negated: false, case_insensitive: true, pattern: "ORD%".into() };
    assert_eq!(names(&s.show_tables(None).unwrap()), ["audit", "orders"]);
    assert_eq!(names(&s.show_tables(Some(&like)).unwrap()), ["orders"]);
    // One database per environment: FROM | IN names it whatever it is called; another
    // environment's database lists nothing from here.
    assert_eq!(names(&run(&s, "SHOW TABLES FROM shop_db").unwrap()), ["audit", "orders"]);
    assert_eq!(names(&run(&s, "SHOW TABLES IN `default`.shop_db LIKE 'aud%'").unwrap()), ["audit"]);
    assert!(names(&run(&s, "SHOW TABLES FROM other_env.shop_db").unwrap()).is_empty());
    assert!(matches!(s.describe_table(&name, true).unwrap(), Outcome::TableDescribed { extended: true, .. }));
    let Outcome::ShowCreate { masked_sql, .. } = s.show_create_table(&name).unwrap() else { panic!() };
    assert_eq!(
        masked_sql,
        // The canonical form of SHOW CREATE TABLE (docs/cli.md): backticked names, one element a line.
        "CREATE TABLE `orders` (\n  `id` INT\n)\nWITH (\n  'connector' = 'confluent',\n  'properties.sasl.jaas.config' = '<REDACTED>'\n)"
    );
    assert!(matches!(s.drop_table(&name, false).unwrap(), Outcome::TableDropped { .. }));
    assert!(matches!(s.drop_table(&name, true).unwrap(), Outcome::NoOp { reason: NoOpReason::DoesNotExist, .. }));
    assert!(matches!(s.drop_table(&name, false).unwrap_err(), ExecError::TableNotFound { .. }));
    assert!(matches!(s.describe_table(&name, false).unwrap_err(), ExecError::TableNotFound { .. }));
    assert!(matches!(s.show_create_table(&name).unwrap_err(), ExecError::TableNotFound { .. }));
}

/// The parser's tree budget admits a statement by its text; the stored print of a table typed
/// with long comments is denser than that text, and the budget would refuse it. The catalog reads
/// its own prints back without the budget, so such a table still shows in canonical form.
#[test]
fn a_table_whose_print_is_denser_than_its_text_shows_in_canonical_form() {
    let (_, s) = fresh();
    let columns: Vec<String> = (0..70_000).map(|k| format!("c{k} INT /* {} */", "x".repeat(200))).collect();
    ok(&s, &format!("CREATE TABLE wide ({})", columns.join(",\n")));
    let Outcome::ShowCreate { masked_sql, .. } = ok(&s, "SHOW CREATE TABLE wide") else { panic!() };
    let masked_sql = masked_sql.to_string();
    assert!(masked_sql.starts_with("CREATE TABLE `wide` (\n  `c0` INT,\n  `c1` INT,\n"), "{}", &masked_sql[..80]);
    assert!(
        masked_sql.ends_with("  `c69999` INT\n)\nWITH (\n  'connector' = 'confluent'\n)"),
        "{}",
        &masked_sql[masked_sql.len() - 80..]
    );
    assert_eq!(parse_statement(&masked_sql).unwrap_err().kind(), flink_ddl::ParseErrorKind::TreeTooLarge);
}
