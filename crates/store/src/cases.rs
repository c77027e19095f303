//! After-sales cases: opened on an order line and routed to the supplier
//! of the task that made it (`orderhub_domain::aftersales` has the rules);
//! read with their timeline and photos, scoped in the query — a supplier
//! sees its own cases, and no refund amounts. Steps are
//! [`crate::case_steps`].

use crate::db::Store;
use crate::error::{Result, StoreError};
use crate::events::NewEvent;
use crate::rows::{RowExt, from_ms, new_id, now_ms, to_json, to_ms};
use orderhub_domain::aftersales::{
    Case, CaseKind, CaseParty, CaseStatus, CaseStepRecord, Claimable, NewCase, deadlines, late,
    steps_for,
};
use orderhub_domain::model::{Actor, EventKind};
use orderhub_domain::{ErrorCode, Scope};
use serde_json::{Value, json};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AssertSqlSafe};
use time::OffsetDateTime;

/// Filters of `GET /cases`.
#[derive(Debug, Clone, Default)]
pub struct CaseFilter {
    pub status: Option<CaseStatus>,
    pub order_id: Option<String>,
    /// Only cases still open.
    pub open: bool,
    pub limit: i64,
}

const COLUMNS: &str = "c.*, l.line_no, l.title";

/// Who reads or acts: staff, or the supplier the scope names.
pub(crate) fn party_of(scope: &Scope) -> CaseParty {
    match scope {
        Scope::Supplier(_) => CaseParty::Supplier,
        _ => CaseParty::Staff,
    }
}

/// ` AND c.supplier_id = $n` for a supplier; nothing for staff. Buyers
/// see no cases (theirs are the contract's returns).
fn scoped(scope: &Scope, n: usize) -> String {
    match scope {
        Scope::All => String::new(),
        Scope::Supplier(_) => format!(" AND c.supplier_id = ${n}"),
        Scope::Buyer(_) => " AND 1 = 0".into(),
    }
}

fn case_from_row(row: &AnyRow, party: CaseParty, now: OffsetDateTime) -> Result<Case> {
    let status = row.parsed("status", CaseStatus::parse)?;
    let kind = row.parsed("kind", CaseKind::parse)?;
    let (answer_by, resolve_by) = (
        from_ms(row.col("answer_by")?)?,
        from_ms(row.col("resolve_by")?)?,
    );
    let carrier: Option<String> = row.col("return_carrier")?;
    let tracking: Option<String> = row.col("return_tracking")?;
    let passed: Option<i64> = row.col("inspection_passed")?;
    Ok(Case {
        id: row.col("id")?,
        number: row.col("number")?,
        order_id: row.col("order_id")?,
        line_id: row.col("line_id")?,
        line_no: row.col("line_no")?,
        title: row.col("title")?,
        task_id: row.col("task_id")?,
        supplier_id: row.col("supplier_id")?,
        kind,
        status,
        quantity: row.col("quantity")?,
        reason: row.col("reason")?,
        requested: row.col("requested")?,
        source: row.col("source")?,
        opened_by: row.col("opened_by")?,
        answer_by,
        resolve_by,
        late: late(status, answer_by, resolve_by, now).map(str::to_owned),
        dispute_reason: row.col("dispute_reason")?,
        return_tracking_url: match (&carrier, &tracking) {
            (Some(c), Some(t)) => orderhub_domain::carrier::tracking_url(c, t),
            _ => None,
        },
        return_carrier: carrier,
        return_tracking: tracking,
        received_at: row.opt_time("received_at")?,
        inspection_passed: passed.map(|p| p != 0),
        inspection_note: row.col("inspection_note")?,
        refund_amount: match party {
            CaseParty::Staff => row.opt_decimal("refund_amount")?,
            CaseParty::Supplier => None,
        },
        chargeback_amount: row.opt_decimal("chargeback_amount")?,
        currency: row.col("currency")?,
        remake_task_id: row.col("remake_task_id")?,
        resolution: row.col("resolution")?,
        files: Vec::new(),
        steps: Vec::new(),
        next_steps: steps_for(kind, status, party),
        created_at: row.time("created_at")?,
        updated_at: row.time("updated_at")?,
    })
}

/// The task that made what the buyer has of line `line_id`: its newest
/// shipped or completed task; why there is none otherwise.
async fn made_by(
    conn: &mut AnyConnection,
    order_id: &str,
    line_id: &str,
) -> Result<(String, String, i64)> {
    let row = sqlx::query(
        "SELECT t.id, t.supplier_id, t.quantity FROM tasks t WHERE t.line_id = $1 \
         AND t.status IN ('shipped', 'completed') ORDER BY t.created_at DESC, t.id DESC LIMIT 1",
    )
    .bind(line_id)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(r) = row {
        return Ok((r.col("id")?, r.col("supplier_id")?, r.col("quantity")?));
    }
    let (status, removed): (String, Option<i64>) = sqlx::query_as(
        "SELECT o.status, l.removed_at FROM orders o JOIN order_lines l ON l.order_id = o.id \
         WHERE o.id = $1 AND l.id = $2",
    )
    .bind(order_id)
    .bind(line_id)
    .fetch_one(&mut *conn)
    .await?;
    let live: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM tasks WHERE line_id = $1 AND status NOT IN ('rejected', 'cancelled')",
    )
    .bind(line_id)
    .fetch_one(&mut *conn)
    .await?;
    if status == "cancelled" || removed.is_some() || live == 0 {
        return Err(StoreError::conflict(
            ErrorCode::LineCancelled,
            Some("line_no"),
            "the line was cancelled or never made: there is nothing to take up with a supplier",
        ));
    }
    Err(StoreError::conflict(
        ErrorCode::NotShipped,
        Some("line_no"),
        "the line has not shipped yet: change or cancel its task instead",
    ))
}

/// Writes one timeline entry of a case and its event on the order.
pub(crate) async fn record_step(
    conn: &mut AnyConnection,
    actor: &Actor,
    case: (&str, &str, &str),
    step: &str,
    change: (Option<CaseStatus>, CaseStatus),
    details: Value,
) -> Result<()> {
    let (case_id, order_id, task_id) = case;
    let now = now_ms();
    sqlx::query(
        "INSERT INTO case_steps (id, case_id, step, from_status, to_status, actor, details, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(new_id())
    .bind(case_id)
    .bind(step)
    .bind(change.0.map(|s| s.as_str()))
    .bind(change.1.as_str())
    .bind(&actor.label)
    .bind(to_json(&details))
    .bind(now)
    .execute(&mut *conn)
    .await?;
    let kind = match step {
        "opened" => EventKind::CaseOpened,
        _ => EventKind::CaseStep,
    };
    let mut details = details;
    details["case_id"] = json!(case_id);
    details["step"] = json!(step);
    let mut event = NewEvent::task(order_id, task_id, kind).details(details);
    if let Some(from) = change.0 {
        event = event.change(from.as_str(), change.1.as_str());
    }
    event.write(conn, actor).await
}

impl Store {
    /// Opens a case on line `new.line_no` of order `order_id` (staff).
    pub async fn open_case(
        &self,
        actor: &Actor,
        order_id: &str,
        new: NewCase,
        upstream_ref: Option<&str>,
    ) -> Result<Case> {
        let mut tx = self.begin().await?;
        let id = open_in(&mut tx, actor, order_id, new, upstream_ref).await?;
        tx.commit().await?;
        self.get_case(&id, &Scope::All).await
    }

    /// One case with its timeline and files, as `scope` may see it.
    pub async fn get_case(&self, id: &str, scope: &Scope) -> Result<Case> {
        let sql = format!(
            "SELECT {COLUMNS} FROM cases c JOIN order_lines l ON l.id = c.line_id WHERE c.id = $1{}",
            scoped(scope, 2)
        );
        let mut q = sqlx::query(AssertSqlSafe(sql)).bind(id);
        if let Scope::Supplier(s) = scope {
            q = q.bind(s);
        }
        let row = q
            .fetch_optional(&self.read)
            .await?
            .ok_or_else(|| StoreError::not_found("case", id))?;
        let mut case = case_from_row(&row, party_of(scope), OffsetDateTime::now_utc())?;
        case.files = sqlx::query_scalar(
            "SELECT name FROM case_files WHERE case_id = $1 ORDER BY created_at, name",
        )
        .bind(id)
        .fetch_all(&self.read)
        .await?;
        let steps = sqlx::query(
            "SELECT step, from_status, to_status, actor, details, created_at FROM case_steps \
             WHERE case_id = $1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(&self.read)
        .await?;
        for s in steps {
            let from: Option<String> = s.col("from_status")?;
            let mut details: Value = s.json("details")?;
            if party_of(scope) == CaseParty::Supplier
                && details.get("amount").is_some()
                && s.col::<String>("step")? == "refund"
            {
                details["amount"] = Value::Null;
            }
            case.steps.push(CaseStepRecord {
                step: s.col("step")?,
                from_status: from.as_deref().and_then(CaseStatus::parse),
                to_status: s.parsed("to_status", CaseStatus::parse)?,
                actor: s.col("actor")?,
                details,
                at: s.time("created_at")?,
            });
        }
        Ok(case)
    }

    /// Cases `scope` may see, newest first, at most `filter.limit`.
    pub async fn list_cases(&self, scope: &Scope, filter: &CaseFilter) -> Result<Vec<Case>> {
        let mut sql = format!(
            "SELECT {COLUMNS} FROM cases c JOIN order_lines l ON l.id = c.line_id WHERE 1 = 1{}",
            scoped(scope, 1)
        );
        let mut n = 1 + usize::from(matches!(scope, Scope::Supplier(_)));
        if filter.status.is_some() {
            sql.push_str(&format!(" AND c.status = ${n}"));
            n += 1;
        }
        if filter.order_id.is_some() {
            sql.push_str(&format!(" AND c.order_id = ${n}"));
        }
        if filter.open {
            sql.push_str(" AND c.status NOT IN ('resolved', 'closed')");
        }
        sql.push_str(&format!(
            " ORDER BY c.id DESC LIMIT {}",
            filter.limit.clamp(1, 500)
        ));
        let mut q = sqlx::query(AssertSqlSafe(sql));
        if let Scope::Supplier(s) = scope {
            q = q.bind(s);
        }
        if let Some(s) = filter.status {
            q = q.bind(s.as_str());
        }
        if let Some(o) = &filter.order_id {
            q = q.bind(o);
        }
        let now = OffsetDateTime::now_utc();
        q.fetch_all(&self.read)
            .await?
            .iter()
            .map(|r| case_from_row(r, party_of(scope), now))
            .collect()
    }

    /// Keeps photos or documents (already stored by hash) on a case.
    pub async fn add_case_files(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: &str,
        files: &[String],
    ) -> Result<Case> {
        let case = self.get_case(id, scope).await?;
        let mut tx = self.begin().await?;
        for f in files {
            sqlx::query(
                "INSERT INTO case_files (case_id, name, uploaded_by, created_at) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
            )
            .bind(id)
            .bind(f)
            .bind(&actor.label)
            .bind(now_ms())
            .execute(&mut *tx)
            .await?;
        }
        let names: Vec<&str> = files.iter().map(String::as_str).collect();
        record_step(
            &mut tx,
            actor,
            (id, &case.order_id, &case.task_id),
            "files",
            (Some(case.status), case.status),
            json!({ "files": names }),
        )
        .await?;
        tx.commit().await?;
        self.get_case(id, scope).await
    }

    /// A case's file, when `scope` may see the case and the case has it.
    pub async fn case_file(
        &self,
        scope: &Scope,
        id: &str,
        name: &str,
    ) -> Result<(crate::FileBody, orderhub_domain::proof::ProofKind)> {
        let case = self.get_case(id, scope).await?;
        if !case.files.iter().any(|f| f == name) {
            return Err(StoreError::not_found("file", name));
        }
        self.open_proof_file(name).await
    }
}

/// [`Store::open_case`] inside a transaction; the case's id.
pub(crate) async fn open_in(
    conn: &mut AnyConnection,
    actor: &Actor,
    order_id: &str,
    new: NewCase,
    upstream_ref: Option<&str>,
) -> Result<String> {
    crate::records::lock_order(conn, order_id).await?;
    let line: Option<(String, String, String)> = sqlx::query_as(
        "SELECT l.id, o.currency, o.external_number FROM order_lines l JOIN orders o ON o.id = l.order_id \
         WHERE l.order_id = $1 AND l.line_no = $2",
    )
    .bind(order_id)
    .bind(new.line_no)
    .fetch_optional(&mut *conn)
    .await?;
    let (line_id, currency, number) = line.ok_or_else(|| {
        StoreError::Invalid(orderhub_domain::ValidationError::new(
            "line_no",
            ErrorCode::UnknownLine,
            format!("the order has no line {}", new.line_no),
        ))
    })?;
    let (task_id, supplier_id, shipped) = made_by(conn, order_id, &line_id).await?;
    let claimed: i64 =
        match new.kind {
            CaseKind::Complaint => 0,
            _ => sqlx::query_scalar(
                "SELECT CAST(COALESCE(SUM(quantity), 0) AS BIGINT) FROM cases WHERE task_id = $1 \
             AND status <> 'closed' AND kind <> 'complaint'",
            )
            .bind(&task_id)
            .fetch_one(&mut *conn)
            .await?,
        };
    let new = new.check(Claimable { shipped, claimed })?;
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cases WHERE order_id = $1")
        .bind(order_id)
        .fetch_one(&mut *conn)
        .await?;
    let now = OffsetDateTime::now_utc();
    let (answer_by, resolve_by) = deadlines(now);
    let id = new_id();
    sqlx::query(
        "INSERT INTO cases (id, number, order_id, line_id, task_id, supplier_id, kind, status, quantity, reason, \
         requested, source, upstream_ref, opened_by, answer_by, resolve_by, currency, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17)",
    )
    .bind(&id)
    .bind(format!("{number}-AS{}", count + 1))
    .bind(order_id)
    .bind(&line_id)
    .bind(&task_id)
    .bind(&supplier_id)
    .bind(new.kind.as_str())
    .bind(new.quantity.unwrap_or(1))
    .bind(&new.reason)
    .bind(&new.requested)
    .bind(if upstream_ref.is_some() { "marketplace" } else { "person" })
    .bind(upstream_ref)
    .bind(&actor.label)
    .bind(to_ms(answer_by))
    .bind(to_ms(resolve_by))
    .bind(&currency)
    .bind(to_ms(now))
    .execute(&mut *conn)
    .await?;
    record_step(
        conn,
        actor,
        (&id, order_id, &task_id),
        "opened",
        (None, CaseStatus::Open),
        json!({"kind": new.kind.as_str(), "quantity": new.quantity, "reason": new.reason, "line_no": new.line_no}),
    )
    .await?;
    Ok(id)
}

/// A shipped task made for a case resolves it (its remake or
/// reshipment left).
pub(crate) async fn resolve_on_ship(
    conn: &mut AnyConnection,
    actor: &Actor,
    task_id: &str,
    carrier: &str,
    tracking: &str,
) -> Result<()> {
    let case: Option<(String, String)> = sqlx::query_as(
        "SELECT c.id, c.order_id FROM cases c JOIN tasks t ON t.case_id = c.id \
         WHERE t.id = $1 AND c.status = 'remaking'",
    )
    .bind(task_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((case_id, order_id)) = case else {
        return Ok(());
    };
    // the timeline says how it left (carrier, tracking number)
    let details = json!({"carrier": carrier, "tracking_number": tracking});
    let step = ("resolved", CaseStatus::Remaking, details);
    resolve(conn, actor, (&case_id, &order_id, task_id), step, None).await
}

/// Settles a case by itself (not a person's step): its `step` from
/// `from`, with a refund the marketplace made.
pub(crate) async fn resolve(
    conn: &mut AnyConnection,
    actor: &Actor,
    case: (&str, &str, &str),
    (step, from, details): (&str, CaseStatus, Value),
    refund: Option<&str>,
) -> Result<()> {
    sqlx::query(
        "UPDATE cases SET status = 'resolved', refund_amount = COALESCE($2, refund_amount), updated_at = $3 \
         WHERE id = $1",
    )
    .bind(case.0)
    .bind(refund)
    .bind(now_ms())
    .execute(&mut *conn)
    .await?;
    record_step(
        conn,
        actor,
        case,
        step,
        (Some(from), CaseStatus::Resolved),
        details,
    )
    .await
}
