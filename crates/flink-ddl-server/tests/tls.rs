//! HTTPS: the server on rustls with a certificate made for the test, a client that trusts only
//! that certificate, HTTP/1.1 and HTTP/2 (ALPN), and `https://` resource URLs.

mod support;

use std::sync::Arc;

use flink_ddl_exec::MemoryCatalog;
use flink_ddl_server::{tls_config, ServerConfig, Transport};
use reqwest::Method;
use serde_json::json;
use support::{send, TestServer, ORG};

#[tokio::test(flavor = "multi_thread")]
async fn the_api_is_served_over_tls() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let certified = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).unwrap();
    let dir = tempfile::TempDir::new().unwrap();
    let (cert_path, key_path) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    std::fs::write(&cert_path, certified.cert.pem()).unwrap();
    std::fs::write(&key_path, certified.signing_key.serialize_pem()).unwrap();
    let config = tls_config(&cert_path, &key_path).unwrap();

    let mut roots = rustls::RootCertStore::empty();
    roots.add(certified.cert.der().clone()).unwrap();
    let mut client_tls =
        rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_root_certificates(roots)
            .with_no_client_auth();
    client_tls.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    let client = reqwest::Client::builder().tls_backend_preconfigured(client_tls).build().unwrap();
    let server = TestServer::start_with(
        Arc::new(MemoryCatalog::new()),
        ServerConfig::new(ORG),
        Transport::Tls(config),
        client,
        "https",
    )
    .await;

    let created = server.create("e", "c", "OPENAI", "https://x", json!({"API_KEY": "k"})).await;
    assert_eq!(created.status, 201, "{}", created.text);
    assert!(created.json["metadata"]["self"].as_str().unwrap().starts_with("https://localhost:"));
    let listed = server.request(Method::GET, &server.collection("e"), Some(&server.admin)).send().await.unwrap();
    assert_eq!(listed.version(), reqwest::Version::HTTP_2, "ALPN offers h2");
    assert_eq!(listed.status(), 200);

    // A plain-HTTP client on the TLS port gets no answer, and a bad certificate file is refused.
    let plain = reqwest::Client::new().get(server.base.replace("https://", "http://")).send().await;
    assert!(plain.is_err() || plain.unwrap().status() != 200);
    assert!(tls_config(&key_path, &key_path).is_err());
    let health = send(server.client.get(format!("{}/healthz", server.base))).await;
    assert_eq!(health.status, 200);
    server.stop().await;
}
