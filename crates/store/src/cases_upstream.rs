//! Refunds the marketplaces report in the orders they send, as
//! after-sales cases ([`crate::cases`]).

use crate::cases::{open_in, resolve};
use crate::error::Result;
use orderhub_domain::aftersales::{CaseKind, CaseStatus, NewCase};
use orderhub_domain::model::Actor;
use serde_json::json;
use sqlx::AnyConnection;

/// Refunds the marketplace reports in an order's delivery: each one not
/// seen before opens a `refund` case, resolved with the marketplace's
/// amount (it has refunded already; staff may charge the supplier). A
/// refund of the whole order lands on its first shipped line; a refund
/// of a line not shipped opens nothing (the order's own update cancels or
/// changes it).
pub(crate) async fn from_upstream(
    conn: &mut AnyConnection,
    actor: &Actor,
    order_id: &str,
    refunds: &[orderhub_channels::UpstreamRefund],
) -> Result<()> {
    for r in refunds {
        let known: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM cases WHERE order_id = $1 AND upstream_ref = $2",
        )
        .bind(order_id)
        .bind(&r.id)
        .fetch_one(&mut *conn)
        .await?;
        if known > 0 {
            continue;
        }
        let line_no: Option<i64> = match &r.line_id {
            Some(line) => {
                sqlx::query_scalar("SELECT line_no FROM order_lines WHERE order_id = $1 AND upstream_line_id = $2")
                    .bind(order_id)
                    .bind(line)
                    .fetch_optional(&mut *conn)
                    .await?
            }
            None => {
                sqlx::query_scalar(
                    "SELECT l.line_no FROM order_lines l WHERE l.order_id = $1 AND EXISTS \
                     (SELECT 1 FROM tasks t WHERE t.line_id = l.id AND t.status IN ('shipped', 'completed')) \
                     ORDER BY l.line_no LIMIT 1",
                )
                .bind(order_id)
                .fetch_optional(&mut *conn)
                .await?
            }
        };
        let Some(line_no) = line_no else {
            continue;
        };
        let new = NewCase {
            line_no,
            kind: CaseKind::Refund,
            reason: r.reason.clone(),
            requested: None,
            quantity: r.quantity,
        };
        // checked before anything is written: a refusal leaves the delivery whole
        let id = match open_in(conn, actor, order_id, new, Some(&r.id)).await {
            Ok(id) => id,
            Err(e) if e.is_refusal() => continue,
            Err(e) => return Err(e),
        };
        let (task, currency): (String, String) =
            sqlx::query_as("SELECT task_id, currency FROM cases WHERE id = $1")
                .bind(&id)
                .fetch_one(&mut *conn)
                .await?;
        // written in the currency's own digits ("20.00", "¥2900")
        let amount = r.amount.map(|mut a| {
            a.rescale(orderhub_domain::money::minor_unit(&currency));
            a.to_string()
        });
        let details = json!({"amount": amount, "source": "marketplace", "refund": r.id});
        let step = ("refund", CaseStatus::Open, details);
        resolve(conn, actor, (&id, order_id, &task), step, amount.as_deref()).await?;
    }
    Ok(())
}
