//! Reading suppliers' scorecards, and the on-time rates routing reads.

use crate::db::Store;
use crate::error::Result;
use crate::rows::RowExt;
use orderhub_domain::stats::{
    Grain, Period, Range, ScorePoint, ScoreReport, Scorecard, Span, WorkSums, iso, month_of,
    month_start,
};
use rust_decimal::Decimal;
use sqlx::AnyConnection;
use std::collections::{BTreeMap, HashMap};

type Key = (String, String);

fn work_sums(r: &sqlx::any::AnyRow) -> Result<WorkSums> {
    let mut v = [0; 9];
    for (slot, c) in v.iter_mut().zip(WorkSums::COLUMNS) {
        *slot = r.col(c)?;
    }
    Ok(WorkSums::from_values(v))
}

fn summed() -> String {
    WorkSums::COLUMNS
        .iter()
        .map(|c| format!("CAST(SUM({c}) AS BIGINT) AS {c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Store {
    /// Scorecards for `range` of `period`: every supplier's, or only
    /// `supplier`'s (a supplier reading its own).
    pub async fn scorecards(
        &self,
        period: Period,
        range: Range,
        supplier: Option<&str>,
    ) -> Result<ScoreReport> {
        self.fold_statistics().await?;
        let spans = range.spans();
        let mine = |id: &str| supplier.is_none_or(|s| s == id);
        let select = format!("supplier_id, category_id, {}", summed());
        let mut sums: BTreeMap<Key, WorkSums> = BTreeMap::new();
        for r in self
            .sums(
                "stat_suppliers",
                &select,
                &spans,
                "",
                &[],
                "supplier_id, category_id",
            )
            .await?
        {
            let key: Key = (r.col("supplier_id")?, r.col("category_id")?);
            if mine(&key.0) {
                sums.insert(key, work_sums(&r)?);
            }
        }
        let mut leads: BTreeMap<Key, Vec<(i64, i64)>> = BTreeMap::new();
        let select = "supplier_id, category_id, hours, CAST(SUM(n) AS BIGINT) AS n";
        for r in self
            .sums(
                "stat_lead",
                select,
                &spans,
                "",
                &[],
                "supplier_id, category_id, hours",
            )
            .await?
        {
            let key: Key = (r.col("supplier_id")?, r.col("category_id")?);
            if mine(&key.0) {
                leads
                    .entry(key)
                    .or_default()
                    .push((r.col("hours")?, r.col("n")?));
            }
        }
        let names = self.supplier_loads().await?;
        let categories = self.category_names().await?;
        let trend = self.score_trend(range, supplier).await?;
        let name = |id: &str| names.get(id).map_or("", |(n, _)| n.as_str()).to_owned();
        let load = |id: &str| names.get(id).map_or(0, |(_, l)| *l);
        let mut by_supplier: BTreeMap<String, (WorkSums, Vec<(i64, i64)>)> = BTreeMap::new();
        let mut rows = Vec::new();
        for ((s, c), w) in &sums {
            let counts = leads
                .get(&(s.clone(), c.clone()))
                .cloned()
                .unwrap_or_default();
            let whole = by_supplier.entry(s.clone()).or_default();
            whole.0 += *w;
            whole.1.extend(counts.iter().copied());
            let category = categories.get(c).map_or("", String::as_str);
            rows.push(Scorecard::new(
                (s, &name(s)),
                Some((c, category)),
                *w,
                &counts,
                0,
            ));
        }
        // suppliers with open work and nothing in the period still show
        for (id, (_, open)) in &names {
            if *open > 0 && mine(id) {
                by_supplier.entry(id.clone()).or_default();
            }
        }
        let mut suppliers: Vec<Scorecard> = by_supplier
            .into_iter()
            .map(|(s, (w, counts))| {
                let mut card = Scorecard::new((&s, &name(&s)), None, w, &counts, load(&s));
                card.trend = trend.get(&s).cloned().unwrap_or_default();
                card
            })
            .collect();
        suppliers.sort_by(|a, b| b.score.cmp(&a.score).then(a.supplier.cmp(&b.supplier)));
        rows.sort_by(|a, b| {
            a.supplier
                .cmp(&b.supplier)
                .then(a.category.cmp(&b.category))
        });
        Ok(ScoreReport {
            period,
            from: iso(range.from),
            to: iso(range.to),
            suppliers,
            categories: rows,
        })
    }

    /// Each supplier's on-time rate per day (periods up to 92 days) or
    /// month.
    async fn score_trend(
        &self,
        range: Range,
        supplier: Option<&str>,
    ) -> Result<HashMap<String, Vec<ScorePoint>>> {
        let daily = range.days() <= 92;
        let spans = match daily {
            true => vec![Span {
                grain: Grain::Day,
                from: range.from,
                to: range.to,
            }],
            false => range.spans(),
        };
        let select = "supplier_id, grain, period, CAST(SUM(shipped) AS BIGINT) AS shipped, \
                      CAST(SUM(with_due) AS BIGINT) AS with_due, CAST(SUM(on_time) AS BIGINT) AS on_time";
        let mut points: BTreeMap<(String, i64), (i64, i64, i64)> = BTreeMap::new();
        for r in self
            .sums(
                "stat_suppliers",
                select,
                &spans,
                "",
                &[],
                "supplier_id, grain, period",
            )
            .await?
        {
            let row_supplier: String = r.col("supplier_id")?;
            if supplier.is_some_and(|only| only != row_supplier) {
                continue;
            }
            let (grain, period): (String, i64) = (r.col("grain")?, r.col("period")?);
            let start = match (daily, grain.as_str()) {
                (true, _) => period,
                (false, "m") => month_start(period),
                (false, _) => month_start(month_of(period)),
            };
            let p = points.entry((row_supplier, start)).or_default();
            p.0 += r.col::<i64>("shipped")?;
            p.1 += r.col::<i64>("with_due")?;
            p.2 += r.col::<i64>("on_time")?;
        }
        let mut out: HashMap<String, Vec<ScorePoint>> = HashMap::new();
        for ((supplier, start), (shipped, with_due, on_time)) in points {
            out.entry(supplier).or_default().push(ScorePoint {
                from: iso(start),
                shipped,
                on_time_rate: (with_due > 0)
                    .then(|| (Decimal::from(on_time * 100) / Decimal::from(with_due)).round_dp(1)),
            });
        }
        Ok(out)
    }

    /// Every supplier's name and open tasks now.
    async fn supplier_loads(&self) -> Result<HashMap<String, (String, i64)>> {
        let rows = sqlx::query(
            "SELECT s.id, s.name, s.open_tasks + COALESCE((SELECT CAST(SUM(l.delta) AS BIGINT) \
             FROM supplier_load l WHERE l.supplier_id = s.id), 0) AS open FROM suppliers s",
        )
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| Ok((r.col("id")?, (r.col("name")?, r.col("open")?))))
            .collect()
    }

    async fn category_names(&self) -> Result<HashMap<String, String>> {
        let rows = sqlx::query("SELECT id, name FROM categories")
            .fetch_all(&self.read)
            .await?;
        rows.iter()
            .map(|r| Ok((r.col("id")?, r.col("name")?)))
            .collect()
    }
}

/// Each of `suppliers`' on-time percentage over the 30 days up to `today`
/// (all categories), where enough shipments had a due date to judge.
pub(crate) async fn on_time_30_days(
    conn: &mut AnyConnection,
    suppliers: &[String],
    today: i64,
) -> Result<HashMap<String, i64>> {
    let mut out = HashMap::new();
    for id in suppliers {
        let row = sqlx::query(
            "SELECT CAST(COALESCE(SUM(with_due), 0) AS BIGINT) AS with_due, CAST(COALESCE(SUM(on_time), 0) AS BIGINT) AS on_time \
             FROM stat_suppliers WHERE grain = 'd' AND period BETWEEN $1 AND $2 AND supplier_id = $3",
        )
        .bind(today - 29)
        .bind(today)
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
        let sums = WorkSums {
            with_due: row.col("with_due")?,
            on_time: row.col("on_time")?,
            ..Default::default()
        };
        if let Some(p) = sums.on_time_percent() {
            out.insert(id.clone(), p);
        }
    }
    Ok(out)
}
