//! Suppliers' open work, for least-loaded routing (see
//! `migrations/0003_supplier_load.sql`): changes are appended as deltas in
//! the transaction that changes a task, and folded into the supplier's
//! counter by the intake writer.

use crate::error::Result;
use crate::rows::{Arg, RowExt, new_id, placeholders, run_values};
use orderhub_domain::TaskStatus;
use orderhub_domain::routing::Candidate;
use sqlx::{AnyConnection, AssertSqlSafe};
use std::collections::{BTreeMap, HashMap};

/// Records that `supplier` has `delta` more open tasks.
pub(crate) async fn changed(conn: &mut AnyConnection, supplier: &str, delta: i64) -> Result<()> {
    changed_many(conn, [(supplier.to_owned(), delta)].into()).await
}

/// Records several suppliers' changes in one statement.
pub(crate) async fn changed_many(
    conn: &mut AnyConnection,
    deltas: BTreeMap<String, i64>,
) -> Result<()> {
    let rows: Vec<Vec<Arg>> = deltas
        .into_iter()
        .filter(|(_, d)| *d != 0)
        .map(|(s, d)| vec![new_id().into(), s.into(), d.into()])
        .collect();
    if !rows.is_empty() {
        run_values(
            conn,
            "INSERT INTO supplier_load (id, supplier_id, delta)",
            rows,
            "",
        )
        .await?;
    }
    Ok(())
}

/// The change in open tasks when a task moves from `from` to `to`.
pub(crate) fn delta(from: TaskStatus, to: TaskStatus) -> i64 {
    i64::from(to.is_open()) - i64::from(from.is_open())
}

/// Sets each candidate's `open_tasks`.
pub(crate) async fn read(conn: &mut AnyConnection, candidates: &mut [Candidate]) -> Result<()> {
    if candidates.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "SELECT s.id, s.open_tasks + COALESCE((SELECT CAST(SUM(l.delta) AS BIGINT) FROM supplier_load l WHERE l.supplier_id = s.id), 0) AS n \
         FROM suppliers s WHERE s.id IN ({})",
        placeholders(1, candidates.len())
    );
    let mut q = sqlx::query(AssertSqlSafe(sql));
    for c in candidates.iter() {
        q = q.bind(c.supplier_id.clone());
    }
    let counts: HashMap<String, i64> = q
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| Ok((r.col("id")?, r.col("n")?)))
        .collect::<Result<_>>()?;
    for c in candidates {
        c.open_tasks = Some(counts.get(&c.supplier_id).copied().unwrap_or(0));
    }
    Ok(())
}

/// Moves the deltas this transaction can see into the suppliers' counters.
/// Deleting first and adding what was deleted keeps rows that other
/// transactions commit meanwhile for the next fold.
pub(crate) async fn fold(conn: &mut AnyConnection) -> Result<()> {
    let rows = sqlx::query("DELETE FROM supplier_load RETURNING supplier_id, delta")
        .fetch_all(&mut *conn)
        .await?;
    let mut sums: BTreeMap<String, i64> = BTreeMap::new();
    for r in &rows {
        *sums.entry(r.col("supplier_id")?).or_default() += r.col::<i64>("delta")?;
    }
    for (supplier, delta) in sums.into_iter().filter(|(_, d)| *d != 0) {
        sqlx::query("UPDATE suppliers SET open_tasks = open_tasks + $2 WHERE id = $1")
            .bind(supplier)
            .bind(delta)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}
