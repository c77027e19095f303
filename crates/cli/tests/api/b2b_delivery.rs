//! Delivering a contract over HTTP (issue 16, item 7): once both parties
//! sign, the contract's lines are tasks on its supplier's board; the
//! supplier ships them in parts and the purchaser follows each shipment.

use crate::b2b::{People, bid_of, day, id, people, published_product};
use crate::b2b_contracts::has_cjk_font;
use crate::helpers::TestApp;
use reqwest::Method;
use serde_json::{Value, json};

crate::on_both_backends!(a_signed_contract_becomes_tasks_shipped_in_parts);

/// A request for a catalogue product and a free-text item to supplier A,
/// quoted, accepted and signed by both: the contract in force.
pub async fn signed(app: &TestApp, p: &People) -> Value {
    let product = published_product(app, p).await;
    let r = json!({"needed_by": day(30), "suppliers": [p.suppliers[0]], "lines": [
        {"product_id": product, "quantity": 250, "quality": "FSC"},
        {"title": "Printed satin ribbon", "specs": "15 mm, gold foil logo", "unit": "m", "quantity": 100, "target_price": "0.45"}]});
    let rfq = app.as_(&p.buyer, Method::POST, "/rfqs", Some(r)).await;
    let rfq = rfq.ok(201).clone();
    let bid = id(bid_of(&rfq, &p.suppliers[0]));
    let q = json!({"lines": [{"line_no": 1, "unit_price": "1.90", "lead_time_days": 20, "delivery_date": day(25)},
                             {"line_no": 2, "unit_price": "0.40"}],
        "shipping_cost": "35", "payment_terms": "30 days net", "valid_until": day(7)});
    app.as_(&p.a, Method::POST, &format!("/bids/{bid}/quotes"), Some(q))
        .await
        .ok(200);
    let accept = json!({"version": 1});
    app.as_(
        &p.buyer,
        Method::POST,
        &format!("/bids/{bid}/accept"),
        Some(accept),
    )
    .await
    .ok(200);
    let path = format!("/contracts?rfq_id={}", id(&rfq));
    let list = app.as_(&p.buyer, Method::GET, &path, None).await;
    let cid = id(&list.ok(200)[0]).to_owned();
    let c = app
        .as_(&p.buyer, Method::GET, &format!("/contracts/{cid}"), None)
        .await;
    let hash = c.ok(200)["pdf_sha256"].clone();
    // the order is made when the second signature lands, not before
    let path = format!("/contracts/{cid}/delivery");
    app.as_(&p.buyer, Method::GET, &path, None)
        .await
        .problem(409, "contract_not_signed");
    for who in [&p.buyer, &p.a] {
        let sign = json!({"sha256": hash});
        let res = app
            .as_(
                who,
                Method::POST,
                &format!("/contracts/{cid}/signatures"),
                Some(sign),
            )
            .await;
        res.ok(200);
    }
    app.as_(&p.buyer, Method::GET, &format!("/contracts/{cid}"), None)
        .await
        .ok(200)
        .clone()
}

/// A well-formed SF Express waybill from a short name (`SF1001`).
pub fn waybill(short: &str) -> String {
    format!("{short:0<15}")
}

pub fn shipment(lines: &[(i64, i64)], tracking: &str) -> Value {
    let tracking = waybill(tracking);
    let lines: Vec<Value> = lines
        .iter()
        .map(|(l, q)| json!({"line_no": l, "quantity": q}))
        .collect();
    json!({"method": "express", "carrier": "SF Express", "tracking_number": tracking,
           "expected_on": day(4), "lines": lines})
}

async fn a_signed_contract_becomes_tasks_shipped_in_parts(app: TestApp) {
    if !has_cjk_font() {
        return;
    }
    let p = people(&app).await;
    let c = signed(&app, &p).await;
    assert_eq!(c["status"], "signed");
    let cid = id(&c).to_owned();
    let number = c["terms"]["number"].as_str().unwrap().to_owned();
    let delivery = format!("/contracts/{cid}/delivery");
    let d = app.as_(&p.buyer, Method::GET, &delivery, None).await;
    let d = d.ok(200).clone();
    assert_eq!(
        (d["order_number"].as_str(), d["order_status"].as_str()),
        (Some(number.as_str()), Some("purchasing")),
        "{d}"
    );
    assert_eq!(d["status_label"], "to_ship", "the purchaser's words");
    assert_eq!(d["lines"][1]["unit"], "m");
    let order = app
        .get(&format!(
            "/api/v1/orders/{}",
            d["order_id"].as_str().unwrap()
        ))
        .await;
    let order = order.ok(200).clone();
    assert_eq!(order["platform"], "b2b");
    assert_eq!(
        order["lines"][1]["title"],
        "Printed satin ribbon — 15 mm, gold foil logo (m)"
    );
    // both lines are tasks on supplier A's board, due on the contract's dates
    let tasks = app.as_(&p.a, Method::GET, "/tasks?limit=50", None).await;
    let mine: Vec<Value> = tasks.ok(200)["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["order_id"] == d["order_id"])
        .cloned()
        .collect();
    assert_eq!(mine.len(), 2, "{mine:?}");
    assert!(mine.iter().all(|t| t["status"] == "assigned"));
    assert!(
        mine.iter()
            .all(|t| t["supplier_id"] == p.suppliers[0].as_str())
    );
    let task_of = |line: usize| {
        let line_id = &order["lines"][line]["id"];
        let t = mine.iter().find(|t| &t["line_id"] == line_id).unwrap();
        (
            id(t).to_owned(),
            t["due_at"].as_str().unwrap_or("").to_owned(),
        )
    };
    let ((boxes, boxes_due), (ribbon, _)) = (task_of(0), task_of(1));
    assert!(boxes_due.starts_with(&day(25)), "{boxes_due}");
    // supplier B, the other organisation and anonymous see nothing of it
    app.as_(&p.b, Method::GET, &delivery, None)
        .await
        .problem(404, "not_found");
    app.as_(&p.other_org_buyer, Method::GET, &delivery, None)
        .await
        .problem(404, "not_found");
    // the purchaser does not ship; nothing ships before its task is accepted
    let ships = format!("/contracts/{cid}/shipments");
    app.as_(
        &p.buyer,
        Method::POST,
        &ships,
        Some(shipment(&[(1, 10)], "SF1")),
    )
    .await
    .forbidden("no_delivery_access");
    let res = app
        .as_(
            &p.a,
            Method::POST,
            &ships,
            Some(shipment(&[(1, 10)], "SF1")),
        )
        .await;
    res.problem(422, "task_not_shippable");
    for t in [&boxes, &ribbon] {
        let accept = json!({"to": "accepted"});
        let res = app
            .as_(
                &p.a,
                Method::POST,
                &format!("/tasks/{t}/transitions"),
                Some(accept),
            )
            .await;
        res.ok(200);
    }
    // first shipment: 100 boxes and all the ribbon
    let res = app
        .as_(
            &p.a,
            Method::POST,
            &ships,
            Some(shipment(&[(1, 100), (2, 100)], "SF1001")),
        )
        .await;
    let first = res.ok(201).clone();
    assert_eq!(first["number"], 1);
    assert!(
        first["tracking_url"]
            .as_str()
            .unwrap()
            .contains("nu=SF1001"),
        "{first}"
    );
    assert_eq!(task(&app, &p, &boxes).await["status"], "in_production");
    let shipped = task(&app, &p, &ribbon).await;
    assert_eq!(
        (
            shipped["status"].as_str(),
            shipped["tracking_number"].as_str()
        ),
        (Some("shipped"), Some(waybill("SF1001").as_str()))
    );
    // more than is left is refused, and nothing is written
    app.as_(
        &p.a,
        Method::POST,
        &ships,
        Some(shipment(&[(1, 151)], "SF1002")),
    )
    .await
    .problem(422, "exceeds_remaining");
    app.as_(
        &p.a,
        Method::POST,
        &ships,
        Some(shipment(&[(2, 1)], "SF1002")),
    )
    .await
    .problem(422, "task_not_shippable");
    // made: the board's own "shipped" move would not say how much left
    let made = json!({"to": "produced"});
    app.as_(
        &p.a,
        Method::POST,
        &format!("/tasks/{boxes}/transitions"),
        Some(made),
    )
    .await
    .ok(200);
    let whole = json!({"to": "shipped", "carrier": "SF", "tracking_number": "SF9000000000000"});
    let res = app
        .as_(
            &p.a,
            Method::POST,
            &format!("/tasks/{boxes}/transitions"),
            Some(whole),
        )
        .await;
    res.problem(409, "ship_by_contract");
    // the rest of the boxes: everything has left
    let res = app
        .as_(
            &p.a,
            Method::POST,
            &ships,
            Some(shipment(&[(1, 150)], "SF1002")),
        )
        .await;
    assert_eq!(res.ok(201)["number"], 2);
    assert_eq!(task(&app, &p, &boxes).await["status"], "shipped");
    let d = app.as_(&p.buyer, Method::GET, &delivery, None).await;
    let d = d.ok(200).clone();
    assert_eq!(
        (d["order_status"].as_str(), d["status_label"].as_str()),
        (Some("shipped"), Some("to_receive"))
    );
    let shipped: Vec<i64> = d["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["shipped"].as_i64().unwrap())
        .collect();
    assert_eq!(shipped, vec![250, 100]);
    assert_eq!(d["shipments"].as_array().unwrap().len(), 2);
    assert_eq!(d["shipments"][1]["expected_on"], day(4).as_str());
    assert_eq!(d["shipments"][0]["lines"][1]["quantity"], 100);
    // each shipment is an event of the request, for both parties
    let events = app
        .as_(
            &p.a,
            Method::GET,
            &format!("/rfqs/{}/events", c["rfq_id"].as_str().unwrap()),
            None,
        )
        .await;
    let sent = events
        .ok(200)
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "shipment.sent")
        .count();
    assert_eq!(sent, 2);
}

async fn task(app: &TestApp, p: &People, id: &str) -> Value {
    let res = app
        .as_(&p.a, Method::GET, &format!("/tasks/{id}"), None)
        .await;
    res.ok(200).clone()
}
