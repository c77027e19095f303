//! API tokens: shown once, stored as a SHA-256 hash, scoped to a role (and
//! a supplier for supplier tokens), optionally expiring, revocable.

use crate::audit::Audit;
use crate::db::Store;
use crate::error::{Result, StoreError};
use crate::rows::{RowExt, new_id, now_ms, to_ms};
use crate::secrets::{generate_token, hash_token};
use crate::users::supplier_id;
use orderhub_domain::ErrorCode;
use orderhub_domain::model::{Actor, ApiToken, CreatedToken, NewToken};
use orderhub_domain::{Forbidden, Role, Scope, ValidationError};
use serde_json::json;
use sqlx::any::AnyRow;

/// Names of orderhub's own tokens, which accounts may not take.
const RESERVED_NAMES: &[&str] = &["bootstrap", "demo"];

/// A verified token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenInfo {
    pub id: String,
    pub name: String,
    pub role: Role,
    pub supplier_id: Option<String>,
    pub buyer_org_id: Option<String>,
}

/// `last_used_at` is written at most this often per token, so that reads
/// do not turn into writes.
const LAST_USED_RESOLUTION_MS: i64 = 60_000;

const COLUMNS: &str = "id, name, role, supplier_id, buyer_org_id, created_by, created_at, expires_at, last_used_at, revoked_at";

fn token_from_row(r: &AnyRow) -> Result<ApiToken> {
    Ok(ApiToken {
        id: r.col("id")?,
        name: r.col("name")?,
        role: r.parsed("role", Role::parse)?,
        supplier_id: r.col("supplier_id")?,
        organisation_id: r.col("buyer_org_id")?,
        created_by: r.col("created_by")?,
        created_at: r.time("created_at")?,
        expires_at: r.opt_time("expires_at")?,
        last_used_at: r.opt_time("last_used_at")?,
        revoked_at: r.opt_time("revoked_at")?,
    })
}

/// An organisation reference (id or name) to its id, or a 422.
async fn organisation_id(conn: &mut sqlx::AnyConnection, reference: &str) -> Result<String> {
    let id = crate::users::id_or_name(conn, "buyer_orgs", reference).await?;
    id.ok_or_else(|| {
        ValidationError::new(
            "organisation",
            ErrorCode::InvalidValue,
            format!("no organisation has the id or name {reference:?}"),
        )
        .into()
    })
}

impl Store {
    /// Stores `token` (hashed) as an admin token under `name`, replacing
    /// the token of that name but keeping its id (per-caller state such as
    /// idempotency keys stays with it). Used for the bootstrap and demo
    /// tokens.
    pub async fn put_token(&self, name: &str, role: &str, token: &str) -> Result<()> {
        let mut tx = self.begin().await?;
        // The same secret under another name becomes this one.
        sqlx::query("DELETE FROM api_tokens WHERE token_hash = $1 AND name <> $2")
            .bind(hash_token(token))
            .bind(name)
            .execute(&mut *tx)
            .await?;
        // Only orderhub's own tokens are replaced; a revocation stands.
        let updated: Option<String> = sqlx::query_scalar(
            "UPDATE api_tokens SET token_hash = $2, role = $3 WHERE name = $1 AND created_by = 'system' RETURNING id",
        )
        .bind(name)
        .bind(hash_token(token))
        .bind(role)
        .fetch_optional(&mut *tx)
        .await?;
        if updated.is_none() {
            sqlx::query("INSERT INTO api_tokens (id, name, token_hash, role, created_at, created_by) VALUES ($1, $2, $3, $4, $5, 'system')")
                .bind(new_id())
                .bind(name)
                .bind(hash_token(token))
                .bind(role)
                .bind(now_ms())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Creates a token; the answer is the only time its secret is shown.
    /// A supplier may only create supplier tokens for itself. `creator` is
    /// the signed-in account making it, whose deactivation revokes it.
    pub async fn create_token(
        &self,
        actor: &Actor,
        scope: &Scope,
        creator: Option<&str>,
        new: NewToken,
    ) -> Result<CreatedToken> {
        let new = new.normalize()?;
        if RESERVED_NAMES.contains(&new.name.to_lowercase().as_str()) {
            return Err(ValidationError::new(
                "name",
                ErrorCode::ReservedName,
                "this name is orderhub's own",
            )
            .into());
        }
        let mut tx = self.begin().await?;
        let (role, supplier) = match scope.supplier() {
            Some(own) => {
                if new.role.is_some_and(|r| r != Role::Supplier) {
                    return Err(Forbidden::new(
                        ErrorCode::OwnTokensOnly,
                        "a supplier may only create supplier tokens for itself",
                    )
                    .into());
                }
                // Compared with its own id and name only: looking the
                // reference up would tell whether other suppliers exist.
                let own_name: Option<String> =
                    sqlx::query_scalar("SELECT name_key FROM suppliers WHERE id = $1")
                        .bind(own)
                        .fetch_optional(&mut *tx)
                        .await?;
                if let Some(r) = &new.supplier
                    && r != own
                    && Some(r.to_lowercase()) != own_name
                {
                    return Err(Forbidden::new(
                        ErrorCode::OwnTokensOnly,
                        "a supplier may only create tokens for itself",
                    )
                    .into());
                }
                (Role::Supplier, Some(own.to_owned()))
            }
            None => {
                let role = new.role.ok_or_else(|| {
                    ValidationError::new(
                        "role",
                        ErrorCode::Required,
                        "say which role the token acts as",
                    )
                })?;
                let supplier = match &new.supplier {
                    Some(r) => Some(supplier_id(&mut tx, "supplier", r).await?),
                    None => None,
                };
                match (role, &supplier) {
                    (Role::Supplier, None) => {
                        return Err(ValidationError::new(
                            "supplier",
                            ErrorCode::Required,
                            "a supplier token needs its supplier",
                        )
                        .into());
                    }
                    (Role::Purchaser, None) if new.organisation.is_none() => {
                        return Err(ValidationError::new(
                            "organisation",
                            ErrorCode::Required,
                            "a purchaser token needs its organisation",
                        )
                        .into());
                    }
                    (r, Some(_)) if r != Role::Supplier => {
                        return Err(ValidationError::new(
                            "supplier",
                            ErrorCode::NotAllowed,
                            "only supplier tokens act for a supplier",
                        )
                        .into());
                    }
                    _ => {}
                }
                (role, supplier)
            }
        };
        let organisation = match (&new.organisation, role) {
            (Some(o), Role::Purchaser) => Some(organisation_id(&mut tx, o).await?),
            (Some(_), _) => {
                return Err(ValidationError::new(
                    "organisation",
                    ErrorCode::NotAllowed,
                    "only purchaser tokens buy for an organisation",
                )
                .into());
            }
            (None, _) => None,
        };
        let token = generate_token();
        let id = new_id();
        sqlx::query(
            "INSERT INTO api_tokens (id, name, token_hash, role, supplier_id, created_by, created_by_user, created_at, expires_at, buyer_org_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(&id)
        .bind(&new.name)
        .bind(hash_token(&token))
        .bind(role.as_str())
        .bind(&supplier)
        .bind(&actor.label)
        .bind(creator)
        .bind(now_ms())
        .bind(new.expires_at.map(to_ms))
        .bind(&organisation)
        .execute(&mut *tx)
        .await?;
        Audit {
            kind: "token_created",
            actor: &actor.label,
            subject: Some(&id),
            ip: None,
            details: json!({ "name": new.name, "role": role, "supplier_id": supplier }),
        }
        .write(&mut *tx)
        .await?;
        let sql = format!("SELECT {COLUMNS} FROM api_tokens WHERE id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(&id)
            .fetch_one(&mut *tx)
            .await?;
        let info = token_from_row(&row)?;
        tx.commit().await?;
        Ok(CreatedToken { info, token })
    }

    /// Tokens, newest first: all of them, or a supplier's own.
    pub async fn list_tokens(&self, scope: &Scope) -> Result<Vec<ApiToken>> {
        if let Scope::Buyer(_) = scope {
            return Ok(Vec::new());
        }
        let rows = match scope.supplier() {
            Some(s) => {
                let sql = format!(
                    "SELECT {COLUMNS} FROM api_tokens WHERE supplier_id = $1 ORDER BY id DESC"
                );
                sqlx::query(sqlx::AssertSqlSafe(sql))
                    .bind(s)
                    .fetch_all(&self.read)
                    .await?
            }
            None => {
                let sql = format!("SELECT {COLUMNS} FROM api_tokens ORDER BY id DESC");
                sqlx::query(sqlx::AssertSqlSafe(sql))
                    .fetch_all(&self.read)
                    .await?
            }
        };
        rows.iter().map(token_from_row).collect()
    }

    /// Revokes a token at once; another supplier's token is not found.
    pub async fn revoke_token(&self, actor: &Actor, scope: &Scope, id: &str) -> Result<ApiToken> {
        let mut tx = self.begin().await?;
        let sql = match scope {
            Scope::All => {
                "UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $2) WHERE id = $1 RETURNING id"
            }
            Scope::Supplier(_) => {
                "UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $2) WHERE id = $1 AND supplier_id = $3 RETURNING id"
            }
            Scope::Buyer(_) => return Err(StoreError::not_found("token", id)),
        };
        let mut q = sqlx::query_scalar::<_, String>(sql).bind(id).bind(now_ms());
        if let Some(s) = scope.supplier() {
            q = q.bind(s);
        }
        let revoked: Option<String> = q.fetch_optional(&mut *tx).await?;
        revoked.ok_or_else(|| StoreError::not_found("token", id))?;
        Audit {
            kind: "token_revoked",
            actor: &actor.label,
            subject: Some(id),
            ip: None,
            details: json!({}),
        }
        .write(&mut *tx)
        .await?;
        let sql = format!("SELECT {COLUMNS} FROM api_tokens WHERE id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        tx.commit().await?;
        token_from_row(&row)
    }

    /// Whether any usable token exists.
    pub async fn has_tokens(&self) -> Result<bool> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM api_tokens WHERE revoked_at IS NULL")
            .fetch_one(&self.read)
            .await?;
        Ok(n > 0)
    }

    /// The token's identity, or `None` when unknown, revoked or expired.
    pub async fn verify_token(&self, token: &str) -> Result<Option<TokenInfo>> {
        let now = now_ms();
        let row = sqlx::query(
            "SELECT id, name, role, supplier_id, buyer_org_id, last_used_at FROM api_tokens WHERE token_hash = $1 \
             AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2) \
             AND (supplier_id IS NULL OR supplier_id IN (SELECT id FROM suppliers WHERE active = 1))",
        )
        .bind(hash_token(token))
        .bind(now)
        .fetch_optional(&self.read)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let info = TokenInfo {
            id: row.col("id")?,
            name: row.col("name")?,
            role: row.parsed("role", Role::parse)?,
            supplier_id: row.col("supplier_id")?,
            buyer_org_id: row.col("buyer_org_id")?,
        };
        let last: Option<i64> = row.col("last_used_at")?;
        if last.is_none_or(|l| now - l > LAST_USED_RESOLUTION_MS) {
            // Bookkeeping only: a busy database must not fail the request.
            let touched = sqlx::query("UPDATE api_tokens SET last_used_at = $2 WHERE id = $1")
                .bind(&info.id)
                .bind(now)
                .execute(&self.write)
                .await;
            if let Err(e) = touched {
                tracing::warn!(error = %e, "could not record the token's last use");
            }
        }
        Ok(Some(info))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn tokens_are_random_and_hashes_stable() {
        let a = super::generate_token();
        assert_eq!(a.len(), 46);
        assert_ne!(a, super::generate_token());
        assert_eq!(super::hash_token("x"), super::hash_token("x"));
        assert_eq!(super::hash_token("x").len(), 64);
    }
}
