//! Payments and refunds recorded on an order by hand. Each is checked
//! against what the order's recorded payments add up to
//! ([`orderhub_domain::model::record`]) with the order locked, written,
//! and the order's payment state set from the new sums — one transaction,
//! so two operators recording at once cannot both take the order past its
//! total.

use crate::db::Store;
use crate::error::Result;
use crate::events::NewEvent;
use crate::orders::move_order;
use crate::records::lock_order;
use crate::rows::{RowExt, new_id, now_ms};
use orderhub_domain::model::{
    Actor, EventKind, NewPayment, Order, OrderTransition, Payment, PaymentKind, PaymentMethod,
    PaymentStatus, PaymentSums, record,
};
use orderhub_domain::{OrderStatus, Scope};
use serde_json::json;
use sqlx::AnyConnection;
use sqlx::any::AnyRow;

const COLUMNS: &str = "id, order_id, kind, method, amount, reference, recorded_by, recorded_at";

fn payment_from_row(row: &AnyRow) -> Result<Payment> {
    Ok(Payment {
        id: row.col("id")?,
        order_id: row.col("order_id")?,
        kind: row.parsed("kind", PaymentKind::parse)?,
        method: row.parsed("method", PaymentMethod::parse)?,
        amount: row.decimal("amount")?,
        reference: row.col("reference")?,
        recorded_by: row.col("recorded_by")?,
        recorded_at: row.time("recorded_at")?,
    })
}

impl Store {
    /// Records a payment or refund on order `id` and returns the order.
    pub async fn record_payment(&self, actor: &Actor, id: &str, new: NewPayment) -> Result<Order> {
        let mut tx = self.begin().await?;
        lock_order(&mut tx, id).await?;
        let row =
            sqlx::query("SELECT currency, total_amount, payment_status FROM orders WHERE id = $1")
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
        let currency: String = row.col("currency")?;
        let total = row.opt_decimal("total_amount")?;
        let before = row.parsed("payment_status", PaymentStatus::parse)?;
        let sums = sums(&mut tx, id).await?;
        let (new, after) = record(new, &currency, total, sums)?;
        let status = after.status(total);
        sqlx::query(
            "INSERT INTO payments (id, order_id, kind, method, amount, reference, recorded_by, recorded_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
            .bind(new_id())
            .bind(id)
            .bind(new.kind.as_str())
            .bind(new.method.as_str())
            .bind(new.amount.to_string())
            .bind(&new.reference)
            .bind(&actor.label)
            .bind(now_ms())
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE orders SET payment_status = $2, updated_at = $3 WHERE id = $1")
            .bind(id)
            .bind(status.as_str())
            .bind(now_ms())
            .execute(&mut *tx)
            .await?;
        crate::statistics::restate(&mut tx, &[id.to_owned()], crate::statistics::Held::Already)
            .await?;
        NewEvent::order(id, EventKind::OrderPaymentRecorded)
            .change(before.as_str(), status.as_str())
            .details(json!({
                "kind": new.kind.as_str(),
                "method": new.method.as_str(),
                "amount": new.amount.to_string(),
                "reference": new.reference,
            }))
            .write(&mut tx, actor)
            .await?;
        // a held order may have waited on this payment
        crate::review::after_change(&mut tx, actor, id).await?;
        tx.commit().await?;
        self.get_order(id, &Scope::All).await
    }

    /// Orders waiting for their money since before `cutoff_ms` (placed
    /// then, or taken in then when the source gave no time): pending and
    /// unpaid, oldest first, at most `limit`.
    pub async fn unpaid_since(&self, cutoff_ms: i64, limit: i64) -> Result<Vec<String>> {
        let ids = sqlx::query_scalar(
            "SELECT id FROM orders WHERE status = 'pending' AND payment_status = 'unpaid' \
             AND COALESCE(placed_at, created_at) < $1 ORDER BY id LIMIT $2",
        )
        .bind(cutoff_ms)
        .bind(limit)
        .fetch_all(&self.read)
        .await?;
        Ok(ids)
    }

    /// Cancels order `id` when it is still pending and unpaid, checked
    /// with the order locked (it may have been paid or released since it
    /// was listed); `false` when it was not.
    pub async fn cancel_unpaid(&self, actor: &Actor, id: &str, reason: &str) -> Result<bool> {
        let mut tx = self.begin().await?;
        let status = lock_order(&mut tx, id).await?;
        let payment: String = sqlx::query_scalar("SELECT payment_status FROM orders WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        if status != OrderStatus::Pending || payment != PaymentStatus::Unpaid.as_str() {
            return Ok(false);
        }
        let cancel = OrderTransition {
            to: OrderStatus::Cancelled,
            reason: Some(reason.to_owned()),
        };
        move_order(&mut tx, actor, id, &cancel).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// The payments and refunds recorded on order `id`, oldest first (the
    /// caller has checked it may see the order).
    pub async fn payments(&self, id: &str) -> Result<Vec<Payment>> {
        let sql =
            format!("SELECT {COLUMNS} FROM payments WHERE order_id = $1 ORDER BY recorded_at, id");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_all(&self.read)
            .await?;
        rows.iter().map(payment_from_row).collect()
    }
}

/// What the order's recorded payments add up to.
async fn sums(conn: &mut AnyConnection, id: &str) -> Result<PaymentSums> {
    let rows = sqlx::query("SELECT kind, amount FROM payments WHERE order_id = $1")
        .bind(id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().try_fold(PaymentSums::default(), |sums, r| {
        Ok(sums.with(r.parsed("kind", PaymentKind::parse)?, r.decimal("amount")?))
    })
}
