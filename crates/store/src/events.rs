//! The append-only event log: every change writes one or more events in the
//! same transaction as the change itself, and with them the outbox messages
//! of the webhook endpoints subscribed to them ([`append`]).

use crate::db::Store;
use crate::error::Result;
use crate::records::{Subject, visible};
use crate::rows::{Arg, RowExt, by_id_in_scope, new_id, now_ms, placeholders, run_values, to_json};
use orderhub_channels::outbound::EVENT_TYPES;
use orderhub_domain::Scope;
use orderhub_domain::model::{Actor, Event, EventKind};
use serde_json::Value;
use sqlx::AnyConnection;
use sqlx::AssertSqlSafe;
use sqlx::any::AnyRow;

/// An event about to be written.
pub(crate) struct NewEvent<'a> {
    pub order_id: Option<&'a str>,
    pub task_id: Option<&'a str>,
    /// A request for quotation's events carry it, and the bid's supplier.
    pub rfq_id: Option<&'a str>,
    pub supplier_id: Option<&'a str>,
    pub kind: EventKind,
    pub from: Option<&'a str>,
    pub to: Option<&'a str>,
    pub details: Value,
}

impl<'a> NewEvent<'a> {
    pub fn order(order_id: &'a str, kind: EventKind) -> Self {
        Self {
            order_id: Some(order_id),
            task_id: None,
            rfq_id: None,
            supplier_id: None,
            kind,
            from: None,
            to: None,
            details: Value::Object(Default::default()),
        }
    }

    pub fn task(order_id: &'a str, task_id: &'a str, kind: EventKind) -> Self {
        Self {
            task_id: Some(task_id),
            ..Self::order(order_id, kind)
        }
    }

    /// An event of a request for quotation.
    pub fn rfq(rfq_id: &'a str, kind: EventKind) -> Self {
        Self {
            order_id: None,
            rfq_id: Some(rfq_id),
            ..Self::order("", kind)
        }
    }

    /// The supplier whose bid the event is about.
    pub fn supplier(mut self, supplier_id: &'a str) -> Self {
        self.supplier_id = Some(supplier_id);
        self
    }

    pub fn change(mut self, from: &'a str, to: &'a str) -> Self {
        self.from = Some(from);
        self.to = Some(to);
        self
    }

    pub fn details(mut self, details: Value) -> Self {
        self.details = details;
        self
    }

    /// The event as a row of [`EVENT_INSERT`].
    pub fn row(&self, actor: &Actor) -> Vec<Arg> {
        vec![
            new_id().into(),
            self.order_id.map(str::to_owned).into(),
            self.task_id.map(str::to_owned).into(),
            self.kind.as_str().into(),
            actor.label.as_str().into(),
            self.from.map(str::to_owned).into(),
            self.to.map(str::to_owned).into(),
            to_json(&self.details).into(),
            now_ms().into(),
            self.rfq_id.map(str::to_owned).into(),
            self.supplier_id.map(str::to_owned).into(),
        ]
    }

    pub async fn write(self, conn: &mut AnyConnection, actor: &Actor) -> Result<()> {
        append(conn, vec![self.row(actor)]).await?;
        Ok(())
    }
}

/// The head of the statement that appends events.
pub(crate) const EVENT_INSERT: &str = "INSERT INTO events \
     (id, order_id, task_id, kind, actor, from_status, to_status, details, created_at, rfq_id, supplier_id)";

/// The columns [`event_from_row`] reads.
pub(crate) const EVENT_COLUMNS: &str =
    "id, order_id, task_id, rfq_id, kind, actor, from_status, to_status, details, created_at";

pub(crate) fn event_from_row(row: &AnyRow) -> Result<Event> {
    Ok(Event {
        id: row.col("id")?,
        order_id: row.col("order_id")?,
        task_id: row.col("task_id")?,
        rfq_id: row.col("rfq_id")?,
        kind: row.parsed("kind", EventKind::parse)?,
        actor: row.col("actor")?,
        from_status: row.col("from_status")?,
        to_status: row.col("to_status")?,
        details: row.json("details")?,
        created_at: row.time("created_at")?,
    })
}

impl Store {
    /// Routing decisions (`task.routed` and `line.unrouted`), rules that
    /// fired (`rule.fired`) and lines filed (`line.categorised`), newest first,
    /// keyset-paginated by event id: the automation history. Staff only.
    pub async fn routing_history(
        &self,
        limit: i64,
        cursor: Option<&str>,
    ) -> Result<orderhub_domain::model::Page<Event>> {
        // The cursor goes into the statement only when there is one, so the
        // scan starts at it on both backends.
        let after = if cursor.is_some() { " AND id < $2" } else { "" };
        let sql = format!(
            "SELECT {EVENT_COLUMNS} \
             FROM events WHERE kind IN ('task.routed', 'line.unrouted', 'rule.fired', 'line.categorised'){after} ORDER BY id DESC LIMIT $1"
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(limit + 1);
        if let Some(c) = cursor {
            q = q.bind(c.to_owned());
        }
        let rows = q.fetch_all(&self.read).await?;
        let mut events = rows
            .iter()
            .map(event_from_row)
            .collect::<Result<Vec<_>>>()?;
        let next_cursor = crate::rows::page_cursor(&mut events, limit, |e| e.id.clone());
        Ok(orderhub_domain::model::Page {
            items: events,
            next_cursor,
        })
    }

    /// An order's timeline: its events and its tasks' events, oldest first.
    /// A supplier sees only its own tasks' events, and routing decisions
    /// without the other candidates.
    pub async fn order_events(&self, order_id: &str, scope: &Scope) -> Result<Vec<Event>> {
        self.get_order_status(order_id, scope).await?;
        let sql = format!(
            "SELECT {EVENT_COLUMNS} FROM events WHERE order_id = $1{} ORDER BY id",
            visible(scope, Subject::TaskEvent, 2)
        );
        let rows = by_id_in_scope(sql, order_id, scope)
            .fetch_all(&self.read)
            .await?;
        let mut events = rows
            .iter()
            .map(event_from_row)
            .collect::<Result<Vec<_>>>()?;
        if let Some(supplier) = scope.supplier() {
            let own = self.own_actors(supplier).await?;
            for e in &mut events {
                // the seller's staff and tokens are "operator" to a supplier
                if e.actor.contains(':') && !own.contains(&e.actor) {
                    e.actor = "operator".into();
                }
            }
            for e in events
                .iter_mut()
                .filter(|e| e.kind == EventKind::TaskRouted)
            {
                let keep = ["sku", "line_no"];
                let kept: serde_json::Map<String, Value> = keep
                    .iter()
                    .filter_map(|k| e.details.get(*k).map(|v| ((*k).to_owned(), v.clone())))
                    .collect();
                e.details = Value::Object(kept);
            }
        }
        Ok(events)
    }

    /// The actor labels of a supplier's own people and tokens.
    pub(crate) async fn own_actors(&self, supplier: &str) -> Result<Vec<String>> {
        let users: Vec<String> =
            sqlx::query_scalar("SELECT email FROM users WHERE supplier_id = $1")
                .bind(supplier)
                .fetch_all(&self.read)
                .await?;
        let tokens: Vec<String> =
            sqlx::query_scalar("SELECT name FROM api_tokens WHERE supplier_id = $1")
                .bind(supplier)
                .fetch_all(&self.read)
                .await?;
        let users = users.into_iter().map(|e| format!("user:{e}"));
        Ok(users
            .chain(tokens.into_iter().map(|n| format!("token:{n}")))
            .collect())
    }
}

/// Ids per fan-out statement (SQLite binds at most 512 parameters well).
const FAN_OUT_CHUNK: usize = 256;

/// Appends events and, in the same transaction, a message for every
/// endpoint and every type it subscribed to that the event is (a paused
/// endpoint's wait until it resumes). One event may be two types — a task
/// shipped is `task.status_changed` and `task.shipped` — and an endpoint
/// subscribed to both gets both: `msg_<event>_<endpoint>` for the event's
/// own type, `msg_<event>_<endpoint>_<status>` for a type that narrows it
/// to one new status.
pub(crate) async fn append(conn: &mut AnyConnection, rows: Vec<Vec<Arg>>) -> Result<()> {
    let ids: Vec<String> = rows
        .iter()
        .filter_map(|r| match r.first() {
            Some(Arg::Text(Some(id))) => Some(id.clone()),
            _ => None,
        })
        .collect();
    let work = crate::statistics::suppliers::counted(&rows);
    let notices = crate::notify::notices(&rows);
    run_values(conn, EVENT_INSERT, rows, "").await?;
    crate::notify::fan_out(conn, notices, now_ms()).await?;
    crate::statistics::suppliers::fold(conn, work).await?;
    for chunk in ids.chunks(FAN_OUT_CHUNK) {
        let mut q = sqlx::query(AssertSqlSafe(fan_out_sql(chunk.len()))).bind(now_ms());
        for id in chunk {
            q = q.bind(id);
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

/// The statement that writes the outbox messages of `n` events (`$1` the
/// time, `$2…` the events' ids).
pub(crate) fn fan_out_sql(n: usize) -> String {
    let matches = EVENT_TYPES
        .iter()
        .map(|(ty, kind, to)| {
            let to = to.map_or(String::new(), |s| format!(" AND e.to_status = '{s}'"));
            format!("(s.event_type = '{ty}' AND e.kind = '{kind}'{to})")
        })
        .collect::<Vec<_>>()
        .join(" OR ");
    let suffix = EVENT_TYPES
        .iter()
        .filter_map(|(ty, _, to)| to.map(|to| format!(" WHEN '{ty}' THEN '_{to}'")))
        .collect::<String>();
    format!(
        "INSERT INTO webhook_messages (id, endpoint_id, event_id, event_type, status, attempts, next_attempt_at, created_at) \
             SELECT 'msg_' || e.id || '_' || w.id || CASE s.event_type{suffix} ELSE '' END, \
             w.id, e.id, s.event_type, 'pending', 0, $1, $1 \
             FROM events e JOIN webhook_subscriptions s ON ({matches}) \
             JOIN webhook_endpoints w ON w.id = s.endpoint_id \
             WHERE e.id IN ({}) AND (w.supplier_id IS NULL OR e.supplier_id = w.supplier_id OR EXISTS \
             (SELECT 1 FROM tasks t WHERE t.id = e.task_id AND t.supplier_id = w.supplier_id)) \
             ON CONFLICT (id) DO NOTHING",
        placeholders(2, n)
    )
}
