//! Stock and orders: what the review gate and the release planner read
//! of stock, the reservations a release makes for the tasks it fills from
//! stock, and those reservations following their tasks (shipped: the
//! units leave; rejected or cancelled: they are available again).

use super::moves::{Move, lock_by_id, move_stock};
use crate::error::Result;
use crate::rows::{RowExt, new_id, now_ms, select_in};
use orderhub_domain::TaskStatus;
use orderhub_domain::inventory::MovementKind;
use orderhub_domain::model::Actor;
use orderhub_domain::release::{Plan, StockPick};
use orderhub_domain::review::StockLevels;
use sqlx::AnyConnection;
use std::collections::BTreeMap;

/// The locations that ship orders: those a supplier picks from.
const SHIPPING: &str = "FROM stock_items i JOIN stock_locations l ON l.id = i.location_id \
     WHERE l.supplier_id IS NOT NULL AND i.on_hand > i.reserved AND i.sku_key IN (";

/// Units available of each of `keys` (SKU keys) where orders ship from.
pub(crate) async fn levels(conn: &mut AnyConnection, keys: &[String]) -> Result<StockLevels> {
    let mut levels = StockLevels::default();
    let head = format!("SELECT i.sku_key, i.on_hand - i.reserved AS available {SHIPPING}");
    let tail = " ORDER BY l.code_key, i.sku_key";
    for r in select_in(conn, &head, keys, tail).await? {
        levels.add(&r.col::<String>("sku_key")?, r.col("available")?);
    }
    Ok(levels)
}

/// The stock a release may take for `keys`, locked until the transaction
/// ends, in the order every stock change locks items (location code, then
/// SKU), so the figures the planner sees are the ones it writes against.
pub(crate) async fn picks(
    conn: &mut AnyConnection,
    keys: &[String],
) -> Result<BTreeMap<String, Vec<StockPick>>> {
    let mut out: BTreeMap<String, Vec<StockPick>> = BTreeMap::new();
    if keys.is_empty() {
        return Ok(out);
    }
    let lock = match conn.backend_name() {
        "SQLite" => "",
        _ => " FOR UPDATE OF i",
    };
    let head = format!(
        "SELECT i.id, i.sku_key, l.code, l.supplier_id, i.on_hand - i.reserved AS available {SHIPPING}"
    );
    let tail = format!(" ORDER BY l.code_key, i.sku_key{lock}");
    for r in select_in(conn, &head, keys, &tail).await? {
        out.entry(r.col("sku_key")?).or_default().push(StockPick {
            item_id: r.col("id")?,
            location_code: r.col("code")?,
            keeper: r.col("supplier_id")?,
            available: r.col("available")?,
        });
    }
    Ok(out)
}

/// Reserves the units of every task `plan` fills from stock.
pub(crate) async fn reserve_for(conn: &mut AnyConnection, plan: &Plan) -> Result<()> {
    let system = Actor::system();
    for t in &plan.tasks {
        let Some(from) = &t.from_stock else {
            continue;
        };
        let mut item = lock_by_id(conn, &from.item_id, &from.location_code).await?;
        let id = new_id();
        let m = Move {
            kind: Some(MovementKind::Reservation),
            quantity: t.quantity,
            reservation_id: Some(&id),
            order_id: Some(&t.order_id),
            task_id: Some(&t.id),
            field: "quantity",
            ..Move::default()
        };
        move_stock(conn, &system, &mut item, &m).await?;
        sqlx::query(
            "INSERT INTO stock_reservations (id, item_id, quantity, status, order_id, line_id, task_id, created_at) \
             VALUES ($1, $2, $3, 'held', $4, $5, $6, $7)",
        )
        .bind(&id)
        .bind(&from.item_id)
        .bind(t.quantity)
        .bind(&t.order_id)
        .bind(&t.line_id)
        .bind(&t.id)
        .bind(now_ms())
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// A task moved to `to`: its held reservation, if it has one, ships with
/// it or is let go with it.
pub(crate) async fn follow_task(
    conn: &mut AnyConnection,
    actor: &Actor,
    task_id: &str,
    to: TaskStatus,
) -> Result<()> {
    let (kind, status) = match to {
        TaskStatus::Shipped => (MovementKind::Shipment, "shipped"),
        TaskStatus::Rejected | TaskStatus::Cancelled => (MovementKind::Release, "released"),
        _ => return Ok(()),
    };
    let held = sqlx::query(
        "UPDATE stock_reservations SET status = $2, closed_at = $3 WHERE task_id = $1 AND status = 'held' \
         RETURNING id, item_id, quantity, order_id",
    )
    .bind(task_id)
    .bind(status)
    .bind(now_ms())
    .fetch_all(&mut *conn)
    .await?;
    for r in &held {
        let code: String = sqlx::query_scalar(
            "SELECT l.code FROM stock_items i JOIN stock_locations l ON l.id = i.location_id WHERE i.id = $1",
        )
        .bind(r.col::<String>("item_id")?)
        .fetch_one(&mut *conn)
        .await?;
        let mut item = lock_by_id(conn, &r.col::<String>("item_id")?, &code).await?;
        let (id, order): (String, Option<String>) = (r.col("id")?, r.col("order_id")?);
        let m = Move {
            kind: Some(kind),
            quantity: r.col("quantity")?,
            reservation_id: Some(&id),
            order_id: order.as_deref(),
            task_id: Some(task_id),
            field: "quantity",
            ..Move::default()
        };
        move_stock(conn, actor, &mut item, &m).await?;
    }
    Ok(())
}

/// Held orders looked at again per receipt, oldest first; the rest wait
/// for the next receipt or a person.
const RECHECK: i64 = 50;

impl crate::db::Store {
    /// Stock of `sku` came in (a receipt, a transfer, a count, a
    /// reservation let go): pending orders held on stock with a line of
    /// it, or held on materials with a line whose product uses it, are put
    /// through the gate again, each in its own transaction
    /// after the stock change committed (an order is locked before stock,
    /// never after). A failure is logged: the order stays held.
    pub(crate) async fn restocked(&self, actor: &Actor, sku: &str) {
        // held on the SKU itself, or on a material one of its lines uses
        let waiting: Vec<String> = match sqlx::query_scalar(
            "SELECT id FROM (\
             SELECT o.id FROM orders o JOIN order_lines l ON l.order_id = o.id \
             WHERE o.status = 'pending' AND o.hold LIKE '%\"stock\"%' AND LOWER(TRIM(l.platform_sku)) = $1 \
             UNION SELECT o.id FROM orders o JOIN order_lines l ON l.order_id = o.id \
             JOIN products p ON p.code_key = LOWER(TRIM(l.platform_sku)) \
             JOIN product_materials m ON m.product_id = p.id \
             WHERE o.status = 'pending' AND o.hold LIKE '%\"materials\"%' AND m.sku_key = $1\
             ) AS held ORDER BY id LIMIT $2",
        )
        .bind(orderhub_domain::inventory::sku_key(sku))
        .bind(RECHECK)
        .fetch_all(&self.read)
        .await
        {
            Ok(ids) => ids,
            Err(e) => {
                tracing::warn!(error = %e, sku, "held orders not looked at after a receipt");
                return;
            }
        };
        for id in waiting {
            let again = async {
                let mut tx = self.begin().await?;
                crate::records::lock_order(&mut tx, &id).await?;
                crate::review::after_change(&mut tx, actor, &id).await?;
                tx.commit().await?;
                Ok::<_, crate::error::StoreError>(())
            };
            if let Err(e) = again.await {
                tracing::warn!(error = %e, order = %id, "a held order was not released after a receipt");
            }
        }
    }
}
