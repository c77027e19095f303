//! The in-app inbox (站内信) and each person's notification settings.

use crate::db::Store;
use crate::error::Result;
use crate::events::event_from_row;
use crate::rows::{RowExt, now_ms};
use orderhub_domain::model::{Event, Page};
use orderhub_domain::notify::{QuietHours, Topic, join_topics, split_topics};
use sqlx::AssertSqlSafe;

/// A notice in someone's inbox, with the event it is about.
#[derive(Debug, Clone)]
pub struct InboxNotice {
    pub id: String,
    pub topic: Topic,
    pub read: bool,
    pub event: Event,
}

/// A person's stored choices: the topics sent by e-mail (`None`: every
/// topic) and quiet hours.
#[derive(Debug, Clone, Default)]
pub struct PersonSettings {
    pub email_topics: Option<Vec<Topic>>,
    pub quiet: Option<QuietHours>,
}

impl Store {
    /// `user`'s notices, newest first, keyset-paginated by id.
    pub async fn inbox(
        &self,
        user: &str,
        unread_only: bool,
        limit: i64,
        cursor: Option<&str>,
    ) -> Result<Page<InboxNotice>> {
        let unread = if unread_only {
            " AND n.status = 'unread'"
        } else {
            ""
        };
        let after = if cursor.is_some() {
            " AND n.id < $3"
        } else {
            ""
        };
        let sql = format!(
            "SELECT n.id AS notice_id, n.topic, n.status, e.id, e.order_id, e.task_id, e.rfq_id, e.kind, \
             e.actor, e.from_status, e.to_status, e.details, e.created_at \
             FROM notifications n JOIN events e ON e.id = n.event_id \
             WHERE n.user_id = $1 AND n.channel = 'inbox'{unread}{after} ORDER BY n.id DESC LIMIT $2"
        );
        let mut q = sqlx::query(AssertSqlSafe(sql)).bind(user).bind(limit + 1);
        if let Some(c) = cursor {
            q = q.bind(c.to_owned());
        }
        let mut items = Vec::new();
        for row in q.fetch_all(&self.read).await? {
            let status: String = row.col("status")?;
            items.push(InboxNotice {
                id: row.col("notice_id")?,
                topic: row.parsed("topic", Topic::parse)?,
                read: status == "read",
                event: event_from_row(&row)?,
            });
        }
        let next_cursor = crate::rows::page_cursor(&mut items, limit, |n| n.id.clone());
        Ok(Page { items, next_cursor })
    }

    /// How many of `user`'s notices are unread.
    pub async fn unread_count(&self, user: &str) -> Result<i64> {
        let n = sqlx::query_scalar(
            "SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND channel = 'inbox' AND status = 'unread'",
        )
        .bind(user)
        .fetch_one(&self.read)
        .await?;
        Ok(n)
    }

    /// Marks `user`'s notice `id` read; another person's is not touched
    /// and answers not found, as a missing one.
    pub async fn mark_read(&self, user: &str, id: &str) -> Result<()> {
        let done = sqlx::query(
            "UPDATE notifications SET status = 'read', sent_at = COALESCE(sent_at, $3) \
             WHERE id = $1 AND user_id = $2 AND channel = 'inbox'",
        )
        .bind(id)
        .bind(user)
        .bind(now_ms())
        .execute(&self.write)
        .await?;
        match done.rows_affected() {
            0 => Err(crate::error::StoreError::not_found("notification", id)),
            _ => Ok(()),
        }
    }

    /// Marks all of `user`'s notices read; how many were unread.
    pub async fn mark_all_read(&self, user: &str) -> Result<u64> {
        let done = sqlx::query(
            "UPDATE notifications SET status = 'read', sent_at = $2 \
             WHERE user_id = $1 AND channel = 'inbox' AND status = 'unread'",
        )
        .bind(user)
        .bind(now_ms())
        .execute(&self.write)
        .await?;
        Ok(done.rows_affected())
    }

    /// `user`'s notification settings.
    pub async fn person_settings(&self, user: &str) -> Result<PersonSettings> {
        let row = sqlx::query(
            "SELECT email_topics, quiet_start, quiet_end FROM notify_settings WHERE user_id = $1",
        )
        .bind(user)
        .fetch_optional(&self.read)
        .await?;
        let Some(row) = row else {
            return Ok(PersonSettings::default());
        };
        Ok(PersonSettings {
            email_topics: Some(split_topics(&row.col::<String>("email_topics")?)),
            quiet: QuietHours::from_minutes(row.col("quiet_start")?, row.col("quiet_end")?),
        })
    }

    /// Replaces `user`'s notification settings.
    pub async fn set_person_settings(
        &self,
        user: &str,
        email_topics: &[Topic],
        quiet: Option<QuietHours>,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO notify_settings (user_id, email_topics, quiet_start, quiet_end) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (user_id) DO UPDATE SET email_topics = $2, quiet_start = $3, quiet_end = $4",
        )
        .bind(user)
        .bind(join_topics(email_topics))
        .bind(quiet.map(|q| i64::from(q.start)))
        .bind(quiet.map(|q| i64::from(q.end)))
        .execute(&self.write)
        .await?;
        Ok(())
    }
}
