//! Issue 16's "done when", over HTTP on both backends: one request walked
//! from the purchaser's RFQ to two suppliers to a settled contract.

use crate::b2b::{bid_of, day, id, people};
use crate::b2b_contracts::has_cjk_font;
use crate::b2b_delivery::shipment;
use crate::b2b_receipt::receipt;
use reqwest::Method;
use serde_json::json;
use sha2::{Digest, Sha256};

crate::on_both_backends!(one_request_walked_from_rfq_to_settlement);

async fn one_request_walked_from_rfq_to_settlement(app: crate::helpers::TestApp) {
    if !has_cjk_font() {
        return;
    }
    let p = people(&app).await;
    let (a, b) = (&p.suppliers[0], &p.suppliers[1]);
    // the purchaser asks two suppliers
    let r = json!({"needed_by": day(30), "suppliers": [a, b], "lines": [
        {"title": "Gift box 20×20", "specs": "kraft", "quantity": 300, "target_price": "2"},
        {"title": "Ribbon", "unit": "m", "quantity": 100, "target_price": "0.5"}]});
    let rfq = app
        .as_(&p.buyer, Method::POST, "/rfqs", Some(r))
        .await
        .ok(201)
        .clone();
    let (bid_a, bid_b) = (id(bid_of(&rfq, a)), id(bid_of(&rfq, b)));
    // one rejects with its reason, one quotes
    let no = json!({"reason": "No capacity until March"});
    let rejected = app
        .as_(
            &p.b,
            Method::POST,
            &format!("/bids/{bid_b}/reject"),
            Some(no),
        )
        .await;
    assert_eq!(bid_of(rejected.ok(200), b)["status"], "rejected");
    let q = json!({"lines": [{"line_no": 1, "unit_price": "1.90"}, {"line_no": 2, "unit_price": "0.40"}],
        "shipping_cost": "20", "payment_terms": "30% advance, 70% on delivery", "valid_until": day(7)});
    app.as_(
        &p.a,
        Method::POST,
        &format!("/bids/{bid_a}/quotes"),
        Some(q),
    )
    .await
    .ok(200);
    // the purchaser counter-offers; the supplier accepts version 2
    let counter = json!({"lines": [{"line_no": 1, "unit_price": "1.80"}]});
    app.as_(
        &p.buyer,
        Method::POST,
        &format!("/bids/{bid_a}/counter"),
        Some(counter),
    )
    .await
    .ok(200);
    let accept = json!({"version": 2});
    app.as_(
        &p.a,
        Method::POST,
        &format!("/bids/{bid_a}/accept"),
        Some(accept),
    )
    .await
    .ok(200);
    // the contract: both sign the hash of the PDF they read
    let list = app
        .as_(
            &p.buyer,
            Method::GET,
            &format!("/contracts?rfq_id={}", id(&rfq)),
            None,
        )
        .await;
    let cid = id(&list.ok(200)[0]);
    let res = app
        .client
        .get(format!("{}/api/v1/contracts/{cid}/pdf", app.base));
    let pdf = crate::helpers::authed(res, &p.a)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let hash = hex::encode(Sha256::digest(&pdf));
    for who in [&p.a, &p.buyer] {
        let sign = json!({"sha256": hash});
        app.as_(
            who,
            Method::POST,
            &format!("/contracts/{cid}/signatures"),
            Some(sign),
        )
        .await
        .ok(200);
    }
    // its lines are tasks on supplier A's board
    let delivery = format!("/contracts/{cid}/delivery");
    let d = app
        .as_(&p.a, Method::GET, &delivery, None)
        .await
        .ok(200)
        .clone();
    let order = d["order_id"].as_str().unwrap().to_owned();
    let tasks = app
        .as_(&p.a, Method::GET, &format!("/tasks?order_id={order}"), None)
        .await;
    let tasks = tasks.ok(200)["items"].as_array().unwrap().clone();
    assert_eq!(tasks.len(), 2);
    for t in &tasks {
        assert_eq!(t["supplier_id"], a.as_str());
        let to = json!({"to": "accepted"});
        app.as_(
            &p.a,
            Method::POST,
            &format!("/tasks/{}/transitions", id(t)),
            Some(to),
        )
        .await
        .ok(200);
    }
    // two partial shipments
    let ships = format!("/contracts/{cid}/shipments");
    for (lines, waybill) in [
        (vec![(1, 200), (2, 100)], "SF301"),
        (vec![(1, 100)], "SF302"),
    ] {
        app.as_(&p.a, Method::POST, &ships, Some(shipment(&lines, waybill)))
            .await
            .ok(201);
    }
    // receipt with one line's units returned, and the replacement
    let receive = |n: i64| format!("/contracts/{cid}/shipments/{n}/receipt");
    let first = receipt(&[(1, 196, 4, "crushed"), (2, 100, 0, "")]);
    app.as_(&p.buyer, Method::POST, &receive(1), Some(first))
        .await
        .ok(200);
    app.as_(
        &p.buyer,
        Method::POST,
        &receive(2),
        Some(receipt(&[(1, 100, 0, "")])),
    )
    .await
    .ok(200);
    let ask =
        json!({"kind": "exchange", "reason": "crushed", "lines": [{"line_no": 1, "quantity": 4}]});
    let ret = app
        .as_(
            &p.buyer,
            Method::POST,
            &format!("/contracts/{cid}/returns"),
            Some(ask),
        )
        .await;
    let ret = id(ret.ok(201));
    let steps = format!("/returns/{ret}/steps");
    app.as_(&p.a, Method::POST, &steps, Some(json!({"step": "replace"})))
        .await
        .ok(200);
    let waybill =
        json!({"method": "express", "carrier": "SF Express", "tracking_number": "SF3030000000000"});
    let res = app
        .as_(
            &p.a,
            Method::POST,
            &steps,
            Some(json!({"step": "ship_replacement", "shipment": waybill})),
        )
        .await;
    assert_eq!(res.ok(200)["replacement_shipment"], 3);
    let d = app
        .as_(
            &p.buyer,
            Method::POST,
            &receive(3),
            Some(receipt(&[(1, 4, 0, "")])),
        )
        .await;
    assert_eq!(d.ok(200)["order_status"], "completed");
    // the invoice, paid by bank transfer, confirmed: settled
    let invoices = format!("/contracts/{cid}/invoices");
    let inv = app
        .as_(&p.a, Method::POST, &invoices, Some(json!({})))
        .await
        .ok(201)
        .clone();
    assert_eq!(
        inv["amount"], "600.00",
        "300 × 1.80 + 100 × 0.40 + 20 shipping"
    );
    let pay = json!({"method": "bank_transfer", "amount": "600.00", "reference": "ICBC-7781"});
    let inv = app
        .as_(
            &p.buyer,
            Method::POST,
            &format!("/invoices/{}/payments", id(&inv)),
            Some(pay),
        )
        .await;
    let inv = inv.ok(201).clone();
    let answer = format!(
        "/invoices/{}/payments/{}/answer",
        id(&inv),
        id(&inv["payments"][0])
    );
    app.as_(
        &p.a,
        Method::POST,
        &answer,
        Some(json!({"decision": "confirm"})),
    )
    .await
    .ok(200);
    let account = app.as_(&p.buyer, Method::GET, &invoices, None).await;
    assert_eq!(account.ok(200)["balance"]["settled"], true);
}
