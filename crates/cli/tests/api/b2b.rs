//! B2B purchasing over HTTP (issue 16): an organisation's buyer browses
//! the published catalogue, asks two suppliers for quotes, one rejects
//! with a reason, the other quotes; a counter-offer; agreement on a
//! version. Each refusal is a clear problem that writes nothing.

use crate::helpers::{Auth, TestApp};
use reqwest::Method;
use serde_json::{Value, json};

crate::on_both_backends!(
    one_request_negotiated_to_agreement,
    approval_and_scope,
    refusals_write_nothing,
    lines_go_to_one_supplier_each,
    purchaser_tokens_and_supplier_webhooks,
    two_acceptances_at_once_award_a_line_once
);

/// Days from today, `YYYY-MM-DD`.
pub fn day(offset: i64) -> String {
    (time::OffsetDateTime::now_utc().date() + time::Duration::days(offset)).to_string()
}

/// The people of a B2B test: two suppliers (tokens), an organisation with
/// a buyer and an approver, and a second organisation's buyer.
pub struct People {
    pub suppliers: Vec<String>,
    pub a: Auth,
    pub b: Auth,
    pub org: String,
    pub buyer: Auth,
    pub approver: Auth,
    pub other_org_buyer: Auth,
}

pub async fn people(app: &TestApp) -> People {
    let (_, suppliers) = app.category_with_suppliers("Packaging", &["box"], 2).await;
    let (_, a) = app
        .token("supplier A", "supplier", Some(&suppliers[0]))
        .await;
    let (_, b) = app
        .token("supplier B", "supplier", Some(&suppliers[1]))
        .await;
    let org = app
        .post(
            "/api/v1/organisations",
            json!({
                "name": "Hanse Retail GmbH", "tax_id": "DE811907980", "currency": "EUR",
                "payment_terms": "30 days net", "approval_limit": "5000",
                "delivery_address": {"country": "DE", "city": "Hamburg", "line1": "Speicherstadt 1", "postal_code": "20457"}
            }),
        )
        .await
        .ok(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let other = app
        .post("/api/v1/organisations", json!({"name": "Other Buyers Ltd"}))
        .await
        .ok(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let member = |email: &str, org: &str, role: &str| json!({"email": email, "role": "purchaser", "buyer": org, "org_role": role, "password": "granite-lantern-42"});
    for (email, o, role) in [
        ("ines@hanse.example", &org, "buyer"),
        ("karl@hanse.example", &org, "approver"),
        ("olga@other.example", &other, "buyer"),
    ] {
        app.post("/api/v1/users", member(email, o, role))
            .await
            .ok(201);
    }
    People {
        buyer: app.login("ines@hanse.example", "granite-lantern-42").await,
        approver: app.login("karl@hanse.example", "granite-lantern-42").await,
        other_org_buyer: app.login("olga@other.example", "granite-lantern-42").await,
        suppliers,
        a: Auth::Bearer(a),
        b: Auth::Bearer(b),
        org,
    }
}

/// A product of supplier A, published with a minimum order quantity.
pub async fn published_product(app: &TestApp, people: &People) -> String {
    let id = app
        .post(
            "/api/v1/products",
            json!({"supplier_id": people.suppliers[0], "code": "BX-200", "title": "Folding gift box 20×20",
                   "category": "Packaging", "specs": "kraft, 350 g/m²", "currency": "EUR", "supplier_price": "1.85"}),
        )
        .await
        .ok(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let publish = json!({"published": true, "min_order_qty": 50});
    let res = app
        .send_as(
            &people.a,
            Method::PATCH,
            &format!("/api/v1/products/{id}"),
            Some(&publish),
        )
        .await;
    res.ok(200);
    id
}

impl TestApp {
    pub async fn as_(
        &self,
        who: &Auth,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> crate::helpers::Res {
        self.send_as(who, method, &format!("/api/v1{path}"), body.as_ref())
            .await
    }
}

/// The bid of `supplier` on a request.
pub fn bid_of<'a>(rfq: &'a Value, supplier: &str) -> &'a Value {
    rfq["bids"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["supplier_id"] == supplier)
        .unwrap_or_else(|| panic!("no bid of {supplier}: {rfq}"))
}

impl crate::helpers::Res {
    /// Asserts a 403 that names `rule`.
    #[track_caller]
    pub fn forbidden(&self, rule: &str) {
        assert_eq!(
            self.problem(403, "forbidden")["rule"],
            rule,
            "{}",
            self.body
        );
    }
}

pub fn id(v: &Value) -> String {
    v["id"].as_str().unwrap().to_owned()
}

/// Supplier A's quote on the two lines of [`request`].
pub fn quote(valid_until: &str) -> Value {
    json!({
        "lines": [
            {"line_no": 1, "unit_price": "1.80", "lead_time_days": 12},
            {"line_no": 2, "unit_price": "2.10", "lead_time_days": 20, "quality": "FSC certified"}
        ],
        "shipping_cost": "35.00", "payment_terms": "50% advance, 50% on delivery", "valid_until": valid_until
    })
}

pub fn request(product: &str, suppliers: Value) -> Value {
    json!({
        "needed_by": day(30),
        "note": "Branded for the spring campaign",
        "lines": [
            {"product_id": product, "quantity": 100},
            {"title": "Custom printed sleeve", "specs": "4c offset, matt", "quantity": 200,
             "quality": "ΔE < 2 against the proof", "target_price": "2.00"}
        ],
        "suppliers": suppliers
    })
}

async fn one_request_negotiated_to_agreement(app: TestApp) {
    let p = people(&app).await;
    let product = published_product(&app, &p).await;
    // the buyer sees the catalogue without the supplier's own data
    let catalogue = app.as_(&p.buyer, Method::GET, "/catalogue", None).await;
    let item = &catalogue.ok(200)["items"][0];
    assert_eq!(
        (item["price"].as_str(), item["min_order_qty"].as_i64()),
        (Some("1.85"), Some(50)),
        "{item}"
    );
    assert!(
        item.get("code").is_none() && !item.to_string().contains("BX-200"),
        "{item}"
    );
    // the catalogue line asks its supplier (A); B is named
    let rfq = app
        .as_(
            &p.buyer,
            Method::POST,
            "/rfqs",
            Some(request(&product, json!([p.suppliers[1]]))),
        )
        .await;
    let rfq = rfq.ok(201).clone();
    assert_eq!(rfq["status"], "open", "{rfq}");
    assert_eq!(
        rfq["number"].as_str().map(|n| n.starts_with("RFQ-")),
        Some(true)
    );
    // estimate: 100 × 1.85 (catalogue) + 200 × 2.00 (target), under the 5000 limit
    assert_eq!(rfq["estimate"], "585.00");
    assert_eq!(rfq["delivery_address"]["city"], "Hamburg");
    assert_eq!(rfq["lines"][0]["title"], "Folding gift box 20×20");
    let rfq_id = id(&rfq);
    let bid_a = id(bid_of(&rfq, &p.suppliers[0]));
    let bid_b = id(bid_of(&rfq, &p.suppliers[1]));
    // a supplier sees its own bid, not the other's, nor the buyer's budget
    let seen = app
        .as_(&p.b, Method::GET, &format!("/rfqs/{rfq_id}"), None)
        .await;
    let seen = seen.ok(200);
    assert_eq!(seen["bids"].as_array().unwrap().len(), 1, "{seen}");
    assert!(
        seen["lines"][1]["target_price"].is_null() && seen["estimate"].is_null(),
        "{seen}"
    );
    assert!(
        !seen.to_string().contains("supplier A") && !seen.to_string().contains(&p.suppliers[0])
    );
    assert_eq!(seen["bids"][0]["next_steps"], json!(["quote", "reject"]));
    // B rejects with its reason; the buyer is told, and nothing goes elsewhere
    let res = app
        .as_(
            &p.b,
            Method::POST,
            &format!("/bids/{bid_b}/reject"),
            Some(json!({"reason": "no capacity until March"})),
        )
        .await;
    assert_eq!(bid_of(res.ok(200), &p.suppliers[1])["status"], "rejected");
    // A quotes (v1)
    let res = app
        .as_(
            &p.a,
            Method::POST,
            &format!("/bids/{bid_a}/quotes"),
            Some(quote(&day(10))),
        )
        .await;
    let bid = bid_of(res.ok(200), &p.suppliers[0]).clone();
    assert_eq!(
        (bid["status"].as_str(), bid["quotes"][0]["total"].as_str()),
        (Some("quoted"), Some("635.00")),
        "{bid}"
    );
    // the buyer counter-offers on line 2 (v2), and sees what changed
    let counter = json!({"lines": [{"line_no": 2, "unit_price": "1.90", "quantity": 250}], "note": "250 at 1.90?"});
    let res = app
        .as_(
            &p.buyer,
            Method::POST,
            &format!("/bids/{bid_a}/counter"),
            Some(counter),
        )
        .await;
    let bid = bid_of(res.ok(200), &p.suppliers[0]).clone();
    assert_eq!(bid["status"], "countered");
    let v2 = &bid["quotes"][1];
    assert_eq!(
        (v2["version"].as_i64(), v2["author"].as_str()),
        (Some(2), Some("purchaser"))
    );
    let changes: Vec<(Value, Value, Value)> = v2["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["field"].clone(), c["before"].clone(), c["after"].clone()))
        .collect();
    assert!(
        changes.contains(&(json!("unit_price"), json!("2.10"), json!("1.90"))),
        "{changes:?}"
    );
    assert!(
        changes.contains(&(json!("quantity"), json!("200"), json!("250"))),
        "{changes:?}"
    );
    // a thread beside it, both ways
    let path = format!("/bids/{bid_a}/messages");
    app.as_(
        &p.a,
        Method::POST,
        &path,
        Some(json!({"body": "250 works if we ship in two lots"})),
    )
    .await
    .ok(201);
    app.as_(
        &p.buyer,
        Method::POST,
        &path,
        Some(json!({"body": "Two lots are fine"})),
    )
    .await
    .ok(201);
    let thread = app.as_(&p.buyer, Method::GET, &path, None).await;
    let parties: Vec<_> = thread
        .ok(200)
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["party"].clone())
        .collect();
    assert_eq!(parties, vec![json!("supplier"), json!("purchaser")]);
    // the buyer cannot accept its own offer; A accepts it, naming the version read
    let res = app
        .as_(
            &p.buyer,
            Method::POST,
            &format!("/bids/{bid_a}/accept"),
            Some(json!({"version": 2})),
        )
        .await;
    res.problem(409, "not_your_turn");
    let res = app
        .as_(
            &p.a,
            Method::POST,
            &format!("/bids/{bid_a}/accept"),
            Some(json!({"version": 2})),
        )
        .await;
    let rfq = res.ok(200).clone();
    let bid = bid_of(&rfq, &p.suppliers[0]);
    assert_eq!(
        (bid["status"].as_str(), bid["accepted_version"].as_i64()),
        (Some("accepted"), Some(2))
    );
    assert_eq!(rfq["status"], "awarded");
    // the buyer's view: both bids, B's reason
    let mine = app
        .as_(&p.buyer, Method::GET, &format!("/rfqs/{rfq_id}"), None)
        .await;
    let mine = mine.ok(200).clone();
    assert_eq!(
        bid_of(&mine, &p.suppliers[1])["reason"],
        "no capacity until March"
    );
    // the history: the buyer sees every step, B only its own bid's
    let kinds = |v: &Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|e| e["kind"].as_str().unwrap().to_owned())
            .collect()
    };
    let all = app
        .as_(
            &p.buyer,
            Method::GET,
            &format!("/rfqs/{rfq_id}/events"),
            None,
        )
        .await;
    let all = kinds(all.ok(200));
    assert_eq!(all.first().map(String::as_str), Some("rfq.submitted"));
    assert!(
        all.contains(&"bid.countered".to_owned()) && all.contains(&"contract.drawn_up".to_owned()),
        "{all:?}"
    );
    let b_sees = app
        .as_(&p.b, Method::GET, &format!("/rfqs/{rfq_id}/events"), None)
        .await;
    let b_sees = b_sees.ok(200).clone();
    assert_eq!(kinds(&b_sees), ["rfq.sent", "bid.rejected"]);
    assert_eq!(b_sees[0]["actor"], "counterparty");
    // and the organisation's list holds it; the other organisation's does not
    let list = app.as_(&p.buyer, Method::GET, "/rfqs", None).await;
    assert_eq!(list.ok(200)["items"][0]["id"], rfq_id.as_str());
    let list = app
        .as_(&p.other_org_buyer, Method::GET, "/rfqs", None)
        .await;
    assert_eq!(list.ok(200)["items"], json!([]));
    let _ = &p.org;
}

async fn approval_and_scope(app: TestApp) {
    let p = people(&app).await;
    // 3000 × 2.00 = 6000 ≥ the 5000 limit: waits for the approver
    let big = json!({"needed_by": day(20), "lines": [{"title": "Paper bag", "quantity": 3000, "target_price": "2.00"}],
                     "suppliers": [p.suppliers[0]]});
    let rfq = app.as_(&p.buyer, Method::POST, "/rfqs", Some(big)).await;
    let rfq = rfq.ok(201).clone();
    assert_eq!(
        (rfq["status"].as_str(), rfq["bids"].as_array().map(Vec::len)),
        (Some("awaiting_approval"), Some(0))
    );
    let path = format!("/rfqs/{}", id(&rfq));
    // not sent yet: the supplier does not see it
    app.as_(&p.a, Method::GET, &path, None)
        .await
        .problem(404, "not_found");
    let approval = format!("{path}/approval");
    app.as_(
        &p.buyer,
        Method::POST,
        &approval,
        Some(json!({"approve": true})),
    )
    .await
    .forbidden("not_an_approver");
    app.as_(
        &p.approver,
        Method::POST,
        &approval,
        Some(json!({"approve": false})),
    )
    .await
    .problem(422, "comment_required");
    let res = app
        .as_(
            &p.approver,
            Method::POST,
            &approval,
            Some(json!({"approve": true})),
        )
        .await;
    let approved = res.ok(200);
    assert_eq!(approved["status"], "open");
    assert_eq!(approved["approval"]["by"], "user:karl@hanse.example");
    app.as_(
        &p.approver,
        Method::POST,
        &approval,
        Some(json!({"approve": true})),
    )
    .await
    .problem(409, "nothing_to_approve");
    // now the supplier sees it; supplier B and the other organisation do not
    app.as_(&p.a, Method::GET, &path, None).await.ok(200);
    app.as_(&p.b, Method::GET, &path, None)
        .await
        .problem(404, "not_found");
    app.as_(&p.other_org_buyer, Method::GET, &path, None)
        .await
        .problem(404, "not_found");
    // without a price to estimate from, the request waits too
    let unknown = json!({"needed_by": day(20), "lines": [{"title": "Paper bag", "quantity": 5}]});
    let res = app
        .as_(&p.buyer, Method::POST, "/rfqs", Some(unknown))
        .await;
    assert_eq!(res.ok(201)["status"], "awaiting_approval");
    // an approver's own request goes out at once
    let own = json!({"needed_by": day(20), "lines": [{"title": "Paper bag", "quantity": 5000}], "suppliers": [p.suppliers[1]]});
    let res = app.as_(&p.approver, Method::POST, "/rfqs", Some(own)).await;
    assert_eq!(res.ok(201)["status"], "open");
    // staff see every request and route one that named no supplier
    let none = json!({"needed_by": day(20), "lines": [{"title": "Tape", "quantity": 10, "target_price": "1"}]});
    let res = app.as_(&p.buyer, Method::POST, "/rfqs", Some(none)).await;
    let routed = id(res.ok(201));
    let res = app
        .post(
            &format!("/api/v1/rfqs/{routed}/suppliers"),
            json!({"suppliers": ["Packaging supplier 1"]}),
        )
        .await;
    assert_eq!(
        res.ok(200)["bids"][0]["supplier_id"],
        p.suppliers[1].as_str()
    );
    let all = app.get("/api/v1/rfqs").await;
    assert_eq!(all.ok(200)["items"].as_array().map(Vec::len), Some(4));
}

async fn refusals_write_nothing(app: TestApp) {
    let p = people(&app).await;
    let product = published_product(&app, &p).await;
    let path = "/rfqs";
    // below the minimum order quantity; a product not published; a past date
    let mut r = request(&product, json!([]));
    r["lines"][0]["quantity"] = json!(49);
    let res = app.as_(&p.buyer, Method::POST, path, Some(r)).await;
    assert_eq!(
        res.problem(422, "below_minimum_quantity")["field"],
        "lines[0].quantity"
    );
    let mut r = request("01J0000000000000000000000", json!([]));
    r["lines"][0]["quantity"] = json!(100);
    let res = app.as_(&p.buyer, Method::POST, path, Some(r)).await;
    assert_eq!(
        res.problem(422, "not_published")["field"],
        "lines[0].product_id"
    );
    let mut r = request(&product, json!([]));
    r["needed_by"] = json!(day(-1));
    app.as_(&p.buyer, Method::POST, path, Some(r))
        .await
        .problem(422, "in_the_past");
    let res = app
        .as_(
            &p.buyer,
            Method::POST,
            path,
            Some(request(&product, json!(["nobody"]))),
        )
        .await;
    assert_eq!(
        res.problem(422, "unknown_supplier")["field"],
        "suppliers[0]"
    );
    // staff and suppliers do not buy
    app.as_(&p.a, Method::POST, path, Some(request(&product, json!([]))))
        .await
        .forbidden("purchasers_only");
    assert_eq!(app.get("/api/v1/rfqs").await.ok(200)["items"], json!([]));

    let rfq = app
        .as_(
            &p.buyer,
            Method::POST,
            path,
            Some(request(&product, json!([]))),
        )
        .await;
    let rfq = rfq.ok(201).clone();
    let bid = id(bid_of(&rfq, &p.suppliers[0]));
    let quotes = format!("/bids/{bid}/quotes");
    // a quote on a line the request lacks, or that expired yesterday
    let mut q = quote(&day(5));
    q["lines"][1]["line_no"] = json!(3);
    let res = app.as_(&p.a, Method::POST, &quotes, Some(q)).await;
    assert_eq!(
        res.problem(422, "unknown_line")["field"],
        "lines[1].line_no"
    );
    app.as_(&p.a, Method::POST, &quotes, Some(quote(&day(-1))))
        .await
        .problem(422, "in_the_past");
    // another supplier's bid is not found; a buyer does not quote
    app.as_(&p.b, Method::POST, &quotes, Some(quote(&day(5))))
        .await
        .problem(404, "not_found");
    app.as_(&p.buyer, Method::POST, &quotes, Some(quote(&day(5))))
        .await
        .forbidden("no_rfq_access");
    app.as_(
        &p.other_org_buyer,
        Method::POST,
        &format!("/bids/{bid}/counter"),
        Some(json!({})),
    )
    .await
    .problem(404, "not_found");
    // nothing was written by any of it
    let now = app
        .as_(&p.buyer, Method::GET, &format!("/rfqs/{}", id(&rfq)), None)
        .await;
    assert_eq!(bid_of(now.ok(200), &p.suppliers[0])["quotes"], json!([]));

    // a quote that held until today; tomorrow it cannot be accepted
    app.as_(&p.a, Method::POST, &quotes, Some(quote(&day(0))))
        .await
        .ok(200);
    app.as_(&p.a, Method::POST, &quotes, Some(quote(&day(3))))
        .await
        .ok(200);
    let accept = format!("/bids/{bid}/accept");
    app.as_(&p.buyer, Method::POST, &accept, Some(json!({"version": 1})))
        .await
        .problem(409, "version_superseded");
    let yesterday = Box::leak(
        format!(
            "UPDATE quotes SET offer = REPLACE(offer, '{}', '{}')",
            day(3),
            day(-1)
        )
        .into_boxed_str(),
    );
    app.sql(yesterday).await;
    app.as_(&p.buyer, Method::POST, &accept, Some(json!({"version": 2})))
        .await
        .problem(409, "quote_expired");
    // an empty counter-offer changes nothing
    let counter = format!("/bids/{bid}/counter");
    app.as_(
        &p.buyer,
        Method::POST,
        &counter,
        Some(json!({"note": "cheaper?"})),
    )
    .await
    .problem(422, "empty_patch");
    // cancelled: no more negotiation, and the supplier was told
    let cancel = format!("/rfqs/{}/cancel", id(&rfq));
    app.as_(&p.buyer, Method::POST, &cancel, Some(json!({})))
        .await
        .problem(422, "reason_required");
    let res = app
        .as_(
            &p.buyer,
            Method::POST,
            &cancel,
            Some(json!({"reason": "budget cut"})),
        )
        .await;
    let cancelled = res.ok(200);
    assert_eq!(
        (
            cancelled["status"].as_str(),
            bid_of(cancelled, &p.suppliers[0])["status"].as_str()
        ),
        (Some("cancelled"), Some("withdrawn"))
    );
    let c = json!({"lines": [{"line_no": 1, "unit_price": "1.00"}]});
    app.as_(&p.buyer, Method::POST, &counter, Some(c))
        .await
        .problem(409, "bid_closed");
    app.as_(
        &p.buyer,
        Method::POST,
        &cancel,
        Some(json!({"reason": "again"})),
    )
    .await
    .problem(409, "rfq_closed");
    let thread = format!("/bids/{bid}/messages");
    app.as_(&p.a, Method::POST, &thread, Some(json!({"body": "pity"})))
        .await
        .problem(409, "rfq_closed");
}

async fn lines_go_to_one_supplier_each(app: TestApp) {
    let p = people(&app).await;
    let two = json!({"needed_by": day(15), "lines": [
        {"title": "Box", "quantity": 100, "target_price": "1"}, {"title": "Sleeve", "quantity": 100, "target_price": "1"}],
        "suppliers": [p.suppliers[0], p.suppliers[1]]});
    let rfq = app.as_(&p.buyer, Method::POST, "/rfqs", Some(two)).await;
    let rfq = rfq.ok(201).clone();
    let (bid_a, bid_b) = (
        id(bid_of(&rfq, &p.suppliers[0])),
        id(bid_of(&rfq, &p.suppliers[1])),
    );
    // A quotes both lines, B only the first
    app.as_(
        &p.a,
        Method::POST,
        &format!("/bids/{bid_a}/quotes"),
        Some(quote(&day(5))),
    )
    .await
    .ok(200);
    let only_one = json!({"lines": [{"line_no": 1, "unit_price": "0.95"}], "valid_until": day(5)});
    app.as_(
        &p.b,
        Method::POST,
        &format!("/bids/{bid_b}/quotes"),
        Some(only_one),
    )
    .await
    .ok(200);
    // the buyer compares the quotes side by side; a supplier never sees the other's
    let page = request_page(&app, &p.buyer, &id(&rfq)).await;
    assert!(page.contains("Quotes side by side"), "{page}");
    assert!(
        page.contains("<strong>€0.95 × 100</strong> <span class=\"muted\">(lowest)</span>"),
        "{page}"
    );
    app.user(
        "maker@a.example",
        "supplier",
        Some(&p.suppliers[0]),
        "kiln-fired-77-pots",
    )
    .await;
    let maker = app.login("maker@a.example", "kiln-fired-77-pots").await;
    let page = request_page(&app, &maker, &id(&rfq)).await;
    assert!(page.contains("Enamel") || page.contains("Box"), "{page}");
    assert!(
        !page.contains("Quotes side by side") && !page.contains("0.95"),
        "{page}"
    );
    // line 1 to B; A's bid stays open for line 2 …
    let res = app
        .as_(
            &p.buyer,
            Method::POST,
            &format!("/bids/{bid_b}/accept"),
            Some(json!({"version": 1})),
        )
        .await;
    let after = res.ok(200).clone();
    assert_eq!(
        (
            after["status"].as_str(),
            bid_of(&after, &p.suppliers[0])["status"].as_str()
        ),
        (Some("open"), Some("quoted"))
    );
    // … but cannot be accepted as it stands: line 1 is B's
    let res = app
        .as_(
            &p.buyer,
            Method::POST,
            &format!("/bids/{bid_a}/accept"),
            Some(json!({"version": 1})),
        )
        .await;
    res.problem(409, "line_awarded");
    // … nor once B's contract is signed and its bid contracted
    if crate::b2b_contracts::has_cjk_font() {
        let path = format!("/contracts?rfq_id={}", id(&rfq));
        let contract = app.as_(&p.buyer, Method::GET, &path, None).await.ok(200)[0].clone();
        let cpath = format!("/contracts/{}", id(&contract));
        let hash = app.as_(&p.buyer, Method::GET, &cpath, None).await.ok(200)["pdf_sha256"].clone();
        for who in [&p.buyer, &p.b] {
            let sign = json!({"sha256": hash});
            app.as_(
                who,
                Method::POST,
                &format!("{cpath}/signatures"),
                Some(sign),
            )
            .await
            .ok(200);
        }
        let accept = json!({"version": 1});
        let res = app
            .as_(
                &p.buyer,
                Method::POST,
                &format!("/bids/{bid_a}/accept"),
                Some(accept),
            )
            .await;
        res.problem(409, "line_awarded");
    }
    // A quotes line 2 alone; accepted, every line is agreed
    let line_two = json!({"lines": [{"line_no": 2, "unit_price": "2.05"}], "valid_until": day(5)});
    app.as_(
        &p.a,
        Method::POST,
        &format!("/bids/{bid_a}/quotes"),
        Some(line_two),
    )
    .await
    .ok(200);
    let res = app
        .as_(
            &p.buyer,
            Method::POST,
            &format!("/bids/{bid_a}/accept"),
            Some(json!({"version": 2})),
        )
        .await;
    let done = res.ok(200);
    assert_eq!(done["status"], "awarded");
    let changes = &bid_of(done, &p.suppliers[0])["quotes"][1]["changes"];
    assert_eq!(
        changes[0],
        json!({"line_no": 1, "field": "line", "before": "100", "after": null}),
        "{changes}"
    );
}

async fn purchaser_tokens_and_supplier_webhooks(app: TestApp) {
    let p = people(&app).await;
    // each supplier's endpoint hears of its own bid only
    let hook = json!({"url": "http://127.0.0.1:9/hook", "events": ["rfq.sent", "bid.countered", "bid.accepted"]});
    let hook_a = id(app
        .as_(&p.a, Method::POST, "/webhooks", Some(hook.clone()))
        .await
        .ok(201));
    let hook_b = id(app
        .as_(&p.b, Method::POST, "/webhooks", Some(hook))
        .await
        .ok(201));
    // a purchaser's own system buys for its organisation with a token
    let token = |body: Value| app.post("/api/v1/tokens", body);
    let res = token(json!({"name": "erp", "role": "purchaser"})).await;
    assert_eq!(res.problem(422, "required")["field"], "organisation");
    let res = token(json!({"name": "erp", "role": "supplier", "supplier": p.suppliers[0], "organisation": p.org})).await;
    assert_eq!(res.problem(422, "not_allowed")["field"], "organisation");
    let created =
        token(json!({"name": "erp", "role": "purchaser", "organisation": "Hanse Retail GmbH"}))
            .await;
    assert_eq!(created.ok(201)["organisation_id"], p.org.as_str());
    let erp = Auth::Bearer(created.body["token"].as_str().unwrap().to_owned());
    let r = json!({"needed_by": day(9), "lines": [{"title": "Crate", "quantity": 40, "target_price": "3"}],
                   "suppliers": [p.suppliers[0], p.suppliers[1]]});
    let rfq = app.as_(&erp, Method::POST, "/rfqs", Some(r)).await;
    let rfq = rfq.ok(201).clone();
    assert_eq!(rfq["created_by"], "token:erp");
    // the organisation's people see what its system asked
    let seen = app
        .as_(&p.buyer, Method::GET, &format!("/rfqs/{}", id(&rfq)), None)
        .await;
    seen.ok(200);
    let bid_a = id(bid_of(&rfq, &p.suppliers[0]));
    let q = json!({"lines": [{"line_no": 1, "unit_price": "3.20"}], "valid_until": day(4)});
    app.as_(
        &p.a,
        Method::POST,
        &format!("/bids/{bid_a}/quotes"),
        Some(q),
    )
    .await
    .ok(200);
    let c = json!({"lines": [{"line_no": 1, "unit_price": "2.90"}]});
    app.as_(
        &erp,
        Method::POST,
        &format!("/bids/{bid_a}/counter"),
        Some(c),
    )
    .await
    .ok(200);
    app.as_(
        &p.a,
        Method::POST,
        &format!("/bids/{bid_a}/accept"),
        Some(json!({"version": 2})),
    )
    .await
    .ok(200);
    let types = |log: &Value| -> Vec<String> {
        let mut t: Vec<String> = log
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["event_type"].as_str().unwrap().to_owned())
            .collect();
        t.sort();
        t
    };
    let log_a = app
        .as_(
            &p.a,
            Method::GET,
            &format!("/webhooks/{hook_a}/messages"),
            None,
        )
        .await;
    assert_eq!(
        types(log_a.ok(200)),
        ["bid.accepted", "bid.countered", "rfq.sent"]
    );
    let log_b = app
        .as_(
            &p.b,
            Method::GET,
            &format!("/webhooks/{hook_b}/messages"),
            None,
        )
        .await;
    assert_eq!(types(log_b.ok(200)), ["rfq.sent"]);
}

async fn two_acceptances_at_once_award_a_line_once(app: TestApp) {
    let p = people(&app).await;
    let one = json!({"needed_by": day(15), "lines": [{"title": "Box", "quantity": 100, "target_price": "1"}],
        "suppliers": [p.suppliers[0], p.suppliers[1]]});
    for round in 0..3 {
        let rfq = app
            .as_(&p.buyer, Method::POST, "/rfqs", Some(one.clone()))
            .await;
        let rfq = rfq.ok(201).clone();
        let bids: Vec<String> = p.suppliers.iter().map(|s| id(bid_of(&rfq, s))).collect();
        let q = json!({"lines": [{"line_no": 1, "unit_price": "0.90"}], "valid_until": day(5)});
        for (bid, who) in bids.iter().zip([&p.a, &p.b]) {
            app.as_(
                who,
                Method::POST,
                &format!("/bids/{bid}/quotes"),
                Some(q.clone()),
            )
            .await
            .ok(200);
        }
        let (a0, a1) = (
            format!("/bids/{}/accept", bids[0]),
            format!("/bids/{}/accept", bids[1]),
        );
        let v1 = json!({"version": 1});
        let (x, y) = tokio::join!(
            app.as_(&p.buyer, Method::POST, &a0, Some(v1.clone())),
            app.as_(&p.buyer, Method::POST, &a1, Some(v1.clone()))
        );
        let won: Vec<u16> = [&x, &y].iter().map(|r| r.status.as_u16()).collect();
        assert_eq!(
            won.iter().filter(|s| **s == 200).count(),
            1,
            "round {round}: {won:?} {} {}",
            x.body,
            y.body
        );
        let lost = if x.status.as_u16() == 200 { &y } else { &x };
        assert_eq!(lost.status.as_u16(), 409, "{}", lost.body);
        let list = app
            .as_(
                &p.buyer,
                Method::GET,
                &format!("/contracts?rfq_id={}", id(&rfq)),
                None,
            )
            .await;
        assert_eq!(
            list.ok(200).as_array().map(Vec::len),
            Some(1),
            "one contract"
        );
    }
}

/// A request's web page as `who` (a session) sees it.
async fn request_page(app: &TestApp, who: &Auth, rfq_id: &str) -> String {
    let cookie = match who {
        Auth::Session { cookie, .. } => format!("orderhub_session={cookie}"),
        _ => String::new(),
    };
    let path = format!("/rfqs/{rfq_id}");
    crate::web::page(app, &path, &[("cookie", cookie.as_str())])
        .await
        .1
}
