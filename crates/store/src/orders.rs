//! Orders: intake, reading, listing and operator transitions.

use crate::db::Store;
use crate::error::{Result, StoreError};
use crate::events::NewEvent;
use crate::queue::Intaken;
use crate::records::{
    LINE_COLUMNS, ORDER_COLUMNS, Subject, TASK_COLUMNS, fill_children, line_from_row, lock_order,
    order_from_row, supplier_codes, task_from_row, visible,
};
use crate::release;
use crate::rows::{RowExt, by_id_in_scope, now_ms, placeholders};
use orderhub_domain::labels::Viewer;
use orderhub_domain::model::{Actor, EventKind, Line, NewOrder, Order, OrderTransition};
use orderhub_domain::release::Cause;
use orderhub_domain::review::Asked;
use orderhub_domain::{ORDER_LIFECYCLE, OrderStatus, Scope};
use serde_json::json;
use sqlx::{AnyConnection, AssertSqlSafe};
use std::collections::HashMap;

impl Store {
    /// Takes an order in. Returns the order and whether it is new: a second
    /// intake of the same (platform, external_number) returns the stored
    /// order unchanged. With `status: purchasing` the order is released to
    /// suppliers in the same transaction.
    pub async fn create_order(&self, actor: &Actor, new: NewOrder) -> Result<(Order, bool)> {
        let new = new.normalize()?;
        let (id, created) = match &self.intake {
            Some(writer) => match writer.submit(actor, new).await? {
                Intaken {
                    order: Some(order),
                    created,
                    ..
                } => return Ok((order, created)),
                Intaken { id, created, .. } => (id, created),
            },
            None => self.intake_alone(actor, &new).await?,
        };
        Ok((self.get_order(&id, &Scope::All).await?, created))
    }

    /// One normalized order in a transaction of its own, row by row: the
    /// path when a group fails (and for a store without an intake writer).
    pub(crate) async fn intake_alone(
        &self,
        actor: &Actor,
        new: &NewOrder,
    ) -> Result<(String, bool)> {
        let mut tx = self.begin().await?;
        let done = crate::group::write(&mut tx, false, &[(actor, new)], "")
            .await?
            .remove(0);
        tx.commit().await?;
        Ok((done.id, done.created))
    }

    /// Takes many orders in at once, as one transaction written set-wise
    /// (bulk loads: the demo, imports); the same rules as
    /// [`Store::create_order`]. Returns how many were new.
    pub async fn intake_bulk(&self, actor: &Actor, orders: Vec<NewOrder>) -> Result<usize> {
        let orders = orders
            .into_iter()
            .map(NewOrder::normalize)
            .collect::<Result<Vec<_>, _>>()?;
        let refs: Vec<(&Actor, &NewOrder)> = orders.iter().map(|o| (actor, o)).collect();
        let mut tx = self.begin().await?;
        let done = crate::group::write(&mut tx, true, &refs, "").await?;
        tx.commit().await?;
        Ok(done.iter().filter(|d| d.created).count())
    }

    /// True when there are neither categories nor orders (a new database).
    pub async fn is_empty(&self) -> Result<bool> {
        let n: i64 = sqlx::query_scalar(
            "SELECT (SELECT COUNT(*) FROM categories) + (SELECT COUNT(*) FROM orders)",
        )
        .fetch_one(&self.read)
        .await?;
        Ok(n == 0)
    }

    /// One order with its lines and tasks. A supplier sees only orders it
    /// has a task in, only its own tasks and their lines, and no prices or
    /// customer e-mail; any other order is not found.
    pub async fn get_order(&self, id: &str, scope: &Scope) -> Result<Order> {
        let mut sql = format!("SELECT {ORDER_COLUMNS} FROM orders WHERE id = $1");
        sql.push_str(&visible(scope, Subject::Order, 2));
        let row = by_id_in_scope(sql, id, scope)
            .fetch_optional(&self.read)
            .await?
            .ok_or_else(|| StoreError::not_found("order", id))?;
        let mut orders = vec![order_from_row(&row)?];
        self.attach_lines_and_tasks(&mut orders, scope).await?;
        Ok(orders.remove(0))
    }

    /// True when some order has exactly this number.
    pub(crate) async fn is_order_number(&self, q: &str) -> Result<bool> {
        let found: Option<i64> =
            sqlx::query_scalar("SELECT 1 FROM orders WHERE external_number = $1 LIMIT 1")
                .bind(q)
                .fetch_optional(&self.read)
                .await?;
        Ok(found.is_some())
    }

    /// The order's status, if `scope` may see the order.
    pub(crate) async fn get_order_status(&self, id: &str, scope: &Scope) -> Result<OrderStatus> {
        let sql = format!(
            "SELECT status FROM orders WHERE id = $1{}",
            visible(scope, Subject::Order, 2)
        );
        let row = by_id_in_scope(sql, id, scope)
            .fetch_optional(&self.read)
            .await?;
        let status: String = row
            .ok_or_else(|| StoreError::not_found("order", id))?
            .col("status")?;
        OrderStatus::parse(&status)
            .ok_or_else(|| StoreError::Corrupt(format!("order status {status}")))
    }

    /// An operator moves an order: release (`purchasing`), retry routing
    /// (`needs_attention` → `purchasing`) or cancel.
    pub async fn transition_order(
        &self,
        actor: &Actor,
        id: &str,
        req: OrderTransition,
    ) -> Result<Order> {
        let req = req.normalize()?;
        let mut tx = self.begin().await?;
        move_order(&mut tx, actor, id, &req).await?;
        tx.commit().await?;
        self.get_order(id, &Scope::All).await
    }

    pub(crate) async fn attach_lines_and_tasks(
        &self,
        orders: &mut [Order],
        scope: &Scope,
    ) -> Result<()> {
        if orders.is_empty() {
            return Ok(());
        }
        let ids: Vec<&str> = orders.iter().map(|o| o.id.as_str()).collect();
        let marks = placeholders(1, ids.len());
        // A supplier gets only its own tasks and the lines they are for.
        let supplier = scope.supplier();
        let n = ids.len() + 1;
        let own_lines = visible(scope, Subject::Line, n);
        let own_tasks = visible(scope, Subject::LiveTask, n);
        let sql = format!(
            "SELECT {LINE_COLUMNS} FROM order_lines WHERE order_id IN ({marks}){own_lines} ORDER BY line_no"
        );
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for id in &ids {
            q = q.bind(*id);
        }
        if let Some(s) = supplier {
            q = q.bind(s);
        }
        let mut lines: HashMap<String, Vec<Line>> = HashMap::new();
        for row in q.fetch_all(&self.read).await? {
            lines
                .entry(row.col("order_id")?)
                .or_default()
                .push(line_from_row(&row)?);
        }
        let sql = format!(
            "SELECT {} FROM tasks WHERE order_id IN ({marks}){own_tasks} ORDER BY id",
            TASK_COLUMNS
        );
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for id in &ids {
            q = q.bind(*id);
        }
        if let Some(s) = supplier {
            q = q.bind(s);
        }
        let mut all = q
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(task_from_row)
            .collect::<Result<Vec<_>>>()?;
        self.attach_open_work(&mut all).await?;
        let mut tasks: HashMap<String, Vec<_>> = HashMap::new();
        for t in all {
            tasks.entry(t.order_id.clone()).or_default().push(t);
        }
        let sees_phone = match supplier {
            Some(s) => self.sees_customer_phone(s).await?,
            None => true,
        };
        let mut upstream = match supplier {
            Some(_) => HashMap::new(),
            None => self.upstream_of(&ids).await?,
        };
        for o in orders.iter_mut() {
            o.lines = lines.remove(&o.id).unwrap_or_default();
            o.tasks = tasks.remove(&o.id).unwrap_or_default();
            if let Some((id, url)) = upstream.remove(&o.id) {
                (o.upstream_id, o.upstream_url) = (Some(id), url);
            }
            if supplier.is_some() {
                redact_for_supplier(o, sees_phone);
            }
            o.relabel(Viewer::of(scope));
        }
        let suppliers: std::collections::HashSet<&str> = orders
            .iter()
            .flat_map(|o| o.tasks.iter().map(|t| t.supplier_id.as_str()))
            .collect();
        let suppliers: Vec<&str> = suppliers.into_iter().collect();
        // read only when there are suppliers to name (a list of pending
        // orders has none)
        let codes = match suppliers.is_empty() {
            true => Default::default(),
            false => supplier_codes(&mut *self.read.acquire().await?, &suppliers).await?,
        };
        for o in orders.iter_mut() {
            fill_children(o, &codes);
        }
        if supplier.is_none() {
            self.fill_attention(orders).await?;
        }
        Ok(())
    }
}

impl Store {
    /// The marketplace's id of each channel order and its admin link.
    async fn upstream_of(&self, ids: &[&str]) -> Result<HashMap<String, (String, Option<String>)>> {
        let sql = format!(
            "SELECT co.order_id, co.upstream_id, c.kind, c.store_url FROM channel_orders co \
             JOIN channels c ON c.id = co.channel_id WHERE co.order_id IN ({})",
            crate::rows::placeholders(1, ids.len())
        );
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for id in ids {
            q = q.bind(*id);
        }
        let mut found = HashMap::new();
        for row in q.fetch_all(&self.read).await? {
            let upstream: String = row.col("upstream_id")?;
            let kind = orderhub_channels::ChannelKind::parse(&row.col::<String>("kind")?);
            let store: Option<String> = row.col("store_url")?;
            let url = kind.and_then(|k| k.admin_url(store.as_deref(), &upstream));
            found.insert(row.col("order_id")?, (upstream, url));
        }
        Ok(found)
    }

    /// Whether a supplier's people see customers' phones.
    async fn sees_customer_phone(&self, supplier: &str) -> Result<bool> {
        let flag: Option<i64> =
            sqlx::query_scalar("SELECT sees_customer_phone FROM suppliers WHERE id = $1")
                .bind(supplier)
                .fetch_optional(&self.read)
                .await?;
        Ok(flag == Some(1))
    }
}

/// Suppliers see no prices and no customer e-mail (docs/architecture.md, "Access control": only the
/// parts of an order their tasks need), and the phone only when the
/// seller lets that supplier see it.
fn redact_for_supplier(order: &mut Order, sees_phone: bool) {
    order.total_amount = None;
    order.approval = None;
    order.hold.clear();
    order.customer.email = None;
    order.note = None;
    // the seller's words about the buyer ("VIP", "wholesale")
    order.tags.clear();
    if !sees_phone {
        order.customer.phone = None;
    }
    for line in &mut order.lines {
        line.unit_price = None;
        line.line_total = None;
    }
}

/// An order's move inside the caller's transaction, as the lifecycle allows
/// `actor`: cancelling cancels its open tasks, releasing routes its lines.
pub(crate) async fn move_order(
    conn: &mut AnyConnection,
    actor: &Actor,
    id: &str,
    req: &OrderTransition,
) -> Result<()> {
    let from = lock_order(conn, id).await?;
    ORDER_LIFECYCLE.check(from, req.to, actor.party)?;
    if req.to == OrderStatus::Cancelled {
        release::one(conn, actor, id, Cause::OrderCancelled).await?;
    }
    if (from, req.to) == (OrderStatus::Pending, OrderStatus::Purchasing) {
        // a person's release: through the review gate
        let reason = req.reason.as_deref();
        crate::review::release_pending(conn, actor, id, Asked::Person, reason).await?;
        return Ok(());
    }
    let details = match &req.reason {
        Some(r) => json!({ "reason": r }),
        None => json!({}),
    };
    set_status(conn, actor, id, from, req.to, details).await?;
    if req.to == OrderStatus::Purchasing {
        release::one(conn, actor, id, Cause::Release).await?;
    }
    Ok(())
}

/// Writes a status change and its event.
pub(crate) async fn set_status(
    conn: &mut AnyConnection,
    actor: &Actor,
    id: &str,
    from: OrderStatus,
    to: OrderStatus,
    details: serde_json::Value,
) -> Result<()> {
    sqlx::query("UPDATE orders SET status = $2, updated_at = $3 WHERE id = $1")
        .bind(id)
        .bind(to.as_str())
        .bind(now_ms())
        .execute(&mut *conn)
        .await?;
    NewEvent::order(id, EventKind::OrderStatusChanged)
        .change(from.as_str(), to.as_str())
        .details(details)
        .write(conn, actor)
        .await?;
    crate::statistics::restate(conn, &[id.to_owned()], crate::statistics::Held::Already).await
}
