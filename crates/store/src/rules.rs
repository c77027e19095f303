//! Automation rules as stored: versioned (each change a new version in
//! `rule_versions`, with who made it), read by trigger in the transaction
//! of the change that triggers them, and their firings written as events.
//! What a rule means is `orderhub_domain::rules`; this module stores it
//! and gathers the facts its conditions read.

use crate::db::Store;
use crate::error::{Result, StoreError};
use crate::events::NewEvent;
use crate::rows::{Arg, RowExt, new_id, now_ms, to_json};
use orderhub_domain::TaskStatus;
use orderhub_domain::model::{Actor, EventKind, NewOrder, Order, Task};
use orderhub_domain::release::{Catalogue, category_of};
use orderhub_domain::rules::{
    Firing, NewRule, Rule, RuleAction, RuleFacts, RuleTrigger, RuleVersion,
};
use serde_json::{Value, json};
use sqlx::AnyConnection;
use sqlx::any::AnyRow;

const COLUMNS: &str = "id, name, trigger_kind, conditions, actions, active, position, version, updated_by, updated_at";

fn rule_from_row(row: &AnyRow) -> Result<Rule> {
    Ok(Rule {
        id: row.col("id")?,
        name: row.col("name")?,
        trigger: row.parsed("trigger_kind", RuleTrigger::parse)?,
        conditions: row.json("conditions")?,
        actions: row.json("actions")?,
        active: row.flag("active")?,
        position: row.col("position")?,
        version: row.col("version")?,
        updated_by: row.col("updated_by")?,
        updated_at: row.time("updated_at")?,
    })
}

/// The active rules of `trigger`, in the caller's transaction.
pub(crate) async fn active(conn: &mut AnyConnection, trigger: RuleTrigger) -> Result<Vec<Rule>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM rules WHERE trigger_kind = $1 AND active = 1 AND deleted = 0 ORDER BY position, id"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(trigger.as_str())
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(rule_from_row).collect()
}

/// The facts of an order as it arrives: each product line's category as
/// the planner would find it.
pub(crate) fn facts_of_new(new: &NewOrder, catalogue: &Catalogue) -> RuleFacts {
    let products: Vec<_> = new.lines.iter().filter(|l| l.no_task.is_none()).collect();
    RuleFacts {
        platform: new.platform.clone(),
        country: new.shipping_address.as_ref().map(|a| a.country.clone()),
        currency: new.currency.clone(),
        total: new.total_amount,
        customer_email: new.customer.email.clone(),
        customer_name: Some(new.customer.name.clone()),
        personalised: products
            .iter()
            .any(|l| orderhub_domain::proof::is_personalised(l.customization.as_ref())),
        categories: products
            .iter()
            .filter_map(|l| category_of(catalogue, None, l.category.as_deref(), &l.title).ok())
            .filter_map(|id| catalogue.categories.get(&id).map(|c| c.name.to_lowercase()))
            .collect(),
        titles: products.iter().map(|l| l.title.clone()).collect(),
        quantity: products.iter().map(|l| l.quantity).sum(),
        tags: new.tags.clone(),
        task_status: None,
        supplier: None,
    }
}

/// The facts of a stored order.
pub(crate) fn facts_of_order(o: &Order, catalogue: &Catalogue) -> RuleFacts {
    let products: Vec<_> = o
        .lines
        .iter()
        .filter(|l| l.no_task.is_none() && !l.removed)
        .collect();
    RuleFacts {
        platform: o.platform.clone(),
        country: o.shipping_address.as_ref().map(|a| a.country.clone()),
        currency: o.currency.clone(),
        total: o.total_amount,
        customer_email: o.customer.email.clone(),
        customer_name: Some(o.customer.name.clone()),
        personalised: products
            .iter()
            .any(|l| orderhub_domain::proof::is_personalised(l.customization.as_ref())),
        categories: products
            .iter()
            .filter_map(|l| l.category_id.as_ref())
            .filter_map(|id| catalogue.categories.get(id).map(|c| c.name.to_lowercase()))
            .collect(),
        titles: products.iter().map(|l| l.title.clone()).collect(),
        quantity: products.iter().map(|l| l.quantity).sum(),
        tags: o.tags.clone(),
        task_status: None,
        supplier: None,
    }
}

/// Looks at the `task_status_changed` rules after `task` moved to `to`
/// (in the move's transaction) and records what fired.
pub(crate) async fn on_task_moved(
    conn: &mut AnyConnection,
    actor: &Actor,
    task: &Task,
    to: TaskStatus,
) -> Result<()> {
    let rules = active(conn, RuleTrigger::TaskStatusChanged).await?;
    if rules.is_empty() {
        return Ok(());
    }
    let row = sqlx::query(
        "SELECT o.platform, o.currency, o.total_amount, o.customer_email, o.customer_name, o.shipping_address, o.tags, \
         s.name AS supplier_name, c.name AS category_name, l.title, l.quantity, l.customization \
         FROM tasks t JOIN orders o ON o.id = t.order_id JOIN suppliers s ON s.id = t.supplier_id \
         JOIN categories c ON c.id = t.category_id JOIN order_lines l ON l.id = t.line_id WHERE t.id = $1",
    )
    .bind(&task.id)
    .fetch_one(&mut *conn)
    .await?;
    let address: Option<orderhub_domain::model::Address> = row.opt_json("shipping_address")?;
    let customization: Option<Value> = row.opt_json("customization")?;
    let category: String = row.col("category_name")?;
    let facts = RuleFacts {
        platform: row.col("platform")?,
        country: address.map(|a| a.country),
        currency: row.col("currency")?,
        total: row.opt_decimal("total_amount")?,
        customer_email: row.col("customer_email")?,
        customer_name: row.col("customer_name")?,
        personalised: orderhub_domain::proof::is_personalised(customization.as_ref()),
        categories: vec![category.to_lowercase()],
        titles: vec![row.col("title")?],
        quantity: row.col("quantity")?,
        tags: row.opt_json::<Vec<String>>("tags")?.unwrap_or_default(),
        task_status: Some(to.as_str().to_owned()),
        supplier: Some((task.supplier_id.clone(), row.col("supplier_name")?)),
    };
    let firings = orderhub_domain::rules::evaluate(&rules, RuleTrigger::TaskStatusChanged, &facts);
    if !firings.is_empty() {
        let rows = fired_rows(&task.order_id, Some(&task.id), &firings, actor);
        crate::events::append(conn, rows).await?;
    }
    Ok(())
}

/// The `rule.fired` events of `firings` (and `rule.webhook` for those
/// with a webhook action), as event rows.
pub(crate) fn fired_rows(
    order: &str,
    task: Option<&str>,
    firings: &[Firing],
    actor: &Actor,
) -> Vec<Vec<Arg>> {
    let mut rows = Vec::new();
    for f in firings {
        let notify: Vec<&str> = f
            .actions
            .iter()
            .filter_map(|a| match a {
                RuleAction::Notify { message } => Some(message.as_str()),
                _ => None,
            })
            .collect();
        let mut details = json!({
            "rule_id": f.rule_id, "rule_name": f.rule_name, "version": f.version,
            "why": f.why, "actions": f.actions,
        });
        if !notify.is_empty() {
            details["notify"] = json!(notify.join(" · "));
        }
        let event = |kind| {
            let e = match task {
                Some(t) => NewEvent::task(order, t, kind),
                None => NewEvent::order(order, kind),
            };
            e.details(details.clone()).row(actor)
        };
        rows.push(event(EventKind::RuleFired));
        if f.actions.contains(&RuleAction::Webhook) {
            rows.push(event(EventKind::RuleWebhook));
        }
    }
    rows
}

async fn save_version(
    conn: &mut AnyConnection,
    id: &str,
    version: i64,
    body: Value,
    actor: &Actor,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO rule_versions (rule_id, version, body, changed_by, changed_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(version)
    .bind(to_json(&body))
    .bind(&actor.label)
    .bind(now_ms())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The categories and suppliers `rule`'s actions name must exist: a rule
/// that routes to nobody is refused at `actions[i]` rather than doing
/// nothing for ever. A supplier is kept by its id (it may be renamed).
async fn checked(conn: &mut AnyConnection, mut rule: NewRule) -> Result<NewRule> {
    for (i, a) in rule.actions.iter_mut().enumerate() {
        let at = format!("actions[{i}]");
        match a {
            RuleAction::RouteToCategory { category } => {
                crate::categories::category_ref(conn, &at, category).await?;
            }
            RuleAction::RouteToSupplier { supplier } => {
                *supplier = crate::users::supplier_id(conn, &at, supplier).await?;
            }
            _ => {}
        }
    }
    Ok(rule)
}

fn body_of(r: &NewRule) -> Value {
    json!({
        "name": r.name, "trigger": r.trigger, "conditions": r.conditions, "actions": r.actions,
        "active": r.active, "position": r.position,
    })
}

impl Store {
    /// Every rule not removed, by trigger and position.
    pub async fn list_rules(&self) -> Result<Vec<Rule>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM rules WHERE deleted = 0 ORDER BY trigger_kind, position, id"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_all(&self.read)
            .await?;
        rows.iter().map(rule_from_row).collect()
    }

    pub async fn get_rule(&self, id: &str) -> Result<Rule> {
        let sql = format!("SELECT {COLUMNS} FROM rules WHERE id = $1 AND deleted = 0");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(&self.read)
            .await?
            .ok_or_else(|| StoreError::not_found("rule", id))?;
        rule_from_row(&row)
    }

    /// A new rule (version 1).
    pub async fn create_rule(&self, actor: &Actor, new: NewRule) -> Result<Rule> {
        let id = new_id();
        let now = now_ms();
        let mut tx = self.begin().await?;
        let new = checked(&mut tx, new).await?;
        sqlx::query(
            "INSERT INTO rules (id, name, trigger_kind, conditions, actions, active, position, version, updated_by, updated_at, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $9, $9)",
        )
        .bind(&id)
        .bind(&new.name)
        .bind(new.trigger.as_str())
        .bind(to_json(&new.conditions))
        .bind(to_json(&new.actions))
        .bind(i64::from(new.active.unwrap_or(true)))
        .bind(new.position.unwrap_or(0))
        .bind(&actor.label)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        save_version(&mut tx, &id, 1, body_of(&new), actor).await?;
        tx.commit().await?;
        self.get_rule(&id).await
    }

    /// Replaces rule `id` with `new`, as its next version.
    pub async fn update_rule(&self, actor: &Actor, id: &str, new: NewRule) -> Result<Rule> {
        let mut tx = self.begin().await?;
        let new = checked(&mut tx, new).await?;
        let version: Option<i64> = sqlx::query_scalar(
            "UPDATE rules SET name = $2, trigger_kind = $3, conditions = $4, actions = $5, active = $6, position = $7, \
             version = version + 1, updated_by = $8, updated_at = $9 WHERE id = $1 AND deleted = 0 RETURNING version",
        )
        .bind(id)
        .bind(&new.name)
        .bind(new.trigger.as_str())
        .bind(to_json(&new.conditions))
        .bind(to_json(&new.actions))
        .bind(i64::from(new.active.unwrap_or(true)))
        .bind(new.position.unwrap_or(0))
        .bind(&actor.label)
        .bind(now_ms())
        .fetch_optional(&mut *tx)
        .await?;
        let version = version.ok_or_else(|| StoreError::not_found("rule", id))?;
        save_version(&mut tx, id, version, body_of(&new), actor).await?;
        tx.commit().await?;
        self.get_rule(id).await
    }

    /// Removes rule `id` (kept, as a last version, for the firings that
    /// name it).
    pub async fn delete_rule(&self, actor: &Actor, id: &str) -> Result<()> {
        let mut tx = self.begin().await?;
        let version: Option<i64> = sqlx::query_scalar(
            "UPDATE rules SET deleted = 1, active = 0, version = version + 1, updated_by = $2, updated_at = $3 \
             WHERE id = $1 AND deleted = 0 RETURNING version",
        )
        .bind(id)
        .bind(&actor.label)
        .bind(now_ms())
        .fetch_optional(&mut *tx)
        .await?;
        let version = version.ok_or_else(|| StoreError::not_found("rule", id))?;
        save_version(&mut tx, id, version, json!({"deleted": true}), actor).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Rule `id`'s versions, newest first: who changed what, when.
    pub async fn rule_versions(&self, id: &str) -> Result<Vec<RuleVersion>> {
        let rows = sqlx::query(
            "SELECT version, body, changed_by, changed_at FROM rule_versions WHERE rule_id = $1 ORDER BY version DESC",
        )
        .bind(id)
        .fetch_all(&self.read)
        .await?;
        if rows.is_empty() {
            return Err(StoreError::not_found("rule", id));
        }
        rows.iter()
            .map(|r| {
                Ok(RuleVersion {
                    version: r.col("version")?,
                    body: r.json("body")?,
                    changed_by: r.col("changed_by")?,
                    changed_at: r.time("changed_at")?,
                })
            })
            .collect()
    }
}
