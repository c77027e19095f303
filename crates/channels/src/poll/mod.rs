//! Polling a store's API for orders: Etsy has no order webhook and Amazon's
//! Orders v0 allows about one order-list call a minute, so orderhub asks.
//! This module is the pure part — what to request, how to read the
//! answer, where a pass stands, how fast it may go; the server's poller
//! (orderhub-api) does the calls. Platform facts: FORMATS-etsy-amazon.md.
//!
//! A pass lists orders changed since a watermark, page by page; after each
//! page the cursor is saved, so a pass stopped anywhere (a crash, a rate
//! limit, an error) resumes at that page. When the pass ends the watermark
//! moves to the newest change seen. Orders seen twice are harmless: the
//! upstream updated-at rule makes a repeat `stale`.

mod settings;

pub use settings::{AMAZON_ORDERS_APIS, PollSettings, PollSettingsView};

use crate::ChannelKind;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

/// Orders per list page (both platforms' maximum).
pub const PAGE_SIZE: usize = 100;
/// Amazon: "most updated orders data are available two minutes after" a
/// change; each pass starts this much before the watermark.
pub const AMAZON_OVERLAP_MS: i64 = 5 * 60 * 1000;
/// The shortest and default time between two passes.
pub const MIN_INTERVAL_SECONDS: i64 = 60;
pub const DEFAULT_INTERVAL_SECONDS: i64 = 300;

/// What `GET /channels/{id}/poll` shows.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PollStatus {
    pub settings: PollSettingsView,
    pub cursor: Cursor,
    /// Milliseconds since the epoch.
    pub next_run_at: i64,
    pub last_run_at: Option<i64>,
    /// Why the last pass stopped early (a refusal, a rate limit), if it did.
    pub last_error: Option<String>,
    /// Passes in a row that failed (each doubles the wait, up to an hour).
    pub failures: i64,
    pub orders_seen: i64,
}

/// Where a pass stands (milliseconds since the epoch).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Cursor {
    /// The pass lists orders changed since this moment.
    pub query_from: i64,
    /// The newest change seen in this pass: the next pass's `query_from`.
    pub high: i64,
    /// The page the pass resumes at: Etsy's offset, Amazon's NextToken.
    pub page: Option<String>,
}

/// A call the poller makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Call {
    /// Etsy `getShopReceipts`, Amazon `getOrders`.
    ListOrders,
    /// Amazon `getOrderItems`.
    OrderItems,
    /// Amazon `searchOrders` (Orders v2026-01-01; items come inline).
    SearchOrders,
}

/// The published rate of a call: (requests per second, burst).
pub fn rate(kind: ChannelKind, call: Call) -> (f64, f64) {
    match (kind, call) {
        (ChannelKind::Amazon, Call::ListOrders) => (0.0167, 20.0),
        (ChannelKind::Amazon, Call::OrderItems) => (0.5, 30.0),
        // searchOrders: one call every three minutes after a burst of 20
        (ChannelKind::Amazon, Call::SearchOrders) => (0.0056, 20.0),
        // Etsy's conservative default, 10 a second, spaced evenly: a burst
        // would put up to 20 calls in one second
        _ => (10.0, 1.0),
    }
}

/// A token bucket: at most `burst` calls at once, then `per_second`.
#[derive(Debug, Clone)]
pub struct Bucket {
    per_second: f64,
    burst: f64,
    tokens: f64,
    at_ms: i64,
}

impl Bucket {
    pub fn new((per_second, burst): (f64, f64), now_ms: i64) -> Self {
        Self {
            per_second,
            burst,
            tokens: burst,
            at_ms: now_ms,
        }
    }

    fn refill(&mut self, now_ms: i64) {
        let gained = (now_ms - self.at_ms).max(0) as f64 / 1000.0 * self.per_second;
        self.tokens = (self.tokens + gained).min(self.burst);
        self.at_ms = now_ms;
    }

    /// Takes a call's token if there is one (`0`), or says how many
    /// milliseconds until there is.
    pub fn take(&mut self, now_ms: i64) -> i64 {
        self.refill(now_ms);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            return 0;
        }
        ((1.0 - self.tokens) / self.per_second * 1000.0).ceil() as i64
    }

    /// The platform says what rate applies (Amazon's
    /// `x-amzn-RateLimit-Limit`): it replaces the published one.
    pub fn set_rate(&mut self, per_second: f64) {
        if per_second > 0.0 && per_second.is_finite() {
            self.per_second = per_second;
        }
    }

    /// The platform said 429: nothing left until `wait_ms` from now.
    pub fn empty_for(&mut self, now_ms: i64, wait_ms: i64) {
        // one call's token is back exactly when the wait is over
        self.tokens = 1.0 - wait_ms as f64 / 1000.0 * self.per_second;
        self.at_ms = now_ms;
    }
}

/// How long a 429 asks to wait: `Retry-After` seconds, else one period
/// of Amazon's `x-amzn-RateLimit-Limit`, else one period of the published
/// rate.
pub fn retry_after_ms(
    kind: ChannelKind,
    call: Call,
    header: impl Fn(&str) -> Option<String>,
) -> i64 {
    if let Some(s) = header("retry-after").and_then(|v| v.trim().parse::<f64>().ok()) {
        return (s * 1000.0).ceil() as i64;
    }
    let per_second = header("x-amzn-ratelimit-limit")
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|r| *r > 0.0)
        .unwrap_or(rate(kind, call).0);
    (1000.0 / per_second).ceil() as i64
}

/// The list call for where `cursor` stands.
pub fn list_url(kind: ChannelKind, s: &PollSettings, cursor: &Cursor) -> String {
    let base = s.api_base.clone().unwrap_or_default();
    match kind {
        ChannelKind::Amazon if s.amazon_2026() => {
            let mut url = format!(
                "{base}/orders/2026-01-01/orders?lastUpdatedAfter={}&marketplaceIds={}\
                 &maxResultsPerPage={PAGE_SIZE}&includedData=BUYER,RECIPIENT,FULFILLMENT,PROCEEDS",
                crate::percent_encode(&amazon_from(cursor)),
                crate::percent_encode(&s.marketplace_ids.join(",")),
            );
            if let Some(token) = &cursor.page {
                url.push_str(&format!(
                    "&paginationToken={}",
                    crate::percent_encode(token)
                ));
            }
            url
        }
        ChannelKind::Amazon => {
            let from = amazon_from(cursor);
            let mut url = format!(
                "{base}/orders/v0/orders?MarketplaceIds={}&LastUpdatedAfter={}&MaxResultsPerPage={PAGE_SIZE}",
                crate::percent_encode(&s.marketplace_ids.join(",")),
                crate::percent_encode(&from)
            );
            if let Some(token) = &cursor.page {
                url.push_str(&format!("&NextToken={}", crate::percent_encode(token)));
            }
            url
        }
        _ => format!(
            "{base}/v3/application/shops/{}/receipts?min_last_modified={}&sort_on=updated&sort_order=asc&limit={PAGE_SIZE}&offset={}",
            crate::percent_encode(s.shop_id.as_deref().unwrap_or_default()),
            cursor.query_from / 1000,
            cursor.page.as_deref().unwrap_or("0")
        ),
    }
}

/// Where an Amazon pass lists from: the watermark less an overlap (late
/// writes on Amazon's side), as RFC 3339.
fn amazon_from(cursor: &Cursor) -> String {
    time::OffsetDateTime::from_unix_timestamp((cursor.query_from - AMAZON_OVERLAP_MS).max(0) / 1000)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// Amazon `getOrderItems` for one order (and its next page).
pub fn items_url(s: &PollSettings, order_id: &str, next: Option<&str>) -> String {
    let base = s.api_base.clone().unwrap_or_default();
    let mut url = format!(
        "{base}/orders/v0/orders/{}/orderItems",
        crate::percent_encode(order_id)
    );
    if let Some(token) = next {
        url.push_str(&format!("?NextToken={}", crate::percent_encode(token)));
    }
    url
}

/// The headers a call carries.
pub fn headers(kind: ChannelKind, s: &PollSettings) -> Vec<(&'static str, String)> {
    let token = s.access_token.clone().unwrap_or_default();
    match kind {
        ChannelKind::Amazon => vec![("x-amz-access-token", token)],
        _ => vec![
            ("x-api-key", s.api_key.clone().unwrap_or_default()),
            ("authorization", format!("Bearer {token}")),
        ],
    }
}

/// One list page: the orders as the platform gave them and the next page
/// (`None`: the pass is done).
#[derive(Debug, Clone)]
pub struct ListPage {
    pub orders: Vec<Value>,
    pub next: Option<String>,
}

/// Reads a list page; `page` is where it was asked from.
pub fn list_page(kind: ChannelKind, body: &Value, page: Option<&str>) -> Result<ListPage, String> {
    match kind {
        // v2026-01-01: `{"orders": [...], "pagination": {"nextToken"}}`
        ChannelKind::Amazon if body.get("orders").is_some() => {
            let (orders, next) = token_page(body, "/orders", "/pagination/nextToken")
                .ok_or("the answer's orders are not a list")?;
            Ok(ListPage { orders, next })
        }
        ChannelKind::Amazon => {
            let payload = body.get("payload").unwrap_or(body);
            let (orders, next) = token_page(payload, "/Orders", "/NextToken")
                .ok_or("the answer has no payload.Orders")?;
            Ok(ListPage { orders, next })
        }
        _ => {
            let results = body
                .get("results")
                .and_then(Value::as_array)
                .ok_or("the answer has no results")?;
            let offset: usize = page.and_then(|p| p.parse().ok()).unwrap_or(0);
            let count = body.get("count").and_then(Value::as_u64).unwrap_or(0) as usize;
            let seen = offset + results.len();
            // more while `count` (the matches) is not reached; a full page
            // may have more behind it whatever `count` means (the docs do
            // not say whether it is the total or the page's size)
            let more = !results.is_empty() && (seen < count || results.len() >= PAGE_SIZE);
            Ok(ListPage {
                orders: results.clone(),
                next: more.then(|| seen.to_string()),
            })
        }
    }
}

/// Amazon: an order's id, to ask for its items.
pub fn amazon_order_id(order: &Value) -> Option<&str> {
    order.get("AmazonOrderId").and_then(Value::as_str)
}

/// Amazon `getOrderItems` pages, merged: (items so far, next token).
pub fn items_page(body: &Value) -> Result<(Vec<Value>, Option<String>), String> {
    let payload = body.get("payload").unwrap_or(body);
    token_page(payload, "/OrderItems", "/NextToken")
        .ok_or_else(|| "the answer has no payload.OrderItems".to_owned())
}

/// A page of Amazon's: the list at `items` and the next page's token at
/// `next` (JSON pointers); an absent or empty token ends the pass.
fn token_page(body: &Value, items: &str, next: &str) -> Option<(Vec<Value>, Option<String>)> {
    let list = body.pointer(items)?.as_array()?.clone();
    let token = body
        .pointer(next)
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty())
        .map(str::to_owned);
    Some((list, token))
}

/// The form that refreshes an access token (OAuth 2 `refresh_token`
/// grant; Etsy and Amazon LWA take the same fields).
pub fn refresh_form(s: &PollSettings) -> Option<Vec<(&'static str, String)>> {
    let mut form = vec![
        ("grant_type", "refresh_token".to_owned()),
        ("refresh_token", s.refresh_token.clone()?),
        ("client_id", s.client_id.clone()?),
    ];
    if let Some(secret) = &s.client_secret {
        form.push(("client_secret", secret.clone()));
    }
    Some(form)
}

/// A token answer: the new access token and, when the platform rotates
/// it (Etsy does), the new refresh token.
pub fn refreshed(body: &Value) -> Option<(String, Option<String>)> {
    let access = body.get("access_token")?.as_str()?.to_owned();
    let refresh = body
        .get("refresh_token")
        .and_then(Value::as_str)
        .map(str::to_owned);
    Some((access, refresh))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn etsy() -> PollSettings {
        PollSettings {
            shop_id: Some("5551234".into()),
            api_key: Some("key".into()),
            access_token: Some("s3cr3t-value".into()),
            ..Default::default()
        }
        .normalize(ChannelKind::Etsy)
        .unwrap()
    }

    #[test]
    fn secrets_never_follow_a_changed_address() {
        let kept = PollSettings {
            api_key: Some("key".into()),
            access_token: Some("tok".into()),
            ..Default::default()
        };
        let same = PollSettings::default().with_kept_secrets(&kept, ChannelKind::Etsy);
        assert_eq!(same.access_token.as_deref(), Some("tok"));
        let moved = PollSettings {
            api_base: Some("https://elsewhere.example".into()),
            ..Default::default()
        }
        .with_kept_secrets(&kept, ChannelKind::Etsy);
        assert_eq!((moved.api_key, moved.access_token), (None, None));
        let typed = PollSettings {
            access_token: Some("new".into()),
            ..Default::default()
        }
        .with_kept_secrets(&kept, ChannelKind::Etsy);
        assert_eq!(typed.access_token.as_deref(), Some("new"));
    }

    #[test]
    fn settings_need_what_the_platform_needs() {
        let e = PollSettings::default()
            .normalize(ChannelKind::Etsy)
            .unwrap_err();
        assert_eq!(e.field, "shop_id");
        let e = PollSettings {
            marketplace_ids: vec!["ATVPDKIKX0DER".into()],
            ..Default::default()
        }
        .normalize(ChannelKind::Amazon)
        .unwrap_err();
        assert_eq!(e.field, "access_token");
        let e = PollSettings::default()
            .normalize(ChannelKind::Shopify)
            .unwrap_err();
        assert_eq!(e.code, "no_polling");
        let s = etsy();
        assert_eq!(s.api_base.as_deref(), Some("https://openapi.etsy.com"));
        assert!(
            !serde_json::to_string(&s.view()).unwrap().contains("s3cr3t"),
            "no secret shown"
        );
    }

    #[test]
    fn etsy_pages_by_offset_from_the_watermark() {
        let s = etsy();
        let cursor = Cursor {
            query_from: 1_700_000_000_999,
            high: 0,
            page: Some("200".into()),
        };
        assert_eq!(
            list_url(ChannelKind::Etsy, &s, &cursor),
            "https://openapi.etsy.com/v3/application/shops/5551234/receipts?min_last_modified=1700000000&sort_on=updated&sort_order=asc&limit=100&offset=200"
        );
        let full: Vec<Value> = (0..100).map(|i| json!({ "receipt_id": i })).collect();
        let page = list_page(
            ChannelKind::Etsy,
            &json!({"count": 250, "results": full}),
            Some("100"),
        )
        .unwrap();
        assert_eq!(page.next.as_deref(), Some("200"));
        let last = list_page(
            ChannelKind::Etsy,
            &json!({"count": 201, "results": [{}]}),
            Some("200"),
        )
        .unwrap();
        assert_eq!(last.next, None);
    }

    #[test]
    fn amazon_lists_from_before_the_watermark_with_its_token() {
        let s = PollSettings {
            marketplace_ids: vec!["ATVPDKIKX0DER".into()],
            access_token: Some("Atza|x".into()),
            ..Default::default()
        }
        .normalize(ChannelKind::Amazon)
        .unwrap();
        let cursor = Cursor {
            query_from: 1_741_976_133_000,
            high: 0,
            page: Some("a/b=".into()),
        };
        let url = list_url(ChannelKind::Amazon, &s, &cursor);
        assert!(
            url.contains("LastUpdatedAfter=2025-03-14T18%3A10%3A33Z"),
            "{url}"
        );
        assert!(url.ends_with("&NextToken=a%2Fb%3D"), "{url}");
        let body = include_str!("../../tests/fixtures/amazon/orders_page.json");
        let page = list_page(
            ChannelKind::Amazon,
            &serde_json::from_str(body).unwrap(),
            None,
        )
        .unwrap();
        assert!(!page.orders.is_empty());
        assert_eq!(
            headers(ChannelKind::Amazon, &s),
            [("x-amz-access-token", "Atza|x".to_owned())]
        );
    }

    #[test]
    fn the_bucket_keeps_to_the_rate() {
        let mut b = Bucket::new(rate(ChannelKind::Amazon, Call::ListOrders), 0);
        for _ in 0..20 {
            assert_eq!(b.take(0), 0, "the burst");
        }
        let wait = b.take(0);
        assert!((59_000..=60_000).contains(&wait), "{wait}");
        assert_eq!(b.take(wait), 0);
        let mut etsy = Bucket::new(rate(ChannelKind::Etsy, Call::ListOrders), 0);
        let calls = (0..1000).filter(|ms| etsy.take(*ms) == 0).count();
        assert_eq!(calls, 10, "10 calls in any second");
        etsy.set_rate(2.0);
        etsy.set_rate(f64::NAN);
        etsy.empty_for(1000, 3000);
        assert!(etsy.take(3990) > 0, "not before the wait is over");
        assert_eq!(etsy.take(4000), 0, "at 2/s, the next call goes when it is");
    }

    #[test]
    fn a_429_says_how_long() {
        let h = |v: &'static str| move |n: &str| (n == "retry-after").then(|| v.to_owned());
        assert_eq!(
            retry_after_ms(ChannelKind::Etsy, Call::ListOrders, h("2")),
            2000
        );
        let amz = |n: &str| (n == "x-amzn-ratelimit-limit").then(|| "0.5".to_owned());
        assert_eq!(
            retry_after_ms(ChannelKind::Amazon, Call::OrderItems, amz),
            2000
        );
        assert_eq!(
            retry_after_ms(ChannelKind::Amazon, Call::ListOrders, |_| None),
            59_881
        );
    }
}
