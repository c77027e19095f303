//! Requests for quotation, written: a purchaser's request (waiting for
//! its approver when the organisation's limit applies), the approver's
//! decision, more suppliers asked, a cancellation. Each writes its events
//! in the same transaction.

use super::catalogue::{listed, price_in};
use super::orgs::fetch_org;
use super::read::{RFQ_SELECT, attach_bids, fetch_rfq, rfq_from_row, rfq_visible};
use crate::db::Store;
use crate::error::{Result, StoreError};
use crate::events::{EVENT_COLUMNS, NewEvent, event_from_row};
use crate::rows::{lock_row, new_id, now_ms, to_json};
use orderhub_domain::b2b::rfq::{MAX_SUPPLIERS, estimate, rfq_status};
use orderhub_domain::b2b::{BidStatus, NewRfq, Rfq, RfqDecision, RfqStatus, needs_approval};
use orderhub_domain::model::{Actor, Event, EventKind, Page};
use orderhub_domain::validate::{limits, optional_text};
use orderhub_domain::{ErrorCode, Scope, ValidationError, money};
use serde_json::json;
use sqlx::{AnyConnection, AssertSqlSafe};
use std::collections::HashMap;

/// Today in UTC, `YYYY-MM-DD`: the day quotes and dates are checked on.
pub(crate) fn today() -> String {
    time::OffsetDateTime::now_utc().date().to_string()
}

/// What `GET /rfqs` may narrow to.
#[derive(Debug, Clone, Default)]
pub struct RfqFilter {
    pub status: Option<RfqStatus>,
    pub limit: i64,
    pub cursor: Option<String>,
}

/// Supplier references (id, code or name) to the ids of active suppliers;
/// a 422 on `suppliers[i]` names the first that is not.
async fn supplier_ids(conn: &mut AnyConnection, refs: &[String]) -> Result<Vec<String>> {
    let mut ids = Vec::with_capacity(refs.len());
    for (i, r) in refs.iter().enumerate() {
        let field = format!("suppliers[{i}]");
        let found: Option<(String, i64)> = sqlx::query_as(
            "SELECT id, active FROM suppliers WHERE id = $1 OR code = $1 OR name_key = $2",
        )
        .bind(r.trim())
        .bind(r.trim().to_lowercase())
        .fetch_optional(&mut *conn)
        .await?;
        match found {
            None => {
                return Err(ValidationError::new(
                    field,
                    ErrorCode::UnknownSupplier,
                    format!("no supplier has the id, code or name {r:?}"),
                )
                .into());
            }
            Some((_, 0)) => {
                return Err(ValidationError::new(
                    field,
                    ErrorCode::SupplierInactive,
                    format!("{r} takes no work at the moment"),
                )
                .into());
            }
            Some((id, _)) if !ids.contains(&id) => ids.push(id),
            Some(_) => {}
        }
    }
    Ok(ids)
}

/// Sends the request to each supplier that has no bid on it yet: a bid
/// to quote and an `rfq.sent` event each.
async fn send_to(
    conn: &mut AnyConnection,
    actor: &Actor,
    rfq_id: &str,
    suppliers: &[String],
) -> Result<()> {
    let now = now_ms();
    for s in suppliers {
        let id = new_id();
        let added = sqlx::query(
            "INSERT INTO bids (id, rfq_id, supplier_id, status, version, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, 0, $5, $5) ON CONFLICT (rfq_id, supplier_id) DO NOTHING",
        )
        .bind(&id)
        .bind(rfq_id)
        .bind(s)
        .bind(BidStatus::ToQuote.as_str())
        .bind(now)
        .execute(&mut *conn)
        .await?;
        if added.rows_affected() > 0 {
            NewEvent::rfq(rfq_id, EventKind::RfqSent)
                .supplier(s)
                .details(json!({ "bid_id": id }))
                .write(conn, actor)
                .await?;
        }
    }
    Ok(())
}

/// Sets the request's status from its bids (`rfq_status`).
pub(crate) async fn refresh_status(conn: &mut AnyConnection, rfq_id: &str) -> Result<RfqStatus> {
    let own: String = sqlx::query_scalar("SELECT status FROM rfqs WHERE id = $1")
        .bind(rfq_id)
        .fetch_one(&mut *conn)
        .await?;
    let own = RfqStatus::parse(&own).ok_or_else(|| StoreError::Corrupt(own.clone()))?;
    let bids: Vec<String> = sqlx::query_scalar("SELECT status FROM bids WHERE rfq_id = $1")
        .bind(rfq_id)
        .fetch_all(&mut *conn)
        .await?;
    let bids: Vec<BidStatus> = bids.iter().filter_map(|b| BidStatus::parse(b)).collect();
    let status = rfq_status(own, &bids);
    if status != own {
        sqlx::query("UPDATE rfqs SET status = $2, updated_at = $3 WHERE id = $1")
            .bind(rfq_id)
            .bind(status.as_str())
            .bind(now_ms())
            .execute(&mut *conn)
            .await?;
    }
    Ok(status)
}

/// The next number of a series (`counters`).
async fn next_number(conn: &mut AnyConnection, series: &str) -> Result<i64> {
    Ok(
        sqlx::query_scalar("UPDATE counters SET value = value + 1 WHERE name = $1 RETURNING value")
            .bind(series)
            .fetch_one(&mut *conn)
            .await?,
    )
}

/// Locks a request in `scope` for a change and reads it.
async fn lock_rfq(conn: &mut AnyConnection, id: &str, scope: &Scope) -> Result<Rfq> {
    lock_row(conn, "rfqs", "request", id).await?;
    fetch_rfq(conn, id, scope).await
}

impl Store {
    /// A purchaser's request for its organisation `org_id`. It goes to the
    /// suppliers named and to those of its catalogue lines at once, unless
    /// the organisation's approval limit applies and the purchaser is no
    /// approver: then it waits (待审核).
    pub async fn create_rfq(
        &self,
        actor: &Actor,
        scope: &Scope,
        approver: bool,
        new: NewRfq,
    ) -> Result<Rfq> {
        let org_id = scope
            .buyer()
            .ok_or_else(|| StoreError::not_found("organisation", ""))?
            .to_owned();
        let today = today();
        new.check(&today)?;
        let mut tx = self.begin().await?;
        let org = fetch_org(&mut tx, &org_id, scope).await?;
        if !org.active {
            return Err(StoreError::conflict(
                ErrorCode::OrganisationInactive,
                None,
                "the organisation is inactive: ask the seller to reactivate it",
            ));
        }
        let currency = match new.currency.as_deref() {
            Some(c) => money::currency("currency", c)?,
            None => org.currency.clone(),
        };
        let delivery = new
            .delivery_address
            .clone()
            .or(org.delivery_address.clone())
            .ok_or_else(|| {
                ValidationError::new(
                    "delivery_address",
                    ErrorCode::Required,
                    "say where the goods go (交货地点)",
                )
            })?
            .normalize()
            .map_err(|e| e.within("delivery_address"))?;
        let mut suppliers = supplier_ids(&mut tx, &new.suppliers).await?;
        let mut prices = HashMap::new();
        let mut lines = Vec::with_capacity(new.lines.len());
        for (i, l) in new.lines.iter().cloned().enumerate() {
            let at = |e: ValidationError| e.within(&format!("lines[{i}]"));
            let item = match l.product_id.as_deref() {
                Some(pid) => Some(listed(&mut tx, pid).await?.ok_or_else(|| {
                    at(ValidationError::new(
                        "product_id",
                        ErrorCode::NotPublished,
                        "no published product has this id",
                    ))
                })?),
                None => None,
            };
            if let Some((_, item)) = &item {
                prices.insert(item.id.clone(), price_in(item, &currency));
                if !suppliers.contains(&item.supplier_id) {
                    suppliers.push(item.supplier_id.clone());
                }
            }
            let line = l
                .line(
                    i as i64 + 1,
                    item.as_ref().map(|(p, _)| p),
                    &currency,
                    &today,
                )
                .map_err(at)?;
            lines.push(line);
        }
        if suppliers.len() > MAX_SUPPLIERS {
            return Err(ValidationError::new(
                "suppliers",
                ErrorCode::TooMany,
                format!("ask at most {MAX_SUPPLIERS} suppliers at once"),
            )
            .into());
        }
        let estimate = estimate(&lines, |pid| prices.get(pid).copied().flatten());
        let waits = needs_approval(org.approval_limit, estimate) && !approver;
        let status = match waits {
            true => RfqStatus::AwaitingApproval,
            false => RfqStatus::Open,
        };
        let title = match new.title.as_deref() {
            Some(t) => optional_text("title", Some(t), limits::NAME)?,
            None => None,
        }
        .unwrap_or_else(|| lines[0].title.clone());
        let id = new_id();
        let seq = next_number(&mut tx, "rfq").await?;
        let now = now_ms();
        sqlx::query(
            "INSERT INTO rfqs (id, seq, org_id, title, currency, needed_by, delivery_address, note, \
             lines, status, estimate, addressed, created_by, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)",
        )
        .bind(&id)
        .bind(seq)
        .bind(&org_id)
        .bind(&title)
        .bind(&currency)
        .bind(new.needed_by(&today)?)
        .bind(to_json(&delivery))
        .bind(optional_text("note", new.note.as_deref(), limits::TEXT)?)
        .bind(to_json(&lines))
        .bind(status.as_str())
        .bind(estimate.map(|e| e.to_string()))
        .bind(to_json(&suppliers))
        .bind(&actor.label)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        NewEvent::rfq(&id, EventKind::RfqSubmitted)
            .details(json!({ "number": format!("RFQ-{seq}"), "status": status }))
            .write(&mut tx, actor)
            .await?;
        if !waits {
            send_to(&mut tx, actor, &id, &suppliers).await?;
        }
        let rfq = fetch_rfq(&mut tx, &id, scope).await?;
        tx.commit().await?;
        Ok(rfq)
    }

    /// Requests in `scope`, newest first, keyset-paginated.
    pub async fn list_rfqs(&self, filter: &RfqFilter, scope: &Scope) -> Result<Page<Rfq>> {
        let (cond, bind) = rfq_visible(scope, 1);
        let mut binds: Vec<String> = bind.into_iter().collect();
        let mut sql = format!("{RFQ_SELECT}{cond}");
        for (c, v) in [
            (
                " AND r.status = ",
                filter.status.map(|s| s.as_str().to_owned()),
            ),
            (" AND r.id < ", filter.cursor.clone()),
        ] {
            if let Some(v) = v {
                binds.push(v);
                sql.push_str(&format!("{c}${}", binds.len()));
            }
        }
        sql.push_str(&format!(" ORDER BY r.id DESC LIMIT {}", filter.limit + 1));
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for b in binds {
            q = q.bind(b);
        }
        let mut conn = self.read.acquire().await?;
        let rows = q.fetch_all(&mut *conn).await?;
        let mut items = rows
            .iter()
            .map(|r| rfq_from_row(r, scope))
            .collect::<Result<Vec<_>>>()?;
        let next_cursor = crate::rows::page_cursor(&mut items, filter.limit, |r| r.id.clone());
        attach_bids(&mut conn, &mut items, scope).await?;
        Ok(Page { items, next_cursor })
    }

    /// A request's history, oldest first: a supplier sees only its own
    /// bid's events, with other parties' people named by their side.
    pub async fn rfq_events(&self, id: &str, scope: &Scope) -> Result<Vec<Event>> {
        self.get_rfq(id, scope).await?;
        let own = match scope.supplier() {
            Some(_) => " AND supplier_id = $2",
            None => "",
        };
        let sql = format!("SELECT {EVENT_COLUMNS} FROM events WHERE rfq_id = $1{own} ORDER BY id");
        let mut q = sqlx::query(AssertSqlSafe(sql)).bind(id);
        if let Some(s) = scope.supplier() {
            q = q.bind(s);
        }
        let rows = q.fetch_all(&self.read).await?;
        let mut events = rows
            .iter()
            .map(event_from_row)
            .collect::<Result<Vec<_>>>()?;
        if let Some(s) = scope.supplier() {
            let mine = self.own_actors(s).await?;
            for e in events
                .iter_mut()
                .filter(|e| e.actor.contains(':') && !mine.contains(&e.actor))
            {
                e.actor = "counterparty".into();
            }
        }
        Ok(events)
    }

    /// One request as `scope` sees it.
    pub async fn get_rfq(&self, id: &str, scope: &Scope) -> Result<Rfq> {
        let mut conn = self.read.acquire().await?;
        fetch_rfq(&mut conn, id, scope).await
    }

    /// An approver of the request's organisation approves it (it goes to
    /// its suppliers) or refuses it with a comment (it is cancelled).
    pub async fn decide_rfq(
        &self,
        actor: &Actor,
        scope: &Scope,
        approver: bool,
        id: &str,
        decision: RfqDecision,
    ) -> Result<Rfq> {
        let comment = optional_text("comment", decision.comment.as_deref(), limits::TEXT)?;
        let mut tx = self.begin().await?;
        lock_rfq(&mut tx, id, scope).await?;
        let (status, addressed): (String, String) =
            sqlx::query_as("SELECT status, addressed FROM rfqs WHERE id = $1")
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
        if status != RfqStatus::AwaitingApproval.as_str() {
            return Err(StoreError::conflict(
                ErrorCode::NothingToApprove,
                None,
                "this request waits for no approval",
            ));
        }
        if !approver {
            return Err(orderhub_domain::Forbidden::new(
                ErrorCode::NotAnApprover,
                "only an approver of the organisation decides on its requests",
            )
            .into());
        }
        if !decision.approve && comment.is_none() {
            return Err(ValidationError::new(
                "comment",
                ErrorCode::CommentRequired,
                "say why the request is refused",
            )
            .into());
        }
        let (to, kind) = match decision.approve {
            true => (RfqStatus::Open, EventKind::RfqApproved),
            false => (RfqStatus::Cancelled, EventKind::RfqApprovalRefused),
        };
        let record = json!({
            "approved": decision.approve,
            "by": actor.label,
            "comment": comment,
            "at": crate::rows::from_ms(now_ms())?.format(&time::format_description::well_known::Rfc3339).unwrap_or_default(),
        });
        sqlx::query(
            "UPDATE rfqs SET status = $2, approval = $3, addressed = '[]', updated_at = $4 WHERE id = $1",
        )
        .bind(id)
        .bind(to.as_str())
        .bind(record.to_string())
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
        NewEvent::rfq(id, kind)
            .change(RfqStatus::AwaitingApproval.as_str(), to.as_str())
            .details(json!({ "comment": comment }))
            .write(&mut tx, actor)
            .await?;
        if decision.approve {
            let suppliers: Vec<String> =
                serde_json::from_str(&addressed).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            send_to(&mut tx, actor, id, &suppliers).await?;
        }
        let rfq = fetch_rfq(&mut tx, id, scope).await?;
        tx.commit().await?;
        Ok(rfq)
    }

    /// Asks more suppliers for quotes on an open request (its purchaser, or
    /// staff routing a request that named none). Suppliers already asked
    /// are left as they are.
    pub async fn add_rfq_suppliers(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: &str,
        refs: &[String],
    ) -> Result<Rfq> {
        if refs.is_empty() || refs.len() > MAX_SUPPLIERS {
            return Err(ValidationError::new(
                "suppliers",
                ErrorCode::InvalidValue,
                format!("name 1 to {MAX_SUPPLIERS} suppliers"),
            )
            .into());
        }
        let mut tx = self.begin().await?;
        let rfq = lock_rfq(&mut tx, id, scope).await?;
        if rfq.status != RfqStatus::Open {
            return Err(closed(rfq.status));
        }
        let suppliers = supplier_ids(&mut tx, refs).await?;
        if rfq.bids.len() + suppliers.len() > MAX_SUPPLIERS {
            return Err(ValidationError::new(
                "suppliers",
                ErrorCode::TooMany,
                format!("a request goes to at most {MAX_SUPPLIERS} suppliers"),
            )
            .into());
        }
        send_to(&mut tx, actor, id, &suppliers).await?;
        refresh_status(&mut tx, id).await?;
        let rfq = fetch_rfq(&mut tx, id, scope).await?;
        tx.commit().await?;
        Ok(rfq)
    }

    /// Withdraws a request that is not yet agreed (its purchaser, or
    /// staff): open bids are withdrawn and their suppliers told.
    pub async fn cancel_rfq(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: &str,
        reason: String,
    ) -> Result<Rfq> {
        let mut tx = self.begin().await?;
        let rfq = lock_rfq(&mut tx, id, scope).await?;
        if !matches!(rfq.status, RfqStatus::Open | RfqStatus::AwaitingApproval) {
            return Err(closed(rfq.status));
        }
        let now = now_ms();
        for b in rfq.bids.iter().filter(|b| b.status.is_live()) {
            sqlx::query("UPDATE bids SET status = $2, updated_at = $3 WHERE id = $1")
                .bind(&b.id)
                .bind(BidStatus::Withdrawn.as_str())
                .bind(now)
                .execute(&mut *tx)
                .await?;
            NewEvent::rfq(id, EventKind::BidWithdrawn)
                .supplier(&b.supplier_id)
                .change(b.status.as_str(), BidStatus::Withdrawn.as_str())
                .details(json!({ "bid_id": b.id, "reason": reason }))
                .write(&mut tx, actor)
                .await?;
        }
        sqlx::query("UPDATE rfqs SET status = $2, addressed = '[]', updated_at = $3 WHERE id = $1")
            .bind(id)
            .bind(RfqStatus::Cancelled.as_str())
            .bind(now)
            .execute(&mut *tx)
            .await?;
        NewEvent::rfq(id, EventKind::RfqCancelled)
            .change(rfq.status.as_str(), RfqStatus::Cancelled.as_str())
            .details(json!({ "reason": reason }))
            .write(&mut tx, actor)
            .await?;
        let rfq = fetch_rfq(&mut tx, id, scope).await?;
        tx.commit().await?;
        Ok(rfq)
    }
}

/// The refusal for a request past negotiating.
pub(crate) fn closed(status: RfqStatus) -> StoreError {
    StoreError::conflict(
        ErrorCode::RfqClosed,
        None,
        format!("the request is {status}: nothing more can be negotiated on it"),
    )
}
