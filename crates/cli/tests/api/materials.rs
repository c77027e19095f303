//! Materials (BOM-light): a product lists what one unit uses; the review
//! says whether the materials in stock cover the lines to be made.

use crate::channels::channel;
use crate::helpers::TestApp;
use crate::web::{follow, post_form, sign_in};
use reqwest::header::COOKIE;
use serde_json::{Value, json};

crate::on_both_backends!(the_review_checks_the_materials_of_what_will_be_made);

fn boots(number: i64, quantity: i64) -> Value {
    json!({
        "id": 7_700_000i64 + number, "name": format!("#{number}"), "email": "mo@example.com", "currency": "USD",
        "total_price": "300.00", "financial_status": "paid", "updated_at": "2026-12-01T10:00:00Z",
        "customer": {"first_name": "Mo", "last_name": "R"},
        "shipping_address": {"country_code": "GB", "city": "Leeds", "address1": "2 Park Row", "zip": "LS1 5HD"},
        "line_items": [{"id": 1, "title": "Chelsea boot", "quantity": quantity, "price": "100.00", "sku": "BOOT-7"}]
    })
}

async fn the_review_checks_the_materials_of_what_will_be_made(app: TestApp) {
    let (_, makers) = app.category_with_suppliers("Boots", &["boot"], 1).await;
    let product = json!({"supplier_id": makers[0], "code": "BOOT-7", "title": "Chelsea boot", "category": "Boots", "supplier_price": "40.00"});
    let product = app.post("/api/v1/products", product).await.ok(201).clone();
    let path = format!(
        "/api/v1/products/{}/materials",
        product["id"].as_str().unwrap()
    );
    assert_eq!(app.get(&path).await.ok(200)["materials"], json!([]));
    let twice = json!({"materials": [{"sku": "LEATHER", "per_unit": "1"}, {"sku": "leather", "per_unit": "2"}]});
    let p = app.put(&path, twice).await;
    assert_eq!(
        p.problem(422, "duplicate_line")["field"],
        "materials[1].sku"
    );
    let none = json!({"materials": [{"sku": "SOLE", "per_unit": "0"}]});
    app.put(&path, none).await.problem(422, "out_of_range");
    // typed on the product's page, one material per line
    app.user("bench@web.example", "operator", None, "awl-and-thread-9")
        .await;
    let (cookie, csrf) = sign_in(&app, "bench@web.example", "awl-and-thread-9").await;
    let c = [(COOKIE.as_str(), cookie.as_str())];
    let page = format!("/products/{}", product["id"].as_str().unwrap());
    let form = format!("{page}/materials");
    let bad = post_form(
        &app,
        &cookie,
        &csrf,
        &form,
        vec![("materials", "LEATHER half")],
    );
    let (_, body) = follow(&app, bad.await.unwrap(), &c).await;
    assert!(
        body.contains(r#"class="flash refused""#) && body.contains("LEATHER half"),
        "{body}"
    );
    let good = post_form(
        &app,
        &cookie,
        &csrf,
        &form,
        vec![("materials", "LEATHER 0.50\nSOLE, 2")],
    );
    let (to, body) = follow(&app, good.await.unwrap(), &c).await;
    assert_eq!(to, page);
    assert!(
        body.contains("Materials saved.") && body.contains("LEATHER 0.5\nSOLE 2"),
        "{body}"
    );
    let saved = app.get(&path).await.ok(200).clone();
    assert_eq!(
        saved["materials"][0],
        json!({"sku": "LEATHER", "per_unit": "0.5"})
    );
    assert_eq!(
        saved["materials"][1],
        json!({"sku": "SOLE", "per_unit": "2"})
    );

    // the workshop's shelf: 1 m of leather, 10 soles
    app.post(
        "/api/v1/stock/locations",
        json!({"code": "MAT", "name": "Materials"}),
    )
    .await
    .ok(201);
    for (sku, quantity) in [("LEATHER", 1), ("SOLE", 10)] {
        let r = json!({"sku": sku, "location": "MAT", "quantity": quantity});
        app.post("/api/v1/stock/receipts", r).await.ok(201);
    }

    // 3 boots need 2 m of leather (1.5, rounded up) and 6 soles: held
    let shop = channel(&app, "shopify", None).await;
    let import = format!("/api/v1/channels/{shop}/import");
    let held = app.post(&import, boots(1, 3)).await.ok(200)["order"].clone();
    assert_eq!(
        (held["status"].as_str(), held["hold"].clone()),
        (Some("pending"), json!(["materials"])),
        "{held}"
    );
    let id = held["id"].as_str().unwrap().to_owned();
    let review = app
        .get(&format!("/api/v1/orders/{id}/review"))
        .await
        .ok(200)
        .clone();
    let finding = |check: &str| {
        review["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["check"] == check)
            .unwrap()
            .clone()
    };
    assert_eq!(
        finding("materials")["problems"],
        json!([{"problem": "short_material", "sku": "LEATHER", "needed": 2, "available": 1}])
    );
    assert_eq!(
        finding("stock")["passed"],
        true,
        "boots are made, not stocked"
    );

    // two boots fit the leather there is: released at once
    let fits = app.post(&import, boots(2, 2)).await.ok(200)["order"].clone();
    assert_eq!(fits["status"], "purchasing", "{fits}");

    // leather comes in: the held order goes through the gate again by itself
    let r = json!({"sku": "leather", "location": "MAT", "quantity": 5});
    app.post("/api/v1/stock/receipts", r).await.ok(201);
    let now = app
        .get(&format!("/api/v1/orders/{id}"))
        .await
        .ok(200)
        .clone();
    assert_eq!(
        now["status"], "purchasing",
        "released on the receipt: {now}"
    );
    assert_eq!(now["hold"], json!([]));
}
