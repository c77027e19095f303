//! Contracts, stored: drawn up in the same transaction as the acceptance
//! they come from, their PDF kept under its SHA-256 once rendered, signed
//! by each party, revised as new versions (`orderhub_domain::b2b::contract`
//! holds the rules).

use super::orgs::fetch_org;
use super::read::{parties_visible, party_of};
use super::rfqs::{refresh_status, today};
use crate::db::Store;
use crate::error::{Result, StoreError};
use crate::events::NewEvent;
use crate::rows::{RowExt, lock_row, new_id, now_ms, placeholders, to_json};
use orderhub_domain::Scope;
use orderhub_domain::b2b::contract::{ContractParty, ContractRefused, draw_up, revise, sign};
use orderhub_domain::b2b::{
    Bid, BidParty, BidStatus, Contract, ContractStatus, Offer, Revision, Rfq, Signature,
};
use orderhub_domain::model::{Actor, EventKind};
use serde_json::json;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AssertSqlSafe};

const COLUMNS: &str = "id, rfq_id, bid_id, supplier_id, org_id, version, status, terms, \
     pdf_name, pdf_sha256, created_at";

fn contract_from_row(row: &AnyRow) -> Result<Contract> {
    Ok(Contract {
        id: row.col("id")?,
        rfq_id: row.col("rfq_id")?,
        bid_id: row.col("bid_id")?,
        supplier_id: row.col("supplier_id")?,
        organisation_id: row.col("org_id")?,
        status: row.parsed("status", ContractStatus::parse)?,
        terms: row.json("terms")?,
        pdf_sha256: row.col("pdf_sha256")?,
        signatures: Vec::new(),
        created_at: row.time("created_at")?,
    })
}

/// Contracts matching `condition` (binds in order) in `scope`, oldest
/// first, with their signatures.
async fn select(
    conn: &mut AnyConnection,
    condition: &str,
    binds: Vec<String>,
    scope: &Scope,
) -> Result<Vec<Contract>> {
    let (own, bind) = parties_visible(scope, binds.len() + 1);
    let sql = format!("SELECT {COLUMNS} FROM contracts WHERE {condition}{own} ORDER BY id");
    let mut q = sqlx::query(AssertSqlSafe(sql));
    for b in binds.into_iter().chain(bind) {
        q = q.bind(b);
    }
    let mut contracts = q
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(contract_from_row)
        .collect::<Result<Vec<_>>>()?;
    if contracts.is_empty() {
        return Ok(contracts);
    }
    let sql = format!(
        "SELECT contract_id, party, signed_by, signed_at, ip, sha256 FROM contract_signatures \
         WHERE contract_id IN ({}) ORDER BY signed_at",
        placeholders(1, contracts.len())
    );
    let mut q = sqlx::query(AssertSqlSafe(sql));
    for c in &contracts {
        q = q.bind(c.id.clone());
    }
    for row in q.fetch_all(&mut *conn).await? {
        let id: String = row.col("contract_id")?;
        let signature = Signature {
            party: row.parsed("party", BidParty::parse)?,
            signed_by: row.col("signed_by")?,
            signed_at: row.time("signed_at")?,
            ip: row.col("ip")?,
            sha256: row.col("sha256")?,
        };
        if let Some(c) = contracts.iter_mut().find(|c| c.id == id) {
            c.signatures.push(signature);
        }
    }
    Ok(contracts)
}

pub(super) async fn fetch_contract(
    conn: &mut AnyConnection,
    id: &str,
    scope: &Scope,
) -> Result<Contract> {
    select(conn, "id = $1", vec![id.to_owned()], scope)
        .await?
        .pop()
        .ok_or_else(|| StoreError::not_found("contract", id))
}

async fn insert(conn: &mut AnyConnection, actor: &Actor, c: &Contract) -> Result<()> {
    let now = now_ms();
    sqlx::query(
        "INSERT INTO contracts (id, rfq_id, bid_id, supplier_id, org_id, version, status, terms, \
         created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)",
    )
    .bind(&c.id)
    .bind(&c.rfq_id)
    .bind(&c.bid_id)
    .bind(&c.supplier_id)
    .bind(&c.organisation_id)
    .bind(c.terms.version)
    .bind(c.status.as_str())
    .bind(to_json(&c.terms))
    .bind(now)
    .execute(&mut *conn)
    .await?;
    NewEvent::rfq(&c.rfq_id, EventKind::ContractDrawnUp)
        .supplier(&c.supplier_id)
        .details(json!({ "contract_id": c.id, "version": c.terms.version, "bid_id": c.bid_id }))
        .write(conn, actor)
        .await
}

/// Draws up version 1 of the contract of a bid just accepted on `offer`
/// (version `quote_version`), in the acceptance's transaction.
pub(crate) async fn draw_contract(
    conn: &mut AnyConnection,
    actor: &Actor,
    (rfq, bid): (&Rfq, &Bid),
    (quote_version, offer): (i64, &Offer),
) -> Result<()> {
    let org = fetch_org(conn, &rfq.organisation_id, &Scope::All).await?;
    let (name, code): (String, String) =
        sqlx::query_as("SELECT name, code FROM suppliers WHERE id = $1")
            .bind(&bid.supplier_id)
            .fetch_one(&mut *conn)
            .await?;
    let buyer = ContractParty {
        name: org.name,
        tax_id: org.tax_id,
        address: org.billing_address.or(org.delivery_address),
    };
    let seller = ContractParty {
        name,
        tax_id: None,
        address: None,
    };
    let terms = draw_up(
        rfq,
        (seller, &code),
        buyer,
        (quote_version, offer),
        &today(),
    );
    let contract = Contract {
        id: new_id(),
        rfq_id: rfq.id.clone(),
        bid_id: bid.id.clone(),
        supplier_id: bid.supplier_id.clone(),
        organisation_id: rfq.organisation_id.clone(),
        status: ContractStatus::AwaitingSignatures,
        terms,
        pdf_sha256: None,
        signatures: Vec::new(),
        created_at: crate::rows::from_ms(now_ms())?,
    };
    insert(conn, actor, &contract).await
}

/// A refusal of the contract rules as a store error.
fn refused(e: ContractRefused) -> StoreError {
    match e {
        ContractRefused::NotAParty => {
            orderhub_domain::Forbidden::new(e.code(), e.to_string()).into()
        }
        other => StoreError::conflict(other.code(), Some("sha256"), other.to_string()),
    }
}

impl Store {
    /// Contracts in `scope` (a request's, when `rfq_id` is given), oldest
    /// first.
    pub async fn list_contracts(
        &self,
        scope: &Scope,
        rfq_id: Option<&str>,
    ) -> Result<Vec<Contract>> {
        let mut conn = self.read.acquire().await?;
        match rfq_id {
            Some(r) => select(&mut conn, "rfq_id = $1", vec![r.to_owned()], scope).await,
            None => select(&mut conn, "1 = 1", Vec::new(), scope).await,
        }
    }

    /// One contract version in `scope`.
    pub async fn get_contract(&self, id: &str, scope: &Scope) -> Result<Contract> {
        let mut conn = self.read.acquire().await?;
        fetch_contract(&mut conn, id, scope).await
    }

    /// The stored PDF's name, if rendered.
    pub async fn contract_pdf_name(&self, id: &str, scope: &Scope) -> Result<Option<String>> {
        self.get_contract(id, scope).await?;
        Ok(
            sqlx::query_scalar("SELECT pdf_name FROM contracts WHERE id = $1")
                .bind(id)
                .fetch_one(&self.read)
                .await?,
        )
    }

    /// Records the PDF rendered for a contract (stored first under `name`)
    /// unless one was recorded meanwhile: the first rendering is the one
    /// signers see.
    pub async fn set_contract_pdf(
        &self,
        id: &str,
        name: &str,
        sha256: &str,
        font: &str,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE contracts SET pdf_name = $2, pdf_sha256 = $3, font_sha256 = $4, updated_at = $5 \
             WHERE id = $1 AND pdf_sha256 IS NULL",
        )
        .bind(id)
        .bind(name)
        .bind(sha256)
        .bind(font)
        .bind(now_ms())
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// The caller's party signs the PDF whose hash it read (`seen`) from
    /// `ip`. Once both have, the contract is in force, the version it
    /// revised is superseded, and the bid is contracted.
    pub async fn sign_contract(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: &str,
        seen: &str,
        ip: Option<String>,
    ) -> Result<Contract> {
        let party = party_of(scope);
        let mut tx = self.begin().await?;
        // the request's status follows all its contracts: one signing at a time
        let rfq_id: Option<String> =
            sqlx::query_scalar("SELECT rfq_id FROM contracts WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
        let rfq_id = rfq_id.ok_or_else(|| StoreError::not_found("contract", id))?;
        lock_row(&mut tx, "rfqs", "request", &rfq_id).await?;
        lock_row(&mut tx, "contracts", "contract", id).await?;
        let c = fetch_contract(&mut tx, id, scope).await?;
        let to = sign(&c, party, seen).map_err(refused)?;
        let hash = c.pdf_sha256.clone().unwrap_or_default();
        sqlx::query(
            "INSERT INTO contract_signatures (contract_id, party, signed_by, signed_at, ip, sha256) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(party.as_str())
        .bind(&actor.label)
        .bind(now_ms())
        .bind(&ip)
        .bind(&hash)
        .execute(&mut *tx)
        .await?;
        NewEvent::rfq(&c.rfq_id, EventKind::ContractSignatureAdded)
            .supplier(&c.supplier_id)
            .details(json!({ "contract_id": id, "party": party, "sha256": hash }))
            .write(&mut tx, actor)
            .await?;
        if to == ContractStatus::Signed {
            sqlx::query("UPDATE contracts SET status = $3, updated_at = $4 WHERE bid_id = $1 AND status = $2")
                .bind(&c.bid_id)
                .bind(ContractStatus::Signed.as_str())
                .bind(ContractStatus::Superseded.as_str())
                .bind(now_ms())
                .execute(&mut *tx)
                .await?;
            sqlx::query("UPDATE contracts SET status = $2, updated_at = $3 WHERE id = $1")
                .bind(id)
                .bind(to.as_str())
                .bind(now_ms())
                .execute(&mut *tx)
                .await?;
            sqlx::query("UPDATE bids SET status = $2, updated_at = $3 WHERE id = $1")
                .bind(&c.bid_id)
                .bind(BidStatus::Contracted.as_str())
                .bind(now_ms())
                .execute(&mut *tx)
                .await?;
            NewEvent::rfq(&c.rfq_id, EventKind::ContractSigned)
                .supplier(&c.supplier_id)
                .change(ContractStatus::AwaitingSignatures.as_str(), to.as_str())
                .details(json!({ "contract_id": id, "version": c.terms.version, "sha256": hash }))
                .write(&mut tx, actor)
                .await?;
            refresh_status(&mut tx, &c.rfq_id).await?;
            super::contract_order::on_signed(&mut tx, actor, &c).await?;
        }
        let c = fetch_contract(&mut tx, id, scope).await?;
        tx.commit().await?;
        Ok(c)
    }

    /// A new version of the latest contract of its bid, with the
    /// revision's changes, to be signed again. An unsigned version it
    /// replaces is superseded at once; a signed one stays in force until
    /// the new one is signed by both.
    pub async fn revise_contract(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: &str,
        revision: Revision,
    ) -> Result<Contract> {
        let mut tx = self.begin().await?;
        lock_row(&mut tx, "contracts", "contract", id).await?;
        let c = fetch_contract(&mut tx, id, scope).await?;
        let latest: i64 =
            sqlx::query_scalar("SELECT MAX(version) FROM contracts WHERE bid_id = $1")
                .bind(&c.bid_id)
                .fetch_one(&mut *tx)
                .await?;
        if c.status == ContractStatus::Superseded || latest != c.terms.version {
            return Err(refused(ContractRefused::Superseded));
        }
        let terms = revise(&c.terms, revision, &today())?;
        if c.status == ContractStatus::AwaitingSignatures {
            sqlx::query("UPDATE contracts SET status = $2, updated_at = $3 WHERE id = $1")
                .bind(id)
                .bind(ContractStatus::Superseded.as_str())
                .bind(now_ms())
                .execute(&mut *tx)
                .await?;
        }
        let next = Contract {
            id: new_id(),
            status: ContractStatus::AwaitingSignatures,
            terms,
            pdf_sha256: None,
            signatures: Vec::new(),
            created_at: crate::rows::from_ms(now_ms())?,
            ..c
        };
        insert(&mut tx, actor, &next).await?;
        let next = fetch_contract(&mut tx, &next.id, scope).await?;
        tx.commit().await?;
        Ok(next)
    }
}
