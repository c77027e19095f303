//! Invoices and payments over HTTP (issue 16, item 9): the supplier
//! invoices a delivered contract by milestone, the purchaser pays by bank
//! transfer and cheque with proof, the supplier confirms the funds, and the
//! contract is settled (已结清) at its total less credits.

use crate::b2b::{id, people};
use crate::b2b_contracts::has_cjk_font;
use crate::b2b_receipt::{receipt, shipped};
use crate::helpers::{Auth, Res, TestApp, authed, read};
use crate::products::jpeg;
use reqwest::Method;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

crate::on_both_backends!(a_contract_is_invoiced_paid_confirmed_and_settled);

async fn proof(app: &TestApp, who: &Auth, path: &str) -> Res {
    let form = Form::new().part(
        "file",
        Part::bytes(jpeg(800, 500, true)).file_name("slip.jpg"),
    );
    let req = app
        .client
        .post(format!("{}/api/v1{path}", app.base))
        .multipart(form);
    read(authed(req, who).send().await.expect("request")).await
}

fn pay(method: &str, amount: &str, reference: &str) -> Value {
    json!({"method": method, "amount": amount, "reference": reference})
}

async fn a_contract_is_invoiced_paid_confirmed_and_settled(app: TestApp) {
    if !has_cjk_font() {
        return;
    }
    let p = people(&app).await;
    let cid = shipped(&app, &p).await;
    // received; two boxes rejected and credited (2 × 1.90)
    let receive = |n: i64| format!("/contracts/{cid}/shipments/{n}/receipt");
    let first = receipt(&[(1, 98, 2, "torn"), (2, 100, 0, "")]);
    app.as_(&p.buyer, Method::POST, &receive(1), Some(first))
        .await
        .ok(200);
    let ask = json!({"kind": "refund", "reason": "torn", "lines": [{"line_no": 1, "quantity": 2}]});
    let res = app
        .as_(
            &p.buyer,
            Method::POST,
            &format!("/contracts/{cid}/returns"),
            Some(ask),
        )
        .await;
    let ret = id(res.ok(201)).to_owned();
    let res = app
        .as_(
            &p.a,
            Method::POST,
            &format!("/returns/{ret}/steps"),
            Some(json!({"step": "credit"})),
        )
        .await;
    res.ok(200);
    // the supplier invoices: a 30% advance, then the rest
    let invoices = format!("/contracts/{cid}/invoices");
    let advance = json!({"milestone": "30% advance 预付款", "percent": "30", "pay_to": "Bank of Suzhou 6222 0000 1111"});
    app.as_(&p.buyer, Method::POST, &invoices, Some(advance.clone()))
        .await
        .forbidden("no_delivery_access");
    app.as_(&p.b, Method::POST, &invoices, Some(advance.clone()))
        .await
        .problem(404, "not_found");
    let res = app.as_(&p.a, Method::POST, &invoices, Some(advance)).await;
    let inv1 = res.ok(201).clone();
    assert_eq!(
        (
            inv1["amount"].as_str(),
            inv1["status"].as_str(),
            inv1["currency"].as_str()
        ),
        (Some("165.00"), Some("open"), Some("EUR")),
        "{inv1}"
    );
    assert!(inv1["number"].as_str().unwrap().starts_with("INV-"));
    let too_much = json!({"amount": "400"});
    app.as_(&p.a, Method::POST, &invoices, Some(too_much))
        .await
        .problem(422, "exceeds_contract");
    let res = app
        .as_(
            &p.a,
            Method::POST,
            &invoices,
            Some(json!({"due_on": crate::b2b::day(30)})),
        )
        .await;
    let inv2 = res.ok(201).clone();
    assert_eq!(
        inv2["amount"], "381.20",
        "550.00 less 3.80 credited less 165.00 invoiced"
    );
    // the invoice's PDF, kept by its hash
    let (i1, i2) = (id(&inv1).to_owned(), id(&inv2).to_owned());
    let res = app
        .client
        .get(format!("{}/api/v1/invoices/{i1}/pdf", app.base));
    let res = authed(res, &p.buyer).send().await.unwrap();
    assert_eq!(res.headers()["content-type"], "application/pdf");
    let bytes = res.bytes().await.unwrap();
    let read_back = app
        .as_(&p.a, Method::GET, &format!("/invoices/{i1}"), None)
        .await;
    assert_eq!(
        read_back.ok(200)["pdf_sha256"],
        hex::encode(Sha256::digest(&bytes)).as_str()
    );
    // the buyer pays the advance by bank transfer, with the slip
    let payments = format!("/invoices/{i1}/payments");
    app.as_(
        &p.buyer,
        Method::POST,
        &payments,
        Some(pay("alipay", "165.00", "x")),
    )
    .await
    .problem(422, "online_by_provider");
    let res = app
        .as_(
            &p.buyer,
            Method::POST,
            &payments,
            Some(pay("bank_transfer", "165.00", "CMB20261204001")),
        )
        .await;
    let reported = res.ok(201).clone();
    let payment = reported["payments"][0].clone();
    assert_eq!(
        (payment["state"].as_str(), reported["status"].as_str()),
        (Some("reported"), Some("open"))
    );
    app.as_(
        &p.buyer,
        Method::POST,
        &payments,
        Some(pay("cheque", "0.01", "CHQ-1")),
    )
    .await
    .problem(422, "exceeds_invoice");
    let pid = id(&payment).to_owned();
    let res = proof(
        &app,
        &p.buyer,
        &format!("/invoices/{i1}/payments/{pid}/files"),
    )
    .await;
    let name = res.ok(200)["payments"][0]["files"][0]
        .as_str()
        .unwrap()
        .to_owned();
    let file = format!("/api/v1/invoices/{i1}/payments/{pid}/files/{name}");
    assert_eq!(
        app.send_as(&p.a, Method::GET, &file, None)
            .await
            .status
            .as_u16(),
        200
    );
    assert_eq!(
        app.send_as(&p.b, Method::GET, &file, None)
            .await
            .status
            .as_u16(),
        404
    );
    // the supplier confirms the funds arrived (确认收款)
    let answer = format!("/invoices/{i1}/payments/{pid}/answer");
    app.as_(
        &p.buyer,
        Method::POST,
        &answer,
        Some(json!({"decision": "confirm"})),
    )
    .await
    .forbidden("no_delivery_access");
    app.as_(
        &p.a,
        Method::POST,
        &answer,
        Some(json!({"decision": "reject"})),
    )
    .await
    .problem(422, "reason_required");
    let res = app
        .as_(
            &p.a,
            Method::POST,
            &answer,
            Some(json!({"decision": "confirm"})),
        )
        .await;
    let paid = res.ok(200).clone();
    assert_eq!(
        (paid["status"].as_str(), paid["paid"].as_str()),
        (Some("paid"), Some("165.00"))
    );
    app.as_(
        &p.a,
        Method::POST,
        &answer,
        Some(json!({"decision": "confirm"})),
    )
    .await
    .problem(409, "invalid_transition");
    app.as_(&p.a, Method::POST, &format!("/invoices/{i1}/cancel"), None)
        .await
        .problem(409, "invalid_transition");
    let account = app.as_(&p.buyer, Method::GET, &invoices, None).await;
    let balance = account.ok(200)["balance"].clone();
    assert_eq!(
        (
            balance["outstanding"].as_str(),
            balance["settled"].as_bool()
        ),
        (Some("381.20"), Some(false)),
        "{balance}"
    );
    // a cheque that never arrived, then the real one: settled
    let payments = format!("/invoices/{i2}/payments");
    let res = app
        .as_(
            &p.buyer,
            Method::POST,
            &payments,
            Some(pay("cheque", "381.20", "CHQ-0042")),
        )
        .await;
    let bounced = id(&res.ok(201)["payments"][0]).to_owned();
    let answer = format!("/invoices/{i2}/payments/{bounced}/answer");
    let no = json!({"decision": "reject", "reason": "cheque bounced"});
    app.as_(&p.a, Method::POST, &answer, Some(no)).await.ok(200);
    let res = app
        .as_(
            &p.buyer,
            Method::POST,
            &payments,
            Some(pay("bank_transfer", "381.20", "CMB20261204002")),
        )
        .await;
    let second = res.ok(201)["payments"][1].clone();
    let answer = format!("/invoices/{i2}/payments/{}/answer", id(&second));
    app.as_(
        &p.a,
        Method::POST,
        &answer,
        Some(json!({"decision": "confirm"})),
    )
    .await
    .ok(200);
    let account = app.as_(&p.a, Method::GET, &invoices, None).await;
    let balance = account.ok(200)["balance"].clone();
    assert_eq!(
        (
            balance["paid"].as_str(),
            balance["outstanding"].as_str(),
            balance["settled"].as_bool()
        ),
        (Some("546.20"), Some("0.00"), Some(true)),
        "{balance}"
    );
    app.as_(&p.a, Method::POST, &invoices, Some(json!({})))
        .await
        .problem(422, "exceeds_contract");
    // the organisation's statement, for its people only
    let statement = format!("/organisations/{}/balances", p.org);
    let res = app.as_(&p.approver, Method::GET, &statement, None).await;
    assert_eq!(res.ok(200)[0]["balance"]["settled"], true);
    app.as_(&p.other_org_buyer, Method::GET, &statement, None)
        .await
        .problem(404, "not_found");
    let events = app
        .as_(
            &p.a,
            Method::GET,
            &format!("/rfqs/{}/events", read_back_rfq(&app, &p, &cid).await),
            None,
        )
        .await;
    let kinds: Vec<String> = events
        .ok(200)
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap_or("").to_owned())
        .collect();
    for kind in [
        "invoice.issued",
        "payment.reported",
        "payment.confirmed",
        "payment.rejected",
        "contract.settled",
    ] {
        assert!(kinds.iter().any(|k| k == kind), "{kind}: {kinds:?}");
    }
}

async fn read_back_rfq(app: &TestApp, p: &crate::b2b::People, cid: &str) -> String {
    let c = app
        .as_(&p.buyer, Method::GET, &format!("/contracts/{cid}"), None)
        .await;
    c.ok(200)["rfq_id"].as_str().unwrap().to_owned()
}
