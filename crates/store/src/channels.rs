//! Sales channels and the orders they send. Every delivery — a signed
//! webhook or an import — is applied in one transaction: the delivery id
//! recorded (a retry finds it and changes nothing), the order created or
//! its upstream state applied, unless the delivery is older than what was
//! applied already (out-of-order webhooks).

use crate::categories::config_event;
use crate::db::Store;
use crate::error::{OnUnique, Result, StoreError};
use crate::events::NewEvent;
use crate::orders::move_order;
use crate::rows::{RowExt, new_id, now_ms, to_json, to_ms};
use orderhub_channels::{
    Channel, ChannelKind, ChannelPatch, NewChannel, Outcome, Upstream, UpstreamState,
};
use orderhub_domain::ErrorCode;
use orderhub_domain::model::{Actor, EventKind, NewOrder, OrderTransition};
use orderhub_domain::{ORDER_LIFECYCLE, OrderStatus};
use serde_json::json;
use sqlx::AnyConnection;
use sqlx::any::AnyRow;

const COLUMNS: &str =
    "id, kind, name, secret, default_status, category_map, store_url, created_at FROM channels";

fn channel_from_row(row: &AnyRow) -> Result<Channel> {
    let secret: Option<String> = row.col("secret")?;
    Ok(Channel {
        id: row.col("id")?,
        kind: row.parsed("kind", ChannelKind::parse)?,
        name: row.col("name")?,
        has_secret: secret.is_some(),
        default_status: row.parsed("default_status", OrderStatus::parse)?,
        category_map: row.json("category_map")?,
        webhook_url: None,
        store_url: row.col("store_url")?,
        created_at: row.time("created_at")?,
    })
}

/// A delivery's outcome and the order it concerns.
#[derive(Debug, Clone)]
pub struct Received {
    pub outcome: Outcome,
    pub order_id: Option<String>,
}

impl Store {
    pub async fn create_channel(&self, actor: &Actor, new: NewChannel) -> Result<Channel> {
        let new = new.normalize()?;
        let id = new_id();
        let now = now_ms();
        let mut tx = self.begin().await?;
        sqlx::query(
            "INSERT INTO channels (id, kind, name, name_key, secret, default_status, category_map, created_at, updated_at, \
             store_url) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9)",
        )
        .bind(&id)
        .bind(new.kind.as_str())
        .bind(&new.name)
        .bind(new.name.to_lowercase())
        .bind(&new.secret)
        .bind(new.default_status.unwrap_or(OrderStatus::Pending).as_str())
        .bind(to_json(&new.category_map))
        .bind(now)
        .bind(&new.store_url)
        .execute(&mut *tx)
        .await
        .on_unique(ErrorCode::NameTaken, "name", "a channel with this name exists already")?;
        config_event(&mut tx, actor, EventKind::ChannelCreated, &id).await?;
        tx.commit().await?;
        self.get_channel(&id).await
    }

    /// Renames a channel or changes its secret, arrival status or
    /// category map.
    pub async fn update_channel(
        &self,
        actor: &Actor,
        id: &str,
        patch: ChannelPatch,
    ) -> Result<Channel> {
        let (current, secret) = self.channel_with_secret(id).await?;
        let new = patch.apply(&current, secret)?;
        let mut tx = self.begin().await?;
        sqlx::query(
            "UPDATE channels SET name = $2, name_key = $3, secret = $4, default_status = $5, category_map = $6, \
             updated_at = $7, store_url = $8 WHERE id = $1",
        )
        .bind(id)
        .bind(&new.name)
        .bind(new.name.to_lowercase())
        .bind(&new.secret)
        .bind(new.default_status.unwrap_or(OrderStatus::Pending).as_str())
        .bind(to_json(&new.category_map))
        .bind(now_ms())
        .bind(&new.store_url)
        .execute(&mut *tx)
        .await
        .on_unique(ErrorCode::NameTaken, "name", "a channel with this name exists already")?;
        config_event(&mut tx, actor, EventKind::ChannelUpdated, id).await?;
        tx.commit().await?;
        self.get_channel(id).await
    }

    /// Keeps the store address a platform's webhook told (Shopify's shop
    /// domain, WooCommerce's site), unless one is set already.
    pub async fn learn_store_url(&self, id: &str, url: &str) -> Result<()> {
        sqlx::query("UPDATE channels SET store_url = $2 WHERE id = $1 AND store_url IS NULL")
            .bind(id)
            .bind(url)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    pub async fn list_channels(&self) -> Result<Vec<Channel>> {
        let sql = format!("SELECT {COLUMNS} ORDER BY name_key");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_all(&self.read)
            .await?;
        rows.iter().map(channel_from_row).collect()
    }

    pub async fn get_channel(&self, id: &str) -> Result<Channel> {
        Ok(self.channel_with_secret(id).await?.0)
    }

    /// A channel and its webhook secret, to verify a delivery.
    pub async fn channel_with_secret(&self, id: &str) -> Result<(Channel, Option<String>)> {
        let sql = format!("SELECT {COLUMNS} WHERE id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(&self.read)
            .await?
            .ok_or_else(|| StoreError::not_found("channel", id))?;
        Ok((channel_from_row(&row)?, row.col("secret")?))
    }

    /// Applies one upstream order (see the module's comment). `deliveries`
    /// are the ids the platform gave this delivery (Shopify: its webhook id
    /// and its event id); any one seen before makes it a replay.
    pub async fn receive(
        &self,
        actor: &Actor,
        channel: &Channel,
        upstream: Upstream,
        deliveries: &[String],
    ) -> Result<Received> {
        let new = upstream.order.clone().normalize()?;
        let mut tx = self.begin().await?;
        for d in deliveries {
            let taken: Option<Option<String>> = sqlx::query_scalar(
                "SELECT order_id FROM channel_deliveries WHERE channel_id = $1 AND delivery_id = $2",
            )
            .bind(&channel.id)
            .bind(d)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some(order_id) = taken {
                return Ok(Received {
                    outcome: Outcome::Replayed,
                    order_id,
                });
            }
        }
        let known: Option<AnyRow> = sqlx::query(
            "SELECT order_id, upstream_updated_at FROM channel_orders WHERE channel_id = $1 AND upstream_id = $2",
        )
        .bind(&channel.id)
        .bind(&upstream.id)
        .fetch_optional(&mut *tx)
        .await?;
        let at = to_ms(upstream.updated_at);
        let received = match known {
            Some(row) if row.col::<i64>("upstream_updated_at")? >= at => Received {
                outcome: Outcome::Stale,
                order_id: row.col("order_id")?,
            },
            Some(row) => {
                let order_id: String = row.col("order_id")?;
                let outcome = apply(&mut tx, actor, channel, &order_id, &upstream, &new).await?;
                remember(&mut tx, channel, &upstream, &order_id, false).await?;
                Received {
                    outcome,
                    order_id: Some(order_id),
                }
            }
            None => {
                // new here — or stored before under the same number (an
                // import, a hand-entered order): then this applies to it
                // (cancelled before we heard of it: created, then cancelled)
                let done = crate::group::write(&mut tx, false, &[(actor, &new)], &channel.id)
                    .await?
                    .remove(0);
                let (order_id, created) = (done.id, done.created);
                let outcome = match (created, upstream.state) {
                    (true, UpstreamState::Open) => Outcome::Created,
                    _ => apply(&mut tx, actor, channel, &order_id, &upstream, &new).await?,
                };
                remember(&mut tx, channel, &upstream, &order_id, true).await?;
                Received {
                    outcome,
                    order_id: Some(order_id),
                }
            }
        };
        let applied = !matches!(
            received.outcome,
            Outcome::Stale | Outcome::Replayed | Outcome::Ignored
        );
        if let (Some(order_id), true) = (&received.order_id, applied) {
            crate::fulfilments::adopt_line_ids(&mut tx, order_id, &new.lines, &upstream.line_ids)
                .await?;
            crate::cases_upstream::from_upstream(&mut tx, actor, order_id, &upstream.refunds)
                .await?;
        }
        for d in deliveries {
            sqlx::query(
                "INSERT INTO channel_deliveries (channel_id, delivery_id, order_id, outcome, received_at) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(&channel.id)
            .bind(d)
            .bind(&received.order_id)
            .bind(received.outcome.as_str())
            .bind(now_ms())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(received)
    }
}

/// Applies a newer upstream state to a known order: a cancellation or
/// refund cancels it while the lifecycle allows, and is flagged otherwise;
/// an open order's changes are taken ([`crate::upstream`]).
async fn apply(
    conn: &mut AnyConnection,
    actor: &Actor,
    channel: &Channel,
    order_id: &str,
    upstream: &Upstream,
    new: &NewOrder,
) -> Result<Outcome> {
    let details = json!({
        "upstream_id": upstream.id,
        "upstream_state": upstream.state.as_str(),
        "upstream_updated_at": upstream.updated_at.unix_timestamp(),
    });
    let event = |kind| NewEvent::order(order_id, kind).details(details.clone());
    match upstream.state {
        UpstreamState::Open => {
            return crate::upstream::apply_open(conn, actor, channel, order_id, new, details).await;
        }
        UpstreamState::Delivered => {
            let outcome =
                crate::upstream::apply_open(conn, actor, channel, order_id, new, details).await?;
            return delivered(conn, actor, order_id, outcome).await;
        }
        UpstreamState::Cancelled | UpstreamState::Refunded => {}
    }
    let status: String = sqlx::query_scalar("SELECT status FROM orders WHERE id = $1")
        .bind(order_id)
        .fetch_one(&mut *conn)
        .await?;
    let status = OrderStatus::parse(&status)
        .ok_or_else(|| StoreError::Corrupt(format!("order status {status}")))?;
    if status == OrderStatus::Cancelled {
        event(EventKind::OrderUpstreamUpdated)
            .write(conn, actor)
            .await?;
        return Ok(Outcome::Updated);
    }
    let reason = format!("{} upstream", upstream.state.as_str());
    let cancel = OrderTransition {
        to: OrderStatus::Cancelled,
        reason: Some(reason.clone()),
    };
    let cancellable = ORDER_LIFECYCLE
        .check(status, OrderStatus::Cancelled, actor.party)
        .is_ok();
    if cancellable {
        match move_order(conn, actor, order_id, &cancel).await {
            Ok(()) => return Ok(Outcome::Cancelled),
            // a task has shipped: a person has to sort it out
            Err(StoreError::Conflict { .. }) => {}
            Err(e) => return Err(e),
        }
    }
    event(EventKind::OrderFlagged)
        .details(json!({
            "reason": reason,
            "upstream_id": upstream.id,
            "status_here": status.as_str(),
        }))
        .write(conn, actor)
        .await?;
    Ok(Outcome::Flagged)
}

/// The marketplace says the buyer has the goods: an order shipped here
/// completes (receipt confirmed by the marketplace); one not shipped here
/// yet keeps what `applied` did, and completes when its tasks ship and
/// the buyer or the auto-confirm says so.
async fn delivered(
    conn: &mut AnyConnection,
    actor: &Actor,
    order_id: &str,
    applied: Outcome,
) -> Result<Outcome> {
    if crate::records::lock_order(conn, order_id).await? != OrderStatus::Shipped {
        return Ok(applied);
    }
    let complete = OrderTransition {
        to: OrderStatus::Completed,
        reason: Some("delivered, says the marketplace".into()),
    };
    move_order(conn, actor, order_id, &complete).await?;
    Ok(Outcome::Completed)
}

/// Records (or moves forward) what was applied for an upstream order.
async fn remember(
    conn: &mut AnyConnection,
    channel: &Channel,
    upstream: &Upstream,
    order_id: &str,
    new: bool,
) -> Result<()> {
    let sql = match new {
        true => {
            "INSERT INTO channel_orders (channel_id, upstream_id, order_id, upstream_updated_at, upstream_state) \
             VALUES ($1, $2, $3, $4, $5)"
        }
        false => {
            "UPDATE channel_orders SET order_id = $3, upstream_updated_at = $4, upstream_state = $5 \
             WHERE channel_id = $1 AND upstream_id = $2"
        }
    };
    sqlx::query(sql)
        .bind(&channel.id)
        .bind(&upstream.id)
        .bind(order_id)
        .bind(to_ms(upstream.updated_at))
        .bind(upstream.state.as_str())
        .execute(&mut *conn)
        .await?;
    Ok(())
}
