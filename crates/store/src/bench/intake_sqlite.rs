//! The intake baseline through another SQLite driver: `rusqlite` on one
//! dedicated thread, with prepared statements kept in its cache — the
//! alternative to sqlx's `Any` driver that issue 13 asks to measure in the
//! same run. Same rows, same statements, same durability
//! (`synchronous=FULL`, WAL), same groups; only the driver differs.

use crate::bench::intake::{
    BaselineReport, Category, LINES_INSERT, MEMBERS_SQL, ORDERS_INSERT, PlainOrder, STATE_SQL,
    STATE_UPDATE, State, TASKS_INSERT, plain_rows,
};
use crate::db::Store;
use crate::error::{Result, StoreError};
use crate::events::{EVENT_INSERT, fan_out_sql};
use crate::rows::{Arg, now_ms};
use rusqlite::types::Value;
use std::collections::HashMap;
use std::time::Instant;

impl Store {
    /// [`Store::baseline`] with the writes made by `rusqlite` on the SQLite
    /// file at `path` (this store's database, which must hold no orders).
    pub async fn baseline_rusqlite(
        &self,
        path: &str,
        categories: usize,
        orders: Vec<PlainOrder>,
        group: usize,
    ) -> Result<BaselineReport> {
        let cats = self.baseline_start(categories).await?;
        let path = path.to_owned();
        tokio::task::spawn_blocking(move || write_all(&path, &cats, &orders, group))
            .await
            .map_err(|e| StoreError::Corrupt(e.to_string()))?
    }
}

fn write_all(
    path: &str,
    cats: &[Category],
    orders: &[PlainOrder],
    group: usize,
) -> Result<BaselineReport> {
    let fail = |e: rusqlite::Error| StoreError::Corrupt(format!("rusqlite: {e}"));
    let conn = rusqlite::Connection::open(path).map_err(fail)?;
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; \
         PRAGMA busy_timeout = 5000;",
    )
    .map_err(fail)?;
    let started = Instant::now();
    for chunk in orders.chunks(group.max(1)) {
        conn.execute_batch("BEGIN IMMEDIATE").map_err(fail)?;
        write_group(&conn, cats, chunk).map_err(fail)?;
        conn.execute_batch("COMMIT").map_err(fail)?;
    }
    Ok(BaselineReport::timed(orders.len(), group, started))
}

/// One group: state read, rows written one prepared statement per row
/// (in-process, a statement costs no round trip), state written back.
fn write_group(
    conn: &rusqlite::Connection,
    cats: &[Category],
    group: &[PlainOrder],
) -> rusqlite::Result<()> {
    let mut state: State = HashMap::new();
    let mut read = conn.prepare_cached(STATE_SQL)?;
    let mut found = read.query([])?;
    while let Some(r) = found.next()? {
        state.insert(r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?));
    }
    let mut suppliers: HashMap<String, Vec<String>> = HashMap::new();
    let mut read = conn.prepare_cached(MEMBERS_SQL)?;
    let mut found = read.query([])?;
    while let Some(r) = found.next()? {
        suppliers.entry(r.get(0)?).or_default().push(r.get(1)?);
    }
    let rows = plain_rows(cats, &mut state, &suppliers, group);
    let ids: Vec<Value> = rows.events.iter().map(|e| value(&e[0])).collect();
    for (head, table) in [
        (ORDERS_INSERT, rows.orders),
        (LINES_INSERT, rows.lines),
        (TASKS_INSERT, rows.tasks),
        (EVENT_INSERT, rows.events),
    ] {
        insert_each(conn, head, table)?;
    }
    let mut fan_out = conn.prepare_cached(&fan_out_sql(1))?;
    for id in ids {
        fan_out.execute(rusqlite::params![now_ms(), id])?;
    }
    let mut update = conn.prepare_cached(STATE_UPDATE)?;
    for (id, (cursor, count, seq)) in state {
        // SQLite numbers `$N` parameters by first appearance, not by N
        update.execute(rusqlite::named_params! {
            "$1": id, "$2": cursor, "$3": count, "$4": seq,
        })?;
    }
    Ok(())
}

/// `head VALUES ($1, …)` once per row, through the statement cache.
fn insert_each(
    conn: &rusqlite::Connection,
    head: &str,
    rows: Vec<Vec<Arg>>,
) -> rusqlite::Result<()> {
    let Some(width) = rows.first().map(Vec::len) else {
        return Ok(());
    };
    let marks: Vec<String> = (1..=width).map(|i| format!("${i}")).collect();
    let mut insert = conn.prepare_cached(&format!("{head} VALUES ({})", marks.join(", ")))?;
    for row in rows {
        insert.execute(rusqlite::params_from_iter(row.iter().map(value)))?;
    }
    Ok(())
}

fn value(arg: &Arg) -> Value {
    match arg {
        Arg::Text(Some(t)) => Value::Text(t.clone()),
        Arg::Int(Some(i)) => Value::Integer(*i),
        Arg::Text(None) | Arg::Int(None) => Value::Null,
    }
}

#[cfg(test)]
mod tests {
    use crate::Store;
    use crate::bench::{PlainLine, PlainOrder};

    async fn counts(store: &Store) -> Vec<i64> {
        let mut out = Vec::new();
        for table in ["orders", "order_lines", "tasks", "events"] {
            let sql = format!("SELECT COUNT(*) FROM {table}");
            let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
                .fetch_one(&store.read)
                .await
                .unwrap();
            out.push(n);
        }
        let seq: i64 = sqlx::query_scalar("SELECT SUM(route_count) FROM categories")
            .fetch_one(&store.read)
            .await
            .unwrap();
        out.push(seq);
        out
    }

    /// Both drivers write the same rows for the same orders, and the
    /// rotation state is written back (a second group finds it: no SKU
    /// repeats).
    #[tokio::test]
    async fn both_drivers_write_the_same_rows() {
        let dir = std::env::temp_dir().join(format!("orderhub-base-{}", uuid::Uuid::now_v7()));
        std::fs::create_dir_all(&dir).unwrap();
        let orders: Vec<PlainOrder> = (0..20)
            .map(|i| PlainOrder {
                platform: "etsy".into(),
                number: format!("B-{i}"),
                customer: "Ada".into(),
                lines: (0..1 + i % 3)
                    .map(|c| PlainLine {
                        title: format!("item{c}"),
                        quantity: 1,
                        unit_price: "1.00".into(),
                        category: c,
                    })
                    .collect(),
            })
            .collect();
        let mut seen = Vec::new();
        for driver in ["any", "rusqlite"] {
            let path = dir.join(format!("{driver}.db"));
            let store = Store::connect(&format!("sqlite://{}?mode=rwc", path.display()))
                .await
                .unwrap();
            store.migrate().await.unwrap();
            let report = match driver {
                "any" => store.baseline(4, &orders, 8).await.unwrap(),
                _ => {
                    let path = path.to_str().unwrap();
                    store
                        .baseline_rusqlite(path, 4, orders.clone(), 8)
                        .await
                        .unwrap()
                }
            };
            assert_eq!(report.orders, 20);
            seen.push(counts(&store).await);
            store.close().await;
        }
        assert_eq!(seen[0], seen[1]);
        assert_eq!(seen[0][..3], [20, 39, 39], "orders, lines, tasks");
        std::fs::remove_dir_all(dir).unwrap();
    }
}
