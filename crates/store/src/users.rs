//! Accounts: creation, roles, passwords and login.

use crate::audit::Audit;
use crate::db::Store;
use crate::error::{OnUnique, Result, StoreError};
use crate::passwords;
use crate::rows::{RowExt, lock_row, new_id, now_ms};
use crate::throttle::Attempt;
use orderhub_domain::ErrorCode;
use orderhub_domain::b2b::OrgRole;
use orderhub_domain::model::{Actor, NewUser, User, UserPatch, check_links, org_role_of};
use orderhub_domain::{Role, ValidationError};
use serde_json::json;
use sqlx::AnyConnection;
use sqlx::any::AnyRow;

macro_rules! select {
    ($($tail:literal)?) => {
        concat!(
            "SELECT id, email, display_name, role, supplier_id, buyer_org_id, org_role, active, created_at, last_login_at, language, time_zone, password_hash FROM users"
            $(, $tail)?
        )
    };
}

pub(crate) fn user_from_row(row: &AnyRow) -> Result<User> {
    Ok(User {
        id: row.col("id")?,
        email: row.col("email")?,
        display_name: row.col("display_name")?,
        role: row.parsed("role", Role::parse)?,
        supplier_id: row.col("supplier_id")?,
        buyer_org_id: row.col("buyer_org_id")?,
        org_role: row
            .col::<Option<String>>("org_role")?
            .map(|r| OrgRole::parse(&r).ok_or(StoreError::Corrupt(r)))
            .transpose()?,
        active: row.flag("active")?,
        created_at: row.time("created_at")?,
        last_login_at: row.opt_time("last_login_at")?,
        language: row.col("language")?,
        time_zone: row.col("time_zone")?,
    })
}

/// The id of the row of `table` (suppliers, buyer organisations) whose id
/// or name, ignoring case, is `reference`.
pub(crate) async fn id_or_name(
    conn: &mut AnyConnection,
    table: &'static str,
    reference: &str,
) -> Result<Option<String>> {
    let sql = format!("SELECT id FROM {table} WHERE id = $1 OR name_key = $2");
    Ok(sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .bind(reference)
        .bind(reference.to_lowercase())
        .fetch_optional(&mut *conn)
        .await?)
}

/// A supplier reference (id or name) to its id, or a 422 on `field`.
pub(crate) async fn supplier_id(
    conn: &mut AnyConnection,
    field: &str,
    reference: &str,
) -> Result<String> {
    let id = id_or_name(conn, "suppliers", reference).await?;
    id.ok_or_else(|| {
        ValidationError::new(
            field,
            ErrorCode::UnknownSupplier,
            format!("no supplier has the id or name {reference:?}"),
        )
        .into()
    })
}

/// The buyer organisation with the id or name `name`, created if new.
async fn buyer_org_id(conn: &mut AnyConnection, name: &str) -> Result<String> {
    let key = name.to_lowercase();
    if let Some(id) = id_or_name(conn, "buyer_orgs", name).await? {
        return Ok(id);
    }
    let id = new_id();
    sqlx::query("INSERT INTO buyer_orgs (id, name, name_key, created_at) VALUES ($1, $2, $3, $4)")
        .bind(&id)
        .bind(name)
        .bind(&key)
        .bind(now_ms())
        .execute(&mut *conn)
        .await?;
    Ok(id)
}

impl Store {
    /// The user's own settings: display name, language (`en`, `zh-CN`,
    /// none: the browser's) and time zone (an IANA name the caller has
    /// checked; none: the browser's).
    pub async fn set_preferences(
        &self,
        user_id: &str,
        display_name: &str,
        language: Option<&str>,
        time_zone: Option<&str>,
    ) -> Result<User> {
        let name = orderhub_domain::validate::required_text(
            "display_name",
            display_name,
            orderhub_domain::validate::limits::NAME,
        )?;
        let zone = orderhub_domain::validate::optional_text(
            "time_zone",
            time_zone,
            orderhub_domain::validate::limits::SHORT,
        )?;
        sqlx::query(
            "UPDATE users SET display_name = $2, language = $3, time_zone = $4, updated_at = $5 WHERE id = $1",
        )
        .bind(user_id)
        .bind(name)
        .bind(language)
        .bind(zone)
        .bind(now_ms())
        .execute(&self.write)
        .await?;
        self.get_user(user_id).await
    }

    pub async fn count_users(&self) -> Result<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM users")
            .fetch_one(&self.read)
            .await?)
    }

    pub async fn create_user(&self, actor: &Actor, new: NewUser) -> Result<User> {
        let new = new.normalize()?;
        let hash = passwords::hash(new.password.clone()).await?;
        let id = new_id();
        let now = now_ms();
        let mut tx = self.begin().await?;
        let supplier = match &new.supplier {
            Some(r) => Some(supplier_id(&mut tx, "supplier", r).await?),
            None => None,
        };
        let buyer = match &new.buyer {
            Some(b) => Some(buyer_org_id(&mut tx, b).await?),
            None => None,
        };
        sqlx::query(
            "INSERT INTO users (id, email, email_key, display_name, role, supplier_id, buyer_org_id, org_role, password_hash, active, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1, $10, $10)",
        )
        .bind(&id)
        .bind(&new.email)
        .bind(new.email.to_lowercase())
        .bind(new.display_name.as_deref().unwrap_or_default())
        .bind(new.role.as_str())
        .bind(&supplier)
        .bind(&buyer)
        .bind(new.org_role.map(OrgRole::as_str))
        .bind(&hash)
        .bind(now)
        .execute(&mut *tx)
        .await
        .on_unique(ErrorCode::EmailTaken, "email", "an account with this e-mail exists already")?;
        Audit {
            kind: "user_created",
            actor: &actor.label,
            subject: Some(&new.email),
            ip: None,
            details: json!({ "role": new.role, "supplier_id": supplier }),
        }
        .write(&mut *tx)
        .await?;
        tx.commit().await?;
        self.get_user(&id).await
    }

    pub async fn list_users(&self) -> Result<Vec<User>> {
        let rows = sqlx::query(select!(" ORDER BY email_key"))
            .fetch_all(&self.read)
            .await?;
        rows.iter().map(user_from_row).collect()
    }

    /// The purchasers of one organisation, by e-mail.
    pub(crate) async fn users_of_organisation(&self, org_id: &str) -> Result<Vec<User>> {
        let rows = sqlx::query(select!(" WHERE buyer_org_id = $1 ORDER BY email_key"))
            .bind(org_id)
            .fetch_all(&self.read)
            .await?;
        rows.iter().map(user_from_row).collect()
    }

    pub async fn get_user(&self, id: &str) -> Result<User> {
        let row = sqlx::query(select!(" WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.read)
            .await?
            .ok_or_else(|| StoreError::not_found("user", id))?;
        user_from_row(&row)
    }

    /// The account with this e-mail (any case).
    pub async fn find_user_by_email(&self, email: &str) -> Result<User> {
        let row = sqlx::query(select!(" WHERE email_key = $1"))
            .bind(email.trim().to_lowercase())
            .fetch_optional(&self.read)
            .await?
            .ok_or_else(|| StoreError::not_found("user", email))?;
        user_from_row(&row)
    }

    /// Changes name, role, links or the active flag. Role changes are
    /// audited; deactivating ends every session of the user.
    pub async fn update_user(&self, actor: &Actor, id: &str, patch: UserPatch) -> Result<User> {
        let patch = patch.normalize()?;
        let mut tx = self.begin().await?;
        lock_row(&mut tx, "users", "user", id).await?;
        let row = sqlx::query(select!(" WHERE id = $1"))
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        let cur = user_from_row(&row)?;
        let role = patch.role.unwrap_or(cur.role);
        let supplier = match (&patch.supplier, role) {
            (Some(r), _) => Some(supplier_id(&mut tx, "supplier", r).await?),
            (None, Role::Supplier) => cur.supplier_id.clone(),
            (None, _) => None,
        };
        let buyer = match (&patch.buyer, role) {
            (Some(b), _) => Some(buyer_org_id(&mut tx, b).await?),
            (None, Role::Purchaser) => cur.buyer_org_id.clone(),
            (None, _) => None,
        };
        check_links(role, supplier.is_some(), buyer.is_some())?;
        let org_role = org_role_of(
            role,
            patch
                .org_role
                .or(cur.org_role)
                .filter(|_| role == Role::Purchaser),
        )?;
        let active = patch.active.unwrap_or(cur.active);
        // someone must stay able to manage accounts
        let stops_admin = cur.role == Role::Admin && cur.active && (role != Role::Admin || !active);
        if stops_admin {
            let others: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM users WHERE role = 'admin' AND active = 1 AND id <> $1",
            )
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
            if others == 0 {
                return Err(StoreError::Conflict {
                    code: orderhub_domain::ErrorCode::LastAdmin,
                    field: Some("role"),
                    detail: "the last active administrator cannot lose the role or be deactivated"
                        .into(),
                });
            }
        }
        sqlx::query(
            "UPDATE users SET display_name = $2, role = $3, supplier_id = $4, buyer_org_id = $5, active = $6, updated_at = $7, org_role = $8 WHERE id = $1",
        )
        .bind(id)
        .bind(patch.display_name.unwrap_or(cur.display_name))
        .bind(role.as_str())
        .bind(&supplier)
        .bind(&buyer)
        .bind(i64::from(active))
        .bind(now_ms())
        .bind(org_role.map(OrgRole::as_str))
        .execute(&mut *tx)
        .await?;
        let changed_role = role != cur.role
            || supplier != cur.supplier_id
            || buyer != cur.buyer_org_id
            || org_role != cur.org_role;
        let kind = if changed_role {
            "role_changed"
        } else {
            "user_updated"
        };
        let details =
            json!({ "from": cur.role, "to": role, "supplier_id": supplier, "active": active });
        Audit {
            kind,
            actor: &actor.label,
            subject: Some(&cur.email),
            ip: None,
            details,
        }
        .write(&mut *tx)
        .await?;
        if !active || changed_role {
            end_sessions(&mut tx, id).await?;
            sqlx::query("UPDATE api_tokens SET revoked_at = $2 WHERE created_by_user = $1 AND revoked_at IS NULL")
                .bind(id)
                .bind(now_ms())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        self.get_user(id).await
    }

    /// Sets a new password (checked against the policy) and ends every
    /// session of the account.
    pub async fn set_password(&self, actor: &Actor, user_id: &str, password: String) -> Result<()> {
        self.set_password_claiming(actor, user_id, password, None)
            .await
    }

    /// [`Store::set_password`], spending the one-time link `claim` in the
    /// same transaction when given: refused (and nothing changed) when the
    /// link is not this user's live one.
    pub(crate) async fn set_password_claiming(
        &self,
        actor: &Actor,
        user_id: &str,
        password: String,
        claim: Option<&str>,
    ) -> Result<()> {
        let user = self.get_user(user_id).await?;
        orderhub_domain::password::check("password", &password, &user.email)?;
        let hash = passwords::hash(password).await?;
        let mut tx = self.begin().await?;
        if let Some(token) = claim {
            let spent = sqlx::query(
                "DELETE FROM invites WHERE token_hash = $1 AND user_id = $2 AND expires_at > $3",
            )
            .bind(crate::secrets::hash_token(token))
            .bind(user_id)
            .bind(now_ms())
            .execute(&mut *tx)
            .await?;
            if spent.rows_affected() == 0 {
                return Err(StoreError::InvalidCredentials);
            }
        }
        sqlx::query("UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1")
            .bind(user_id)
            .bind(&hash)
            .bind(now_ms())
            .execute(&mut *tx)
            .await?;
        end_sessions(&mut tx, user_id).await?;
        Audit {
            kind: "password_changed",
            actor: &actor.label,
            subject: Some(&user.email),
            ip: None,
            details: json!({}),
        }
        .write(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Signs in: checks the e-mail and password (see [`Store::authenticate`])
    /// and records the login.
    /// `device` is the browser's device cookie; the answer carries the
    /// value to set it to (the same device, or a new one now known).
    pub async fn login(
        &self,
        email: &str,
        password: &str,
        ip: &str,
        device: Option<&str>,
    ) -> Result<(User, String)> {
        let user = self
            .authenticate(email, password, ip, "login", device)
            .await?;
        let known = self
            .is_known_device(&user.email.to_lowercase(), device)
            .await?;
        let device = self.remember_device(&user.id, device, known).await?;
        sqlx::query("UPDATE users SET last_login_at = $2 WHERE id = $1")
            .bind(&user.id)
            .bind(now_ms())
            .execute(&self.write)
            .await?;
        Ok((user, device))
    }

    /// Checks an e-mail and password. Unknown e-mail, wrong password and
    /// inactive account give the same error after the same work. The
    /// attempt is recorded as a failure *before* the password is checked,
    /// so parallel guesses count against each other; too many recent
    /// failures for the account (since its last success) or the address
    /// give `Throttled` without checking anything. On success the record
    /// becomes `success_kind`.
    pub async fn authenticate(
        &self,
        email: &str,
        password: &str,
        ip: &str,
        success_kind: &str,
        device: Option<&str>,
    ) -> Result<User> {
        let key = email.trim().to_lowercase();
        let now = now_ms();
        let attempt = new_id();
        sqlx::query(
            "INSERT INTO audit_events (id, kind, actor, subject, ip, details, created_at) \
             VALUES ($1, 'login_failed', 'anonymous', $2, $3, '{}', $4)",
        )
        .bind(&attempt)
        .bind(&key)
        .bind(ip)
        .bind(now)
        .execute(&self.write)
        .await?;
        let known_device = self.is_known_device(&key, device).await?;
        let a = Attempt {
            id: &attempt,
            key: &key,
            ip,
            known_device,
        };
        if let Some(retry_after) = self.throttled(&a, now).await? {
            self.count_throttled(&a, now).await?;
            return Err(StoreError::Throttled { retry_after });
        }
        // a deactivated supplier's people cannot sign in (nor act: see
        // `session_user` and `verify_token`)
        let row = sqlx::query(select!(
            " WHERE email_key = $1 AND active = 1 \
             AND (supplier_id IS NULL OR supplier_id IN (SELECT id FROM suppliers WHERE active = 1))"
        ))
            .bind(&key)
            .fetch_optional(&self.read)
            .await?;
        let hash = match &row {
            Some(r) => Some(r.col::<String>("password_hash")?),
            None => None,
        };
        if !passwords::verify(password.to_owned(), hash).await {
            return Err(StoreError::InvalidCredentials);
        }
        let user = user_from_row(row.as_ref().ok_or(StoreError::InvalidCredentials)?)?;
        sqlx::query("UPDATE audit_events SET kind = $2, actor = $3 WHERE id = $1")
            .bind(&attempt)
            .bind(success_kind)
            .bind(format!("user:{}", user.email))
            .execute(&self.write)
            .await?;
        Ok(user)
    }
}

/// Ends every session of the user and voids any unused password link
/// (after a password change, a role change or deactivation: a link made
/// before must not open the account again).
pub(crate) async fn end_sessions(conn: &mut AnyConnection, user_id: &str) -> Result<()> {
    for sql in [
        "DELETE FROM sessions WHERE user_id = $1",
        "DELETE FROM invites WHERE user_id = $1",
    ] {
        sqlx::query(sql).bind(user_id).execute(&mut *conn).await?;
    }
    Ok(())
}
