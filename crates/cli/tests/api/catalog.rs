//! Categories, suppliers and SKU templates.

use crate::helpers::TestApp;
use crate::on_both_backends;
use serde_json::json;

on_both_backends!(
    categories_crud,
    sku_templates_and_preview,
    suppliers_with_categories_by_id_or_name
);

async fn categories_crud(app: TestApp) {
    let c = app
        .post(
            "/api/v1/categories",
            json!({"name": "Cups", "keywords": ["mug", "杯", "MUG"]}),
        )
        .await;
    let c = c.ok(201).clone();
    assert_eq!(c["keywords"], json!(["mug", "杯"]));
    assert_eq!(c["sku_template"], "SKU{rand:8}");
    assert_eq!(c["strategy"], "round_robin");
    assert_eq!(c["sku_prefix"], "CUPS");
    let id = c["id"].as_str().unwrap();

    let dup = app
        .post("/api/v1/categories", json!({"name": "cups"}))
        .await;
    assert_eq!(dup.problem(409, "name_taken")["field"], "name");

    let p = app
        .patch(
            &format!("/api/v1/categories/{id}"),
            json!({"strategy": "weighted", "sku_prefix": "CUP"}),
        )
        .await;
    assert_eq!(p.ok(200)["strategy"], "weighted");
    assert_eq!(p.body["keywords"], json!(["mug", "杯"]));
    assert_eq!(
        app.get(&format!("/api/v1/categories/{id}")).await.ok(200)["sku_prefix"],
        "CUP"
    );
    let bad = app
        .patch(
            &format!("/api/v1/categories/{id}"),
            json!({"strategy": "random"}),
        )
        .await;
    assert_eq!(bad.problem(422, "invalid_value")["field"], "strategy");
    let list = app.get("/api/v1/categories").await;
    assert_eq!(list.ok(200).as_array().unwrap().len(), 1);
}

async fn sku_templates_and_preview(app: TestApp) {
    let bad = app
        .post(
            "/api/v1/categories",
            json!({"name": "Shoes", "sku_template": "SH{rand:8"}),
        )
        .await;
    let b = bad.problem(422, "invalid_sku_template");
    assert_eq!(b["field"], "sku_template");
    assert!(b["detail"].as_str().unwrap().contains("unclosed"), "{b}");
    assert_eq!(app.count_categories().await, 0, "nothing saved");

    let c = app
        .post(
            "/api/v1/categories",
            json!({"name": "Shoes", "sku_prefix": "SH", "sku_template": "{category}-{seq:4}"}),
        )
        .await;
    let id = c.ok(201)["id"].as_str().unwrap().to_owned();
    let p = app
        .post(&format!("/api/v1/categories/{id}/sku-preview"), json!({}))
        .await;
    assert_eq!(p.ok(200)["sku"], "SH-0001");
    let p = app
        .post(
            &format!("/api/v1/categories/{id}/sku-preview"),
            json!({"template": "X{date:%Y}{rand:5}"}),
        )
        .await;
    let sku = p.ok(200)["sku"].as_str().unwrap();
    assert!(sku.starts_with("X20") && sku.len() == 10, "{sku}");
    let p = app
        .post(
            &format!("/api/v1/categories/{id}/sku-preview"),
            json!({"template": "{order}"}),
        )
        .await;
    assert!(
        p.problem(422, "invalid_sku_template")["detail"]
            .as_str()
            .unwrap()
            .contains("{rand:N}")
    );
    app.post("/api/v1/categories/nope/sku-preview", json!({}))
        .await
        .problem(404, "not_found");
    let patch = app
        .patch(
            &format!("/api/v1/categories/{id}"),
            json!({"sku_template": "bad template"}),
        )
        .await;
    patch.problem(422, "invalid_sku_template");
}

async fn suppliers_with_categories_by_id_or_name(app: TestApp) {
    let cups = app
        .post("/api/v1/categories", json!({"name": "Cups"}))
        .await
        .ok(201)["id"]
        .clone();
    let tees = app
        .post("/api/v1/categories", json!({"name": "T-shirts"}))
        .await
        .ok(201)["id"]
        .clone();
    let s = app
        .post("/api/v1/suppliers", json!({"name": "Acme", "contact": "Mr Li", "email": "li@acme.example", "categories": [cups, "t-SHIRTS"], "weight": 3}))
        .await;
    let s = s.ok(201).clone();
    assert_eq!(s["categories"], json!([cups, tees]));
    assert_eq!(s["code"], "ACME");
    assert_eq!(s["active"], true);
    assert_eq!(s["weight"], 3);
    let id = s["id"].as_str().unwrap();

    let unknown = app
        .post(
            "/api/v1/suppliers",
            json!({"name": "Other", "categories": ["Hats"]}),
        )
        .await;
    assert_eq!(
        unknown.problem(422, "unknown_category")["field"],
        "categories[0]"
    );
    let bad_email = app
        .post(
            "/api/v1/suppliers",
            json!({"name": "Other", "email": "nope"}),
        )
        .await;
    assert_eq!(bad_email.problem(422, "invalid_email")["field"], "email");
    let weight = app
        .post("/api/v1/suppliers", json!({"name": "Other", "weight": -1}))
        .await;
    assert_eq!(weight.problem(422, "out_of_range")["field"], "weight");

    let p = app
        .patch(
            &format!("/api/v1/suppliers/{id}"),
            json!({"categories": ["T-shirts"], "active": false}),
        )
        .await;
    assert_eq!(p.ok(200)["categories"], json!([tees]));
    assert_eq!(p.body["active"], false);
    let cat = app
        .get(&format!("/api/v1/categories/{}", tees.as_str().unwrap()))
        .await;
    assert_eq!(cat.ok(200)["supplier_ids"], json!([id]));
    assert_eq!(
        app.get("/api/v1/suppliers")
            .await
            .ok(200)
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

impl TestApp {
    async fn count_categories(&self) -> usize {
        self.get("/api/v1/categories")
            .await
            .ok(200)
            .as_array()
            .unwrap()
            .len()
    }
}
