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

/// What the step writes on the case: (column, value).
type Sets = Vec<(&'static str, Option<String>)>;

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
        let sets = effects(&mut tx, actor, &case, s, &new).await?;
        write(&mut tx, id, to, &sets).await?;
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
        if let Some((_, Some(task))) = sets.iter().find(|(k, _)| *k == "remake_task_id") {
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
) -> Result<Sets> {
    let text = |v: &Option<String>| v.clone();
    Ok(match s {
        CaseStep::Dispute => vec![("dispute_reason", text(&new.reason))],
        CaseStep::ReturnShipped => vec![
            ("return_carrier", text(&new.carrier)),
            ("return_tracking", text(&new.tracking_number)),
        ],
        CaseStep::Receive => vec![("received_at", Some(now_ms().to_string()))],
        CaseStep::Inspect => vec![
            (
                "inspection_passed",
                new.passed.map(|p| i64::from(p).to_string()),
            ),
            ("inspection_note", text(&new.note)),
        ],
        CaseStep::Refund => {
            let amount = new.amount.unwrap_or_default();
            check_refund(conn, case, amount).await?;
            vec![("refund_amount", Some(amount.to_string()))]
        }
        CaseStep::ChargeBack => {
            let total = case.chargeback_amount.unwrap_or_default() + new.amount.unwrap_or_default();
            vec![("chargeback_amount", Some(total.to_string()))]
        }
        CaseStep::Resolve => vec![("resolution", text(&new.note))],
        CaseStep::Close => vec![("resolution", text(&new.reason))],
        CaseStep::Reship => {
            let task = reship(conn, actor, case, new.supplier_id.clone()).await?;
            vec![("remake_task_id", Some(task))]
        }
        CaseStep::Accept | CaseStep::Uphold => Vec::new(),
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

async fn write(conn: &mut AnyConnection, id: &str, to: CaseStatus, sets: &Sets) -> Result<()> {
    // the columns are this module's own names, never input
    let mut sql = "UPDATE cases SET status = $2, updated_at = $3".to_owned();
    for (i, (column, _)) in sets.iter().enumerate() {
        let cast = match *column {
            "received_at" | "inspection_passed" => "BIGINT",
            _ => "TEXT",
        };
        sql.push_str(&format!(", {column} = CAST(${} AS {cast})", i + 4));
    }
    sql.push_str(" WHERE id = $1");
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .bind(to.as_str())
        .bind(now_ms());
    for (_, v) in sets {
        q = q.bind(v.clone());
    }
    q.execute(&mut *conn).await?;
    Ok(())
}
