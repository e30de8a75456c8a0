//! Listing through `metadata.next`, as Confluent's CLI does (it follows the URL's `page_token`),
//! while other clients create and delete connections: every name that exists for the whole walk
//! is seen exactly once, in name order, and `page_size` is clamped to 1..100.

mod support;

use std::collections::BTreeSet;

use reqwest::Method;
use serde_json::{json, Value};
use support::{send, TestServer};

fn names(page: &Value) -> Vec<String> {
    page["data"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn next_links_walk_every_stable_name_once_under_concurrent_writes() {
    let server = TestServer::start().await;
    for n in 0..60 {
        server.create("e", &format!("stable_{n:03}"), "OPENAI", "https://x", json!({"API_KEY": "k"})).await;
    }
    for n in 0..30 {
        server.create("e", &format!("churn_{n:03}"), "OPENAI", "https://x", json!({"API_KEY": "k"})).await;
    }
    // A writer that keeps creating and deleting names all through the listing.
    let (writer_client, collection, admin) = (server.client.clone(), server.collection("e"), server.admin.clone());
    let (stop_tx, mut stop_rx) = tokio::sync::oneshot::channel::<()>();
    let writer = tokio::spawn(async move {
        let mut round = 0u32;
        loop {
            if stop_rx.try_recv().is_ok() || round >= 2000 {
                return round;
            }
            let name = format!("new_{round:04}");
            let body =
                support::connection_body(&name, Some("OPENAI"), Some("https://x"), Some(&json!({"API_KEY": "k"})));
            let created = writer_client
                .post(&collection)
                .header("authorization", admin.header())
                .json(&body)
                .send()
                .await
                .unwrap();
            assert_eq!(created.status(), 201);
            let victim = format!("{collection}/churn_{:03}", round % 30);
            let _ = writer_client.delete(&victim).header("authorization", admin.header()).send().await.unwrap();
            round += 1;
        }
    });

    let mut seen = Vec::new();
    let mut url = format!("{}?page_size=7", server.collection("e"));
    let mut pages = 0;
    loop {
        let page = send(server.request(Method::GET, &url, Some(&server.admin))).await;
        assert_eq!(page.status, 200, "{}", page.text);
        assert!(names(&page.json).len() <= 7);
        seen.extend(names(&page.json));
        pages += 1;
        assert!(pages < 1000, "the walk ends");
        match page.json["metadata"]["next"].as_str() {
            Some(next) => {
                assert!(next.starts_with(&server.collection("e")), "a full URL: {next}");
                assert!(next.contains("page_token="));
                url = next.to_owned();
            }
            None => break,
        }
    }
    let _ = stop_tx.send(());
    let rounds = writer.await.unwrap();
    assert!(rounds > 0, "the writer ran during the walk");

    let unique: BTreeSet<&String> = seen.iter().collect();
    assert_eq!(unique.len(), seen.len(), "no name twice");
    let mut sorted = seen.clone();
    sorted.sort();
    assert_eq!(sorted, seen, "in name order");
    for n in 0..60 {
        assert!(seen.contains(&format!("stable_{n:03}")), "stable_{n:03} skipped");
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn page_size_is_clamped_and_the_type_filter_holds_across_pages() {
    let server = TestServer::start().await;
    for n in 0..105 {
        server.create("e", &format!("o{n:03}"), "OPENAI", "https://x", json!({"API_KEY": "k"})).await;
    }
    for n in 0..3 {
        server.create("e", &format!("m{n}"), "MONGODB", "mongodb://m", json!({"USERNAME": "u", "PASSWORD": "p"})).await;
    }
    let list = |query: String| {
        server.request(Method::GET, &format!("{}?{query}", server.collection("e")), Some(&server.admin))
    };
    assert_eq!(names(&send(list("page_size=1000".into())).await.json).len(), 100);
    assert_eq!(names(&send(list("page_size=0".into())).await.json).len(), 1);
    assert_eq!(names(&send(list("page_size=-5".into())).await.json).len(), 1);
    assert_eq!(names(&send(list(String::new())).await.json).len(), 10, "default 10");

    let first = send(list("spec.connection_type=mongodb&page_size=2".into())).await;
    assert_eq!(names(&first.json), ["m0", "m1"]);
    let next = first.json["metadata"]["next"].as_str().unwrap().to_owned();
    assert!(next.contains("spec.connection_type=MONGODB"), "{next}");
    let second = send(server.request(Method::GET, &next, Some(&server.admin))).await;
    assert_eq!(names(&second.json), ["m2"]);
    assert!(second.json["metadata"].get("next").is_none());
    server.stop().await;
}
