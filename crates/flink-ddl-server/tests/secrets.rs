//! Planted secrets: credentials of every key, in successful and refused requests, and the API
//! secret itself, are searched in every response (status, headers, body) and in every log line
//! the server wrote.

mod support;

use reqwest::Method;
use serde_json::{json, Value};
use support::{captured_logs, connection_body, send, Answer, TestServer};

const MARK: &str = "SECRET_p1anted";

fn planted(tag: &str) -> String {
    format!("{MARK}_{tag}")
}

#[tokio::test(flavor = "multi_thread")]
async fn no_credential_or_api_secret_reaches_a_response_or_a_log_line() {
    let server = TestServer::start().await;
    let mut answers: Vec<Answer> = Vec::new();
    let bodies: Vec<(&str, &str, Value)> = vec![
        ("openai", "OPENAI", json!({"API_KEY": planted("apikey")})),
        (
            "aws",
            "BEDROCK",
            json!({"AWS_ACCESS_KEY_ID": planted("ak"), "AWS_SECRET_ACCESS_KEY": planted("sk"), "AWS_SESSION_TOKEN": planted("st")}),
        ),
        ("vertex", "VERTEXAI", json!({"SERVICE_KEY": planted("svc")})),
        ("mongo", "MONGODB", json!({"USERNAME": planted("user"), "PASSWORD": planted("pw")})),
        (
            "oauth",
            "REST",
            json!({"OAUTH2_TOKEN_ENDPOINT": planted("te"), "OAUTH2_CLIENT_ID": planted("ci"), "OAUTH2_CLIENT_SECRET": planted("cs"), "OAUTH2_SCOPE": planted("sc")}),
        ),
        ("mcp", "MCP_SERVER", json!({"BEARER_TOKEN": planted("bt"), "SSE_ENDPOINT": planted("sse")})),
        // Refused ones: a key of another type, a misspelled key, a bad AUTH_TYPE, a bad transport.
        ("bad1", "OPENAI", json!({"PASSWORD": planted("refused1")})),
        ("bad2", "OPENAI", json!({"ap-key": planted("refused2")})),
        ("bad3", "OPENAI", json!({"API_KEY": planted("refused3"), "AUTH_TYPE": planted("authtype")})),
        ("bad4", "MCP_SERVER", json!({"BEARER_TOKEN": planted("refused4"), "TRANSPORT_TYPE": planted("tt")})),
        ("bad5", "OPENAI", json!({"API_KEY": planted("long").repeat(300)})),
    ];
    for (name, connection_type, credentials) in &bodies {
        answers.push(server.create("e", name, connection_type, "https://svc.example.com", credentials.clone()).await);
    }
    // Wrong JSON types where a credential sits, and a data field that is not base64.
    let wrong_type = json!({"name": "x", "spec": {"connection_type": "OPENAI", "endpoint": "https://x", "auth_data": {"kind": "PlaintextProvider", "data": {"API_KEY": planted("inline")}}}});
    answers
        .push(send(server.request(Method::POST, &server.collection("e"), Some(&server.admin)).json(&wrong_type)).await);
    let not_base64 = json!({"name": "x", "spec": {"connection_type": "OPENAI", "endpoint": "https://x", "auth_data": {"data": planted("raw")}}});
    answers
        .push(send(server.request(Method::POST, &server.collection("e"), Some(&server.admin)).json(&not_base64)).await);
    // Updates, reads, lists, deletes.
    let put = connection_body("openai", None, None, Some(&json!({"API_KEY": planted("rotated")})));
    answers.push(send(server.request(Method::PUT, &server.one("e", "openai"), Some(&server.admin)).json(&put)).await);
    for name in ["openai", "aws", "vertex", "mongo", "oauth", "mcp"] {
        answers.push(send(server.request(Method::GET, &server.one("e", name), Some(&server.admin))).await);
    }
    answers.push(send(server.request(Method::GET, &server.collection("e"), Some(&server.admin))).await);
    answers.push(send(server.request(Method::DELETE, &server.one("e", "mongo"), Some(&server.admin))).await);
    // A wrong secret for a real key, and the real one in a malformed header.
    let wrong = support::Key { id: server.admin.id.clone(), secret: planted("apisecret") };
    answers.push(send(server.request(Method::GET, &server.collection("e"), Some(&wrong))).await);
    answers.push(
        send(
            server.client.get(server.collection("e")).header("authorization", format!("Token {}", server.admin.secret)),
        )
        .await,
    );

    assert!(answers.iter().any(|a| a.status == 201) && answers.iter().any(|a| a.status == 422));
    let mut surfaces: Vec<String> = answers.iter().map(Answer::everything).collect();
    surfaces.push(captured_logs());
    let authorization = server.admin.header();
    for surface in &surfaces {
        assert!(!surface.contains(MARK), "a planted credential leaked: {surface}");
        assert!(!surface.contains(&server.admin.secret), "the API secret leaked: {surface}");
        assert!(!surface.contains(&authorization["Basic ".len()..]), "the Authorization header leaked: {surface}");
    }
    assert!(captured_logs()
        .contains("POST /sql/v1/organizations/{organization_id}/environments/{environment_id}/connections 201"));
    // The credentials were stored all the same.
    let stored = server.catalog.get_connection("e", "openai").unwrap().unwrap();
    assert_eq!(stored.credentials.get("api-key").unwrap().expose_secret(), planted("rotated"));
    server.stop().await;
}

/// The mask sent back as a credential (a client that stored what `SHOW CREATE` showed) is a 422
/// naming the key and `auth_data`, and the stored secret is kept.
#[tokio::test(flavor = "multi_thread")]
async fn the_mask_as_a_credential_is_refused_with_422() {
    let server = TestServer::start().await;
    let created =
        server.create("e", "oai", "OPENAI", "https://svc.example.com", json!({"API_KEY": planted("k")})).await;
    assert_eq!(created.status, 201, "{}", created.text);
    let refused =
        server.create("e", "other", "OPENAI", "https://svc.example.com", json!({"API_KEY": "<REDACTED>"})).await;
    let detail = refused.failure(422, "invalid_configuration");
    assert!(detail.contains("'api-key' holds the mask <REDACTED>, not a secret: type the secret again"), "{detail}");
    assert_eq!(refused.json["errors"][0]["source"]["pointer"], "/spec/auth_data", "{}", refused.text);
    let put = connection_body("oai", None, None, Some(&json!({"API_KEY": " <redacted> "})));
    let refused = send(server.request(Method::PUT, &server.one("e", "oai"), Some(&server.admin)).json(&put)).await;
    refused.failure(422, "invalid_configuration");
    let stored = server.catalog.get_connection("e", "oai").unwrap().unwrap();
    assert_eq!(stored.credentials.get("api-key").unwrap().expose_secret(), planted("k"));
    assert!(server.catalog.get_connection("e", "other").unwrap().is_none());
    server.stop().await;
}
