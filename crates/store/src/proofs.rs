//! Proofs before production, stored: each round with its files and
//! answer, the task's proof status beside it, and the buyer's link kept
//! as a hash ([`orderhub_domain::proof`] decides every step).

use crate::db::Store;
use crate::error::{Result, StoreError};
use crate::events::NewEvent;
use crate::records::{Subject, visible};
use crate::rows::{RowExt, by_id_in_scope, new_id, now_ms, to_json};
use crate::secrets::{generate_secret, hash_token};
use crate::tasks::{fetch_task, lock_task};
use orderhub_domain::model::{Actor, EventKind, Task};
use orderhub_domain::proof::{
    ProofAnswer, ProofDecision, ProofFile, ProofParty, ProofRefused, ProofRound, ProofStatus,
    ProofStep, blocks_production, step,
};
use orderhub_domain::{ErrorCode, Forbidden, Party, Scope, TaskStatus};
use serde_json::{Value, json};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AssertSqlSafe};
use time::OffsetDateTime;

const COLUMNS: &str = "id, task_id, round, files, note, submitted_by, submitted_at, sent_at, \
     link_expires_at, answer, comment, answered_by, answered_at";

fn round_from_row(row: &AnyRow) -> Result<ProofRound> {
    Ok(ProofRound {
        id: row.col("id")?,
        task_id: row.col("task_id")?,
        round: row.col("round")?,
        files: row.json("files")?,
        note: row.col("note")?,
        submitted_by: row.col("submitted_by")?,
        submitted_at: row.time("submitted_at")?,
        sent_to_buyer_at: row.opt_time("sent_at")?,
        link_expires_at: row.opt_time("link_expires_at")?,
        answer: row
            .col::<Option<String>>("answer")?
            .map(|a| ProofAnswer::parse(&a).ok_or_else(|| StoreError::Corrupt(a)))
            .transpose()?,
        comment: row.col("comment")?,
        answered_by: row.col("answered_by")?,
        answered_at: row.opt_time("answered_at")?,
    })
}

/// The party a proof sees in an actor.
fn party_of(actor: &Actor) -> ProofParty {
    match actor.party {
        Party::Supplier => ProofParty::Supplier,
        _ => ProofParty::Operator,
    }
}

/// The proof's next status, or the refusal as a store error.
fn next(task: &Task, to: ProofStep, party: ProofParty) -> Result<ProofStatus> {
    step(task.proof.as_ref().map(|p| p.status), to, party).map_err(|e| match e {
        ProofRefused::NotYours { .. } => Forbidden::new(ErrorCode::Forbidden, e.to_string()).into(),
        other => StoreError::conflict(other.code(), None, other.to_string()),
    })
}

/// Moves the task's proof to `status`; `round` when a round was added.
async fn set_status(
    conn: &mut AnyConnection,
    task_id: &str,
    status: ProofStatus,
    round: Option<i64>,
    now: i64,
) -> Result<()> {
    sqlx::query(
        "UPDATE tasks SET proof = $2, proof_round = COALESCE($3, proof_round), proof_since = $4, \
         updated_at = $4 WHERE id = $1",
    )
    .bind(task_id)
    .bind(status.as_str())
    .bind(round)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Owes the task's proof again when a change of its line altered the
/// personalisation (`orderhub_domain::proof::proves_again`): a task that
/// has a proof, and is past `required`, goes back to `required`.
pub(crate) async fn prove_again(
    conn: &mut AnyConnection,
    actor: &Actor,
    task: (&str, &str),
    before: Option<&Value>,
    after: Option<&Value>,
) -> Result<()> {
    let (order_id, task_id) = task;
    if !orderhub_domain::proof::proves_again(before, after) {
        return Ok(());
    }
    let required = ProofStatus::Required.as_str();
    let reset = sqlx::query(
        "UPDATE tasks SET proof = $2, proof_since = $3, updated_at = $3 \
         WHERE id = $1 AND proof IS NOT NULL AND proof <> $2",
    )
    .bind(task_id)
    .bind(required)
    .bind(now_ms())
    .execute(&mut *conn)
    .await?;
    if reset.rows_affected() > 0 {
        NewEvent::task(order_id, task_id, EventKind::TaskProofReset)
            .details(json!({ "reason": "the personalisation changed" }))
            .write(conn, actor)
            .await?;
    }
    Ok(())
}

/// The latest round of a task, when it has one.
async fn latest(conn: &mut AnyConnection, task_id: &str) -> Result<Option<ProofRound>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM proof_rounds WHERE task_id = $1 ORDER BY round DESC LIMIT 1"
    );
    sqlx::query(AssertSqlSafe(sql))
        .bind(task_id)
        .fetch_optional(&mut *conn)
        .await?
        .map(|r| round_from_row(&r))
        .transpose()
}

/// What a buyer's link shows: the round, what it is for, and whether it
/// can still be answered.
#[derive(Debug, Clone)]
pub struct BuyerProof {
    pub round: ProofRound,
    pub order_number: String,
    /// The line's product and personalisation, as the supplier got them.
    pub title: String,
    pub quantity: i64,
    pub customization: Option<Value>,
    /// The link's round is the task's latest and waits on the buyer.
    pub open: bool,
    /// The link's time ran out.
    pub expired: bool,
}

impl Store {
    /// Puts each proof's latest round on its task (one query for all).
    pub(crate) async fn attach_proofs(&self, tasks: &mut [Task]) -> Result<()> {
        let wanted: Vec<(String, i64)> = tasks
            .iter()
            .filter_map(|t| t.proof.as_ref().map(|p| (t.id.clone(), p.round)))
            .filter(|(_, round)| *round > 0)
            .collect();
        if wanted.is_empty() {
            return Ok(());
        }
        let sql = format!(
            "SELECT {COLUMNS} FROM proof_rounds WHERE task_id IN ({})",
            crate::rows::placeholders(1, wanted.len())
        );
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for (id, _) in &wanted {
            q = q.bind(id.clone());
        }
        let mut latest = std::collections::HashMap::new();
        for row in q.fetch_all(&self.read).await? {
            let r = round_from_row(&row)?;
            if wanted
                .iter()
                .any(|(id, n)| *id == r.task_id && *n == r.round)
            {
                latest.insert(r.task_id.clone(), r);
            }
        }
        for t in tasks {
            if let Some(p) = t.proof.as_mut() {
                p.latest = latest.remove(&t.id);
            }
        }
        Ok(())
    }

    /// Every round of a task's proof, oldest first (another party's task
    /// is not found).
    pub async fn proof_rounds(&self, task_id: &str, scope: &Scope) -> Result<Vec<ProofRound>> {
        let sql = format!(
            "SELECT id FROM tasks WHERE id = $1{}",
            visible(scope, Subject::Own("tasks"), 2)
        );
        by_id_in_scope(sql, task_id, scope)
            .fetch_optional(&self.read)
            .await?
            .ok_or_else(|| StoreError::not_found("task", task_id))?;
        let sql = format!("SELECT {COLUMNS} FROM proof_rounds WHERE task_id = $1 ORDER BY round");
        let rows = sqlx::query(AssertSqlSafe(sql))
            .bind(task_id)
            .fetch_all(&self.read)
            .await?;
        rows.iter().map(round_from_row).collect()
    }

    /// Whether a task's round holds file `name` (the file's read scope).
    pub async fn proof_file_of(&self, task_id: &str, scope: &Scope, name: &str) -> Result<()> {
        let rounds = self.proof_rounds(task_id, scope).await?;
        match rounds.iter().flat_map(|r| &r.files).any(|f| f.name == name) {
            true => Ok(()),
            false => Err(StoreError::not_found("file", name)),
        }
    }

    /// The supplier (or an operator for it) submits a round of stored
    /// files: the task must need a proof, be neither rejected nor
    /// cancelled, and not wait on an earlier round.
    pub async fn submit_proof(
        &self,
        actor: &Actor,
        scope: &Scope,
        task_id: &str,
        files: Vec<ProofFile>,
        note: Option<String>,
    ) -> Result<Task> {
        let note = orderhub_domain::validate::optional_text(
            "note",
            note.as_deref(),
            orderhub_domain::validate::limits::TEXT,
        )?;
        let mut tx = self.begin().await?;
        let task = lock_task(&mut tx, task_id, scope).await?;
        let to = next(&task, ProofStep::Submit, party_of(actor))?;
        if !matches!(task.status, TaskStatus::Assigned | TaskStatus::Accepted) {
            return Err(StoreError::conflict(
                ErrorCode::ProofNotExpected,
                None,
                format!(
                    "the task is {}; a proof is made before production",
                    task.status
                ),
            ));
        }
        let round = task.proof.as_ref().map_or(0, |p| p.round) + 1;
        let now = now_ms();
        sqlx::query(
            "INSERT INTO proof_rounds (id, task_id, round, files, note, submitted_by, submitted_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(new_id())
        .bind(task_id)
        .bind(round)
        .bind(to_json(&files))
        .bind(&note)
        .bind(&actor.label)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        set_status(&mut tx, task_id, to, Some(round), now).await?;
        let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
        NewEvent::task(&task.order_id, task_id, EventKind::TaskProofSubmitted)
            .details(json!({ "round": round, "files": names, "note": note }))
            .write(&mut tx, actor)
            .await?;
        tx.commit().await?;
        self.get_task(task_id, scope).await
    }

    /// An operator sends the waiting round to the buyer: a new link
    /// (token returned once, its hash kept) working `days` days. Sending
    /// again replaces the link; the buyer's wait counts from the first.
    pub async fn send_proof(
        &self,
        actor: &Actor,
        task_id: &str,
        days: i64,
    ) -> Result<(String, OffsetDateTime)> {
        let mut tx = self.begin().await?;
        let task = lock_task(&mut tx, task_id, &Scope::All).await?;
        let to = next(&task, ProofStep::SendToBuyer, party_of(actor))?;
        let round = latest(&mut tx, task_id)
            .await?
            .ok_or_else(|| StoreError::Corrupt(format!("task {task_id}'s proof has no round")))?;
        let token = format!("pf_{}", generate_secret());
        let now = now_ms();
        let expires = now + days * 86_400_000;
        sqlx::query(
            "UPDATE proof_rounds SET link_hash = $2, link_expires_at = $3, \
             sent_at = COALESCE(sent_at, $4) WHERE id = $1",
        )
        .bind(&round.id)
        .bind(hash_token(&token))
        .bind(expires)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let first = task.proof.as_ref().map(|p| p.status) != Some(ProofStatus::WithBuyer);
        if first {
            set_status(&mut tx, task_id, to, None, now).await?;
        }
        let expires_at = crate::rows::from_ms(expires)?;
        NewEvent::task(&task.order_id, task_id, EventKind::TaskProofSent)
            .details(json!({ "round": round.round, "expires_at": expires_at.unix_timestamp() }))
            .write(&mut tx, actor)
            .await?;
        tx.commit().await?;
        Ok((token, expires_at))
    }

    /// An operator answers the latest round (for the buyer too, when the
    /// buyer answered by other means).
    pub async fn answer_proof(
        &self,
        actor: &Actor,
        task_id: &str,
        decision: ProofDecision,
    ) -> Result<Task> {
        let decision = decision.normalize()?;
        let mut tx = self.begin().await?;
        let task = lock_task(&mut tx, task_id, &Scope::All).await?;
        answer(&mut tx, actor, &task, party_of(actor), &decision).await?;
        tx.commit().await?;
        self.get_task(task_id, &Scope::All).await
    }

    /// What the buyer's link `token` shows; an unknown token is not found.
    pub async fn buyer_proof(&self, token: &str) -> Result<BuyerProof> {
        let mut conn = self.read.acquire().await?;
        buyer_view(&mut conn, token).await
    }

    /// The buyer answers through the link: only the task's latest round,
    /// only while it waits on the buyer and the link works.
    pub async fn buyer_answer(&self, token: &str, decision: ProofDecision) -> Result<BuyerProof> {
        let decision = decision.normalize()?;
        let mut tx = self.begin().await?;
        let view = buyer_view(&mut tx, token).await?;
        let task = lock_task(&mut tx, &view.round.task_id, &Scope::All).await?;
        let view = buyer_view(&mut tx, token).await?;
        if view.expired {
            return Err(StoreError::conflict(
                ErrorCode::LinkExpired,
                None,
                "this link has expired; ask the seller for a new one",
            ));
        }
        if !view.open {
            return Err(StoreError::conflict(
                ErrorCode::ProofNotExpected,
                None,
                "this proof was answered already",
            ));
        }
        let buyer = Actor {
            label: "buyer".into(),
            party: Party::System,
        };
        answer(&mut tx, &buyer, &task, ProofParty::Buyer, &decision).await?;
        let view = buyer_view(&mut tx, token).await?;
        tx.commit().await?;
        Ok(view)
    }
}

/// Records `party`'s answer to the task's latest round (the caller holds
/// the task's lock).
async fn answer(
    conn: &mut AnyConnection,
    actor: &Actor,
    task: &Task,
    party: ProofParty,
    decision: &ProofDecision,
) -> Result<()> {
    let to = next(task, decision.decision.step(), party)?;
    let round = latest(conn, &task.id)
        .await?
        .ok_or_else(|| StoreError::Corrupt(format!("task {}'s proof has no round", task.id)))?;
    let now = now_ms();
    sqlx::query(
        "UPDATE proof_rounds SET answer = $2, comment = $3, answered_by = $4, answered_at = $5 \
         WHERE id = $1",
    )
    .bind(&round.id)
    .bind(decision.decision.answer().as_str())
    .bind(&decision.comment)
    .bind(&actor.label)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    set_status(conn, &task.id, to, None, now).await?;
    let kind = match to {
        ProofStatus::Approved => EventKind::TaskProofApproved,
        _ => EventKind::TaskProofChangesRequested,
    };
    let by = match party {
        ProofParty::Buyer => "buyer",
        _ => "operator",
    };
    NewEvent::task(&task.order_id, &task.id, kind)
        .details(json!({ "round": round.round, "comment": decision.comment, "by": by }))
        .write(conn, actor)
        .await
}

async fn buyer_view(conn: &mut AnyConnection, token: &str) -> Result<BuyerProof> {
    let sql = format!("SELECT {COLUMNS} FROM proof_rounds WHERE link_hash = $1");
    let row = sqlx::query(AssertSqlSafe(sql))
        .bind(hash_token(token))
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| StoreError::not_found("proof", "link"))?;
    let round = round_from_row(&row)?;
    let task = fetch_task(conn, &round.task_id).await?;
    let line = sqlx::query(
        "SELECT o.external_number, l.title, l.quantity, l.customization FROM order_lines l \
         JOIN orders o ON o.id = l.order_id WHERE l.id = $1",
    )
    .bind(&task.line_id)
    .fetch_one(&mut *conn)
    .await?;
    let expired = round
        .link_expires_at
        .is_none_or(|t| t <= OffsetDateTime::now_utc());
    let open = task
        .proof
        .as_ref()
        .is_some_and(|p| p.status == ProofStatus::WithBuyer && p.round == round.round);
    Ok(BuyerProof {
        order_number: line.col("external_number")?,
        title: line.col("title")?,
        quantity: line.col("quantity")?,
        customization: line.opt_json("customization")?,
        round,
        open,
        expired,
    })
}

/// Refuses a task's start of production while its proof is not approved
/// (409 `proof_required`).
pub(crate) fn check_proof(task: &Task, to: TaskStatus) -> Result<()> {
    let starts = matches!(
        to,
        TaskStatus::InProduction | TaskStatus::Produced | TaskStatus::Shipped
    );
    if starts && blocks_production(task.proof.as_ref().map(|p| p.status)) {
        return Err(StoreError::conflict(
            ErrorCode::ProofRequired,
            Some("to"),
            "the proof must be approved before production starts",
        ));
    }
    Ok(())
}
