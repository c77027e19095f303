//! The script step: a category's SKU script ("category prefix + the
//! buyer's initials + 4 random digits") tested in the console, saved, and
//! used at release; a script that loops forever is stopped and the order
//! still flows, flagged, with the template's SKU.

use crate::helpers::{TestApp, order_body};
use serde_json::{Value, json};

crate::on_both_backends!(a_category_writes_its_skus_with_a_script);

const SCRIPT: &str =
    r#"category.prefix + "-" + initials(order.customer_name) + "-" + random_digits(4)"#;

fn is_script_sku(sku: &str) -> bool {
    let parts: Vec<&str> = sku.split('-').collect();
    parts.len() == 3
        && parts[0] == "MUG"
        && parts[1] == "AL"
        && parts[2].len() == 4
        && parts[2].chars().all(|c| c.is_ascii_digit())
}

async fn order(app: &TestApp, number: &str) -> Value {
    let body = order_body(
        number,
        "purchasing",
        json!([{"title": "Blue mug", "quantity": 1, "unit_price": "9.00"}]),
    );
    app.post("/api/v1/orders", body).await.ok(201).clone()
}

async fn put(app: &TestApp, category: &str, script: Value) -> crate::helpers::Res {
    let path = format!("/api/v1/categories/{category}/script");
    app.put(&path, json!({"sku_script": script})).await
}

async fn a_category_writes_its_skus_with_a_script(app: TestApp) {
    let mugs = json!({"name": "Mugs", "keywords": ["mug"], "sku_prefix": "MUG"});
    let mugs = app.post("/api/v1/categories", mugs).await.ok(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.post(
        "/api/v1/suppliers",
        json!({"name": "Kiln", "categories": [mugs]}),
    )
    .await
    .ok(201);

    // a script that does not compile is refused with its line
    let bad = put(&app, &mugs, json!("let x = ;")).await;
    let bad = bad.problem(422, "invalid_script");
    assert_eq!(bad["field"], "sku_script");
    assert!(
        bad["detail"].as_str().unwrap().starts_with("line 1:"),
        "{bad}"
    );

    // the console runs it against a sample first
    let test = format!("/api/v1/categories/{mugs}/script/test");
    let tried = app
        .post(&test, json!({"script": SCRIPT}))
        .await
        .ok(200)
        .clone();
    assert_eq!(tried["ok"], true, "{tried}");
    assert!(is_script_sku(tried["result"].as_str().unwrap()), "{tried}");
    let printed = app
        .post(
            &test,
            json!({"script": "print(line.title); \"A\"", "title": "Red mug"}),
        )
        .await
        .ok(200)
        .clone();
    assert_eq!(printed["log"], json!(["Red mug"]));
    let spaces = app
        .post(&test, json!({"script": "\"two words\""}))
        .await
        .ok(200)
        .clone();
    assert_eq!(spaces["ok"], false);

    // saved: every new task of the category gets its SKU
    assert_eq!(
        put(&app, &mugs, json!(SCRIPT)).await.ok(200)["sku_script"],
        SCRIPT
    );
    let mut skus = Vec::new();
    for n in 0..5 {
        let placed = order(&app, &format!("S-{n}")).await;
        let sku = placed["tasks"][0]["sku"].as_str().unwrap().to_owned();
        assert!(is_script_sku(&sku), "{sku}");
        let events = app.order_events(&placed).await;
        let routed = events.iter().find(|e| e["kind"] == "task.routed").unwrap();
        assert_eq!(
            routed["details"]["sku"],
            sku.as_str(),
            "the routing event names the script's SKU"
        );
        skus.push(sku);
    }
    skus.sort();
    skus.dedup();
    assert_eq!(skus.len(), 5, "unique");

    // a script that loops forever is stopped: the order still flows, with
    // the template's SKU, and is flagged for a person
    put(&app, &mugs, json!("let n = 0; loop { n += 1; }"))
        .await
        .ok(200);
    let started = std::time::Instant::now();
    let placed = order(&app, "S-loop").await;
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    assert_eq!(placed["status"], "purchasing");
    let sku = placed["tasks"][0]["sku"].as_str().unwrap();
    assert!(sku.starts_with("SKU"), "the template's SKU: {sku}");
    let events = app.order_events(&placed).await;
    let flagged = events
        .iter()
        .find(|e| e["kind"] == "order.flagged")
        .expect("flagged");
    assert!(
        flagged["details"]["script_error"]
            .as_str()
            .unwrap()
            .contains("stopped after"),
        "{flagged}"
    );
    assert!(flagged["details"]["reason"].as_str().unwrap().contains(sku));

    // removed: the template writes the SKUs again
    assert!(put(&app, &mugs, Value::Null).await.ok(200)["sku_script"].is_null());
    let plain = order(&app, "S-plain").await;
    assert!(
        plain["tasks"][0]["sku"]
            .as_str()
            .unwrap()
            .starts_with("SKU")
    );
    let events = app.order_events(&plain).await;
    assert!(!events.iter().any(|e| e["kind"] == "order.flagged"));
}
