//! Purchaser organisations, stored: staff create and change them; a
//! purchaser reads its own.

use crate::categories::config_event;
use crate::db::Store;
use crate::error::{OnUnique, Result, StoreError};
use crate::rows::{RowExt, lock_row, new_id, now_ms, to_json};
use orderhub_domain::b2b::{Organisation, OrganisationInput};
use orderhub_domain::model::{Actor, EventKind, User};
use orderhub_domain::{ErrorCode, Scope};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AssertSqlSafe};

const COLUMNS: &str = "id, name, tax_id, billing_address, delivery_address, payment_terms, \
     currency, approval_limit, active, created_at";

const TAKEN: &str = "an organisation with this name exists already";

pub(crate) fn org_from_row(row: &AnyRow) -> Result<Organisation> {
    let address = |name: &str| -> Result<_> {
        row.col::<Option<String>>(name)?
            .map(|j| serde_json::from_str(&j).map_err(|e| StoreError::Corrupt(e.to_string())))
            .transpose()
    };
    Ok(Organisation {
        id: row.col("id")?,
        name: row.col("name")?,
        tax_id: row.col("tax_id")?,
        billing_address: address("billing_address")?,
        delivery_address: address("delivery_address")?,
        payment_terms: row.col("payment_terms")?,
        currency: row.col("currency")?,
        approval_limit: row.opt_decimal("approval_limit")?,
        active: row.flag("active")?,
        created_at: row.time("created_at")?,
    })
}

/// One organisation; outside `scope` it is not found.
pub(crate) async fn fetch_org(
    conn: &mut AnyConnection,
    id: &str,
    scope: &Scope,
) -> Result<Organisation> {
    let visible = match scope {
        Scope::All => true,
        Scope::Buyer(own) => own == id,
        Scope::Supplier(_) => false,
    };
    let row = match visible {
        true => {
            sqlx::query(AssertSqlSafe(format!(
                "SELECT {COLUMNS} FROM buyer_orgs WHERE id = $1"
            )))
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?
        }
        false => None,
    };
    row.map(|r| org_from_row(&r))
        .transpose()?
        .ok_or_else(|| StoreError::not_found("organisation", id))
}

fn json_of<T: serde::Serialize>(v: &Option<T>) -> Option<String> {
    v.as_ref().map(to_json)
}

impl Store {
    /// A new purchaser organisation (staff).
    pub async fn create_organisation(
        &self,
        actor: &Actor,
        input: OrganisationInput,
    ) -> Result<Organisation> {
        let o = input.normalize(true)?;
        let name = o.name.clone().unwrap_or_default();
        let id = new_id();
        let mut tx = self.begin().await?;
        sqlx::query(
            "INSERT INTO buyer_orgs (id, name, name_key, tax_id, billing_address, delivery_address, \
             payment_terms, currency, approval_limit, active, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(&id)
        .bind(&name)
        .bind(name.to_lowercase())
        .bind(&o.tax_id)
        .bind(json_of(&o.billing_address))
        .bind(json_of(&o.delivery_address))
        .bind(&o.payment_terms)
        .bind(o.currency.as_deref().unwrap_or("USD"))
        .bind(o.approval_limit.map(|d| d.to_string()))
        .bind(i64::from(o.active.unwrap_or(true)))
        .bind(now_ms())
        .execute(&mut *tx)
        .await
        .on_unique(ErrorCode::NameTaken, "name", TAKEN)?;
        config_event(&mut tx, actor, EventKind::OrganisationCreated, &id).await?;
        let org = fetch_org(&mut tx, &id, &Scope::All).await?;
        tx.commit().await?;
        Ok(org)
    }

    /// Every organisation, by name (staff).
    pub async fn list_organisations(&self) -> Result<Vec<Organisation>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM buyer_orgs ORDER BY name_key"
        )))
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(org_from_row).collect()
    }

    /// One organisation: staff any, a purchaser its own.
    pub async fn get_organisation(&self, id: &str, scope: &Scope) -> Result<Organisation> {
        let mut conn = self.read.acquire().await?;
        fetch_org(&mut conn, id, scope).await
    }

    /// Changes the fields given (staff).
    pub async fn update_organisation(
        &self,
        actor: &Actor,
        id: &str,
        input: OrganisationInput,
    ) -> Result<Organisation> {
        let o = input.normalize(false)?;
        let mut tx = self.begin().await?;
        lock_row(&mut tx, "buyer_orgs", "organisation", id).await?;
        let cur = fetch_org(&mut tx, id, &Scope::All).await?;
        let name = o.name.unwrap_or(cur.name);
        let currency = o.currency.unwrap_or(cur.currency);
        let limit = match o.clear_approval_limit {
            true => None,
            false => o.approval_limit.or(cur.approval_limit),
        };
        // a kept limit must suit a changed currency
        let limit = limit
            .map(|l| orderhub_domain::money::amount("approval_limit", l, &currency))
            .transpose()?;
        sqlx::query(
            "UPDATE buyer_orgs SET name = $2, name_key = $3, tax_id = $4, billing_address = $5, \
             delivery_address = $6, payment_terms = $7, currency = $8, approval_limit = $9, active = $10 \
             WHERE id = $1",
        )
        .bind(id)
        .bind(&name)
        .bind(name.to_lowercase())
        .bind(o.tax_id.or(cur.tax_id))
        .bind(json_of(&o.billing_address.or(cur.billing_address)))
        .bind(json_of(&o.delivery_address.or(cur.delivery_address)))
        .bind(o.payment_terms.or(cur.payment_terms))
        .bind(&currency)
        .bind(limit.map(|d| d.to_string()))
        .bind(i64::from(o.active.unwrap_or(cur.active)))
        .execute(&mut *tx)
        .await
        .on_unique(ErrorCode::NameTaken, "name", TAKEN)?;
        config_event(&mut tx, actor, EventKind::OrganisationUpdated, id).await?;
        let org = fetch_org(&mut tx, id, &Scope::All).await?;
        tx.commit().await?;
        Ok(org)
    }

    /// The organisation's purchasers: staff any, a purchaser its own.
    pub async fn organisation_members(&self, id: &str, scope: &Scope) -> Result<Vec<User>> {
        self.get_organisation(id, scope).await?;
        self.users_of_organisation(id).await
    }
}
