//! A step on an after-sales case: checked against the case lifecycle
//! (`orderhub_domain::aftersales::step`) with the case's order locked,
//! written with its timeline entry and event in one transaction. A
//! reshipment or remake routes a new task through the release planner
//! (`Cause::AfterSales`), linked to the case; its shipment resolves it.

use crate::cases::{party_of, record_step};
use crate::db::Store;
use crate::error::{Result, StoreError};
use crate::rows::{RowExt, now_ms};
use orderhub_domain::aftersales::{
    Case, CaseKind, CaseRefused, CaseStatus, CaseStep, NewStep, step,
};
use orderhub_domain::model::Actor;
use orderhub_domain::release::Cause;
use orderhub_domain::{ErrorCode, Scope};
use rust_decimal::Decimal;
use serde_json::json;
use sqlx::AnyConnection;

/// What a step writes on the case beyond its status (`None`: unchanged).
#[derive(Default)]
struct Changes {
    dispute_reason: Option<String>,
    return_carrier: Option<String>,
    return_tracking: Option<String>,
    received_at: Option<i64>,
    inspection_passed: Option<i64>,
    inspection_note: Option<String>,
    refund_amount: Option<String>,
    chargeback_amount: Option<String>,
    remake_task_id: Option<String>,
    resolution: Option<String>,
}

impl Store {
    /// Takes `new`'s step on case `id` as `actor` (scoped: a supplier its
    /// own cases, staff any).
    pub async fn case_step(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: &str,
        new: NewStep,
    ) -> Result<Case> {
        let case = self.get_case(id, scope).await?;
        let (s, new) = new.check(&case.currency)?;
        let mut tx = self.begin().await?;
        crate::records::lock_order(&mut tx, &case.order_id).await?;
        // read again under the lock: another step may have landed
        let (kind, from): (String, String) =
            sqlx::query_as("SELECT kind, status FROM cases WHERE id = $1")
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
        let kind = CaseKind::parse(&kind).ok_or_else(|| StoreError::Corrupt(kind.clone()))?;
        let from = CaseStatus::parse(&from).ok_or_else(|| StoreError::Corrupt(from.clone()))?;
        let to = step(kind, from, s, party_of(scope)).map_err(|e| match e {
            CaseRefused::StaffOnly => {
                StoreError::Forbidden(orderhub_domain::Forbidden::new(e.code(), e.to_string()))
            }
            CaseRefused::NotNow(..) => StoreError::conflict(e.code(), Some("step"), e.to_string()),
        })?;
        let changes = effects(&mut tx, actor, &case, s, &new).await?;
        write(&mut tx, id, to, &changes).await?;
        let mut details = json!({});
        for (k, v) in [
            ("reason", &new.reason),
            ("note", &new.note),
            ("carrier", &new.carrier),
            ("tracking_number", &new.tracking_number),
            ("supplier_id", &new.supplier_id),
        ] {
            if let Some(v) = v {
                details[k] = json!(v);
            }
        }
        if let Some(a) = new.amount {
            details["amount"] = json!(a.to_string());
        }
        if let Some(p) = new.passed {
            details["passed"] = json!(p);
        }
        if let Some(task) = &changes.remake_task_id {
            details["task_id"] = json!(task);
        }
        record_step(
            &mut tx,
            actor,
            (id, &case.order_id, &case.task_id),
            s.as_str(),
            (Some(from), to),
            details,
        )
        .await?;
        tx.commit().await?;
        self.get_case(id, scope).await
    }
}

/// What the step changes beyond the status.
async fn effects(
    conn: &mut AnyConnection,
    actor: &Actor,
    case: &Case,
    s: CaseStep,
    new: &NewStep,
) -> Result<Changes> {
    let none = Changes::default();
    Ok(match s {
        CaseStep::Dispute => Changes {
            dispute_reason: new.reason.clone(),
            ..none
        },
        CaseStep::ReturnShipped => Changes {
            return_carrier: new.carrier.clone(),
            return_tracking: new.tracking_number.clone(),
            ..none
        },
        CaseStep::Receive => Changes {
            received_at: Some(now_ms()),
            ..none
        },
        CaseStep::Inspect => Changes {
            inspection_passed: new.passed.map(i64::from),
            inspection_note: new.note.clone(),
            ..none
        },
        CaseStep::Refund => {
            let amount = new.amount.unwrap_or_default();
            check_refund(conn, case, amount).await?;
            Changes {
                refund_amount: Some(amount.to_string()),
                ..none
            }
        }
        CaseStep::ChargeBack => {
            let total = case.chargeback_amount.unwrap_or_default() + new.amount.unwrap_or_default();
            Changes {
                chargeback_amount: Some(total.to_string()),
                ..none
            }
        }
        CaseStep::Resolve => Changes {
            resolution: new.note.clone(),
            ..none
        },
        CaseStep::Close => Changes {
            resolution: new.reason.clone(),
            ..none
        },
        CaseStep::Reship => Changes {
            remake_task_id: Some(reship(conn, actor, case, new.supplier_id.clone()).await?),
            ..none
        },
        CaseStep::Accept | CaseStep::Uphold => none,
    })
}

/// A refund is at most what the case's units cost the buyer.
async fn check_refund(conn: &mut AnyConnection, case: &Case, amount: Decimal) -> Result<()> {
    let row = sqlx::query("SELECT unit_price, line_total, quantity FROM order_lines WHERE id = $1")
        .bind(&case.line_id)
        .fetch_one(&mut *conn)
        .await?;
    let quantity = Decimal::from(row.col::<i64>("quantity")?.max(1));
    let line = row
        .opt_decimal("line_total")?
        .unwrap_or(row.decimal("unit_price")? * quantity);
    let most = line * Decimal::from(case.quantity) / quantity;
    if amount > most.round_dp(orderhub_domain::money::minor_unit(&case.currency)) {
        return Err(orderhub_domain::ValidationError::new(
            "amount",
            ErrorCode::RefundExceedsPaid,
            format!(
                "{} units of the line cost {most} {}",
                case.quantity, case.currency
            ),
        )
        .into());
    }
    Ok(())
}

/// Routes the case's units to a new task (its original supplier's, or
/// `supplier`'s) and links it to the case; the new task's id.
async fn reship(
    conn: &mut AnyConnection,
    actor: &Actor,
    case: &Case,
    supplier: Option<String>,
) -> Result<String> {
    let cause = Cause::AfterSales {
        task_id: case.task_id.clone(),
        supplier_id: supplier,
        quantity: case.quantity,
    };
    let plan = crate::release::one(conn, actor, &case.order_id, cause).await?;
    let task = plan.tasks.first().map(|t| t.id.clone()).ok_or_else(|| {
        StoreError::conflict(
            ErrorCode::SupplierNotInCategory,
            Some("supplier_id"),
            "no supplier can take it",
        )
    })?;
    // the same goods again need no new mock-up; a remake (a wrong
    // engraving) is approved afresh when its category asks for proofs
    let same_goods = matches!(case.kind, CaseKind::Reshipment | CaseKind::Exchange);
    sqlx::query(
        "UPDATE tasks SET case_id = $2, proof = CASE WHEN $3 = 1 THEN NULL ELSE proof END WHERE id = $1",
    )
    .bind(&task)
    .bind(&case.id)
    .bind(i64::from(same_goods))
    .execute(&mut *conn)
    .await?;
    Ok(task)
}

async fn write(conn: &mut AnyConnection, id: &str, to: CaseStatus, c: &Changes) -> Result<()> {
    sqlx::query(
        "UPDATE cases SET status = $2, updated_at = $3, \
         dispute_reason = COALESCE($4, dispute_reason), return_carrier = COALESCE($5, return_carrier), \
         return_tracking = COALESCE($6, return_tracking), received_at = COALESCE($7, received_at), \
         inspection_passed = COALESCE($8, inspection_passed), inspection_note = COALESCE($9, inspection_note), \
         refund_amount = COALESCE($10, refund_amount), chargeback_amount = COALESCE($11, chargeback_amount), \
         remake_task_id = COALESCE($12, remake_task_id), resolution = COALESCE($13, resolution) WHERE id = $1",
    )
    .bind(id)
    .bind(to.as_str())
    .bind(now_ms())
    .bind(&c.dispute_reason)
    .bind(&c.return_carrier)
    .bind(&c.return_tracking)
    .bind(c.received_at)
    .bind(c.inspection_passed)
    .bind(&c.inspection_note)
    .bind(&c.refund_amount)
    .bind(&c.chargeback_amount)
    .bind(&c.remake_task_id)
    .bind(&c.resolution)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
