//! Local fakes of the four marketplaces' fulfilment APIs (never the real
//! ones): each keeps what was created, checks the credentials, and can be
//! made to fail — down (503), refusing (4xx), or creating and then losing
//! its answer (500), as a crash between the two would.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::{Arc, Mutex};

pub const SHOPIFY_TOKEN: &str = "shpat_test_token";
pub const WOO_BASIC: &str = "Basic Y2tfdGVzdDpjc190ZXN0"; // ck_test:cs_test
pub const MARKET_TOKEN: &str = "Atza|test-access";

/// What the fakes hold and saw.
#[derive(Default)]
pub struct Fake {
    /// Every call answers 503.
    pub down: bool,
    /// Per platform, statuses (with a body) to answer next, before doing anything.
    pub fail: HashMap<&'static str, VecDeque<(u16, Value)>>,
    /// Shopify: refuse the next creation with this status and body.
    pub refuse_create: Option<(u16, Value)>,
    /// Per platform, how many creations answer 500 after they are made.
    pub lose: HashMap<&'static str, usize>,
    /// Shopify: the order's line items (id, quantity).
    pub shopify_lines: Vec<(u64, i64)>,
    pub shopify_fulfillments: Vec<Value>,
    pub etsy_shipments: Vec<Value>,
    /// Amazon: (order id, packageReferenceId) → the package.
    pub amazon_packages: BTreeMap<(String, String), Value>,
    pub amazon_confirmations: usize,
    pub woo_notes: Vec<Value>,
    pub woo_items: Vec<Value>,
    pub woo_status: String,
    pub woo_meta_writes: usize,
}

pub type Shared = Arc<Mutex<Fake>>;

/// Starts the fakes; their shared root address.
pub async fn start(fake: Shared) -> String {
    let app = axum::Router::new()
        .route(
            "/admin/api/2025-07/orders/{id}/fulfillments.json",
            get(shopify_fulfillments),
        )
        .route(
            "/admin/api/2025-07/orders/{id}/fulfillment_orders.json",
            get(shopify_fulfillment_orders),
        )
        .route("/admin/api/2025-07/fulfillments.json", post(shopify_create))
        .route(
            "/v3/application/shops/{shop}/receipts/{id}",
            get(etsy_receipt),
        )
        .route(
            "/v3/application/shops/{shop}/receipts/{id}/tracking",
            post(etsy_create),
        )
        .route(
            "/orders/v0/orders/{id}/shipmentConfirmation",
            post(amazon_confirm),
        )
        .route(
            "/wp-json/wc/v3/orders/{id}/notes",
            get(woo_notes).post(woo_add_note),
        )
        .route("/wp-json/wc/v3/orders/{id}", get(woo_order).put(woo_update))
        .with_state(fake);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    url
}

/// A failure to answer first, if one is queued (or the fakes are down),
/// or a refusal of wrong credentials.
fn gate(f: &mut Fake, platform: &'static str, headers: &HeaderMap) -> Option<Response> {
    if f.down {
        return Some(StatusCode::SERVICE_UNAVAILABLE.into_response());
    }
    if let Some((status, body)) = f.fail.get_mut(platform).and_then(VecDeque::pop_front) {
        return Some((StatusCode::from_u16(status).unwrap(), axum::Json(body)).into_response());
    }
    let header = |n: &str| headers.get(n).and_then(|v| v.to_str().ok()).unwrap_or("");
    let authorised = match platform {
        "shopify" => header("x-shopify-access-token") == SHOPIFY_TOKEN,
        "woocommerce" => header("authorization") == WOO_BASIC,
        "etsy" => {
            header("authorization") == format!("Bearer {MARKET_TOKEN}")
                && header("x-api-key") == "etsy-key"
        }
        _ => header("x-amz-access-token") == MARKET_TOKEN,
    };
    (!authorised).then(|| StatusCode::UNAUTHORIZED.into_response())
}

/// After a creation: answer 500 when the platform is to lose the answer.
fn lost(f: &mut Fake, platform: &'static str) -> bool {
    let left = f.lose.entry(platform).or_default();
    if *left > 0 {
        *left -= 1;
        return true;
    }
    false
}

async fn shopify_fulfillments(State(f): State<Shared>, headers: HeaderMap) -> Response {
    let mut f = f.lock().unwrap();
    if let Some(r) = gate(&mut f, "shopify", &headers) {
        return r;
    }
    axum::Json(json!({"fulfillments": f.shopify_fulfillments})).into_response()
}

/// What of a line item is fulfilled already.
fn fulfilled(f: &Fake, line: u64) -> i64 {
    f.shopify_fulfillments
        .iter()
        .flat_map(|x| x["line_items"].as_array().cloned().unwrap_or_default())
        .filter(|i| i["id"] == line)
        .map(|i| i["quantity"].as_i64().unwrap())
        .sum()
}

async fn shopify_fulfillment_orders(State(f): State<Shared>, headers: HeaderMap) -> Response {
    let mut f = f.lock().unwrap();
    if let Some(r) = gate(&mut f, "shopify", &headers) {
        return r;
    }
    let items: Vec<Value> = f
        .shopify_lines
        .iter()
        .map(|(id, q)| json!({"id": id + 1, "line_item_id": id, "fulfillable_quantity": q - fulfilled(&f, *id)}))
        .collect();
    axum::Json(json!({"fulfillment_orders": [
        {"id": 1046000778, "status": "open", "line_items": items}
    ]}))
    .into_response()
}

async fn shopify_create(
    State(f): State<Shared>,
    headers: HeaderMap,
    body: axum::Json<Value>,
) -> Response {
    let mut f = f.lock().unwrap();
    if let Some(r) = gate(&mut f, "shopify", &headers) {
        return r;
    }
    if let Some((status, body)) = f.refuse_create.take() {
        return (StatusCode::from_u16(status).unwrap(), axum::Json(body)).into_response();
    }
    let ff = &body["fulfillment"];
    let mut line_items = Vec::new();
    for group in ff["line_items_by_fulfillment_order"].as_array().unwrap() {
        assert_eq!(group["fulfillment_order_id"], 1046000778);
        for item in group["fulfillment_order_line_items"].as_array().unwrap() {
            let line = item["id"].as_u64().unwrap() - 1;
            let q = item["quantity"].as_i64().unwrap();
            let (_, ordered) = f
                .shopify_lines
                .iter()
                .find(|(id, _)| *id == line)
                .copied()
                .unwrap();
            if fulfilled(&f, line) + q > ordered {
                return (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    axum::Json(json!({"errors": "over-fulfilled"})),
                )
                    .into_response();
            }
            line_items.push(json!({"id": line, "quantity": q}));
        }
    }
    let id = 255858046 + f.shopify_fulfillments.len() as u64;
    let made = json!({
        "id": id, "status": "success", "line_items": line_items,
        "tracking_company": ff["tracking_info"]["company"],
        "tracking_number": ff["tracking_info"]["number"],
        "tracking_numbers": [ff["tracking_info"]["number"]],
        "tracking_url": ff["tracking_info"]["url"],
        "notify_customer": ff["notify_customer"],
    });
    f.shopify_fulfillments.push(made.clone());
    if lost(&mut f, "shopify") {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    (
        StatusCode::CREATED,
        axum::Json(json!({"fulfillment": made})),
    )
        .into_response()
}

fn receipt(f: &Fake, id: &str) -> Value {
    json!({"receipt_id": id.parse::<u64>().unwrap(), "shipments": f.etsy_shipments})
}

async fn etsy_receipt(
    State(f): State<Shared>,
    headers: HeaderMap,
    Path((_, id)): Path<(String, String)>,
) -> Response {
    let mut f = f.lock().unwrap();
    if let Some(r) = gate(&mut f, "etsy", &headers) {
        return r;
    }
    axum::Json(receipt(&f, &id)).into_response()
}

async fn etsy_create(
    State(f): State<Shared>,
    headers: HeaderMap,
    Path((shop, id)): Path<(String, String)>,
    form: axum::Form<HashMap<String, String>>,
) -> Response {
    let mut f = f.lock().unwrap();
    if let Some(r) = gate(&mut f, "etsy", &headers) {
        return r;
    }
    assert_eq!(shop, "5551234");
    let n = f.etsy_shipments.len() as u64;
    f.etsy_shipments.push(json!({
        "receipt_shipping_id": 900 + n,
        "shipment_notification_timestamp": 1764842400,
        "carrier_name": form.get("carrier_name"),
        "tracking_code": form.get("tracking_code"),
    }));
    if lost(&mut f, "etsy") {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    axum::Json(receipt(&f, &id)).into_response()
}

async fn amazon_confirm(
    State(f): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: axum::Json<Value>,
) -> Response {
    let mut f = f.lock().unwrap();
    if let Some(r) = gate(&mut f, "amazon", &headers) {
        return r;
    }
    assert_eq!(body["marketplaceId"], "ATVPDKIKX0DER");
    let package = body["packageDetail"].clone();
    let reference = package["packageReferenceId"].as_str().unwrap().to_owned();
    f.amazon_confirmations += 1;
    // a package number seen before is updated, not added
    f.amazon_packages.insert((id, reference), package);
    if lost(&mut f, "amazon") {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    StatusCode::NO_CONTENT.into_response()
}

async fn woo_notes(State(f): State<Shared>, headers: HeaderMap) -> Response {
    let mut f = f.lock().unwrap();
    if let Some(r) = gate(&mut f, "woocommerce", &headers) {
        return r;
    }
    axum::Json(Value::Array(f.woo_notes.clone())).into_response()
}

async fn woo_add_note(
    State(f): State<Shared>,
    headers: HeaderMap,
    body: axum::Json<Value>,
) -> Response {
    let mut f = f.lock().unwrap();
    if let Some(r) = gate(&mut f, "woocommerce", &headers) {
        return r;
    }
    let note = json!({"id": 700 + f.woo_notes.len(), "note": body["note"], "customer_note": body["customer_note"]});
    f.woo_notes.push(note.clone());
    if lost(&mut f, "woocommerce") {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    (StatusCode::CREATED, axum::Json(note)).into_response()
}

fn woo_document(f: &Fake, id: &str) -> Value {
    json!({"id": id.parse::<u64>().unwrap(), "status": f.woo_status,
           "meta_data": [{"id": 31, "key": "_wc_shipment_tracking_items", "value": f.woo_items}]})
}

async fn woo_order(
    State(f): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let mut f = f.lock().unwrap();
    if let Some(r) = gate(&mut f, "woocommerce", &headers) {
        return r;
    }
    axum::Json(woo_document(&f, &id)).into_response()
}

async fn woo_update(
    State(f): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: axum::Json<Value>,
) -> Response {
    let mut f = f.lock().unwrap();
    if let Some(r) = gate(&mut f, "woocommerce", &headers) {
        return r;
    }
    let meta = &body["meta_data"][0];
    assert_eq!(meta["id"], 31, "the tracking meta is replaced by its id");
    f.woo_items = meta["value"].as_array().cloned().unwrap();
    f.woo_meta_writes += 1;
    if let Some(s) = body["status"].as_str() {
        f.woo_status = s.to_owned();
    }
    axum::Json(woo_document(&f, &id)).into_response()
}
