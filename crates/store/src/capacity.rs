//! Suppliers' calendars and capacities (orderhub_domain::capacity) as
//! stored, and the days open tasks have booked.

use crate::categories::config_event;
use crate::db::Store;
use crate::error::{Result, StoreError};
use crate::rows::{RowExt, now_ms, select_in, to_json};
use orderhub_domain::capacity::{
    Booked, Calendar, Capacity, CategoryCapacity, SupplierCapacity, Weekday, WorkCalendar,
};
use orderhub_domain::model::{Actor, EventKind};
use orderhub_domain::{ErrorCode, Scope, ValidationError, stats};
use sqlx::AnyConnection;
use sqlx::any::AnyRow;
use std::collections::HashMap;

/// Categories one capacity change may list.
const MAX_CATEGORIES: usize = 500;

/// The open statuses whose tasks take capacity (a trigger drops the plan
/// rows of a task that leaves them: migration 0041).
pub(crate) const BOOKING: &str = "'assigned', 'accepted', 'in_production'";

/// A supplier's calendar from a row with `work_days`, `holidays` and
/// `utc_offset`.
pub(crate) fn calendar_from(r: &AnyRow) -> Result<Calendar> {
    let days: String = r.col("work_days")?;
    let days: Vec<Weekday> = days.split(',').filter_map(Weekday::parse).collect();
    let holidays: Vec<String> = r.json("holidays")?;
    let holidays = holidays
        .iter()
        .filter_map(|h| orderhub_domain::validate::date("holidays", h).ok())
        .map(stats::day);
    Ok(Calendar::new(&days, holidays, r.col("utc_offset")?))
}

/// A supplier's capacity in a category from a `category_suppliers` row;
/// `None` when neither units nor lead days are set.
pub(crate) fn capacity_from(r: &AnyRow) -> Result<Option<Capacity>> {
    let units: Option<i64> = r.col("units_per_day")?;
    let lead: Option<i64> = r.col("lead_days")?;
    if units.is_none() && lead.is_none() {
        return Ok(None);
    }
    Ok(Some(Capacity {
        units_per_day: units,
        lead_days: lead.unwrap_or(0),
        cut_off: r.col("cut_off")?,
    }))
}

/// Units booked per supplier and day in `category` by open tasks, from
/// yesterday on (a supplier's clock may be a day behind UTC).
pub(crate) async fn booked(
    conn: &mut AnyConnection,
    category: &str,
) -> Result<HashMap<String, Booked>> {
    let mut all = booked_in(conn, &[category.to_owned()]).await?;
    Ok(all.remove(category).unwrap_or_default())
}

/// [`booked`] for several categories in one read: category → supplier →
/// units per day.
pub(crate) async fn booked_in(
    conn: &mut AnyConnection,
    categories: &[String],
) -> Result<HashMap<String, HashMap<String, Booked>>> {
    let mut out: HashMap<String, HashMap<String, Booked>> = HashMap::new();
    if categories.is_empty() {
        return Ok(out);
    }
    let head = format!(
        "SELECT category_id, supplier_id, day, CAST(SUM(units) AS BIGINT) AS units FROM task_plan \
         WHERE day >= {} AND category_id IN (",
        Store::today() - 1
    );
    let tail = " GROUP BY category_id, supplier_id, day";
    for r in &select_in(conn, &head, categories, tail).await? {
        out.entry(r.col("category_id")?)
            .or_default()
            .entry(r.col("supplier_id")?)
            .or_default()
            .insert(r.col("day")?, r.col("units")?);
    }
    Ok(out)
}

/// `id` as `scope` may see it: a supplier only itself.
fn visible(id: &str, scope: &Scope) -> Result<()> {
    match scope {
        Scope::Supplier(own) if own != id => Err(StoreError::not_found("supplier", id)),
        Scope::Buyer(_) => Err(StoreError::not_found("supplier", id)),
        _ => Ok(()),
    }
}

impl Store {
    /// A supplier's calendar and its capacity in each of its categories.
    pub async fn supplier_capacity(&self, id: &str, scope: &Scope) -> Result<SupplierCapacity> {
        visible(id, scope)?;
        let mut conn = self.read.acquire().await?;
        read_capacity(&mut conn, id).await
    }

    /// Replaces a supplier's calendar, and its capacity in the categories
    /// `new` lists (each must be one it serves).
    pub async fn set_supplier_capacity(
        &self,
        actor: &Actor,
        id: &str,
        scope: &Scope,
        new: SupplierCapacity,
    ) -> Result<SupplierCapacity> {
        visible(id, scope)?;
        // a supplier serves a few categories; a longer list is a mistake
        // (or an attempt at thousands of writes in one request)
        if new.categories.len() > MAX_CATEGORIES {
            return Err(ValidationError::new(
                "categories",
                ErrorCode::TooMany,
                format!("at most {MAX_CATEGORIES} categories"),
            )
            .into());
        }
        let calendar = new.calendar.validate()?;
        let mut caps = Vec::with_capacity(new.categories.len());
        for (i, c) in new.categories.iter().enumerate() {
            caps.push((i, c.category_id.trim().to_owned(), c.validate(i)?));
        }
        let mut tx = self.begin().await?;
        crate::rows::lock_row(&mut tx, "suppliers", "supplier", id).await?;
        let days: Vec<&str> = calendar.work_days().iter().map(|d| d.as_str()).collect();
        let holidays: Vec<String> = calendar.holidays().map(stats::iso).collect();
        sqlx::query(
            "UPDATE suppliers SET work_days = $2, holidays = $3, utc_offset = $4, updated_at = $5 WHERE id = $1",
        )
        .bind(id)
        .bind(days.join(","))
        .bind(to_json(&holidays))
        .bind(calendar.offset_minutes())
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
        for (i, category, cap) in caps {
            let done = sqlx::query(
                "UPDATE category_suppliers SET units_per_day = $3, lead_days = $4, cut_off = $5 \
                 WHERE category_id = $1 AND supplier_id = $2",
            )
            .bind(&category)
            .bind(id)
            .bind(cap.and_then(|c| c.units_per_day))
            .bind(cap.map(|c| c.lead_days))
            .bind(cap.and_then(|c| c.cut_off))
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() == 0 {
                return Err(ValidationError::new(
                    format!("categories[{i}].category_id"),
                    ErrorCode::SupplierNotInCategory,
                    format!("the supplier does not serve category {category:?}"),
                )
                .into());
            }
        }
        config_event(&mut tx, actor, EventKind::SupplierUpdated, id).await?;
        let out = read_capacity(&mut tx, id).await?;
        tx.commit().await?;
        Ok(out)
    }
}

async fn read_capacity(conn: &mut AnyConnection, id: &str) -> Result<SupplierCapacity> {
    let row = sqlx::query("SELECT work_days, holidays, utc_offset FROM suppliers WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| StoreError::not_found("supplier", id))?;
    let calendar = WorkCalendar::of(&calendar_from(&row)?);
    let rows = sqlx::query(
        "SELECT category_id, units_per_day, lead_days, cut_off FROM category_suppliers \
         WHERE supplier_id = $1 ORDER BY position, category_id",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let mut categories = Vec::with_capacity(rows.len());
    for r in &rows {
        let category: String = r.col("category_id")?;
        categories.push(CategoryCapacity::of(&category, capacity_from(r)?.as_ref()));
    }
    Ok(SupplierCapacity {
        calendar,
        categories,
    })
}
