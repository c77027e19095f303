//! One-time links to set a password: how an admin invites someone to a new
//! account, or lets a user who forgot theirs in again. orderhub sends no
//! e-mail yet, so the admin passes the link on; it works once, for
//! [`INVITE_TTL_MS`], and a new link for the same user replaces the old.

use crate::audit::Audit;
use crate::db::Store;
use crate::error::{Result, StoreError};
use crate::rows::{RowExt, now_ms};
use crate::secrets::{generate_secret, hash_token};
use orderhub_domain::model::{Actor, NewUser, User};
use serde_json::json;

/// How long a link works: a week, time to reach someone on holiday.
pub const INVITE_TTL_MS: i64 = 7 * 24 * 60 * 60 * 1000;

/// A link just made: its secret (shown once) and when it stops working.
pub struct Invite {
    pub token: String,
    pub expires_at: time::OffsetDateTime,
    pub user: User,
}

impl Store {
    /// A new account that can sign in only once its owner has set a
    /// password through the link returned with it. The account's password
    /// is random and never shown, so nobody knows it meanwhile.
    pub async fn invite_user(&self, actor: &Actor, mut new: NewUser) -> Result<Invite> {
        new.password = generate_secret();
        let user = self.create_user(actor, new).await?;
        self.invite_link(actor, &user.id).await
    }

    /// A one-time link for `user_id` to set a password (an invitation or a
    /// reset); an earlier unused link stops working.
    pub async fn invite_link(&self, actor: &Actor, user_id: &str) -> Result<Invite> {
        let user = self.get_user(user_id).await?;
        let token = generate_secret();
        let now = now_ms();
        let mut tx = self.begin().await?;
        sqlx::query("DELETE FROM invites WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO invites (token_hash, user_id, created_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(hash_token(&token))
        .bind(user_id)
        .bind(&actor.label)
        .bind(now)
        .bind(now + INVITE_TTL_MS)
        .execute(&mut *tx)
        .await?;
        Audit {
            kind: "invite_created",
            actor: &actor.label,
            subject: Some(&user.email),
            ip: None,
            details: json!({}),
        }
        .write(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Invite {
            token,
            expires_at: crate::rows::from_ms(now + INVITE_TTL_MS)?,
            user,
        })
    }

    /// Users with a live link they have not used yet, and until when.
    pub async fn pending_invites(
        &self,
    ) -> Result<std::collections::HashMap<String, time::OffsetDateTime>> {
        let rows = sqlx::query("SELECT user_id, expires_at FROM invites WHERE expires_at > $1")
            .bind(now_ms())
            .fetch_all(&self.read)
            .await?;
        rows.iter()
            .map(|r| Ok((r.col("user_id")?, r.time("expires_at")?)))
            .collect()
    }

    /// The account a live link is for; `None` when the link is unknown,
    /// used or expired (the page says the same for all three).
    pub async fn invited(&self, token: &str) -> Result<Option<User>> {
        let row =
            sqlx::query("SELECT user_id FROM invites WHERE token_hash = $1 AND expires_at > $2")
                .bind(hash_token(token))
                .bind(now_ms())
                .fetch_optional(&self.read)
                .await?;
        match row {
            Some(r) => Ok(Some(self.get_user(&r.col::<String>("user_id")?).await?)),
            None => Ok(None),
        }
    }

    /// Sets the password through a live link and spends the link, in one
    /// transaction (used once, even by two requests at a time); every
    /// session of the account ends. A refused password leaves the link
    /// working.
    pub async fn accept_invite(&self, token: &str, password: String) -> Result<User> {
        let user = self
            .invited(token)
            .await?
            .ok_or(StoreError::InvalidCredentials)?;
        let actor = Actor {
            label: format!("invite:{}", user.email),
            party: user.role.party(),
        };
        self.set_password_claiming(&actor, &user.id, password, Some(token))
            .await?;
        Ok(user)
    }
}
