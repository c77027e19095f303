//! Inventory as stored: locations, stock items with their maintained
//! figures, the append-only movements and the reservations
//! ([`orderhub_domain::inventory`] holds the rules). Writes are in
//! [`moves`]; this module reads.

mod locations;
mod moves;
pub(crate) mod orders;
mod reserve;

use crate::db::Store;
use crate::error::{Result, StoreError};
use crate::rows::{RowExt, newest_first};
use orderhub_domain::inventory::{
    Location, Movement, MovementKind, Reservation, ReservationStatus, StockItem, sku_key,
};
use orderhub_domain::model::Page;
use sqlx::AnyConnection;
use sqlx::any::AnyRow;

/// What `/stock` lists.
#[derive(Debug, Clone, Default)]
pub struct StockFilter {
    /// Part of the SKU or title, any case.
    pub q: Option<String>,
    /// A location's code.
    pub location: Option<String>,
    /// Only items at or below their threshold.
    pub low: bool,
    pub limit: i64,
    /// The last row of the previous page (`sku_key` and location code).
    pub cursor: Option<String>,
}

/// What `/stock/movements` lists.
#[derive(Debug, Clone, Default)]
pub struct MovementFilter {
    pub item_id: Option<String>,
    pub sku: Option<String>,
    pub location: Option<String>,
    pub kind: Option<MovementKind>,
    pub order_id: Option<String>,
    pub limit: i64,
    pub cursor: Option<String>,
}

pub(crate) const ITEM_COLUMNS: &str = "i.id, i.sku, i.title, i.location_id, l.code AS location_code, \
     i.on_hand, i.reserved, i.low_at, i.updated_at";

pub(crate) fn item_from_row(r: &AnyRow) -> Result<StockItem> {
    Ok(StockItem {
        id: r.col("id")?,
        sku: r.col("sku")?,
        title: r.col("title")?,
        location_id: r.col("location_id")?,
        location_code: r.col("location_code")?,
        on_hand: r.col("on_hand")?,
        reserved: r.col("reserved")?,
        available: 0,
        low_at: r.col("low_at")?,
        low: false,
        updated_at: r.time("updated_at")?,
    }
    .settle())
}

pub(crate) fn location_from_row(r: &AnyRow) -> Result<Location> {
    Ok(Location {
        id: r.col("id")?,
        code: r.col("code")?,
        name: r.col("name")?,
        supplier_id: r.col("supplier_id")?,
    })
}

const MOVEMENT_COLUMNS: &str = "m.id, m.item_id, i.sku, l.code AS location_code, m.kind, m.quantity, \
     m.on_hand_after, m.reserved_after, m.reservation_id, m.order_id, m.task_id, m.transfer_id, \
     m.reference, m.reason, m.by_label, m.at";

fn movement_from_row(r: &AnyRow) -> Result<Movement> {
    Ok(Movement {
        id: r.col("id")?,
        item_id: r.col("item_id")?,
        sku: r.col("sku")?,
        location_code: r.col("location_code")?,
        kind: r.parsed("kind", MovementKind::parse)?,
        quantity: r.col("quantity")?,
        on_hand_after: r.col("on_hand_after")?,
        reserved_after: r.col("reserved_after")?,
        reservation_id: r.col("reservation_id")?,
        order_id: r.col("order_id")?,
        task_id: r.col("task_id")?,
        transfer_id: r.col("transfer_id")?,
        reference: r.col("reference")?,
        reason: r.col("reason")?,
        by: r.col("by_label")?,
        at: r.time("at")?,
    })
}

pub(crate) const RESERVATION_COLUMNS: &str = "r.id, r.item_id, i.sku, l.code AS location_code, \
     r.quantity, r.status, r.order_id, r.line_id, r.task_id, r.note, r.created_at";

pub(crate) fn reservation_from_row(r: &AnyRow) -> Result<Reservation> {
    Ok(Reservation {
        id: r.col("id")?,
        item_id: r.col("item_id")?,
        sku: r.col("sku")?,
        location_code: r.col("location_code")?,
        quantity: r.col("quantity")?,
        status: r.parsed("status", ReservationStatus::parse)?,
        order_id: r.col("order_id")?,
        line_id: r.col("line_id")?,
        task_id: r.col("task_id")?,
        note: r.col("note")?,
        created_at: r.time("created_at")?,
    })
}

/// The location whose code is `code` (any case), for a field of a form.
pub(crate) async fn location_by_code(
    conn: &mut AnyConnection,
    field: &'static str,
    code: &str,
) -> Result<Location> {
    let row =
        sqlx::query("SELECT id, code, name, supplier_id FROM stock_locations WHERE code_key = $1")
            .bind(sku_key(code))
            .fetch_optional(&mut *conn)
            .await?;
    match row {
        Some(r) => location_from_row(&r),
        None => Err(orderhub_domain::ValidationError::new(
            field,
            orderhub_domain::ErrorCode::UnknownLocation,
            format!("there is no stock location {code}"),
        )
        .into()),
    }
}

impl Store {
    /// Every stock location, by code.
    pub async fn stock_locations(&self) -> Result<Vec<Location>> {
        let rows = sqlx::query(
            "SELECT id, code, name, supplier_id FROM stock_locations ORDER BY code_key",
        )
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(location_from_row).collect()
    }

    /// Stock items by SKU, then location.
    pub async fn stock_items(&self, f: &StockFilter) -> Result<Page<StockItem>> {
        let mut sql = format!(
            "SELECT {ITEM_COLUMNS}, i.sku_key, l.code_key FROM stock_items i \
             JOIN stock_locations l ON l.id = i.location_id WHERE 1 = 1"
        );
        let mut binds: Vec<String> = Vec::new();
        let mut arg = |v: String| {
            binds.push(v);
            format!("${}", binds.len())
        };
        if let Some(q) = &f.q {
            let q = q.to_lowercase().replace(['%', '_', '\\'], "");
            let p = arg(format!("%{q}%"));
            sql.push_str(&format!(
                " AND LOWER(i.sku_key || ' ' || COALESCE(i.title, '')) LIKE {p}"
            ));
        }
        if let Some(loc) = &f.location {
            let p = arg(sku_key(loc));
            sql.push_str(&format!(" AND l.code_key = {p}"));
        }
        if let Some((sku, loc)) = f.cursor.as_deref().and_then(|c| c.split_once('\t')) {
            let (a, b) = (arg(sku.to_owned()), arg(loc.to_owned()));
            sql.push_str(&format!(
                " AND (i.sku_key > {a} OR (i.sku_key = {a} AND l.code_key > {b}))"
            ));
        }
        if f.low {
            sql.push_str(" AND i.low_at IS NOT NULL AND i.on_hand - i.reserved <= i.low_at");
        }
        sql.push_str(&format!(
            " ORDER BY i.sku_key, l.code_key LIMIT {}",
            f.limit + 1
        ));
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for b in binds {
            q = q.bind(b);
        }
        let rows = q.fetch_all(&self.read).await?;
        let next_cursor = match rows.len() as i64 > f.limit {
            true => {
                let last = &rows[f.limit as usize - 1];
                Some(format!(
                    "{}\t{}",
                    last.col::<String>("sku_key")?,
                    last.col::<String>("code_key")?
                ))
            }
            false => None,
        };
        let items = rows
            .iter()
            .take(f.limit as usize)
            .map(item_from_row)
            .collect::<Result<Vec<_>>>()?;
        Ok(Page { items, next_cursor })
    }

    /// One stock item.
    pub async fn stock_item(&self, id: &str) -> Result<StockItem> {
        let sql = format!(
            "SELECT {ITEM_COLUMNS} FROM stock_items i JOIN stock_locations l ON l.id = i.location_id \
             WHERE i.id = $1"
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(&self.read)
            .await?
            .ok_or_else(|| StoreError::not_found("stock item", id))?;
        item_from_row(&row)
    }

    /// Movements, newest first.
    pub async fn stock_movements(&self, f: &MovementFilter) -> Result<Page<Movement>> {
        let select = format!(
            "SELECT {MOVEMENT_COLUMNS} FROM stock_movements m JOIN stock_items i ON i.id = m.item_id \
             JOIN stock_locations l ON l.id = i.location_id WHERE 1 = 1"
        );
        let conditions = vec![
            (" AND m.item_id = ", f.item_id.clone()),
            (" AND i.sku_key = ", f.sku.as_deref().map(sku_key)),
            (" AND l.code_key = ", f.location.as_deref().map(sku_key)),
            (" AND m.kind = ", f.kind.map(|k| k.as_str().to_owned())),
            (" AND m.order_id = ", f.order_id.clone()),
        ];
        newest_first(
            &self.read,
            (select, vec![]),
            conditions,
            f.cursor.clone(),
            f.limit,
            movement_from_row,
            ("m.id", |m: &Movement| m.id.clone()),
        )
        .await
    }

    /// Reservations of an item or an order, newest first (held ones
    /// only unless `all`).
    pub async fn stock_reservations(
        &self,
        item_id: Option<&str>,
        order_id: Option<&str>,
        all: bool,
    ) -> Result<Vec<Reservation>> {
        let mut sql = format!(
            "SELECT {RESERVATION_COLUMNS} FROM stock_reservations r \
             JOIN stock_items i ON i.id = r.item_id JOIN stock_locations l ON l.id = i.location_id \
             WHERE ($1 = '' OR r.item_id = $1) AND ($2 = '' OR r.order_id = $2)"
        );
        if !all {
            sql.push_str(" AND r.status = 'held'");
        }
        sql.push_str(" ORDER BY r.id DESC LIMIT 500");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(item_id.unwrap_or(""))
            .bind(order_id.unwrap_or(""))
            .fetch_all(&self.read)
            .await?;
        rows.iter().map(reservation_from_row).collect()
    }
}
