//! E-contracts over HTTP (issue 16, item 6): drawn up when a bid is
//! accepted, rendered as a PDF whose SHA-256 both parties sign, immutable
//! once signed; a change is a new version signed again.

use crate::b2b::{bid_of, day, id, people};
use crate::helpers::{Auth, TestApp};
use reqwest::Method;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

crate::on_both_backends!(
    a_contract_is_signed_by_both_and_revised,
    staff_add_an_organisation_and_invite_its_approver_in_the_web_app
);

/// Whether this machine can print contracts; CI must.
pub fn has_cjk_font() -> bool {
    let found = orderhub_documents::PdfFont::find(None).is_ok();
    assert!(
        found || std::env::var("CI").as_deref() != Ok("true"),
        "CI needs fonts-noto-cjk"
    );
    if !found {
        eprintln!("skipped: no CJK font (apt install fonts-noto-cjk)");
    }
    found
}

/// A request to supplier A, quoted and accepted: its contract.
pub async fn agreed(app: &TestApp, p: &crate::b2b::People) -> Value {
    let r = json!({"needed_by": day(30), "suppliers": [p.suppliers[0]],
        "lines": [{"title": "礼品盒 Gift box", "specs": "kraft, 350 g/m²", "quantity": 250, "quality": "FSC", "target_price": "2"}]});
    let rfq = app.as_(&p.buyer, Method::POST, "/rfqs", Some(r)).await;
    let rfq = rfq.ok(201).clone();
    let bid = id(bid_of(&rfq, &p.suppliers[0]));
    let q = json!({"lines": [{"line_no": 1, "unit_price": "1.90", "lead_time_days": 20}],
        "shipping_cost": "35", "payment_terms": "30 days net", "valid_until": day(7)});
    app.as_(&p.a, Method::POST, &format!("/bids/{bid}/quotes"), Some(q))
        .await
        .ok(200);
    let accepted = app
        .as_(
            &p.buyer,
            Method::POST,
            &format!("/bids/{bid}/accept"),
            Some(json!({"version": 1})),
        )
        .await;
    assert_eq!(accepted.ok(200)["status"], "awarded");
    let list = app
        .as_(
            &p.buyer,
            Method::GET,
            &format!("/contracts?rfq_id={}", id(&rfq)),
            None,
        )
        .await;
    list.ok(200)[0].clone()
}

async fn pdf(app: &TestApp, who: &Auth, contract: &str) -> (Vec<u8>, String) {
    let mut req = app
        .client
        .get(format!("{}/api/v1/contracts/{contract}/pdf", app.base));
    req = match who {
        Auth::Bearer(t) => req.bearer_auth(t),
        Auth::Session { cookie, .. } => req.header("cookie", format!("orderhub_session={cookie}")),
        Auth::Anonymous => req,
    };
    let res = req.send().await.unwrap();
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    let digest = res.headers()["repr-digest"].to_str().unwrap().to_owned();
    (res.bytes().await.unwrap().to_vec(), digest)
}

fn hex_sha(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

async fn a_contract_is_signed_by_both_and_revised(app: TestApp) {
    if !has_cjk_font() {
        return;
    }
    let p = people(&app).await;
    let c = agreed(&app, &p).await;
    let cid = id(&c);
    assert_eq!(c["status"], "awaiting_signatures", "{c}");
    let terms = &c["terms"];
    assert!(
        terms["number"].as_str().unwrap().starts_with("CT-"),
        "{terms}"
    );
    assert_eq!(
        (
            terms["total"].as_str(),
            terms["lines"][0]["quality"].as_str()
        ),
        (Some("510.00"), Some("FSC"))
    );
    assert_eq!(terms["buyer"]["name"], "Hanse Retail GmbH");
    // the PDF: its bytes are what the hash names
    let path = format!("/contracts/{cid}");
    let read = app.as_(&p.buyer, Method::GET, &path, None).await;
    let hash = read.ok(200)["pdf_sha256"].as_str().unwrap().to_owned();
    let (bytes, digest) = pdf(&app, &p.buyer, &cid).await;
    assert!(bytes.starts_with(b"%PDF-"));
    assert_eq!(hex_sha(&bytes), hash);
    assert!(digest.starts_with("sha-256=:"), "{digest}");
    // rendered again from the stored terms, it is the same document
    app.sql("UPDATE contracts SET pdf_sha256 = NULL, pdf_name = NULL")
        .await;
    let again = app.as_(&p.a, Method::GET, &path, None).await;
    assert_eq!(again.ok(200)["pdf_sha256"], hash.as_str());
    // other parties do not see it
    app.as_(&p.b, Method::GET, &path, None)
        .await
        .problem(404, "not_found");
    app.as_(&p.other_org_buyer, Method::GET, &path, None)
        .await
        .problem(404, "not_found");
    // staff do not sign; a wrong hash is refused and writes nothing
    let sign = format!("{path}/signatures");
    app.post(&format!("/api/v1{sign}"), json!({"sha256": hash}))
        .await
        .forbidden("not_a_party");
    let wrong = json!({"sha256": "0".repeat(64)});
    app.as_(&p.buyer, Method::POST, &sign, Some(wrong))
        .await
        .problem(409, "hash_mismatch");
    let res = app
        .as_(&p.buyer, Method::POST, &sign, Some(json!({"sha256": hash})))
        .await;
    let half = res.ok(200).clone();
    assert_eq!(half["status"], "awaiting_signatures");
    let s = &half["signatures"][0];
    assert_eq!(
        (s["party"].as_str(), s["signed_by"].as_str()),
        (Some("purchaser"), Some("user:ines@hanse.example"))
    );
    assert_eq!(
        (s["ip"].as_str(), s["sha256"].as_str()),
        (Some("127.0.0.1"), Some(hash.as_str()))
    );
    app.as_(
        &p.approver,
        Method::POST,
        &sign,
        Some(json!({"sha256": hash})),
    )
    .await
    .problem(409, "already_signed");
    // the supplier signs: in force (已签订合同), the bid and the request contracted
    let res = app
        .as_(&p.a, Method::POST, &sign, Some(json!({"sha256": hash})))
        .await;
    assert_eq!(res.ok(200)["status"], "signed");
    let rfq = app
        .as_(
            &p.buyer,
            Method::GET,
            &format!("/rfqs/{}", c["rfq_id"].as_str().unwrap()),
            None,
        )
        .await;
    let rfq = rfq.ok(200).clone();
    assert_eq!(
        (rfq["status"].as_str(), rfq["bids"][0]["status"].as_str()),
        (Some("contracted"), Some("contracted"))
    );
    // a change after signing is a new version, signed again
    let revision = json!({"lines": [{"line_no": 1, "quantity": 300, "delivery_date": day(45)}], "note": "more, later"});
    let res = app
        .as_(
            &p.a,
            Method::POST,
            &format!("{path}/revisions"),
            Some(revision.clone()),
        )
        .await;
    let v2 = res.ok(201).clone();
    assert_eq!(
        (
            v2["terms"]["version"].as_i64(),
            v2["terms"]["total"].as_str()
        ),
        (Some(2), Some("605.00"))
    );
    let v1 = app.as_(&p.buyer, Method::GET, &path, None).await;
    assert_eq!(
        v1.ok(200)["status"],
        "signed",
        "the signed version stays in force meanwhile"
    );
    let v2_path = format!("/contracts/{}", id(&v2));
    let v2_hash =
        app.as_(&p.buyer, Method::GET, &v2_path, None).await.ok(200)["pdf_sha256"].clone();
    assert_ne!(v2_hash, hash.as_str());
    for who in [&p.buyer, &p.a] {
        let res = app
            .as_(
                who,
                Method::POST,
                &format!("{v2_path}/signatures"),
                Some(json!({"sha256": v2_hash})),
            )
            .await;
        res.ok(200);
    }
    let v1 = app.as_(&p.buyer, Method::GET, &path, None).await;
    assert_eq!(v1.ok(200)["status"], "superseded");
    app.as_(
        &p.a,
        Method::POST,
        &format!("{path}/revisions"),
        Some(revision),
    )
    .await
    .problem(409, "contract_superseded");
    app.as_(&p.a, Method::POST, &sign, Some(json!({"sha256": hash})))
        .await
        .problem(409, "contract_superseded");
    let empty = json!({"lines": [{"line_no": 1, "quantity": 300}]});
    app.as_(
        &p.a,
        Method::POST,
        &format!("{v2_path}/revisions"),
        Some(empty),
    )
    .await
    .problem(422, "empty_patch");
}

/// Staff add an organisation from `/organisations` and invite an approver,
/// who sets a password through the link and finds the purchaser's menu.
async fn staff_add_an_organisation_and_invite_its_approver_in_the_web_app(app: TestApp) {
    use crate::web::{follow, post_form, shown_once, sign_in_operator};
    let (cookie, csrf) = sign_in_operator(&app).await;
    let headers = [("cookie", cookie.as_str())];
    // refused: what was typed comes back
    let res = post_form(
        &app,
        &cookie,
        &csrf,
        "/organisations",
        vec![("name", "Nordic Buyers AB"), ("approval_limit", "lots")],
    )
    .await
    .unwrap();
    let (to, page) = follow(&app, res, &headers).await;
    assert_eq!(to, "/organisations");
    assert!(page.contains("Nordic Buyers AB"), "what was typed is kept");
    let fields = vec![
        ("name", "Nordic Buyers AB"),
        ("tax_id", "SE556677889901"),
        ("currency", "SEK"),
        ("approval_limit", "50000"),
        ("payment_terms", "30 dagar netto"),
        ("country", "se"),
        ("city", "Göteborg"),
        ("line1", "Hamngatan 3"),
    ];
    let res = post_form(&app, &cookie, &csrf, "/organisations", fields)
        .await
        .unwrap();
    let (to, page) = follow(&app, res, &headers).await;
    assert!(to.starts_with("/organisations/"), "{to}");
    assert!(page.contains("Hamngatan 3, Göteborg, SE"), "{page}");
    let invite = vec![
        ("email", "karin@nordic.example"),
        ("display_name", "Karin"),
        ("org_role", "approver"),
    ];
    let res = post_form(&app, &cookie, &csrf, &format!("{to}/members"), invite)
        .await
        .unwrap();
    let (_, page) = follow(&app, res, &headers).await;
    let link = shown_once(&page);
    assert!(link.contains("/invite/"), "{page}");
    assert!(
        page.contains("karin@nordic.example") && page.contains("Approver"),
        "{page}"
    );
    // the API agrees: an approver of this organisation
    let id = to.trim_start_matches("/organisations/");
    let members = app
        .get(&format!("/api/v1/organisations/{id}/members"))
        .await;
    assert_eq!(members.ok(200)[0]["org_role"], "approver");
    let org = app.get(&format!("/api/v1/organisations/{id}")).await;
    assert_eq!(org.ok(200)["approval_limit"], "50000.00");
}
