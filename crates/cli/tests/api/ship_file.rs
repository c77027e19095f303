//! Shipping many tasks from one waybill file (批量发货): a supplier's
//! sheet ships its tasks at once — all or none, each refused row named
//! with its reason — over the API (CSV and XLSX) and in the browser.

use crate::helpers::{TestApp, client, order_body, read};
use crate::web::{browser, follow, sign_in_operator};
use serde_json::{Value, json};

crate::on_both_backends!(a_waybill_file_ships_every_task_or_none);

async fn upload(app: &TestApp, token: &str, name: &str, body: Vec<u8>) -> crate::helpers::Res {
    let url = format!("{}/api/v1/imports/shipments?name={name}", app.base);
    read(
        client()
            .post(url)
            .bearer_auth(token)
            .body(body)
            .send()
            .await
            .unwrap(),
    )
    .await
}

fn xlsx(rows: &[[&str; 3]]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *v).unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

async fn statuses(app: &TestApp, ids: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for id in ids {
        let t = app.get(&format!("/api/v1/tasks/{id}")).await;
        out.push(t.ok(200)["status"].as_str().unwrap().to_owned());
    }
    out
}

async fn a_waybill_file_ships_every_task_or_none(app: TestApp) {
    let (_, suppliers) = app.category_with_suppliers("Mugs", &["mug"], 2).await;
    let lines = json!([
        crate::helpers::line("Mug one"),
        crate::helpers::line("Mug two"),
        crate::helpers::line("Mug three"),
        crate::helpers::line("Mug four")
    ]);
    let order = app
        .post("/api/v1/orders", order_body("B-1", "purchasing", lines))
        .await;
    let tasks = order.ok(201)["tasks"].as_array().unwrap().clone();
    let of = |s: &str| -> Vec<&Value> { tasks.iter().filter(|t| t["supplier_id"] == s).collect() };
    let (mine, theirs) = (of(&suppliers[0]), of(&suppliers[1]));
    assert_eq!((mine.len(), theirs.len()), (2, 2), "round robin");
    let (_, token) = app.token("maker", "supplier", Some(&suppliers[0])).await;
    let ids: Vec<String> = mine
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_owned())
        .collect();
    let sku = |t: &Value| t["sku"].as_str().unwrap().to_owned();
    // one accepted (walked through production on the way), one produced
    for to in ["accepted", "in_production", "produced"] {
        app.post(
            &format!("/api/v1/tasks/{}/transitions", ids[1]),
            json!({"to": to}),
        )
        .await
        .ok(200);
    }
    app.post(
        &format!("/api/v1/tasks/{}/transitions", ids[0]),
        json!({"to": "accepted"}),
    )
    .await
    .ok(200);

    // another supplier's task, a wrong number, an unknown SKU: all named, nothing shipped
    let bad = format!(
        "SKU,Carrier,Tracking number\n{},SF Express,sf 1234 5678 90123\n{},UPS,1Z999AA10123456785\n{},DHL,1234567890\nNOPE-1,DHL,1234567891\n",
        sku(mine[0]),
        sku(mine[1]),
        sku(theirs[0]),
    );
    let refused = upload(&app, &token, "waybills.csv", bad.into_bytes()).await;
    let errors = refused.problem(422, "invalid_rows")["errors"]
        .as_array()
        .unwrap()
        .clone();
    let rows: Vec<(i64, &str)> = errors
        .iter()
        .map(|e| (e["row"].as_i64().unwrap(), e["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        rows,
        [
            (3, "tracking_number_format"),
            (4, "not_found"),
            (5, "not_found")
        ],
        "{errors:#?}"
    );
    assert!(
        errors[0]["reason"]
            .as_str()
            .unwrap()
            .contains("check digit")
    );
    assert_eq!(
        statuses(&app, &ids).await,
        ["accepted", "produced"],
        "nothing moved"
    );

    // the fixed sheet, as Excel with Chinese headers
    let (a, b) = (sku(mine[0]), sku(mine[1]));
    let file = xlsx(&[
        ["商品编码", "快递公司", "运单号"],
        [&a, "顺丰", "sf 1234 5678 90123"],
        [&b, "UPS", "1Z999AA10123456784"],
    ]);
    let done = upload(&app, &token, "运单.xlsx", file).await;
    assert_eq!(done.ok(200)["tasks"], 2);
    assert_eq!(statuses(&app, &ids).await, ["shipped", "shipped"]);
    let first = app.get(&format!("/api/v1/tasks/{}", ids[0])).await;
    assert_eq!(first.ok(200)["tracking_number"], "SF1234567890123");
    assert!(first.body["produced_at"].is_string(), "produced on the way");
    // again: the tasks have shipped; nothing new
    let again = xlsx(&[
        ["sku", "carrier", "tracking"],
        [&a, "顺丰", "SF1234567890123"],
    ]);
    upload(&app, &token, "again.xlsx", again)
        .await
        .problem(422, "invalid_rows");

    // staff in the browser: the other supplier's tasks
    let other: Vec<String> = theirs
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_owned())
        .collect();
    for id in &other {
        for to in ["accepted", "in_production", "produced"] {
            app.post(
                &format!("/api/v1/tasks/{id}/transitions"),
                json!({"to": to}),
            )
            .await
            .ok(200);
        }
    }
    let (cookie, csrf) = sign_in_operator(&app).await;
    let csv = format!(
        "task,carrier,waybill\n{},DHL,1234567890\n{},DHL,1234567891\n",
        other[0], other[1]
    );
    let form = reqwest::multipart::Form::new().text("csrf", csrf).part(
        "file",
        reqwest::multipart::Part::bytes(csv.into_bytes()).file_name("dhl.csv"),
    );
    let res = browser()
        .post(format!("{}/tasks/ship-file", app.base))
        .header("cookie", &cookie)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let (to, page) = follow(&app, res, &[("cookie", &cookie)]).await;
    assert_eq!(to, "/tasks?status=shipped");
    assert!(page.contains("dhl.csv: 2 tasks shipped."), "{page}");
    assert_eq!(statuses(&app, &other).await, ["shipped", "shipped"]);
}
