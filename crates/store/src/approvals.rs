//! Approval rules and approvers' decisions (订单审批).
//!
//! A rule changed or added applies to the orders still pending at once:
//! each one's approval state is worked out again, set-wise (rules read only
//! the order's header: total, currency, platform, buyer).

use crate::db::Store;
use crate::error::{Result, StoreError};
use crate::events::NewEvent;
use crate::orders::move_order;
use crate::records::lock_order;
use crate::review::{after_change, assess, check_approver, reassess, release_pending};
use crate::rows::{RowExt, new_id, now_ms};
use orderhub_domain::model::{Actor, EventKind, Order, OrderTransition, PaymentStatus};
use orderhub_domain::review::{
    ApprovalDecision, ApprovalRule, ApprovalState, Asked, Decision, Facts, NewApprovalRule, Review,
};
use orderhub_domain::{ErrorCode, OrderStatus, Role, Scope};
use serde_json::json;
use sqlx::AnyConnection;
use sqlx::any::AnyRow;

const COLUMNS: &str =
    "id, name, min_amount, currency, platform, customer_email, approver, active, updated_at";

fn rule_from_row(row: &AnyRow) -> Result<ApprovalRule> {
    Ok(ApprovalRule {
        id: row.col("id")?,
        name: row.col("name")?,
        min_amount: row.opt_decimal("min_amount")?,
        currency: row.col("currency")?,
        platform: row.col("platform")?,
        customer_email: row.col("customer_email")?,
        approver: row.parsed("approver", Role::parse)?,
        active: row.col::<i64>("active")? == 1,
        updated_at: row.time("updated_at")?,
    })
}

/// Every rule (or only the active ones), by name.
pub(crate) async fn rules(
    conn: &mut AnyConnection,
    active_only: bool,
) -> Result<Vec<ApprovalRule>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM approval_rules{} ORDER BY name, id",
        if active_only { " WHERE active = 1" } else { "" }
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(rule_from_row).collect()
}

impl Store {
    /// Every approval rule, by name.
    pub async fn approval_rules(&self) -> Result<Vec<ApprovalRule>> {
        let mut conn = self.read.acquire().await?;
        rules(&mut conn, false).await
    }

    /// Adds a rule (`id` none) or replaces rule `id`; pending orders are
    /// assessed again under the rules as they now are.
    pub async fn save_approval_rule(
        &self,
        id: Option<&str>,
        new: NewApprovalRule,
    ) -> Result<ApprovalRule> {
        let new = new.normalize()?;
        let mut tx = self.begin().await?;
        let now = now_ms();
        let id = match id {
            Some(id) => {
                let found = sqlx::query(
                    "UPDATE approval_rules SET name = $2, min_amount = $3, currency = $4, platform = $5, \
                     customer_email = $6, approver = $7, active = $8, updated_at = $9 WHERE id = $1",
                );
                let done = bind_rule(found.bind(id), &new, now)
                    .execute(&mut *tx)
                    .await?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::not_found("approval rule", id));
                }
                id.to_owned()
            }
            None => {
                let id = new_id();
                let insert = sqlx::query(
                    "INSERT INTO approval_rules (id, name, min_amount, currency, platform, customer_email, \
                     approver, active, updated_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)",
                );
                bind_rule(insert.bind(&id), &new, now)
                    .execute(&mut *tx)
                    .await?;
                id
            }
        };
        reassess_pending(&mut tx).await?;
        tx.commit().await?;
        let all = self.approval_rules().await?;
        all.into_iter()
            .find(|r| r.id == id)
            .ok_or_else(|| StoreError::not_found("approval rule", &id))
    }

    /// The review of order `id` as it stands now (staff only): every
    /// check, the rule that applies, whether approved. Nothing is written.
    pub async fn order_review(&self, id: &str) -> Result<Review> {
        let mut conn = self.read.acquire().await?;
        Ok(assess(&mut conn, id).await?.1)
    }

    /// An approver's decision on pending order `id`: approving releases
    /// it (past failed checks, which the approver saw); refusing cancels
    /// it with the comment as the reason. `role` is the approver's.
    pub async fn decide_approval(
        &self,
        actor: &Actor,
        role: Role,
        id: &str,
        decision: ApprovalDecision,
    ) -> Result<Order> {
        let decision = decision.normalize()?;
        let mut tx = self.begin().await?;
        let status = lock_order(&mut tx, id).await?;
        if status != OrderStatus::Pending {
            return Err(StoreError::conflict(
                ErrorCode::NothingToApprove,
                None,
                format!("the order is {status}: approvals are for pending orders"),
            ));
        }
        let (_, review) = reassess(&mut tx, id).await?;
        let rule = match (&review.approval_rule, review.approved) {
            (Some(rule), false) => rule.clone(),
            _ => {
                return Err(StoreError::conflict(
                    ErrorCode::NothingToApprove,
                    None,
                    "no approval rule waits on this order",
                ));
            }
        };
        check_approver(&rule, role)?;
        let details = json!({ "rule": rule.name, "rule_id": rule.id, "comment": decision.comment });
        match decision.decision {
            Decision::Approve => {
                sqlx::query("UPDATE orders SET approval = $2 WHERE id = $1")
                    .bind(id)
                    .bind(ApprovalState::Approved.as_str())
                    .execute(&mut *tx)
                    .await?;
                NewEvent::order(id, EventKind::OrderApproved)
                    .details(details)
                    .write(&mut tx, actor)
                    .await?;
                release_pending(&mut tx, actor, id, Asked::Person, Some("approved")).await?;
            }
            Decision::Reject => {
                NewEvent::order(id, EventKind::OrderApprovalRefused)
                    .details(details)
                    .write(&mut tx, actor)
                    .await?;
                sqlx::query("UPDATE orders SET hold = NULL, approval = NULL WHERE id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                let cancel = OrderTransition {
                    to: OrderStatus::Cancelled,
                    reason: decision.comment.clone(),
                };
                move_order(&mut tx, actor, id, &cancel).await?;
            }
        }
        tx.commit().await?;
        self.get_order(id, &Scope::All).await
    }
}

fn bind_rule<'q>(
    q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>,
    new: &'q NewApprovalRule,
    now: i64,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments> {
    q.bind(&new.name)
        .bind(new.min_amount.map(|a| a.to_string()))
        .bind(&new.currency)
        .bind(&new.platform)
        .bind(&new.customer_email)
        .bind(new.approver.unwrap_or(Role::Admin).as_str())
        .bind(i64::from(new.active != Some(false)))
        .bind(now)
}

/// Works out again, set-wise, which rule each pending, unapproved order
/// waits on; writes only the orders whose answer changed. A held order
/// that no rule waits on any more is put to the gate again.
async fn reassess_pending(conn: &mut AnyConnection) -> Result<()> {
    let rules = rules(conn, true).await?;
    let rows = sqlx::query(
        "SELECT id, platform, currency, total_amount, customer_email, approval, approval_rule_id, hold \
         FROM orders WHERE status = 'pending' AND (approval IS NULL OR approval = 'required')",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut freed = Vec::new();
    for row in rows {
        let (platform, currency): (String, String) = (row.col("platform")?, row.col("currency")?);
        let email: Option<String> = row.col("customer_email")?;
        let facts = Facts {
            payment: PaymentStatus::Unpaid,
            address: None,
            platform: &platform,
            currency: &currency,
            total: row.opt_decimal("total_amount")?,
            customer_email: email.as_deref(),
            lines: Vec::new(),
            holds: Vec::new(),
        };
        let rule = orderhub_domain::review::applicable_rule(&rules, &facts);
        let state = rule.map(|_| ApprovalState::Required.as_str());
        let rule_id = rule.map(|r| r.id.as_str());
        let before: (Option<String>, Option<String>) =
            (row.col("approval")?, row.col("approval_rule_id")?);
        if (before.0.as_deref(), before.1.as_deref()) != (state, rule_id) {
            let id: String = row.col("id")?;
            sqlx::query("UPDATE orders SET approval = $2, approval_rule_id = $3 WHERE id = $1")
                .bind(&id)
                .bind(state)
                .bind(rule_id)
                .execute(&mut *conn)
                .await?;
            if state.is_none() && row.col::<Option<String>>("hold")?.is_some() {
                freed.push(id);
            }
        }
    }
    for id in freed {
        lock_order(conn, &id).await?;
        after_change(conn, &Actor::system(), &id).await?;
    }
    Ok(())
}
