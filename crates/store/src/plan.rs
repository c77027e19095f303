//! Production plans: each supplier's booked units per day against its
//! capacity ([`orderhub_domain::capacity::plan_days`]), the tasks booked
//! on given days, and a task moved to another day.

use crate::capacity::{BOOKING, calendar_from, capacity_from};
use crate::db::Store;
use crate::error::{Result, StoreError};
use crate::events::NewEvent;
use crate::rows::{RowExt, now_ms, run_values};
use crate::tasks::lock_task;
use orderhub_domain::capacity::{
    Booked, NotPlanned, Plan, PlanRow, PlannedTask, by_span, plan_days, plan_from,
};
use orderhub_domain::model::{Actor, EventKind};
use orderhub_domain::{ErrorCode, Scope, TaskStatus, ValidationError};
use serde_json::json;
use sqlx::AnyConnection;
use std::collections::HashMap;

/// The supplier a plan is about, in `scope`: a supplier only itself.
fn whose<'a>(scope: &'a Scope, asked: Option<&'a str>) -> Result<Option<&'a str>> {
    match (scope, asked) {
        (Scope::Supplier(own), Some(a)) if a != own => Err(StoreError::not_found("supplier", a)),
        (Scope::Supplier(own), _) => Ok(Some(own)),
        (Scope::Buyer(_), _) => Err(StoreError::not_found("plan", "")),
        (Scope::All, a) => Ok(a),
    }
}

impl Store {
    /// Days `from ..= to` (at most [`orderhub_domain::capacity::MAX_PLAN_DAYS`])
    /// of every supplier's categories, or `supplier`'s, summed by `span`
    /// days.
    pub async fn plan(
        &self,
        scope: &Scope,
        supplier: Option<&str>,
        from: i64,
        to: i64,
        span: i64,
    ) -> Result<Plan> {
        let supplier = whose(scope, supplier)?;
        let filter = if supplier.is_some() {
            " AND cs.supplier_id = $1"
        } else {
            ""
        };
        let sql = format!(
            "SELECT cs.supplier_id, s.name AS supplier, cs.category_id, c.name AS category, \
             cs.units_per_day, cs.lead_days, cs.cut_off, s.work_days, s.holidays, s.utc_offset \
             FROM category_suppliers cs JOIN suppliers s ON s.id = cs.supplier_id \
             JOIN categories c ON c.id = cs.category_id WHERE s.active = 1{filter} \
             ORDER BY s.name_key, c.name_key"
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        if let Some(s) = supplier {
            q = q.bind(s);
        }
        let members = q.fetch_all(&self.read).await?;
        let booked = self.booked_between(supplier, from, to).await?;
        let empty = Booked::new();
        let mut rows = Vec::with_capacity(members.len());
        for m in &members {
            let (s, c): (String, String) = (m.col("supplier_id")?, m.col("category_id")?);
            let cap = capacity_from(m)?;
            let days = plan_days(
                &calendar_from(m)?,
                cap.as_ref(),
                booked.get(&(s.clone(), c.clone())).unwrap_or(&empty),
                from,
                to,
            );
            rows.push(PlanRow {
                supplier_id: s,
                supplier: m.col("supplier")?,
                category_id: c,
                category: m.col("category")?,
                days: by_span(&days, usize::try_from(span).unwrap_or(1)),
            });
        }
        Ok(Plan {
            from,
            to,
            span,
            rows,
        })
    }

    async fn booked_between(
        &self,
        supplier: Option<&str>,
        from: i64,
        to: i64,
    ) -> Result<HashMap<(String, String), Booked>> {
        let filter = if supplier.is_some() {
            " AND p.supplier_id = $3"
        } else {
            ""
        };
        let sql = format!(
            "SELECT p.supplier_id, p.category_id, p.day, CAST(SUM(p.units) AS BIGINT) AS units \
             FROM task_plan p WHERE p.day >= $1 AND p.day <= $2{filter} \
             GROUP BY p.supplier_id, p.category_id, p.day"
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(from).bind(to);
        if let Some(s) = supplier {
            q = q.bind(s);
        }
        let mut out: HashMap<(String, String), Booked> = HashMap::new();
        for r in &q.fetch_all(&self.read).await? {
            out.entry((r.col("supplier_id")?, r.col("category_id")?))
                .or_default()
                .insert(r.col("day")?, r.col("units")?);
        }
        Ok(out)
    }

    /// The open tasks `supplier` has booked on days `from ..= to`, day by
    /// day, most urgent first within a day.
    pub async fn planned_tasks(
        &self,
        scope: &Scope,
        supplier: &str,
        from: i64,
        to: i64,
    ) -> Result<Vec<PlannedTask>> {
        let supplier = whose(scope, Some(supplier))?.unwrap_or_default();
        let sql = format!(
            "SELECT p.task_id, p.day, p.units, t.order_id, t.sku, t.status, t.quantity, t.due_at, \
             l.title, c.name AS category FROM task_plan p JOIN tasks t ON t.id = p.task_id \
             JOIN order_lines l ON l.id = t.line_id JOIN categories c ON c.id = t.category_id \
             WHERE p.supplier_id = $1 AND p.day >= $2 AND p.day <= $3 AND t.status IN ({BOOKING}) \
             ORDER BY p.day, t.queue_key"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(supplier)
            .bind(from)
            .bind(to)
            .fetch_all(&self.read)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(PlannedTask {
                    task_id: r.col("task_id")?,
                    order_id: r.col("order_id")?,
                    sku: r.col("sku")?,
                    title: r.col("title")?,
                    category: r.col("category")?,
                    status: r.parsed("status", TaskStatus::parse)?,
                    quantity: r.col("quantity")?,
                    day: r.col("day")?,
                    units: r.col("units")?,
                    due_at: r.opt_time("due_at")?,
                })
            })
            .collect()
    }

    /// Books task `id` again from working day `start` (its supplier's
    /// clock) into the days with room; its due date stays. Returns the
    /// days booked.
    pub async fn replan_task(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: &str,
        start: i64,
    ) -> Result<Vec<(i64, i64)>> {
        let mut tx = self.begin().await?;
        let task = lock_task(&mut tx, id, scope).await?;
        if !matches!(
            task.status,
            TaskStatus::Assigned | TaskStatus::Accepted | TaskStatus::InProduction
        ) {
            return Err(StoreError::conflict(
                ErrorCode::TaskNotOpen,
                Some("start"),
                "only a task still to be made can be planned",
            ));
        }
        // routing books this category's days with the category locked
        crate::release::lock_category(&mut tx, &task.category_id).await?;
        let days = rebook(
            &mut tx,
            &task.supplier_id,
            &task.category_id,
            id,
            task.quantity,
            start,
        )
        .await?;
        NewEvent::task(&task.order_id, id, EventKind::TaskUpdated)
            .details(json!({
                "fields": ["plan"],
                "plan": days.iter().map(|(d, u)| json!({"day": orderhub_domain::stats::iso(*d), "units": u})).collect::<Vec<_>>(),
            }))
            .write(&mut tx, actor)
            .await?;
        tx.commit().await?;
        Ok(days)
    }
}

/// Replaces task `id`'s booking with one from `start`.
async fn rebook(
    conn: &mut AnyConnection,
    supplier: &str,
    category: &str,
    id: &str,
    quantity: i64,
    start: i64,
) -> Result<Vec<(i64, i64)>> {
    let member = sqlx::query(
        "SELECT cs.units_per_day, cs.lead_days, cs.cut_off, s.work_days, s.holidays, s.utc_offset \
         FROM category_suppliers cs JOIN suppliers s ON s.id = cs.supplier_id \
         WHERE cs.category_id = $1 AND cs.supplier_id = $2",
    )
    .bind(category)
    .bind(supplier)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| StoreError::not_found("supplier", supplier))?;
    let (cal, cap) = (calendar_from(&member)?, capacity_from(&member)?);
    sqlx::query("DELETE FROM task_plan WHERE task_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    let booked = crate::capacity::booked(conn, category)
        .await?
        .remove(supplier)
        .unwrap_or_default();
    let today = cal.day_at(now_ms());
    let days = plan_from(&cal, cap.as_ref(), &booked, today, start, quantity).map_err(|e| {
        let code = match e {
            NotPlanned::DayOff => ErrorCode::DayOff,
            NotPlanned::Past => ErrorCode::OutOfRange,
            NotPlanned::NoRoom => ErrorCode::NoRoom,
        };
        StoreError::from(ValidationError::new("start", code, e.to_string()))
    })?;
    let rows = days
        .iter()
        .map(|(day, units)| {
            vec![
                id.into(),
                (*day).into(),
                supplier.into(),
                category.into(),
                (*units).into(),
            ]
        })
        .collect();
    run_values(
        conn,
        "INSERT INTO task_plan (task_id, day, supplier_id, category_id, units)",
        rows,
        "",
    )
    .await?;
    Ok(days)
}
