//! Reservations: units set aside for an order (or by hand), never more
//! than is available, and let go or shipped once.

use super::moves::{Move, lock_item, move_stock};
use super::{RESERVATION_COLUMNS, location_by_code, reservation_from_row};
use crate::db::Store;
use crate::error::{Result, StoreError};
use crate::rows::{new_id, now_ms};
use orderhub_domain::inventory::{
    Location, MovementKind, NewReservation, Reservation, ReservationStatus, sku_key,
};
use orderhub_domain::model::Actor;
use orderhub_domain::{ErrorCode, ValidationError};
use sqlx::AnyConnection;

/// One reservation as it stands in the transaction.
async fn reservation(conn: &mut AnyConnection, id: &str) -> Result<Reservation> {
    let sql = format!(
        "SELECT {RESERVATION_COLUMNS} FROM stock_reservations r JOIN stock_items i ON i.id = r.item_id \
         JOIN stock_locations l ON l.id = i.location_id WHERE r.id = $1"
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| StoreError::not_found("reservation", id))?;
    reservation_from_row(&row)
}

impl Store {
    /// Sets units aside. Without a location, the first location (by code)
    /// with enough available gives them.
    pub async fn reserve_stock(&self, actor: &Actor, new: NewReservation) -> Result<Reservation> {
        let new = new.validate()?;
        let mut tx = self.begin().await?;
        if let Some(order) = &new.order_id {
            let found: Option<String> = sqlx::query_scalar("SELECT id FROM orders WHERE id = $1")
                .bind(order)
                .fetch_optional(&mut *tx)
                .await?;
            if found.is_none() {
                return Err(ValidationError::new(
                    "order_id",
                    ErrorCode::NotFound,
                    format!("there is no order {order}"),
                )
                .into());
            }
        }
        let locations: Vec<Location> = match &new.location {
            Some(code) => vec![location_by_code(&mut tx, "location", code).await?],
            None => candidates(&mut tx, &new.sku).await?,
        };
        let id = new_id();
        let mut last = None;
        for loc in &locations {
            let mut it = match lock_item(&mut tx, loc, &new.sku, None, false).await {
                Ok(it) => it,
                Err(e) => {
                    last = Some(e);
                    continue;
                }
            };
            let m = Move {
                kind: Some(MovementKind::Reservation),
                quantity: new.quantity,
                reservation_id: Some(&id),
                order_id: new.order_id.as_deref(),
                reason: new.note.as_deref(),
                field: "quantity",
                ..Move::default()
            };
            match move_stock(&mut tx, actor, &mut it, &m).await {
                Ok(()) => {
                    sqlx::query(
                        "INSERT INTO stock_reservations (id, item_id, quantity, status, order_id, note, created_at) \
                         VALUES ($1, $2, $3, 'held', $4, $5, $6)",
                    )
                    .bind(&id)
                    .bind(&it.id)
                    .bind(new.quantity)
                    .bind(&new.order_id)
                    .bind(&new.note)
                    .bind(now_ms())
                    .execute(&mut *tx)
                    .await?;
                    let out = reservation(&mut tx, &id).await?;
                    tx.commit().await?;
                    return Ok(out);
                }
                Err(e @ StoreError::Conflict { .. }) => last = Some(e),
                Err(e) => return Err(e),
            }
        }
        Err(last.unwrap_or_else(|| {
            ValidationError::new(
                "sku",
                ErrorCode::UnknownSku,
                format!("{} is not in stock anywhere", new.sku),
            )
            .into()
        }))
    }

    /// Lets a held reservation go (`Release`) or ships its units
    /// (`Shipment`).
    pub async fn close_reservation(
        &self,
        actor: &Actor,
        id: &str,
        how: MovementKind,
    ) -> Result<Reservation> {
        let mut tx = self.begin().await?;
        let status = match how {
            MovementKind::Shipment => ReservationStatus::Shipped,
            _ => ReservationStatus::Released,
        };
        let held: Option<String> = sqlx::query_scalar(
            "UPDATE stock_reservations SET status = $2, closed_at = $3 WHERE id = $1 AND status = 'held' \
             RETURNING id",
        )
        .bind(id)
        .bind(status.as_str())
        .bind(now_ms())
        .fetch_optional(&mut *tx)
        .await?;
        let r = reservation(&mut tx, id).await?;
        if held.is_none() {
            return Err(StoreError::conflict(
                ErrorCode::InvalidTransition,
                None,
                format!("the reservation is {} already", r.status),
            ));
        }
        let loc = location_by_code(&mut tx, "location", &r.location_code).await?;
        let mut it = lock_item(&mut tx, &loc, &r.sku, None, false).await?;
        let m = Move {
            kind: Some(how),
            quantity: r.quantity,
            reservation_id: Some(id),
            order_id: r.order_id.as_deref(),
            task_id: r.task_id.as_deref(),
            field: "quantity",
            ..Move::default()
        };
        move_stock(&mut tx, actor, &mut it, &m).await?;
        tx.commit().await?;
        if how == MovementKind::Release {
            self.restocked(actor, &r.sku).await;
        }
        Ok(r)
    }
}

/// The locations holding `sku`, by code (the order every reservation
/// locks them in).
async fn candidates(conn: &mut AnyConnection, sku: &str) -> Result<Vec<Location>> {
    let rows = sqlx::query(
        "SELECT l.id, l.code, l.name, l.supplier_id FROM stock_items i \
         JOIN stock_locations l ON l.id = i.location_id WHERE i.sku_key = $1 ORDER BY l.code_key",
    )
    .bind(sku_key(sku))
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(super::location_from_row).collect()
}
