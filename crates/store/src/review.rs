//! The review gate, applied ([`orderhub_domain::review`] decides): every
//! path that releases a pending order comes through here — intake (a
//! group of new orders, [`Gatekeeper::gate_new`]), an operator's release,
//! an approval, and a change that may let a held order go (a payment, an
//! edit, a marketplace's update: [`after_change`]).

use crate::error::{Result, StoreError};
use crate::events::NewEvent;
use crate::orders::set_status;
use crate::records::{LINE_COLUMNS, ORDER_COLUMNS, line_from_row, order_from_row};
use crate::release;
use crate::rows::{RowExt, placeholders, to_json};
use orderhub_domain::model::{Actor, EventKind, NewOrder, Order};
use orderhub_domain::release::Cause;
use orderhub_domain::review::{
    ApprovalRule, ApprovalState, Asked, Check, Facts, Review, Supplies, SupplyPrices, Verdict,
    review,
};
use orderhub_domain::rules::{Outcome, RuleTrigger, evaluate};
use orderhub_domain::{ErrorCode, OrderStatus, Role};
use serde_json::{Value, json};
use sqlx::{AnyConnection, AssertSqlSafe};

/// The rules and the supplier prices the checks read, loaded once for a
/// group of orders.
pub(crate) struct Gatekeeper {
    rules: Vec<ApprovalRule>,
    supplies: Supplies,
}

/// What the gate decided for a new order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Gated {
    /// Released on arrival.
    pub release: bool,
    pub approval: Option<ApprovalState>,
    pub approval_rule_id: Option<String>,
    /// The checks its release waits on (only when it asked for one).
    pub hold: Vec<Check>,
    /// Failed checks a person released it past.
    pub acknowledged: Vec<Check>,
    /// What each failed check found, for the event.
    pub problems: Vec<String>,
}

impl Gatekeeper {
    /// Loads the active rules and, for the product codes of `facts`, the
    /// suppliers' prices.
    pub(crate) async fn load(conn: &mut AnyConnection, facts: &[Facts<'_>]) -> Result<Self> {
        let rules = crate::approvals::rules(conn, true).await?;
        let mut keys: Vec<String> = facts.iter().flat_map(Facts::product_keys).collect();
        keys.sort();
        keys.dedup();
        let mut prices = SupplyPrices::default();
        for chunk in keys.chunks(500) {
            let sql = format!(
                "SELECT code, currency, supplier_price FROM products WHERE active = 1 AND code_key IN ({})",
                placeholders(1, chunk.len())
            );
            let mut q = sqlx::query(AssertSqlSafe(sql));
            for k in chunk {
                q = q.bind(k);
            }
            for row in q.fetch_all(&mut *conn).await? {
                let code: String = row.col("code")?;
                let currency: String = row.col("currency")?;
                prices.add(&code, &currency, row.decimal("supplier_price")?);
            }
        }
        let supplies = Supplies {
            prices,
            stock: crate::stock::orders::levels(conn, &keys).await?,
            materials: crate::materials::needs(conn, &keys).await?,
        };
        Ok(Self { rules, supplies })
    }

    fn review(&self, facts: &Facts<'_>, approved: bool) -> Review {
        review(facts, &self.supplies, &self.rules, approved)
    }

    /// The gate for a new order asking (or not) for release; `holds` are
    /// the automation rules holding it, which hold a release a person
    /// asked for too (the seller's own rule says a person must look).
    pub(crate) fn gate_new(
        &self,
        new: &NewOrder,
        holds: &[(String, String, String)],
        asked: Asked,
    ) -> Gated {
        let mut facts = Facts::of_new(new);
        facts.holds = holds.to_vec();
        let asked = if holds.is_empty() {
            asked
        } else {
            Asked::Policy
        };
        let r = self.review(&facts, false);
        let mut gated = Gated {
            approval: r.awaits_approval().then_some(ApprovalState::Required),
            approval_rule_id: r.approval_rule.as_ref().map(|a| a.id.clone()),
            ..Gated::default()
        };
        if new.status != Some(OrderStatus::Purchasing) {
            return gated;
        }
        match r.verdict(asked) {
            Verdict::Release { acknowledged } => {
                gated.release = true;
                gated.acknowledged = acknowledged;
            }
            Verdict::Hold(checks) => gated.hold = checks,
            Verdict::NeedsApproval(_) => gated.hold = vec![Check::Approval],
        }
        gated.problems = problems(&r);
        gated
    }
}

/// Each failed check's findings, as sentences.
fn problems(r: &Review) -> Vec<String> {
    r.findings
        .iter()
        .flat_map(|f| f.problems.iter().map(ToString::to_string))
        .collect()
}

/// The `order.held` event's details.
pub(crate) fn held_details(checks: &[Check], problems: &[String]) -> Value {
    json!({ "checks": checks, "problems": problems })
}

/// Order `id` as stored, with its lines, read in the caller's transaction.
async fn stored(conn: &mut AnyConnection, id: &str) -> Result<(Order, Option<ApprovalState>)> {
    let sql = format!("SELECT {ORDER_COLUMNS} FROM orders WHERE id = $1");
    let row = sqlx::query(AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| StoreError::not_found("order", id))?;
    let mut order = order_from_row(&row)?;
    let sql =
        format!("SELECT {LINE_COLUMNS} FROM order_lines WHERE order_id = $1 ORDER BY line_no");
    let lines = sqlx::query(AssertSqlSafe(sql))
        .bind(id)
        .fetch_all(&mut *conn)
        .await?;
    order.lines = lines.iter().map(line_from_row).collect::<Result<_>>()?;
    let approval = order.approval;
    Ok((order, approval))
}

/// Reviews stored order `id` with the rules as they are now.
pub(crate) async fn assess(conn: &mut AnyConnection, id: &str) -> Result<(Order, Review)> {
    let (order, approval) = stored(conn, id).await?;
    let mut facts = Facts::of_order(&order);
    facts.holds = rule_holds(conn, &order).await?;
    let keeper = Gatekeeper::load(conn, std::slice::from_ref(&facts)).await?;
    let r = keeper.review(&facts, approval == Some(ApprovalState::Approved));
    Ok((order, r))
}

/// The automation rules that hold stored `order` now (they are looked at
/// again at each review, as the approval rules are).
async fn rule_holds(
    conn: &mut AnyConnection,
    order: &Order,
) -> Result<Vec<(String, String, String)>> {
    let rules = crate::rules::active(conn, RuleTrigger::OrderReceived).await?;
    if rules.is_empty() {
        return Ok(Vec::new());
    }
    let catalogue = crate::release::catalogue(conn, crate::release::Categories::All).await?;
    let facts = crate::rules::facts_of_order(order, &catalogue);
    Ok(Outcome::of(&evaluate(&rules, RuleTrigger::OrderReceived, &facts)).holds)
}

/// [`assess`], then stores where order `id` (locked by the caller) stands
/// with the approval rules.
pub(crate) async fn reassess(conn: &mut AnyConnection, id: &str) -> Result<(Order, Review)> {
    let (order, r) = assess(conn, id).await?;
    if !r.approved {
        let state = r.awaits_approval().then_some(ApprovalState::Required);
        sqlx::query("UPDATE orders SET approval = $2, approval_rule_id = $3 WHERE id = $1")
            .bind(id)
            .bind(state.map(|s| s.as_str()))
            .bind(r.approval_rule.as_ref().map(|a| a.id.as_str()))
            .execute(&mut *conn)
            .await?;
    }
    Ok((order, r))
}

/// Whether a release asked for went ahead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Released {
    Yes,
    /// Held for these checks.
    Held(Vec<Check>),
}

/// Releases pending order `id` (locked by the caller) if the gate lets
/// it: a person's release goes ahead past failed checks (recorded as
/// acknowledged) but not past a missing approval (409
/// `approval_required`); a release by policy is held while any check
/// fails, and the order remembers what it waits on.
pub(crate) async fn release_pending(
    conn: &mut AnyConnection,
    actor: &Actor,
    id: &str,
    asked: Asked,
    reason: Option<&str>,
) -> Result<Released> {
    let (order, r) = reassess(conn, id).await?;
    let acknowledged = match r.verdict(asked) {
        Verdict::Release { acknowledged } => acknowledged,
        Verdict::NeedsApproval(rule) => {
            return Err(StoreError::conflict(
                ErrorCode::ApprovalRequired,
                None,
                format!(
                    "rule “{}” needs an {}'s approval before release",
                    rule.name, rule.approver
                ),
            ));
        }
        Verdict::Hold(checks) => {
            if order.hold != checks {
                sqlx::query("UPDATE orders SET hold = $2 WHERE id = $1")
                    .bind(id)
                    .bind(to_json(&checks))
                    .execute(&mut *conn)
                    .await?;
                NewEvent::order(id, EventKind::OrderHeld)
                    .details(held_details(&checks, &problems(&r)))
                    .write(conn, actor)
                    .await?;
            }
            return Ok(Released::Held(checks));
        }
    };
    sqlx::query("UPDATE orders SET hold = NULL WHERE id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    let mut details = json!({});
    if let Some(reason) = reason {
        details["reason"] = json!(reason);
    }
    if !acknowledged.is_empty() {
        details["acknowledged"] = json!(acknowledged);
        details["problems"] = json!(problems(&r));
    }
    set_status(
        conn,
        actor,
        id,
        OrderStatus::Pending,
        OrderStatus::Purchasing,
        details,
    )
    .await?;
    release::one(conn, actor, id, Cause::Release).await?;
    Ok(Released::Yes)
}

/// After a change to pending order `id` (locked by the caller): where it
/// stands with the approval rules is stored again, and if it was held,
/// the gate is asked again — the payment or the address it waited on may
/// have come.
pub(crate) async fn after_change(conn: &mut AnyConnection, actor: &Actor, id: &str) -> Result<()> {
    let held: Option<(String, Option<String>)> =
        sqlx::query("SELECT status, hold FROM orders WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?
            .map(|row| Ok::<_, StoreError>((row.col("status")?, row.col("hold")?)))
            .transpose()?;
    match held {
        Some((status, Some(_))) if status == OrderStatus::Pending.as_str() => {
            release_pending(conn, actor, id, Asked::Policy, Some("review passed")).await?;
        }
        Some((status, _)) if status == OrderStatus::Pending.as_str() => {
            reassess(conn, id).await?;
        }
        _ => {}
    }
    Ok(())
}

/// Whether `role` may approve under the rule; 403 `not_your_approval` if not.
pub(crate) fn check_approver(rule: &ApprovalRule, role: Role) -> Result<()> {
    if rule.may_approve(role) {
        return Ok(());
    }
    Err(orderhub_domain::Forbidden::new(
        ErrorCode::NotYourApproval,
        format!("rule “{}” needs an {}'s approval", rule.name, rule.approver),
    )
    .into())
}
