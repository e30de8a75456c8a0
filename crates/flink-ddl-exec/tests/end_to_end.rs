//! The seed page's flow through the parser and the executor together: a connection, a table that
//! uses it, the refused drop, and the masked outputs.

use std::sync::Arc;

use flink_ddl::parse;
use flink_ddl_exec::{render, ExecError, MemoryCatalog, Outcome, OutputFormat, Session, SessionContext};
use flink_ddl_testkit::session_in;

const SEED_FLOW: &str = "
CREATE CONNECTION `my_mongodb_connection`
  WITH (
    'type' = 'MONGODB',
    'endpoint' = 'mongodb+srv://myCluster.mongodb.net/myDatabase',
    'username' = '<atlas-user-name>',
    'password' = 'SECRET_atlas_pw'
  );
CREATE TABLE mongodb_movies_full_text_search (
    title STRING,
    plot STRING
) WITH (
    'connector' = 'mongodb',
    'mongodb.connection' = 'my_mongodb_connection',
    'mongodb.database' = 'sample_mflix',
    'mongodb.collection' = 'movies',
    'mongodb.index' = 'default'
);
SHOW TABLES;
DESCRIBE CONNECTION my_mongodb_connection;
SHOW CREATE CONNECTION my_mongodb_connection;
";

fn session() -> Session {
    session_in(Arc::new(MemoryCatalog::new()), SessionContext::new("env-a1b2c3", "aws", "us-west-2"))
}

#[test]
fn seed_flow_runs_and_never_shows_the_password() {
    let session = session();
    for stmt in parse(SEED_FLOW).unwrap() {
        let outcome = session.execute(&stmt).unwrap_or_else(|e| panic!("{stmt}: {e}"));
        for format in [OutputFormat::Human, OutputFormat::Json, OutputFormat::Yaml] {
            let shown = render(&outcome, format);
            assert!(!shown.contains("SECRET_atlas_pw"), "{shown}");
        }
        assert!(!format!("{outcome:?}").contains("SECRET_atlas_pw"));
    }
    // The table holds the connection: dropping it is refused, naming the table.
    let refused = session.execute(&parse("DROP CONNECTION my_mongodb_connection").unwrap()[0]).unwrap_err();
    let message = refused.to_string();
    assert!(message.contains("mongodb_movies_full_text_search"), "{message}");
    assert!(!format!("{refused:?}").contains("SECRET_atlas_pw"));
    // Once the table is gone, the connection can go.
    for sql in ["DROP TABLE mongodb_movies_full_text_search", "DROP CONNECTION my_mongodb_connection"] {
        session.execute(&parse(sql).unwrap()[0]).unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
}

#[test]
fn a_table_must_name_an_existing_connection_of_the_right_type() {
    let session = session();
    let run = |sql: &str| -> Result<Outcome, ExecError> { session.execute(&parse(sql).unwrap()[0]) };
    run("CREATE CONNECTION rest_c WITH ('type' = 'rest', 'endpoint' = 'https://x', 'token' = 't')").unwrap();
    let wrong_type = run("CREATE TABLE t (a STRING) WITH ('connector' = 'mongodb', 'mongodb.connection' = 'rest_c', \
         'mongodb.database' = 'd', 'mongodb.collection' = 'c')")
    .unwrap_err();
    assert!(wrong_type.to_string().contains("rest_c"), "{wrong_type}");
    let missing = run("CREATE TABLE t (a STRING) WITH ('connector' = 'rest', 'rest.connection' = 'nope')").unwrap_err();
    assert!(missing.to_string().contains("nope"), "{missing}");
    // An ordinary table needs no connection.
    run("CREATE TABLE kafka_t (a STRING, ts TIMESTAMP_LTZ(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)").unwrap();
}
