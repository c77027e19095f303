//! The negotiation, written: quotes, counter-offers, rejections,
//! acceptances and declines on one supplier's bid (the rule of each is
//! `orderhub_domain::b2b::bid`), and the message thread beside it.

use super::read::{fetch_rfq, party_of};
use super::rfqs::{closed, refresh_status, today};
use crate::db::Store;
use crate::error::{Result, StoreError};
use crate::events::NewEvent;
use crate::rows::{RowExt, lock_row, new_id, now_ms, to_json};
use orderhub_domain::b2b::bid::step;
use orderhub_domain::b2b::{
    Bid, BidAction, BidMessage, BidParty, BidRefused, BidStatus, Offer, QuoteAuthor, Rfq,
    RfqStatus, check_version,
};
use orderhub_domain::model::{Actor, EventKind};
use orderhub_domain::{ErrorCode, Scope};
use serde_json::{Value, json};
use sqlx::AnyConnection;

/// Why every line is someone else's now.
const ALL_AWARDED: &str = "another supplier's quote was accepted for every line";

/// The bid `bid_id` and its request, as `scope` sees them; another
/// party's bid is not found.
async fn bid_in_scope(conn: &mut AnyConnection, bid_id: &str, scope: &Scope) -> Result<(Rfq, Bid)> {
    let rfq_id: Option<(String, String)> =
        sqlx::query_as("SELECT rfq_id, supplier_id FROM bids WHERE id = $1")
            .bind(bid_id)
            .fetch_optional(&mut *conn)
            .await?;
    let not_found = || StoreError::not_found("bid", bid_id);
    let (rfq_id, supplier) = rfq_id.ok_or_else(not_found)?;
    if scope.supplier().is_some_and(|s| s != supplier) {
        return Err(not_found());
    }
    let rfq = fetch_rfq(conn, &rfq_id, scope).await.map_err(|e| match e {
        StoreError::NotFound { .. } => not_found(),
        e => e,
    })?;
    let bid = rfq
        .bids
        .iter()
        .find(|b| b.id == bid_id)
        .cloned()
        .ok_or_else(not_found)?;
    Ok((rfq, bid))
}

/// A refused step as a store error.
fn refused(e: BidRefused) -> StoreError {
    StoreError::conflict(e.code(), None, e.to_string())
}

/// Writes a new version of the bid's offer.
async fn add_version(
    conn: &mut AnyConnection,
    actor: &Actor,
    bid_id: &str,
    version: i64,
    (author, offer): (QuoteAuthor, &Offer),
) -> Result<()> {
    sqlx::query(
        "INSERT INTO quotes (bid_id, version, author, offer, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(bid_id)
    .bind(version)
    .bind(author.as_str())
    .bind(to_json(offer))
    .bind(&actor.label)
    .bind(now_ms())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The lines other bids than `except` have agreed (accepted, or under a
/// signed contract).
fn agreed_elsewhere<'a>(rfq: &'a Rfq, except: &'a str) -> impl Iterator<Item = i64> + 'a {
    rfq.bids
        .iter()
        .filter(move |b| b.id != except)
        .filter(|b| matches!(b.status, BidStatus::Accepted | BidStatus::Contracted))
        .filter_map(|b| {
            b.quotes
                .iter()
                .find(|q| Some(q.version) == b.accepted_version)
        })
        .flat_map(|q| q.offer.lines.iter().map(|l| l.line_no))
}

/// Refuses accepting an offer whose lines another supplier has already
/// been awarded.
fn check_unawarded(rfq: &Rfq, bid: &Bid, offer: &Offer) -> Result<()> {
    match agreed_elsewhere(rfq, &bid.id).find(|no| offer.lines.iter().any(|l| l.line_no == *no)) {
        Some(no) => Err(StoreError::conflict(
            ErrorCode::LineAwarded,
            Some("version"),
            format!("line {no} is already agreed with another supplier"),
        )),
        None => Ok(()),
    }
}

/// Lines agreed so far, with the offer of `bid` just accepted.
fn awarded_lines(rfq: &Rfq, bid: &str, accepted: &Offer) -> Vec<i64> {
    let mut lines: Vec<i64> = agreed_elsewhere(rfq, bid)
        .chain(accepted.lines.iter().map(|l| l.line_no))
        .collect();
    lines.sort_unstable();
    lines.dedup();
    lines
}

/// Declines every other live bid once every line of the request is agreed.
async fn close_the_rest(conn: &mut AnyConnection, rfq: &Rfq, accepted: &str) -> Result<()> {
    for b in rfq
        .bids
        .iter()
        .filter(|b| b.id != accepted && b.status.is_live())
    {
        set_bid(conn, &b.id, BidStatus::Declined, None, Some(ALL_AWARDED)).await?;
        NewEvent::rfq(&rfq.id, EventKind::BidDeclined)
            .supplier(&b.supplier_id)
            .change(b.status.as_str(), BidStatus::Declined.as_str())
            .details(json!({ "bid_id": b.id, "reason": ALL_AWARDED }))
            .write(conn, &Actor::system())
            .await?;
    }
    Ok(())
}

async fn set_bid(
    conn: &mut AnyConnection,
    bid_id: &str,
    status: BidStatus,
    version: Option<i64>,
    reason: Option<&str>,
) -> Result<()> {
    sqlx::query(
        "UPDATE bids SET status = $2, version = COALESCE($3, version), \
         reason = COALESCE($4, reason), updated_at = $5 WHERE id = $1",
    )
    .bind(bid_id)
    .bind(status.as_str())
    .bind(version)
    .bind(reason)
    .bind(now_ms())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

impl Store {
    /// One step of the negotiation by the caller (its party follows from
    /// `scope`); answers the request as the caller sees it afterwards.
    pub async fn bid_step(
        &self,
        actor: &Actor,
        scope: &Scope,
        bid_id: &str,
        action: BidAction,
    ) -> Result<Rfq> {
        let mut tx = self.begin().await?;
        // Steps on one request are taken one at a time: two acceptances of
        // different bids must not both win the same line.
        let rfq_id: Option<String> = sqlx::query_scalar("SELECT rfq_id FROM bids WHERE id = $1")
            .bind(bid_id)
            .fetch_optional(&mut *tx)
            .await?;
        let rfq_id = rfq_id.ok_or_else(|| StoreError::not_found("bid", bid_id))?;
        lock_row(&mut tx, "rfqs", "request", &rfq_id).await?;
        lock_row(&mut tx, "bids", "bid", bid_id).await?;
        let (rfq, bid) = bid_in_scope(&mut tx, bid_id, scope).await?;
        if rfq.status != RfqStatus::Open && bid.status.is_live() {
            return Err(closed(rfq.status));
        }
        let party = party_of(scope);
        let to = step(bid.status, action.step(), party).map_err(refused)?;
        let version = bid.latest().map_or(0, |q| q.version);
        let today = today();
        let (kind, details): (EventKind, Value) = match action {
            BidAction::Quote(q) => {
                let offer = q.offer(&rfq.lines, &rfq.currency, &today)?;
                add_version(
                    &mut tx,
                    actor,
                    bid_id,
                    version + 1,
                    (QuoteAuthor::Supplier, &offer),
                )
                .await?;
                set_bid(&mut tx, bid_id, to, Some(version + 1), None).await?;
                let total = offer.total().to_string();
                (
                    EventKind::BidQuoted,
                    json!({ "version": version + 1, "total": total }),
                )
            }
            BidAction::Counter(c) => {
                let latest = bid.latest().ok_or_else(|| {
                    refused(BidRefused::NotNow {
                        from: bid.status,
                        step: orderhub_domain::b2b::BidStep::Counter,
                    })
                })?;
                let offer = c.apply(&latest.offer)?;
                add_version(
                    &mut tx,
                    actor,
                    bid_id,
                    version + 1,
                    (QuoteAuthor::Purchaser, &offer),
                )
                .await?;
                set_bid(&mut tx, bid_id, to, Some(version + 1), None).await?;
                let total = offer.total().to_string();
                (
                    EventKind::BidCountered,
                    json!({ "version": version + 1, "total": total }),
                )
            }
            BidAction::Accept(seen) => {
                // a stale version is a conflict with what is stored, not bad input
                check_version(version, seen)
                    .map_err(|e| StoreError::conflict(e.code, Some("version"), e.detail))?;
                let latest = bid.latest().map(|q| q.offer.clone()).ok_or_else(|| {
                    StoreError::conflict(ErrorCode::BidClosed, None, "nothing was offered yet")
                })?;
                if party == BidParty::Purchaser && latest.expired(&today) {
                    return Err(StoreError::conflict(
                        ErrorCode::QuoteExpired,
                        Some("version"),
                        format!(
                            "the quote held until {}; ask for a new one",
                            latest.valid_until
                        ),
                    ));
                }
                check_unawarded(&rfq, &bid, &latest)?;
                set_bid(&mut tx, bid_id, to, None, None).await?;
                sqlx::query("UPDATE bids SET accepted_version = $2 WHERE id = $1")
                    .bind(bid_id)
                    .bind(version)
                    .execute(&mut *tx)
                    .await?;
                super::contracts::draw_contract(&mut tx, actor, (&rfq, &bid), (version, &latest))
                    .await?;
                let all = rfq.lines.iter().map(|l| l.line_no).collect::<Vec<_>>();
                if awarded_lines(&rfq, bid_id, &latest) == all {
                    close_the_rest(&mut tx, &rfq, bid_id).await?;
                }
                let total = latest.total().to_string();
                (
                    EventKind::BidAccepted,
                    json!({ "version": version, "total": total }),
                )
            }
            BidAction::Reject(reason) => {
                set_bid(&mut tx, bid_id, to, None, Some(&reason)).await?;
                (EventKind::BidRejected, json!({ "reason": reason }))
            }
            BidAction::Decline(reason) => {
                set_bid(&mut tx, bid_id, to, None, reason.as_deref()).await?;
                (EventKind::BidDeclined, json!({ "reason": reason }))
            }
        };
        let mut details = details;
        details["bid_id"] = json!(bid_id);
        NewEvent::rfq(&rfq.id, kind)
            .supplier(&bid.supplier_id)
            .change(bid.status.as_str(), to.as_str())
            .details(details)
            .write(&mut tx, actor)
            .await?;
        refresh_status(&mut tx, &rfq.id).await?;
        let rfq = fetch_rfq(&mut tx, &rfq.id, scope).await?;
        tx.commit().await?;
        Ok(rfq)
    }

    /// The bid's thread, oldest first.
    pub async fn bid_messages(&self, scope: &Scope, bid_id: &str) -> Result<Vec<BidMessage>> {
        let mut conn = self.read.acquire().await?;
        bid_in_scope(&mut conn, bid_id, scope).await?;
        let rows = sqlx::query(
            "SELECT id, author, party, body, files, created_at FROM bid_messages WHERE bid_id = $1 ORDER BY id",
        )
        .bind(bid_id)
        .fetch_all(&mut *conn)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(BidMessage {
                    id: r.col("id")?,
                    author: r.col("author")?,
                    party: r.parsed("party", BidParty::parse)?,
                    body: r.col("body")?,
                    files: r.opt_json("files")?.unwrap_or_default(),
                    created_at: r.time("created_at")?,
                })
            })
            .collect()
    }

    /// A message in the bid's thread, while the request is not cancelled.
    pub async fn post_bid_message(
        &self,
        actor: &Actor,
        scope: &Scope,
        bid_id: &str,
        (body, files): (String, Vec<String>),
    ) -> Result<BidMessage> {
        let mut tx = self.begin().await?;
        let (rfq, bid) = bid_in_scope(&mut tx, bid_id, scope).await?;
        if rfq.status == RfqStatus::Cancelled {
            return Err(closed(rfq.status));
        }
        let party = party_of(scope);
        let id = new_id();
        let now = now_ms();
        sqlx::query(
            "INSERT INTO bid_messages (id, bid_id, author, party, body, files, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&id)
        .bind(bid_id)
        .bind(&actor.label)
        .bind(party.as_str())
        .bind(&body)
        .bind((!files.is_empty()).then(|| crate::rows::to_json(&files)))
        .bind(now)
        .execute(&mut *tx)
        .await?;
        NewEvent::rfq(&rfq.id, EventKind::BidMessage)
            .supplier(&bid.supplier_id)
            .details(json!({ "bid_id": bid_id, "message_id": id }))
            .write(&mut tx, actor)
            .await?;
        tx.commit().await?;
        Ok(BidMessage {
            id,
            author: actor.label.clone(),
            party,
            body,
            files,
            created_at: crate::rows::from_ms(now)?,
        })
    }

    /// Whether `name` is a file of a message of bid `bid_id` in `scope`.
    pub async fn bid_has_file(&self, scope: &Scope, bid_id: &str, name: &str) -> Result<bool> {
        Ok(self
            .bid_messages(scope, bid_id)
            .await?
            .iter()
            .any(|m| m.files.iter().any(|f| f == name)))
    }
}
