//! Every change to stock: the item locked, the movement checked by
//! [`Level`], the figures and the movement written together, and the
//! low-stock alert raised when available crosses its threshold.

use super::{ITEM_COLUMNS, item_from_row, location_by_code};
use crate::db::Store;
use crate::error::{Result, StoreError};
use crate::events::NewEvent;
use crate::rows::{RowExt, new_id, now_ms};
use orderhub_domain::inventory::{
    Counted, Level, Location, MovementKind, NewIssue, NewReceipt, NewStocktake, NewTransfer,
    SetThreshold, Short, StockItem, Stocktake, sku_key,
};
use orderhub_domain::model::{Actor, EventKind};
use orderhub_domain::{ErrorCode, ValidationError};
use serde_json::json;
use sqlx::AnyConnection;

/// A stock item locked for a change (its row held until commit).
pub(crate) struct Locked {
    pub id: String,
    pub sku: String,
    pub location_code: String,
    pub level: Level,
    pub low_at: Option<i64>,
}

/// One movement to apply.
#[derive(Default)]
pub(crate) struct Move<'a> {
    pub kind: Option<MovementKind>,
    /// Units (signed for an adjustment).
    pub quantity: i64,
    pub reservation_id: Option<&'a str>,
    pub order_id: Option<&'a str>,
    pub task_id: Option<&'a str>,
    pub transfer_id: Option<&'a str>,
    pub reference: Option<&'a str>,
    pub reason: Option<&'a str>,
    /// The request field a refusal names.
    pub field: &'static str,
}

/// Locks `sku` at `location` (created with nothing on hand when `create`).
pub(crate) async fn lock_item(
    conn: &mut AnyConnection,
    location: &Location,
    sku: &str,
    title: Option<&str>,
    create: bool,
) -> Result<Locked> {
    let now = now_ms();
    if create {
        sqlx::query(
            "INSERT INTO stock_items (id, location_id, sku, sku_key, title, on_hand, reserved, updated_at) \
             VALUES ($1, $2, $3, $4, $5, 0, 0, $6) ON CONFLICT (sku_key, location_id) DO NOTHING",
        )
        .bind(new_id())
        .bind(&location.id)
        .bind(sku)
        .bind(sku_key(sku))
        .bind(title)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    }
    let row = sqlx::query(
        "UPDATE stock_items SET updated_at = updated_at WHERE sku_key = $1 AND location_id = $2 \
         RETURNING id, sku, on_hand, reserved, low_at",
    )
    .bind(sku_key(sku))
    .bind(&location.id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| {
        ValidationError::new(
            "sku",
            ErrorCode::UnknownSku,
            format!("{sku} has no stock at {}", location.code),
        )
    })?;
    Ok(Locked {
        id: row.col("id")?,
        sku: row.col("sku")?,
        location_code: location.code.clone(),
        level: Level {
            on_hand: row.col("on_hand")?,
            reserved: row.col("reserved")?,
        },
        low_at: row.col("low_at")?,
    })
}

/// Locks item `id` (at the location coded `location_code`).
pub(crate) async fn lock_by_id(
    conn: &mut AnyConnection,
    id: &str,
    location_code: &str,
) -> Result<Locked> {
    let row = sqlx::query(
        "UPDATE stock_items SET updated_at = updated_at WHERE id = $1 \
         RETURNING id, sku, on_hand, reserved, low_at",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| StoreError::not_found("stock item", id))?;
    Ok(Locked {
        id: row.col("id")?,
        sku: row.col("sku")?,
        location_code: location_code.to_owned(),
        level: Level {
            on_hand: row.col("on_hand")?,
            reserved: row.col("reserved")?,
        },
        low_at: row.col("low_at")?,
    })
}

/// A refused movement as the API reports it.
fn refused(short: Short, field: &'static str) -> StoreError {
    match short {
        Short::TooMany => ValidationError::new(field, short.code(), short.to_string()).into(),
        _ => StoreError::conflict(short.code(), Some(field), short.to_string()),
    }
}

/// Applies `m` to the locked `item`: checked, written with its movement,
/// and the alert raised if available has just fallen to the threshold.
pub(crate) async fn move_stock(
    conn: &mut AnyConnection,
    actor: &Actor,
    item: &mut Locked,
    m: &Move<'_>,
) -> Result<()> {
    let kind = m.kind.expect("a movement has a kind");
    let before = item.level;
    let after = before
        .apply(kind, m.quantity)
        .map_err(|s| refused(s, m.field))?;
    let now = now_ms();
    sqlx::query(
        "UPDATE stock_items SET on_hand = $2, reserved = $3, updated_at = $4 WHERE id = $1",
    )
    .bind(&item.id)
    .bind(after.on_hand)
    .bind(after.reserved)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO stock_movements (id, item_id, kind, quantity, on_hand_after, reserved_after, \
         reservation_id, order_id, task_id, transfer_id, reference, reason, by_label, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
    )
    .bind(new_id())
    .bind(&item.id)
    .bind(kind.as_str())
    .bind(m.quantity.abs())
    .bind(after.on_hand)
    .bind(after.reserved)
    .bind(m.reservation_id)
    .bind(m.order_id)
    .bind(m.task_id)
    .bind(m.transfer_id)
    .bind(m.reference)
    .bind(m.reason)
    .bind(&actor.label)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    if !before.is_low(item.low_at) && after.is_low(item.low_at) {
        NewEvent {
            order_id: None,
            task_id: None,
            rfq_id: None,
            supplier_id: None,
            kind: EventKind::StockLow,
            from: None,
            to: None,
            details: json!({
                "item_id": item.id,
                "sku": item.sku,
                "location": item.location_code,
                "available": after.available(),
                "low_at": item.low_at,
            }),
        }
        .write(conn, actor)
        .await?;
    }
    item.level = after;
    Ok(())
}

/// One stock item as it stands in the transaction.
async fn item(conn: &mut AnyConnection, id: &str) -> Result<StockItem> {
    let sql = format!(
        "SELECT {ITEM_COLUMNS} FROM stock_items i JOIN stock_locations l ON l.id = i.location_id WHERE i.id = $1"
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
    item_from_row(&row)
}

impl Store {
    /// Units came in (入库).
    pub async fn receive_stock(&self, actor: &Actor, new: NewReceipt) -> Result<StockItem> {
        let new = new.validate()?;
        let m = Move {
            kind: Some(MovementKind::Receipt),
            quantity: new.quantity,
            reference: new.reference.as_deref(),
            field: "quantity",
            ..Move::default()
        };
        let item = self
            .move_one(actor, (&new.location, &new.sku), new.title.as_deref(), m)
            .await?;
        self.restocked(actor, &item.sku).await;
        Ok(item)
    }

    /// Units went out not against a reservation (出库).
    pub async fn issue_stock(&self, actor: &Actor, new: NewIssue) -> Result<StockItem> {
        let new = new.validate()?;
        let m = Move {
            kind: Some(MovementKind::Issue),
            quantity: new.quantity,
            reference: new.reference.as_deref(),
            reason: Some(&new.reason),
            field: "quantity",
            ..Move::default()
        };
        self.move_one(actor, (&new.location, &new.sku), None, m)
            .await
    }

    /// One movement of `sku` at the location coded `location`; a receipt
    /// creates the item (with `title`).
    async fn move_one(
        &self,
        actor: &Actor,
        (location, sku): (&str, &str),
        title: Option<&str>,
        m: Move<'_>,
    ) -> Result<StockItem> {
        let mut tx = self.begin().await?;
        let loc = location_by_code(&mut tx, "location", location).await?;
        let create = m.kind == Some(MovementKind::Receipt);
        let mut it = lock_item(&mut tx, &loc, sku, title, create).await?;
        move_stock(&mut tx, actor, &mut it, &m).await?;
        let out = item(&mut tx, &it.id).await?;
        tx.commit().await?;
        Ok(out)
    }

    /// Units move between locations; both items are locked in location
    /// code order, so two opposite transfers cannot deadlock.
    pub async fn transfer_stock(
        &self,
        actor: &Actor,
        new: NewTransfer,
    ) -> Result<(StockItem, StockItem)> {
        let new = new.validate()?;
        let mut tx = self.begin().await?;
        let from = location_by_code(&mut tx, "from", &new.from).await?;
        let to = location_by_code(&mut tx, "to", &new.to).await?;
        let (mut a, mut b) = if sku_key(&from.code) < sku_key(&to.code) {
            let a = lock_item(&mut tx, &from, &new.sku, None, false).await?;
            (a, lock_item(&mut tx, &to, &new.sku, None, true).await?)
        } else {
            let b = lock_item(&mut tx, &to, &new.sku, None, true).await?;
            (lock_item(&mut tx, &from, &new.sku, None, false).await?, b)
        };
        let transfer = new_id();
        let m = Move {
            kind: Some(MovementKind::TransferOut),
            quantity: new.quantity,
            transfer_id: Some(&transfer),
            reference: new.reference.as_deref(),
            field: "quantity",
            ..Move::default()
        };
        move_stock(&mut tx, actor, &mut a, &m).await?;
        let m = Move {
            kind: Some(MovementKind::TransferIn),
            ..m
        };
        move_stock(&mut tx, actor, &mut b, &m).await?;
        let out = (item(&mut tx, &a.id).await?, item(&mut tx, &b.id).await?);
        tx.commit().await?;
        self.restocked(actor, &out.1.sku).await;
        Ok(out)
    }

    /// A stocktake (盘点): each SKU counted at the location, its difference
    /// recorded as an adjustment with the reason (a zero difference too,
    /// so the count itself is on record). All or nothing.
    pub async fn count_stock(&self, actor: &Actor, new: NewStocktake) -> Result<Stocktake> {
        let mut new = new.validate()?;
        // locked in one order by every stocktake
        new.counts.sort_by_key(|c| sku_key(&c.sku));
        let mut tx = self.begin().await?;
        let loc = location_by_code(&mut tx, "location", &new.location).await?;
        let id = format!("ST-{}", new_id());
        let mut lines = Vec::with_capacity(new.counts.len());
        for c in &new.counts {
            let mut it = lock_item(&mut tx, &loc, &c.sku, None, true).await?;
            let before = it.level.on_hand;
            let difference = it.level.count(c.counted).map_err(|s| {
                let e = refused(s, "counts");
                match e {
                    StoreError::Conflict {
                        code,
                        field,
                        detail,
                    } => StoreError::Conflict {
                        code,
                        field,
                        detail: format!("{}: {detail}", c.sku),
                    },
                    e => e,
                }
            })?;
            let m = Move {
                kind: Some(MovementKind::Adjustment),
                quantity: difference,
                reference: Some(&id),
                reason: Some(&new.reason),
                field: "counts",
                ..Move::default()
            };
            move_stock(&mut tx, actor, &mut it, &m).await?;
            lines.push(Counted {
                sku: it.sku,
                before,
                counted: c.counted,
                difference,
            });
        }
        tx.commit().await?;
        for l in lines.iter().filter(|l| l.difference > 0) {
            self.restocked(actor, &l.sku).await;
        }
        Ok(Stocktake {
            id,
            location: loc.code,
            lines,
        })
    }

    /// Sets or clears an item's low-stock threshold.
    pub async fn set_stock_threshold(&self, id: &str, set: SetThreshold) -> Result<StockItem> {
        let set = set.validate()?;
        let mut tx = self.begin().await?;
        let done = sqlx::query("UPDATE stock_items SET low_at = $2, updated_at = $3 WHERE id = $1")
            .bind(id)
            .bind(set.low_at)
            .bind(now_ms())
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::not_found("stock item", id));
        }
        let out = item(&mut tx, id).await?;
        tx.commit().await?;
        Ok(out)
    }
}
