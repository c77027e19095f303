//! Reading requests and bids in the caller's scope: a purchaser its
//! organisation's requests, a supplier the requests sent to it and only
//! its own bid (never the target prices, the estimate or the other
//! suppliers), staff everything. Scope is in the query (another party's
//! request is not found, exactly like a missing one).

use crate::error::{Result, StoreError};
use crate::rows::{RowExt, placeholders};
use orderhub_domain::Scope;
use orderhub_domain::b2b::bid::steps_for;
use orderhub_domain::b2b::quote::changes;
use orderhub_domain::b2b::{Bid, BidParty, BidStatus, Offer, Quote, QuoteAuthor, Rfq, RfqStatus};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AssertSqlSafe};
use std::collections::HashMap;

pub(crate) const RFQ_SELECT: &str = "SELECT r.id, r.seq, r.org_id, o.name AS org_name, r.title, \
     r.currency, r.needed_by, r.delivery_address, r.note, r.lines, r.status, r.estimate, \
     r.created_by, r.approval, r.files, r.created_at, r.updated_at \
     FROM rfqs r JOIN buyer_orgs o ON o.id = r.org_id WHERE 1 = 1";

/// Who a scope is in a negotiation.
pub(crate) fn party_of(scope: &Scope) -> BidParty {
    match scope {
        Scope::All => BidParty::Operator,
        Scope::Supplier(_) => BidParty::Supplier,
        Scope::Buyer(_) => BidParty::Purchaser,
    }
}

/// The condition that limits a table of two parties' rows (contracts,
/// returns, invoices: `org_id`, `supplier_id`) to `scope`, with the value
/// its `$param` takes.
pub(crate) fn parties_visible(scope: &Scope, param: usize) -> (String, Option<String>) {
    match scope {
        Scope::All => (String::new(), None),
        Scope::Buyer(o) => (format!(" AND org_id = ${param}"), Some(o.clone())),
        Scope::Supplier(s) => (format!(" AND supplier_id = ${param}"), Some(s.clone())),
    }
}

/// The condition that limits requests (`r`) to `scope`, with the value
/// its `$param` takes.
pub(crate) fn rfq_visible(scope: &Scope, param: usize) -> (String, Option<String>) {
    match scope {
        Scope::All => (String::new(), None),
        Scope::Buyer(org) => (format!(" AND r.org_id = ${param}"), Some(org.clone())),
        Scope::Supplier(s) => (
            format!(
                " AND EXISTS (SELECT 1 FROM bids vb WHERE vb.rfq_id = r.id AND vb.supplier_id = ${param})"
            ),
            Some(s.clone()),
        ),
    }
}

pub(crate) fn rfq_from_row(row: &AnyRow, scope: &Scope) -> Result<Rfq> {
    let seq: i64 = row.col("seq")?;
    let mut lines: Vec<orderhub_domain::b2b::RfqLine> = row.json("lines")?;
    let supplier = scope.supplier().is_some();
    if supplier {
        for l in &mut lines {
            l.target_price = None;
        }
    }
    let approval: Option<String> = row.col("approval")?;
    Ok(Rfq {
        id: row.col("id")?,
        number: format!("RFQ-{seq}"),
        organisation_id: row.col("org_id")?,
        organisation_name: row.col("org_name")?,
        title: row.col("title")?,
        currency: row.col("currency")?,
        needed_by: row.col("needed_by")?,
        delivery_address: row.json("delivery_address")?,
        note: row.col("note")?,
        status: row.parsed("status", RfqStatus::parse)?,
        lines,
        estimate: match supplier {
            true => None,
            false => row.opt_decimal("estimate")?,
        },
        created_by: row.col("created_by")?,
        approval: approval
            .map(|a| serde_json::from_str(&a).map_err(|e| StoreError::Corrupt(e.to_string())))
            .transpose()?,
        bids: Vec::new(),
        files: row.opt_json("files")?.unwrap_or_default(),
        created_at: row.time("created_at")?,
        updated_at: row.time("updated_at")?,
    })
}

/// One request in `scope`, with its bids as the scope sees them.
pub(crate) async fn fetch_rfq(conn: &mut AnyConnection, id: &str, scope: &Scope) -> Result<Rfq> {
    let (cond, bind) = rfq_visible(scope, 2);
    let mut q = sqlx::query(AssertSqlSafe(format!("{RFQ_SELECT} AND r.id = $1{cond}"))).bind(id);
    if let Some(b) = bind {
        q = q.bind(b);
    }
    let row = q
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| StoreError::not_found("request", id))?;
    let mut rfqs = vec![rfq_from_row(&row, scope)?];
    attach_bids(conn, &mut rfqs, scope).await?;
    Ok(rfqs.remove(0))
}

/// Puts each request's bids (a supplier: only its own) on it, with every
/// version and what changed, in two queries for all of them.
pub(crate) async fn attach_bids(
    conn: &mut AnyConnection,
    rfqs: &mut [Rfq],
    scope: &Scope,
) -> Result<()> {
    if rfqs.is_empty() {
        return Ok(());
    }
    let n = rfqs.len();
    let own = match scope.supplier() {
        Some(_) => format!(" AND b.supplier_id = ${}", n + 1),
        None => String::new(),
    };
    let sql = format!(
        "SELECT b.id, b.rfq_id, b.supplier_id, s.name AS supplier_name, b.status, b.reason, \
         b.accepted_version, b.updated_at FROM bids b JOIN suppliers s ON s.id = b.supplier_id \
         WHERE b.rfq_id IN ({}){own} ORDER BY s.name_key, b.id",
        placeholders(1, n)
    );
    let mut q = sqlx::query(AssertSqlSafe(sql));
    for r in rfqs.iter() {
        q = q.bind(r.id.clone());
    }
    if let Some(s) = scope.supplier() {
        q = q.bind(s.to_owned());
    }
    let party = party_of(scope);
    let mut bids = Vec::new();
    for row in q.fetch_all(&mut *conn).await? {
        let status = row.parsed("status", BidStatus::parse)?;
        bids.push(Bid {
            id: row.col("id")?,
            rfq_id: row.col("rfq_id")?,
            supplier_id: row.col("supplier_id")?,
            supplier_name: row.col("supplier_name")?,
            status,
            reason: row.col("reason")?,
            accepted_version: row.col("accepted_version")?,
            quotes: Vec::new(),
            next_steps: steps_for(status, party),
            updated_at: row.time("updated_at")?,
        });
    }
    let mut quotes = quotes_of(
        conn,
        &bids.iter().map(|b| b.id.as_str()).collect::<Vec<_>>(),
    )
    .await?;
    for b in &mut bids {
        b.quotes = quotes.remove(&b.id).unwrap_or_default();
    }
    for r in rfqs.iter_mut() {
        r.bids = bids.iter().filter(|b| b.rfq_id == r.id).cloned().collect();
    }
    Ok(())
}

/// Every version of each bid, oldest first, with what changed.
async fn quotes_of(
    conn: &mut AnyConnection,
    bid_ids: &[&str],
) -> Result<HashMap<String, Vec<Quote>>> {
    let mut out: HashMap<String, Vec<Quote>> = HashMap::new();
    if bid_ids.is_empty() {
        return Ok(out);
    }
    let sql = format!(
        "SELECT bid_id, version, author, offer, created_by, created_at FROM quotes \
         WHERE bid_id IN ({}) ORDER BY bid_id, version",
        placeholders(1, bid_ids.len())
    );
    let mut q = sqlx::query(AssertSqlSafe(sql));
    for id in bid_ids {
        q = q.bind(*id);
    }
    for row in q.fetch_all(&mut *conn).await? {
        let bid: String = row.col("bid_id")?;
        let offer: Offer = row.json("offer")?;
        let versions = out.entry(bid).or_default();
        let changed = versions
            .last()
            .map(|prev| changes(&prev.offer, &offer))
            .unwrap_or_default();
        versions.push(Quote {
            version: row.col("version")?,
            author: row.parsed("author", QuoteAuthor::parse)?,
            total: offer.total(),
            offer,
            changes: changed,
            created_by: row.col("created_by")?,
            created_at: row.time("created_at")?,
        });
    }
    Ok(out)
}
