//! Every endpoint and every status of the server's status table (docs/server.md), driven over
//! HTTP on a loopback port with reqwest, the way Confluent's CLI and SDK call it.

mod support;

use std::sync::Arc;

use flink_ddl::{parse_statement, ObjectName, OptionList};
use flink_ddl_exec::{Catalog, MemoryCatalog, Role, Session, SessionContext};
use flink_ddl_server::ServerConfig;
use reqwest::Method;
use serde_json::{json, Value};
use support::{connection_body, make_key, send, TestServer, ORG};

fn openai_key(value: &str) -> Value {
    json!({"API_KEY": value, "AUTH_TYPE": "API_KEY"})
}

#[tokio::test(flavor = "multi_thread")]
async fn create_read_list_update_delete() {
    let server = TestServer::start().await;
    let created = server.create("env-1", "my-openai", "OPENAI", "https://api.openai.com/v1", openai_key("sk-1")).await;
    assert_eq!(created.status, 201, "{}", created.text);
    let url = server.one("env-1", "my-openai");
    assert_eq!(created.headers.get("location").unwrap(), url.as_str());
    assert_eq!(created.json["metadata"]["self"], url.as_str());
    assert_eq!(created.json["spec"]["auth_data"], json!({"kind": "PlaintextProvider", "data": "<REDACTED>"}));
    assert_eq!(created.json["spec"]["connection_type"], "OPENAI");
    assert_eq!(created.json["metadata"]["resource_version"], "1");

    let read = send(server.request(Method::GET, &url, Some(&server.admin))).await;
    assert_eq!(read.status, 200);
    assert_eq!(read.json, created.json);

    let listed = send(server.request(Method::GET, &server.collection("env-1"), Some(&server.admin))).await;
    assert_eq!(listed.status, 200);
    assert_eq!(listed.json["kind"], "ConnectionList");
    assert_eq!(listed.json["data"], json!([created.json]));
    assert!(listed.json["metadata"].get("next").is_none(), "one page: no next");

    // The Confluent CLI's update: the stored type and endpoint re-sent, no metadata.
    let body =
        connection_body("my-openai", Some("OPENAI"), Some("https://api.openai.com/v1"), Some(&openai_key("sk-2")));
    let updated = send(server.request(Method::PUT, &url, Some(&server.admin)).json(&body)).await;
    assert_eq!(updated.status, 200, "{}", updated.text);
    assert_eq!(updated.json["metadata"]["resource_version"], "2");
    let stored = server.catalog.get_connection("env-1", "my-openai").unwrap().unwrap();
    assert_eq!(stored.credentials.get("api-key").unwrap().expose_secret(), "sk-2");

    let deleted = send(server.request(Method::DELETE, &url, Some(&server.admin))).await;
    assert_eq!(deleted.status, 200);
    assert!(deleted.json["metadata"]["deleted_at"].is_string());
    let gone = send(server.request(Method::GET, &url, Some(&server.admin))).await;
    gone.failure(404, "not_found");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn credentials_in_cli_names_or_sql_keys_for_every_auth_method() {
    let server = TestServer::start().await;
    let cases = [
        (
            "bedrock",
            "BEDROCK",
            json!({"AWS_ACCESS_KEY_ID": "a", "AWS_SECRET_ACCESS_KEY": "s", "AWS_SESSION_TOKEN": "t"}),
        ),
        ("vertex", "VERTEXAI", json!({"SERVICE_KEY": "{\"k\":1}"})),
        ("mongo", "MONGODB", json!({"USERNAME": "u", "PASSWORD": "p", "AUTH_TYPE": "BASIC"})),
        ("rest_bearer", "REST", json!({"BEARER_TOKEN": "t", "AUTH_TYPE": "BEARER"})),
        (
            "rest_oauth",
            "REST",
            json!({"OAUTH2_TOKEN_ENDPOINT": "https://idp/token", "OAUTH2_CLIENT_ID": "c", "OAUTH2_CLIENT_SECRET": "s", "OAUTH2_SCOPE": "x", "AUTH_TYPE": "OAUTH2"}),
        ),
        ("mcp", "MCP_SERVER", json!({"BEARER_TOKEN": "t", "TRANSPORT_TYPE": "STREAMABLE_HTTP"})),
        ("sql_keys", "MONGODB", json!({"username": "u", "password": "p"})),
        ("sql_underscore", "OPENAI", json!({"api_key": "k"})),
    ];
    for (name, connection_type, credentials) in cases {
        let answer = server.create("env-1", name, connection_type, "https://svc.example.com", credentials).await;
        assert_eq!(answer.status, 201, "{name}: {}", answer.text);
    }
    let mongo = server.catalog.get_connection("env-1", "mongo").unwrap().unwrap();
    assert_eq!(mongo.credentials.keys().collect::<Vec<_>>(), ["username", "password"]);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_requests_are_400() {
    let server = TestServer::start().await;
    let post = |body: &'static str| {
        server
            .request(Method::POST, &server.collection("e"), Some(&server.admin))
            .header("content-type", "application/json")
            .body(body)
    };
    send(post("{not json")).await.failure(400, "invalid_json");
    send(post("[1, 2]")).await.failure(400, "invalid_json");
    let bad_data = json!({"name": "c", "spec": {"connection_type": "OPENAI", "endpoint": "https://x", "auth_data": {"kind": "PlaintextProvider", "data": "%%%not base64"}}});
    let answer = send(server.request(Method::POST, &server.collection("e"), Some(&server.admin)).json(&bad_data)).await;
    assert_eq!(answer.json["errors"][0]["source"]["pointer"], "/spec/auth_data/data");
    answer.failure(400, "invalid_auth_data");
    let other_kind = json!({"name": "c", "spec": {"connection_type": "OPENAI", "endpoint": "https://x", "auth_data": {"kind": "Vault", "data": ""}}});
    send(server.request(Method::POST, &server.collection("e"), Some(&server.admin)).json(&other_kind))
        .await
        .failure(400, "invalid_auth_data");
    let numbers = connection_body("c", Some("OPENAI"), Some("https://x"), Some(&json!({"API_KEY": 12345})));
    send(server.request(Method::POST, &server.collection("e"), Some(&server.admin)).json(&numbers))
        .await
        .failure(400, "invalid_auth_data");

    let list =
        |query: &str| server.request(Method::GET, &format!("{}?{query}", server.collection("e")), Some(&server.admin));
    send(list("page_token=made-up")).await.failure(400, "invalid_page_token");
    send(list("page_size=ten")).await.failure(400, "invalid_parameter");
    send(list("spec.connection_type=NOPE")).await.failure(400, "invalid_filter");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn rules_broken_are_422_naming_the_rule() {
    let server = TestServer::start().await;
    let post = |body: Value| server.request(Method::POST, &server.collection("e"), Some(&server.admin)).json(&body);
    let key = openai_key("sk-live-9");
    let cases: Vec<(Value, &str)> = vec![
        (json!({"spec": {"connection_type": "OPENAI", "endpoint": "https://x"}}), "`name`"),
        (connection_body("", Some("OPENAI"), Some("https://x"), Some(&key)), "`name`"),
        (connection_body("c", None, Some("https://x"), Some(&key)), "`type`"),
        (connection_body("c", Some("OPENAI"), None, Some(&key)), "`endpoint`"),
        (connection_body("c", Some("TELEPATHY"), Some("https://x"), Some(&key)), "valid types"),
        (
            connection_body("c", Some("OPENAI"), Some("https://x"), Some(&json!({"PASSWORD": "sk-live-9"}))),
            "`password`",
        ),
        (
            connection_body(
                "c",
                Some("OPENAI"),
                Some("https://x"),
                Some(&json!({"API_KEY": "sk-live-9", "AUTH_TYPE": "BASIC"})),
            ),
            "AUTH_TYPE",
        ),
        (connection_body(&"n".repeat(101), Some("OPENAI"), Some("https://x"), Some(&key)), "at most 100"),
        (connection_body("c", Some("OPENAI"), Some("https://x"), None), "`api-key`"),
        (json!({"name": "c", "spec": {"connection_type": "OPENAI", "endpoint": 5}}), "spec.endpoint"),
    ];
    for (body, needle) in cases {
        let answer = send(post(body.clone())).await;
        let detail = answer.failure(422, "invalid_configuration");
        assert!(detail.contains(needle), "{body}: {detail}");
        assert!(!answer.text.contains("sk-live-9"), "{}", answer.text);
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn put_checks_name_type_endpoint_and_version() {
    let server = TestServer::start().await;
    server.create("e", "c", "OPENAI", "https://x", openai_key("k1")).await;
    let put = |body: Value| server.request(Method::PUT, &server.one("e", "c"), Some(&server.admin)).json(&body);
    let key = openai_key("k2");
    send(put(connection_body("other", None, None, Some(&key)))).await.failure(422, "invalid_configuration");
    send(put(connection_body("c", Some("ANTHROPIC"), None, Some(&key)))).await.failure(422, "invalid_configuration");
    send(put(connection_body("c", None, Some("https://y"), Some(&key)))).await.failure(422, "invalid_configuration");
    let mut stale = connection_body("c", None, None, Some(&key));
    stale["metadata"] = json!({"resource_version": "7"});
    send(put(stale)).await.failure(409, "resource_version_conflict");
    let mut current = connection_body("c", None, None, Some(&key));
    current["metadata"] = json!({"resource_version": "1"});
    assert_eq!(send(put(current)).await.status, 200);
    let missing = server.request(Method::PUT, &server.one("e", "nope"), Some(&server.admin)).json(&connection_body(
        "nope",
        None,
        None,
        Some(&key),
    ));
    send(missing).await.failure(404, "not_found");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn conflicts_are_409() {
    let catalog: Arc<dyn Catalog> = Arc::new(MemoryCatalog::new());
    let server = TestServer::start_on(catalog.clone(), ServerConfig::new(ORG)).await;
    assert_eq!(server.create("e", "c", "OPENAI", "https://x", openai_key("k")).await.status, 201);
    server.create("e", "c", "OPENAI", "https://x", openai_key("k")).await.failure(409, "resource_already_exists");
    // Taken in another region of the environment: still the environment's name.
    let elsewhere = Session::new(catalog.clone(), SessionContext::new("e", "aws", "us-east-1"));
    elsewhere
        .execute(
            &parse_statement(
                "CREATE CONNECTION far WITH ('type' = 'openai', 'endpoint' = 'https://x', 'api-key' = 'k')",
            )
            .unwrap(),
        )
        .unwrap();
    server.create("e", "far", "OPENAI", "https://x", openai_key("k")).await.failure(409, "resource_already_exists");
    // ... and invisible from this server's cloud and region.
    send(server.request(Method::GET, &server.one("e", "far"), Some(&server.admin))).await.failure(404, "not_found");

    // In use by a table: DELETE is refused, naming it.
    server.create("e", "mongo", "MONGODB", "mongodb://m", json!({"USERNAME": "u", "PASSWORD": "p"})).await;
    let here = Session::new(catalog.clone(), SessionContext::new("e", "local", "local"));
    let options = OptionList::from_pairs([("connector", "mongodb"), ("mongodb.connection", "mongo")]);
    here.create_table(&ObjectName::simple("movies"), false, &options, "CREATE TABLE movies ...").unwrap();
    let detail = send(server.request(Method::DELETE, &server.one("e", "mongo"), Some(&server.admin)))
        .await
        .failure(409, "resource_in_use");
    assert!(detail.contains("\"movies\""), "{detail}");

    // In use by a model and a tool as well: the 409 names every user.
    server.create("e", "tools", "MCP_SERVER", "https://mcp.example", json!({"API-KEY": "k"})).await;
    for sql in [
        "CREATE MODEL helper WITH ('provider' = 'openai', 'task' = 'text_generation', 'mcp.connection' = 'tools')",
        "CREATE TOOL finder USING CONNECTION tools WITH ('type' = 'mcp', 'allowed_tools' = 'find')",
    ] {
        here.execute(&parse_statement(sql).unwrap()).unwrap();
    }
    let detail = send(server.request(Method::DELETE, &server.one("e", "tools"), Some(&server.admin)))
        .await
        .failure(409, "resource_in_use");
    assert!(detail.contains("model \"helper\", tool \"finder\""), "{detail}");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn framework_rejections_are_failures_too() {
    let server = TestServer::start().await;
    let unknown =
        send(server.request(Method::GET, &format!("{}/sql/v2/whatever", server.base), Some(&server.admin))).await;
    unknown.failure(404, "not_found");
    let patch = send(server.request(Method::PATCH, &server.collection("e"), Some(&server.admin))).await;
    patch.failure(405, "method_not_allowed");
    assert_eq!(patch.headers.get("allow").unwrap(), "GET,HEAD,POST");
    let patch_one = send(server.request(Method::PATCH, &server.one("e", "c"), Some(&server.admin))).await;
    assert!(patch_one.headers.get("allow").unwrap().to_str().unwrap().contains("PUT"));
    // Over the limit by Content-Length: answered before the body is read. Sent by hand, the
    // headers alone: a client still writing the body when the answer comes and the connection
    // closes may be reset before it reads the answer (a race of TCP, not of the server).
    let too_big = raw_exchange(
        &server.base,
        &format!(
            "POST {} HTTP/1.1\r\nHost: localhost\r\nAuthorization: {}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\n\r\n",
            &server.collection("e")[server.base.len()..],
            server.admin.header(),
            flink_ddl_server::MAX_BODY_BYTES + 1
        ),
    )
    .await;
    assert!(too_big.starts_with("HTTP/1.1 413 "), "{too_big}");
    assert!(too_big.contains(r#""code":"payload_too_large""#), "{too_big}");
    let text = server
        .request(Method::POST, &server.collection("e"), Some(&server.admin))
        .header("content-type", "text/plain")
        .body("{}");
    send(text).await.failure(415, "unsupported_media_type");
    let none = server.request(Method::POST, &server.collection("e"), Some(&server.admin)).body("{}");
    send(none).await.failure(415, "unsupported_media_type");
    let empty = server.request(Method::PUT, &server.one("e", "c"), Some(&server.admin));
    send(empty).await.failure(400, "invalid_json");
    let other_org =
        format!("{}/sql/v1/organizations/00000000-0000-4000-8000-000000000000/environments/e/connections", server.base);
    send(server.request(Method::GET, &other_org, Some(&server.admin))).await.failure(404, "not_found");
    server.stop().await;
}

/// Writes `request` on a new connection to `base` and reads until the server closes it.
async fn raw_exchange(base: &str, request: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(base.trim_start_matches("http://")).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    let read = stream.read_to_end(&mut answer);
    tokio::time::timeout(std::time::Duration::from_secs(30), read).await.expect("the server answered").unwrap();
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn request_ids_are_echoed_or_made() {
    let server = TestServer::start().await;
    let mine = send(
        server.request(Method::GET, &server.collection("e"), Some(&server.admin)).header("x-request-id", "trace-42"),
    )
    .await;
    assert_eq!(mine.headers.get("x-request-id").unwrap(), "trace-42");
    let forged =
        send(server.request(Method::GET, &server.collection("e"), None).header("x-request-id", "a b\tc")).await;
    let id = forged.headers.get("x-request-id").unwrap().to_str().unwrap().to_owned();
    assert_eq!(id.len(), 36, "{id}");
    forged.failure(401, "user_unauthenticated");
    assert!(support::captured_logs().contains("request_id=trace-42"));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn probes_and_the_openapi_document_need_no_key() {
    let server = TestServer::start().await;
    let health = send(server.client.get(format!("{}/healthz", server.base))).await;
    assert_eq!((health.status.as_u16(), health.json["status"].as_str()), (200, Some("ok")));
    let ready = send(server.client.get(format!("{}/readyz", server.base))).await;
    assert_eq!(ready.status, 200);
    let document = send(server.client.get(format!("{}/openapi.json", server.base))).await;
    assert_eq!(document.status, 200);
    let paths = document.json["paths"].as_object().unwrap();
    let collection = &paths["/sql/v1/organizations/{organization_id}/environments/{environment_id}/connections"];
    assert_eq!(collection["post"]["operationId"], "createSqlv1Connection");
    for status in ["201", "400", "401", "403", "404", "409", "413", "415", "422", "503"] {
        assert!(collection["post"]["responses"].get(status).is_some(), "POST documents {status}");
    }
    assert_eq!(document.json["components"]["securitySchemes"]["api_key"]["scheme"], "basic");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn roles_and_environments_are_403() {
    let server = TestServer::start().await;
    server.create("e1", "c", "OPENAI", "https://x", openai_key("k")).await;
    let reader = make_key(server.catalog.as_ref(), Role::FlinkDeveloper, &[]);
    let scoped = make_key(server.catalog.as_ref(), Role::FlinkAdmin, &["e1"]);
    assert_eq!(send(server.request(Method::GET, &server.one("e1", "c"), Some(&reader))).await.status, 200);
    let body = connection_body("d", Some("OPENAI"), Some("https://x"), Some(&openai_key("k")));
    send(server.request(Method::POST, &server.collection("e1"), Some(&reader)).json(&body))
        .await
        .failure(403, "user_unauthorized");
    send(server.request(Method::DELETE, &server.one("e1", "c"), Some(&reader))).await.failure(403, "user_unauthorized");
    let put = connection_body("c", None, None, Some(&openai_key("k2")));
    send(server.request(Method::PUT, &server.one("e1", "c"), Some(&reader)).json(&put))
        .await
        .failure(403, "user_unauthorized");
    // A developer learns nothing from a write on a name that does not exist either.
    send(server.request(Method::DELETE, &server.one("e1", "absent"), Some(&reader)))
        .await
        .failure(403, "user_unauthorized");

    assert_eq!(
        send(server.request(Method::POST, &server.collection("e1"), Some(&scoped)).json(&body)).await.status,
        201
    );
    send(server.request(Method::GET, &server.collection("e2"), Some(&scoped))).await.failure(403, "user_unauthorized");
    send(server.request(Method::GET, &server.one("e2", "c"), Some(&scoped))).await.failure(403, "user_unauthorized");
    server.stop().await;
}
