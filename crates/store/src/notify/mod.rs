//! Notifications: written with the events they are about ([`fan_out`],
//! called by `events::append` in the event's transaction), read by their
//! recipients ([`inbox`]) and sent by a worker ([`outbox`]).
//!
//! One table holds every delivery: an inbox row per person (`unread`,
//! `read`), an e-mail row per person who wants the topic by e-mail, and a
//! row per group robot that chose the topic (`pending`, `sent`, `failed`,
//! `skipped`). Each row's id is made of the event, the recipient and the
//! channel, so writing a notice twice writes nothing the second time.

mod inbox;
mod outbox;

pub use inbox::{InboxNotice, PersonSettings};
pub use outbox::{DueNotice, Recipient};

use crate::error::Result;
use crate::rows::{Arg, placeholders};
use orderhub_domain::model::EventKind;
use orderhub_domain::notify::{Audience, NOTICES, Topic, notices_of};
use sqlx::{AnyConnection, AssertSqlSafe};
use std::collections::BTreeMap;

/// Ids per statement (SQLite binds at most 512 parameters well).
const CHUNK: usize = 200;

fn text(row: &[Arg], i: usize) -> Option<&str> {
    match row.get(i) {
        Some(Arg::Text(Some(t))) => Some(t),
        _ => None,
    }
}

/// The events to notify about, by topic and audience.
pub(crate) type Notices = BTreeMap<(Topic, Audience), Vec<String>>;

/// The notices of the events in `rows` (as `events::EVENT_INSERT` lays
/// them out).
pub(crate) fn notices(rows: &[Vec<Arg>]) -> Notices {
    let mut groups = Notices::new();
    for row in rows {
        let Some(kind) = text(row, 3).and_then(EventKind::parse) else {
            continue;
        };
        if !NOTICES.iter().any(|(k, ..)| *k == kind) {
            continue;
        }
        // only these kinds' notices depend on their details (a routing
        // decision's are long: not parsed on the intake path)
        let details = match kind {
            EventKind::OrderHeld | EventKind::RuleFired => text(row, 7)
                .and_then(|d| serde_json::from_str(d).ok())
                .unwrap_or_default(),
            _ => serde_json::Value::Null,
        };
        for notice in notices_of(kind, &details) {
            let id = text(row, 0).unwrap_or_default().to_owned();
            groups.entry(notice).or_default().push(id);
        }
    }
    groups
}

/// Writes `notices` once their events are written: for each topic and
/// audience, one statement for the people and one for the robots.
pub(crate) async fn fan_out(conn: &mut AnyConnection, notices: Notices, now: i64) -> Result<()> {
    for ((topic, audience), ids) in notices {
        for chunk in ids.chunks(CHUNK) {
            for sql in [
                people_sql(topic, audience, chunk.len()),
                robots_sql(topic, audience, chunk.len()),
            ] {
                let mut q = sqlx::query(AssertSqlSafe(sql)).bind(now);
                for id in chunk {
                    q = q.bind(id);
                }
                q.execute(&mut *conn).await?;
            }
        }
    }
    Ok(())
}

/// The events' people of `audience`: `users u`, joined from `events e`.
fn people_of(audience: Audience) -> &'static str {
    match audience {
        Audience::Supplier => {
            "events e JOIN tasks t ON t.id = e.task_id \
             JOIN users u ON u.supplier_id = t.supplier_id AND u.active = 1"
        }
        Audience::Staff => {
            "events e JOIN users u ON u.supplier_id IS NULL AND u.buyer_org_id IS NULL \
             AND u.role IN ('admin', 'operator') AND u.active = 1"
        }
    }
}

/// An inbox row for each person, and an e-mail row unless they turned the
/// topic off.
fn people_sql(topic: Topic, audience: Audience, n: usize) -> String {
    let t = topic.as_str();
    format!(
        "INSERT INTO notifications (id, event_id, topic, channel, user_id, status, attempts, next_attempt_at, created_at) \
         SELECT 'ntf_' || e.id || '_' || u.id || '_' || c.ch, e.id, '{t}', c.ch, u.id, \
         CASE c.ch WHEN 'inbox' THEN 'unread' ELSE 'pending' END, 0, $1, $1 \
         FROM {} JOIN (SELECT 'inbox' AS ch UNION ALL SELECT 'email' AS ch) c ON (c.ch = 'inbox' OR NOT EXISTS \
         (SELECT 1 FROM notify_settings s WHERE s.user_id = u.id AND (',' || s.email_topics || ',') NOT LIKE '%,{t},%')) \
         WHERE e.id IN ({}) ON CONFLICT (id) DO NOTHING",
        people_of(audience),
        placeholders(2, n)
    )
}

/// A row for each active robot of the audience that chose the topic.
fn robots_sql(topic: Topic, audience: Audience, n: usize) -> String {
    let t = topic.as_str();
    let robots = match audience {
        Audience::Supplier => {
            "events e JOIN tasks t ON t.id = e.task_id JOIN robots r ON r.supplier_id = t.supplier_id"
        }
        Audience::Staff => "events e JOIN robots r ON r.supplier_id IS NULL",
    };
    format!(
        "INSERT INTO notifications (id, event_id, topic, channel, robot_id, status, attempts, next_attempt_at, created_at) \
         SELECT 'ntf_' || e.id || '_' || r.id, e.id, '{t}', r.kind, r.id, 'pending', 0, $1, $1 \
         FROM {robots} WHERE r.active = 1 AND (',' || r.topics || ',') LIKE '%,{t},%' \
         AND e.id IN ({}) ON CONFLICT (id) DO NOTHING",
        placeholders(2, n)
    )
}
