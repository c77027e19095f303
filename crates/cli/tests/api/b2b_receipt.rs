//! Receipt and returns over HTTP (issue 16, item 8): the purchaser
//! inspects each shipment, asks for rejected units to be exchanged or
//! refunded with photos, the supplier replaces or credits them, and the
//! order completes when every line is accepted or credited in full.

use crate::b2b::{People, day, id, people};
use crate::b2b_contracts::has_cjk_font;
use crate::b2b_delivery::{shipment, signed};
use crate::helpers::{Auth, Res, TestApp, authed, read};
use crate::products::jpeg;
use reqwest::Method;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};

crate::on_both_backends!(received_rejected_units_are_replaced_or_credited);

/// Accepts both tasks and ships 100 boxes with all the ribbon, then the
/// other 150 boxes; the contract's id.
pub async fn shipped(app: &TestApp, p: &People) -> String {
    let c = signed(app, p).await;
    let cid = id(&c).to_owned();
    let d = app
        .as_(
            &p.a,
            Method::GET,
            &format!("/contracts/{cid}/delivery"),
            None,
        )
        .await;
    let order_id = d.ok(200)["order_id"].as_str().unwrap().to_owned();
    let tasks = app.as_(&p.a, Method::GET, "/tasks?limit=50", None).await;
    for t in tasks.ok(200)["items"].as_array().unwrap() {
        if t["order_id"] != order_id.as_str() {
            continue;
        }
        let path = format!("/tasks/{}/transitions", id(t));
        let res = app
            .as_(&p.a, Method::POST, &path, Some(json!({"to": "accepted"})))
            .await;
        res.ok(200);
    }
    let ships = format!("/contracts/{cid}/shipments");
    for (lines, waybill) in [
        (vec![(1, 100), (2, 100)], "SF2001"),
        (vec![(1, 150)], "SF2002"),
    ] {
        let res = app
            .as_(&p.a, Method::POST, &ships, Some(shipment(&lines, waybill)))
            .await;
        res.ok(201);
    }
    cid
}

pub fn receipt(lines: &[(i64, i64, i64, &str)]) -> Value {
    let lines: Vec<Value> = lines
        .iter()
        .map(|(l, a, r, why)| json!({"line_no": l, "accepted": a, "rejected": r, "reason": why}))
        .collect();
    json!({"lines": lines, "note": "checked at the dock"})
}

async fn photos(app: &TestApp, who: &Auth, return_id: &str, files: Vec<Vec<u8>>) -> Res {
    let mut form = Form::new();
    for (i, bytes) in files.into_iter().enumerate() {
        form = form.part(
            "file",
            Part::bytes(bytes).file_name(format!("photo{i}.jpg")),
        );
    }
    let req = app
        .client
        .post(format!("{}/api/v1/returns/{return_id}/files", app.base))
        .multipart(form);
    read(authed(req, who).send().await.expect("request")).await
}

async fn step(app: &TestApp, who: &Auth, return_id: &str, body: Value) -> Res {
    app.as_(
        who,
        Method::POST,
        &format!("/returns/{return_id}/steps"),
        Some(body),
    )
    .await
}

async fn received_rejected_units_are_replaced_or_credited(app: TestApp) {
    if !has_cjk_font() {
        return;
    }
    let p = people(&app).await;
    let cid = shipped(&app, &p).await;
    let receive = |n: i64| format!("/contracts/{cid}/shipments/{n}/receipt");
    // the supplier does not receive its own goods; units are counted
    let first = receipt(&[(1, 95, 5, "corners crushed"), (2, 100, 0, "")]);
    app.as_(&p.a, Method::POST, &receive(1), Some(first.clone()))
        .await
        .forbidden("purchasers_only");
    let too_many = receipt(&[(1, 96, 5, "x"), (2, 100, 0, "")]);
    app.as_(&p.buyer, Method::POST, &receive(1), Some(too_many))
        .await
        .problem(422, "exceeds_shipped");
    let no_reason = receipt(&[(1, 95, 5, ""), (2, 100, 0, "")]);
    app.as_(&p.buyer, Method::POST, &receive(1), Some(no_reason))
        .await
        .problem(422, "reason_required");
    let res = app
        .as_(&p.buyer, Method::POST, &receive(1), Some(first.clone()))
        .await;
    let d = res.ok(200).clone();
    let mark = &d["shipments"][0]["received"];
    assert_eq!(mark["received_by"], "user:ines@hanse.example", "{d}");
    assert_eq!(d["shipments"][0]["lines"][0]["received"]["rejected"], 5);
    app.as_(&p.approver, Method::POST, &receive(1), Some(first))
        .await
        .problem(409, "already_received");
    let second = receipt(&[(1, 148, 2, "wet cartons")]);
    let res = app
        .as_(&p.buyer, Method::POST, &receive(2), Some(second))
        .await;
    let d = res.ok(200).clone();
    assert_eq!(
        (
            d["lines"][0]["accepted"].as_i64(),
            d["lines"][0]["rejected"].as_i64()
        ),
        (Some(243), Some(7))
    );
    assert_eq!(
        d["order_status"], "shipped",
        "7 boxes short: not received in full"
    );
    // an exchange of the crushed boxes, with photos
    let returns = format!("/contracts/{cid}/returns");
    let ask = |kind: &str, quantity: i64, why: &str| json!({"kind": kind, "reason": why, "lines": [{"line_no": 1, "quantity": quantity}]});
    app.as_(
        &p.buyer,
        Method::POST,
        &returns,
        Some(ask("exchange", 8, "crushed")),
    )
    .await
    .problem(422, "exceeds_rejected");
    let res = app
        .as_(
            &p.buyer,
            Method::POST,
            &returns,
            Some(ask("exchange", 5, "crushed corners")),
        )
        .await;
    let exchange = res.ok(201).clone();
    let ex = id(&exchange).to_owned();
    assert_eq!(
        (exchange["number"].as_i64(), exchange["status"].as_str()),
        (Some(1), Some("requested"))
    );
    assert_eq!(exchange["next_steps"], json!(["withdraw"]));
    let res = photos(&app, &p.buyer, &ex, vec![jpeg(640, 480, true)]).await;
    let name = res.ok(200)["files"][0].as_str().unwrap().to_owned();
    photos(&app, &p.buyer, &ex, vec![b"not a picture".to_vec()])
        .await
        .problem(422, "unsupported_file");
    let file = format!("/api/v1/returns/{ex}/files/{name}");
    let seen = app.send_as(&p.a, Method::GET, &file, None).await;
    assert_eq!(seen.status.as_u16(), 200, "the supplier sees the photo");
    let hidden = app.send_as(&p.b, Method::GET, &file, None).await;
    assert_eq!(hidden.status.as_u16(), 404);
    app.as_(
        &p.other_org_buyer,
        Method::GET,
        &format!("/returns/{ex}"),
        None,
    )
    .await
    .problem(404, "not_found");
    // the rest of the rejected units: a refund
    let res = app
        .as_(
            &p.buyer,
            Method::POST,
            &returns,
            Some(ask("refund", 2, "wet")),
        )
        .await;
    let refund = id(res.ok(201)).to_owned();
    // the purchaser cannot answer for the supplier; a refusal needs a reason
    step(&app, &p.buyer, &ex, json!({"step": "replace"}))
        .await
        .forbidden("not_a_party");
    step(&app, &p.a, &ex, json!({"step": "refuse"}))
        .await
        .problem(422, "reason_required");
    let res = step(
        &app,
        &p.a,
        &ex,
        json!({"step": "replace", "reason": "new ones on Monday"}),
    )
    .await;
    assert_eq!(res.ok(200)["status"], "to_replace");
    let waybill = json!({"method": "express", "carrier": "顺丰", "tracking_number": "SF2003000000000", "expected_on": day(3)});
    let res = step(
        &app,
        &p.a,
        &ex,
        json!({"step": "ship_replacement", "shipment": waybill}),
    )
    .await;
    let shipped = res.ok(200).clone();
    assert_eq!(
        (
            shipped["status"].as_str(),
            shipped["replacement_shipment"].as_i64()
        ),
        (Some("replacement_shipped"), Some(3))
    );
    let res = step(&app, &p.a, &refund, json!({"step": "credit"})).await;
    let credited = res.ok(200).clone();
    assert_eq!(
        (credited["status"].as_str(), credited["credit"].as_str()),
        (Some("resolved"), Some("3.80"))
    );
    step(&app, &p.a, &refund, json!({"step": "credit"}))
        .await
        .problem(409, "invalid_transition");
    // the replacement arrives: the order is received in full
    let res = app
        .as_(
            &p.buyer,
            Method::POST,
            &receive(3),
            Some(receipt(&[(1, 5, 0, "")])),
        )
        .await;
    let d = res.ok(200).clone();
    assert_eq!(d["shipments"][2]["replaces"], 1);
    assert_eq!(
        d["shipments"][2]["tracking_url"]
            .as_str()
            .map(|u| u.contains("shunfeng")),
        Some(true)
    );
    assert_eq!(
        (
            d["lines"][0]["accepted"].as_i64(),
            d["lines"][0]["credited"].as_i64(),
            d["lines"][0]["shipped"].as_i64()
        ),
        (Some(248), Some(2), Some(250))
    );
    assert_eq!(d["returns"][0]["status"], "resolved");
    assert_eq!(
        (d["order_status"].as_str(), d["status_label"].as_str()),
        (Some("completed"), Some("completed")),
        "{d}"
    );
    assert!(
        d["lines"]
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["task_status"] == "completed")
    );
    let events = app
        .get(&format!(
            "/api/v1/orders/{}/events",
            d["order_id"].as_str().unwrap()
        ))
        .await;
    let kinds: Vec<String> = events
        .ok(200)
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap_or("").to_owned())
        .collect();
    // a completed delivery takes no change: the second signature is refused
    let revision = json!({"lines": [{"line_no": 1, "quantity": 300}]});
    let path = format!("/contracts/{cid}/revisions");
    let v2 = app.as_(&p.a, Method::POST, &path, Some(revision)).await;
    let v2 = id(v2.ok(201)).to_owned();
    let read = app
        .as_(&p.buyer, Method::GET, &format!("/contracts/{v2}"), None)
        .await;
    let sign = json!({"sha256": read.ok(200)["pdf_sha256"]});
    let path = format!("/contracts/{v2}/signatures");
    app.as_(&p.buyer, Method::POST, &path, Some(sign.clone()))
        .await
        .ok(200);
    app.as_(&p.a, Method::POST, &path, Some(sign))
        .await
        .problem(409, "delivery_closed");
    for kind in [
        "shipment.received",
        "return.requested",
        "return.answered",
        "return.resolved",
    ] {
        assert!(kinds.iter().any(|k| k == kind), "{kind}: {kinds:?}");
    }
}
