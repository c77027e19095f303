//! Printed sheets (生产单 · 发货单 · 拣货单 · 面单): each printed in English
//! and Chinese for a supplier's own tasks, the PDF read back as text with
//! pdftotext; another supplier's task is not found; too many are refused.

use crate::b2b_contracts::has_cjk_font;
use crate::helpers::{TestApp, client, order_body};
use serde_json::{Value, json};
use std::io::Write;
use std::process::{Command, Stdio};

crate::on_both_backends!(sheets_print_in_both_languages);

/// The text of a PDF, by pdftotext (poppler-utils); `None` outside CI
/// when it is not installed.
fn pdf_text(pdf: &[u8]) -> Option<String> {
    let child = Command::new("pdftotext")
        .args(["-layout", "-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn();
    let Ok(mut child) = child else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI needs pdftotext (poppler-utils)"
        );
        eprintln!("skipped: no pdftotext");
        return None;
    };
    child.stdin.take().unwrap().write_all(pdf).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "pdftotext could not read the PDF");
    Some(String::from_utf8(out.stdout).unwrap())
}

async fn print(app: &TestApp, token: &str, body: Value) -> (u16, Vec<u8>, Value) {
    let res = client()
        .post(format!("{}/api/v1/documents/sheets", app.base))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let kind = res
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned());
    let bytes = res.bytes().await.unwrap().to_vec();
    let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    if status == 200 {
        assert_eq!(kind.as_deref(), Some("application/pdf"));
    }
    (status, bytes, json)
}

async fn sheets_print_in_both_languages(app: TestApp) {
    if !has_cjk_font() {
        return;
    }
    let (_, suppliers) = app.category_with_suppliers("Mugs", &["mug", "杯"], 2).await;
    let mut first = json!({"title": "定制马克杯 (blue mug)", "quantity": 3, "unit_price": "12.34",
                           "platform_sku": "MUG-BLUE", "customization": {"text": "ADA 爱达"}});
    first["quantity"] = json!(3);
    let lines = json!([first, {"title": "Red mug", "quantity": 1, "unit_price": "9.99"},
                       {"title": "Green mug", "quantity": 2, "unit_price": "8.00", "platform_sku": "MUG-BLUE"}]);
    let mut body = order_body("PRINT-1", "purchasing", lines);
    body["shipping_address"] = json!({"country": "GB", "city": "London", "line1": "12 St James Sq", "postal_code": "SW1Y 4LB"});
    let order = app.post("/api/v1/orders", body).await.ok(201).clone();
    let tasks = order["tasks"].as_array().unwrap().clone();
    let mine: Vec<&Value> = tasks
        .iter()
        .filter(|t| t["supplier_id"] == suppliers[0].as_str())
        .collect();
    let theirs: Vec<&Value> = tasks
        .iter()
        .filter(|t| t["supplier_id"] != suppliers[0].as_str())
        .collect();
    let (_, token) = app.token("maker", "supplier", Some(&suppliers[0])).await;
    // the supplier's catalogue has the product the line names: its picture prints
    let product = app
        .post(
            "/api/v1/products",
            json!({"supplier_id": suppliers[0], "code": "MUG-BLUE", "title": "Blue mug", "category": "Mugs", "supplier_price": "3.00"}),
        )
        .await;
    let product = product.ok(201)["id"].as_str().unwrap().to_owned();
    let picture = app
        .client
        .put(format!(
            "{}/api/v1/products/{product}/images/main",
            app.base
        ))
        .bearer_auth(crate::helpers::TOKEN)
        .body(crate::products::jpeg(600, 600, false))
        .send()
        .await
        .unwrap();
    assert_eq!(picture.status(), 200);
    let ids: Vec<&str> = mine.iter().map(|t| t["id"].as_str().unwrap()).collect();
    let sku = mine[0]["sku"].as_str().unwrap();

    let text = |sheet: &'static str, lang: &'static str| {
        let body = json!({"sheet": sheet, "task_ids": ids, "language": lang});
        let (app, token) = (&app, &token);
        async move {
            let (status, pdf, problem) = print(app, token, body).await;
            assert_eq!(status, 200, "{sheet} {lang}: {problem}");
            assert!(pdf.starts_with(b"%PDF-"));
            let pictured = String::from_utf8_lossy(&pdf).contains("/Subtype/Image");
            assert_eq!(
                pictured,
                sheet == "production_sheet",
                "{sheet}: the product's picture"
            );
            pdf_text(&pdf)
        }
    };
    let Some(production) = text("production_sheet", "zh").await else {
        return;
    };
    assert!(production.contains("生产单"), "{production}");
    assert!(
        production.contains(sku) && production.contains("定制马克杯"),
        "{production}"
    );
    assert!(
        production.contains("ADA 爱达"),
        "the personalisation is on the card: {production}"
    );
    assert!(
        production.contains("交期") || production.contains("PRINT-1"),
        "{production}"
    );
    let packing = text("packing_slip", "en").await.unwrap();
    assert!(
        packing.contains("Packing slip") && packing.contains("12 St James Sq"),
        "{packing}"
    );
    assert!(
        !packing.contains("12.34"),
        "no prices in the parcel: {packing}"
    );
    let pick = text("pick_list", "zh").await.unwrap();
    assert!(
        pick.contains("拣货单") && pick.contains("MUG-BLUE"),
        "{pick}"
    );
    let label = text("shipping_label", "en").await.unwrap();
    assert!(
        label.contains("Ship to") && label.contains("London"),
        "{label}"
    );
    let label_zh = text("shipping_label", "zh").await.unwrap();
    assert!(label_zh.contains("收货人"), "{label_zh}");

    // another supplier's task is not found; too many, or none, are refused
    let other = json!({"sheet": "pick_list", "task_ids": [theirs[0]["id"]]});
    assert_eq!(print(&app, &token, other).await.0, 404);
    let many: Vec<String> = (0..201).map(|i| format!("t{i}")).collect();
    let (status, _, problem) = print(
        &app,
        &token,
        json!({"sheet": "pick_list", "task_ids": many}),
    )
    .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (422, Some("out_of_range"))
    );
    let (status, _, problem) = print(
        &app,
        &token,
        json!({"sheet": "pick_list", "task_ids": ids, "language": "fr"}),
    )
    .await;
    assert_eq!((status, problem["field"].as_str()), (422, Some("language")));

    // the task list's "Print (PDF)": the ticked tasks, in the reader's language
    let (cookie, csrf) = crate::web::sign_in_operator(&app).await;
    let mut form = vec![
        ("csrf", csrf.as_str()),
        ("sheet", "packing_slip"),
        ("back", "/tasks?status=assigned"),
    ];
    form.extend(ids.iter().map(|id| ("task", *id)));
    let res = crate::web::browser()
        .post(format!("{}/tasks/print", app.base))
        .header("cookie", &cookie)
        .header("accept-language", "zh-CN")
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let pdf = res.bytes().await.unwrap();
    assert!(
        pdf_text(&pdf).unwrap().contains("发货单"),
        "in the reader's language"
    );
}
