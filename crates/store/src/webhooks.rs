//! Outbound webhooks: endpoints, the outbox and its delivery log. Messages
//! are written with the events they carry, in the same transaction
//! ([`append`]); a worker claims the due ones ([`Store::claim_messages`]:
//! `FOR UPDATE SKIP LOCKED` on PostgreSQL, so instances never send one
//! twice at once) and records each attempt ([`Store::record_attempt`]).

use crate::db::Store;
use crate::error::{Result, StoreError};
use crate::records::{Subject, visible};
use crate::rows::{RowExt, new_id, now_ms};
use orderhub_channels::outbound::{Endpoint, EndpointPatch, Message, NewEndpoint, RETRY_SECONDS};
use orderhub_domain::Scope;
use orderhub_domain::model::{Actor, Event};
use sqlx::{AnyConnection, AssertSqlSafe};

/// A message due for sending, with what it takes to send it.
#[derive(Debug, Clone)]
pub struct Due {
    pub id: String,
    pub url: String,
    pub secret: String,
    pub event_type: String,
    pub event: Event,
    /// A supplier's endpoint: the event goes without its details.
    pub for_supplier: bool,
    pub attempts: i64,
}

/// Subscribes an endpoint to event types.
async fn subscribe(conn: &mut AnyConnection, endpoint: &str, events: &[String]) -> Result<()> {
    for e in events {
        sqlx::query("INSERT INTO webhook_subscriptions (endpoint_id, event_type) VALUES ($1, $2)")
            .bind(endpoint)
            .bind(e)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

impl Store {
    /// A new endpoint (a supplier's is limited to its own tasks); the
    /// answer carries its secret, which is not shown again.
    pub async fn create_endpoint(
        &self,
        actor: &Actor,
        scope: &Scope,
        new: NewEndpoint,
        secret: String,
    ) -> Result<Endpoint> {
        let new = new.normalize(scope.supplier().is_some())?;
        let id = new_id();
        let mut tx = self.begin().await?;
        sqlx::query(
            "INSERT INTO webhook_endpoints (id, url, secret, supplier_id, active, created_by, created_at) \
             VALUES ($1, $2, $3, $4, 1, $5, $6)",
        )
        .bind(&id)
        .bind(&new.url)
        .bind(&secret)
        .bind(scope.supplier())
        .bind(&actor.label)
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
        subscribe(&mut tx, &id, &new.events).await?;
        tx.commit().await?;
        let mut endpoint = self.get_endpoint(&id, scope).await?;
        endpoint.secret = Some(secret);
        Ok(endpoint)
    }

    /// The caller's endpoints (a supplier's own), newest first.
    pub async fn list_endpoints(&self, scope: &Scope) -> Result<Vec<Endpoint>> {
        let sql = format!(
            "SELECT w.id FROM webhook_endpoints w WHERE 1 = 1{} ORDER BY w.id DESC",
            visible(scope, Subject::Own("w"), 1)
        );
        let mut q = sqlx::query_scalar::<_, String>(AssertSqlSafe(sql));
        if let Some(s) = scope.supplier() {
            q = q.bind(s);
        }
        let mut out = Vec::new();
        for id in q.fetch_all(&self.read).await? {
            out.push(self.get_endpoint(&id, scope).await?);
        }
        Ok(out)
    }

    pub async fn get_endpoint(&self, id: &str, scope: &Scope) -> Result<Endpoint> {
        let sql = format!(
            "SELECT w.id, w.url, w.supplier_id, w.active, w.created_at FROM webhook_endpoints w WHERE w.id = $1{}",
            visible(scope, Subject::Own("w"), 2)
        );
        let mut q = sqlx::query(AssertSqlSafe(sql)).bind(id);
        if let Some(s) = scope.supplier() {
            q = q.bind(s);
        }
        let row = q
            .fetch_optional(&self.read)
            .await?
            .ok_or_else(|| StoreError::not_found("webhook endpoint", id))?;
        let events = sqlx::query_scalar(
            "SELECT event_type FROM webhook_subscriptions WHERE endpoint_id = $1 ORDER BY event_type",
        )
        .bind(id)
        .fetch_all(&self.read)
        .await?;
        Ok(Endpoint {
            id: row.col("id")?,
            url: row.col("url")?,
            events,
            supplier_id: row.col("supplier_id")?,
            active: row.flag("active")?,
            secret: None,
            created_at: row.time("created_at")?,
        })
    }

    /// An endpoint's messages, newest first (the delivery log).
    pub async fn endpoint_messages(&self, id: &str, scope: &Scope) -> Result<Vec<Message>> {
        self.get_endpoint(id, scope).await?;
        let rows = sqlx::query(
            "SELECT m.id, m.event_type, m.event_id, m.status, m.attempts, m.next_attempt_at, m.delivered_at, \
             (SELECT a.status_code FROM webhook_attempts a WHERE a.message_id = m.id ORDER BY a.id DESC LIMIT 1) AS last_status_code, \
             (SELECT a.error FROM webhook_attempts a WHERE a.message_id = m.id ORDER BY a.id DESC LIMIT 1) AS last_error \
             FROM webhook_messages m WHERE m.endpoint_id = $1 ORDER BY m.created_at DESC, m.id DESC LIMIT 200",
        )
        .bind(id)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                let status: String = r.col("status")?;
                Ok(Message {
                    id: r.col("id")?,
                    event_type: r.col("event_type")?,
                    event_id: r.col("event_id")?,
                    next_attempt_at: match status.as_str() {
                        "pending" => r.opt_time("next_attempt_at")?,
                        _ => None,
                    },
                    status,
                    attempts: r.col("attempts")?,
                    delivered_at: r.opt_time("delivered_at")?,
                    last_status_code: r.col("last_status_code")?,
                    last_error: r.col("last_error")?,
                })
            })
            .collect()
    }

    /// Changes an endpoint's URL, event types or whether it is active; a
    /// paused endpoint's messages wait and go once it is active again.
    pub async fn update_endpoint(
        &self,
        id: &str,
        scope: &Scope,
        patch: EndpointPatch,
    ) -> Result<Endpoint> {
        let cur = self.get_endpoint(id, scope).await?;
        let new = NewEndpoint {
            url: patch.url.unwrap_or(cur.url),
            events: patch.events.unwrap_or(cur.events),
        }
        .normalize(cur.supplier_id.is_some())?;
        let mut tx = self.begin().await?;
        sqlx::query("UPDATE webhook_endpoints SET url = $2, active = $3 WHERE id = $1")
            .bind(id)
            .bind(&new.url)
            .bind(i64::from(patch.active.unwrap_or(cur.active)))
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM webhook_subscriptions WHERE endpoint_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        subscribe(&mut tx, id, &new.events).await?;
        tx.commit().await?;
        self.get_endpoint(id, scope).await
    }

    /// Replaces an endpoint's signing secret; the answer carries the new
    /// one, shown once. Messages sent from now on are signed with it.
    pub async fn rotate_secret(&self, id: &str, scope: &Scope, secret: String) -> Result<Endpoint> {
        self.get_endpoint(id, scope).await?;
        sqlx::query("UPDATE webhook_endpoints SET secret = $2 WHERE id = $1")
            .bind(id)
            .bind(&secret)
            .execute(&self.write)
            .await?;
        let mut endpoint = self.get_endpoint(id, scope).await?;
        endpoint.secret = Some(secret);
        Ok(endpoint)
    }

    /// Removes an endpoint with its subscriptions, messages and log.
    pub async fn delete_endpoint(&self, id: &str, scope: &Scope) -> Result<()> {
        self.get_endpoint(id, scope).await?;
        let mut tx = self.begin().await?;
        for sql in [
            "DELETE FROM webhook_attempts WHERE message_id IN (SELECT id FROM webhook_messages WHERE endpoint_id = $1)",
            "DELETE FROM webhook_messages WHERE endpoint_id = $1",
            "DELETE FROM webhook_subscriptions WHERE endpoint_id = $1",
            "DELETE FROM webhook_endpoints WHERE id = $1",
        ] {
            sqlx::query(sql).bind(id).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Sends a message again as soon as a worker is free (a delivered or
    /// given-up one too).
    pub async fn redeliver(&self, endpoint: &str, message: &str, scope: &Scope) -> Result<()> {
        self.get_endpoint(endpoint, scope).await?;
        let done = sqlx::query(
            "UPDATE webhook_messages SET status = 'pending', next_attempt_at = $3, locked_until = NULL \
             WHERE id = $1 AND endpoint_id = $2",
        )
        .bind(message)
        .bind(endpoint)
        .bind(now_ms())
        .execute(&self.write)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::not_found("webhook message", message));
        }
        Ok(())
    }

    /// Claims up to `limit` due messages for `lease_ms` (another worker
    /// takes them only after that, e.g. when this one died).
    pub async fn claim_messages(&self, limit: i64, lease_ms: i64) -> Result<Vec<Due>> {
        let now = now_ms();
        let skip_locked = self.skip_locked();
        let sql = format!(
            "UPDATE webhook_messages SET locked_until = $1 WHERE id IN (SELECT id FROM webhook_messages \
             WHERE status = 'pending' AND next_attempt_at <= $2 AND (locked_until IS NULL OR locked_until < $2) \
             AND endpoint_id IN (SELECT id FROM webhook_endpoints WHERE active = 1 \
             AND (supplier_id IS NULL OR supplier_id IN (SELECT id FROM suppliers WHERE active = 1))) \
             ORDER BY next_attempt_at LIMIT {limit}{skip_locked}) RETURNING id"
        );
        let ids: Vec<String> = sqlx::query_scalar(AssertSqlSafe(sql))
            .bind(now + lease_ms)
            .bind(now)
            .fetch_all(&self.write)
            .await?;
        let mut due = Vec::new();
        for id in ids {
            let row = sqlx::query(
                "SELECT m.id AS message_id, m.event_type, m.attempts, w.url, w.secret, w.supplier_id, \
                 e.id, e.order_id, e.task_id, e.rfq_id, e.kind, e.actor, e.from_status, e.to_status, e.details, e.created_at \
                 FROM webhook_messages m JOIN webhook_endpoints w ON w.id = m.endpoint_id \
                 JOIN events e ON e.id = m.event_id WHERE m.id = $1",
            )
            .bind(&id)
            .fetch_one(&self.read)
            .await?;
            let supplier: Option<String> = row.col("supplier_id")?;
            due.push(Due {
                id: row.col("message_id")?,
                url: row.col("url")?,
                secret: row.col("secret")?,
                event_type: row.col("event_type")?,
                event: crate::events::event_from_row(&row)?,
                for_supplier: supplier.is_some(),
                attempts: row.col("attempts")?,
            });
        }
        Ok(due)
    }

    /// Records one attempt: delivered on a 2xx, else retried on the
    /// schedule and given up after its last step.
    pub async fn record_attempt(
        &self,
        message: &Due,
        status_code: Option<u16>,
        error: Option<String>,
        duration_ms: i64,
    ) -> Result<()> {
        let now = now_ms();
        let ok = status_code.is_some_and(|s| (200..300).contains(&s));
        let attempts = message.attempts + 1;
        let (status, next) = match (ok, RETRY_SECONDS.get((attempts - 1) as usize)) {
            (true, _) => ("delivered", now),
            (false, Some(wait)) => ("pending", now + wait * 1000 / self.webhook_speedup),
            (false, None) => ("failed", now),
        };
        let mut tx = self.begin().await?;
        sqlx::query(
            "INSERT INTO webhook_attempts (id, message_id, attempted_at, status_code, error, duration_ms) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(new_id())
        .bind(&message.id)
        .bind(now)
        .bind(status_code.map(i64::from))
        .bind(error)
        .bind(duration_ms)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE webhook_messages SET status = $2, attempts = $3, next_attempt_at = $4, locked_until = NULL, \
             delivered_at = CASE WHEN $2 = 'delivered' THEN $5 ELSE delivered_at END WHERE id = $1",
        )
        .bind(&message.id)
        .bind(status)
        .bind(attempts)
        .bind(next)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// The Standard Webhooks body of a message: `{"type", "timestamp", "data"}`.
/// A supplier's endpoint gets the event without its details (routing
/// decisions name other suppliers), except a shipment's carrier and
/// tracking number.
pub fn body(due: &Due) -> serde_json::Value {
    let e = &due.event;
    let details = match due.for_supplier {
        false => e.details.clone(),
        true => {
            let keep = [
                "carrier",
                "tracking_number",
                "bid_id",
                "version",
                "reason",
                "contract_id",
                "party",
                "sha256",
            ];
            let kept: serde_json::Map<_, _> = e
                .details
                .as_object()
                .map(|d| {
                    d.iter()
                        .filter(|(k, _)| keep.contains(&k.as_str()))
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect()
                })
                .unwrap_or_default();
            serde_json::Value::Object(kept)
        }
    };
    let at = e
        .created_at
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default();
    serde_json::json!({
        "type": due.event_type,
        "timestamp": at,
        "data": {
            "event_id": e.id,
            "kind": e.kind,
            "order_id": e.order_id,
            "task_id": e.task_id,
            "rfq_id": e.rfq_id,
            "from_status": e.from_status,
            "to_status": e.to_status,
            "actor": if due.for_supplier { serde_json::Value::Null } else { serde_json::json!(e.actor) },
            "details": details,
        }
    })
}
