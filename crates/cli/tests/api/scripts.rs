//! The script step: a category's SKU script ("category prefix + the
//! buyer's initials + 4 random digits") tested in the console, saved, and
//! used at release; a script that loops forever is stopped and the order
//! still flows, flagged, with the template's SKU.

use crate::helpers::{TestApp, line, order_body};
use serde_json::{Value, json};

crate::on_both_backends!(
    a_category_writes_its_skus_with_a_script,
    a_route_script_picks_the_supplier
);

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

/// Saves `script` as `category`'s route script, then places order
/// `number` of one line titled `title`; returns the order and its events.
async fn routed_by(
    app: &TestApp,
    category: &str,
    script: &str,
    number: &str,
    title: &str,
) -> (Value, Vec<Value>) {
    let path = format!("/api/v1/categories/{category}/route-script");
    app.put(&path, json!({"route_script": script}))
        .await
        .ok(200);
    let order = app
        .order(number, "purchasing", json!([line(title)]))
        .await
        .ok(201)
        .clone();
    let events = app.order_events(&order).await;
    (order, events)
}

/// The `script_error` of the order's `order.flagged` event.
fn script_error(events: &[Value]) -> String {
    let flag = events
        .iter()
        .find(|e| e["kind"] == "order.flagged")
        .expect("flagged");
    flag["details"]["script_error"].as_str().unwrap().to_owned()
}

/// A route script: "engraved lines to the engraver, the rest to the
/// rotation", tested in the console against the category's suppliers,
/// saved and used at release; an answer that names nobody, or a loop,
/// leaves the line to the rotation and flags the order.
async fn a_route_script_picks_the_supplier(app: TestApp) {
    let (mugs, suppliers) = app.category_with_suppliers("Mugs", &["mug"], 3).await;
    let engraver = suppliers[2].as_str();
    let script = r#"if line.title.to_lower().contains("engrav") { "mugs supplier 2" } else { "" }"#;
    let test = format!("/api/v1/categories/{mugs}/route-script/test");
    let tried = app
        .post(&test, json!({"script": script, "title": "Engraved mug"}))
        .await
        .ok(200)
        .clone();
    assert_eq!(tried["ok"], true, "{tried}");
    assert_eq!(tried["result"], "Mugs supplier 2", "the supplier's name");
    let rotation = app
        .post(&test, json!({"script": script, "title": "Blue mug"}))
        .await
        .ok(200)
        .clone();
    assert_eq!(rotation["result"], "", "the rotation decides");
    let nobody = app
        .post(&test, json!({"script": "\"Nobody Ltd\""}))
        .await
        .ok(200)
        .clone();
    assert_eq!(nobody["ok"], false);
    assert!(nobody["error"].as_str().unwrap().contains("not a supplier"));
    // the three share a code (MUGSSU): a code names one supplier or none
    let shared = app
        .post(&test, json!({"script": "\"MUGSSU\""}))
        .await
        .ok(200)
        .clone();
    assert!(
        shared["error"].as_str().unwrap().contains("3 suppliers"),
        "{shared}"
    );
    let path = format!("/api/v1/categories/{mugs}/route-script");
    let bad = app.put(&path, json!({"route_script": "if {"})).await;
    assert_eq!(bad.problem(422, "invalid_script")["field"], "route_script");
    let saved = app
        .put(&path, json!({"route_script": script}))
        .await
        .ok(200)
        .clone();
    assert_eq!(saved["route_script"], script);

    // engraved lines go to the engraver, with no turn of the rotation
    let engraved = app
        .order(
            "R-1",
            "purchasing",
            json!([line("Engraved mug"), line("Blue mug")]),
        )
        .await
        .ok(201)
        .clone();
    let by_line = |o: &Value, n: usize| o["tasks"][n]["supplier_id"].as_str().unwrap().to_owned();
    assert_eq!(by_line(&engraved, 0), engraver);
    assert_eq!(by_line(&engraved, 1), suppliers[0], "the rotation's first");
    // an answer naming nobody: the rotation decides, and the order is flagged
    let (flagged, events) = routed_by(&app, &mugs, "\"Nobody Ltd\"", "R-2", "Engraved mug").await;
    assert_eq!(by_line(&flagged, 0), suppliers[1]);
    assert!(script_error(&events).contains("not a supplier"));
    // a map: gifts move to the engravers' category, the title tidied
    let (engraving, engravers) = app
        .category_with_suppliers("Engraving", &["engrave"], 1)
        .await;
    let tidy = r#"if line.title.contains("【") { #{category: "engraving", title: line.title.sub_string(line.title.index_of("】") + 1).trim()} } else { "" }"#;
    let tidy = tidy.replace(".trim()", "");
    let tried = app
        .post(
            &test,
            json!({"script": tidy, "title": "【包邮】刻字马克杯"}),
        )
        .await
        .ok(200)
        .clone();
    assert_eq!(
        tried["result"], "category: engraving · title: 刻字马克杯",
        "{tried}"
    );
    app.put(&path, json!({"route_script": tidy})).await.ok(200);
    let moved = app
        .order("R-4", "purchasing", json!([line("【包邮】刻字马克杯 mug")]))
        .await
        .ok(201)
        .clone();
    assert_eq!(
        moved["tasks"][0]["category_id"],
        engraving.as_str(),
        "{moved}"
    );
    assert_eq!(moved["tasks"][0]["supplier_id"], engravers[0].as_str());
    assert_eq!(moved["lines"][0]["title"], "刻字马克杯 mug");
    let stored = app
        .get(&format!("/api/v1/orders/{}", moved["id"].as_str().unwrap()))
        .await
        .ok(200)
        .clone();
    assert_eq!(stored["lines"][0]["title"], "刻字马克杯 mug", "stored so");
    let events = app.order_events(&moved).await;
    let rewritten = events
        .iter()
        .find(|e| e["kind"] == "line.rewritten")
        .expect("rewritten");
    assert_eq!(
        rewritten["details"]["from"], "【包邮】刻字马克杯 mug",
        "the title as received is kept"
    );
    // a map naming no category: flagged, the line stays where it was
    let script = "#{category: \"Lamps\"}";
    let (stays, events) = routed_by(&app, &mugs, script, "R-5", "Blue mug").await;
    assert_eq!(stays["tasks"][0]["category_id"], mugs.as_str());
    assert!(script_error(&events).contains("no category"));
    // a loop is stopped and the order still flows
    let (looped, _) = routed_by(&app, &mugs, "loop { }", "R-3", "Engraved mug").await;
    assert_eq!(looped["status"], "purchasing");
    // removed: the rotation alone
    let removed = app
        .put(&path, json!({"route_script": null}))
        .await
        .ok(200)
        .clone();
    assert!(removed["route_script"].is_null());
}
