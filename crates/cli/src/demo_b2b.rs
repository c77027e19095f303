//! The demo's B2B side: a purchaser organisation with a buyer and an
//! approver, and the demo products published to its catalogue.

use anyhow::Result;
use orderhub_domain::Scope;
use orderhub_domain::b2b::{OrgRole, OrganisationInput};
use orderhub_domain::model::{Actor, Address, ProductPatch};
use orderhub_store::{ProductFilter, Store};
use rust_decimal::Decimal;

/// The demo organisation's name.
pub const ORGANISATION: &str = "Lixiang Gifts Trading Co.";

/// The demo purchasers: (e-mail, role in the organisation).
pub const PURCHASERS: &[(&str, OrgRole)] = &[
    ("buyer@demo.example", OrgRole::Buyer),
    ("boss@demo.example", OrgRole::Approver),
];

/// A demo purchaser's organisation and role.
pub fn purchaser(email: &str) -> Option<(String, OrgRole)> {
    PURCHASERS
        .iter()
        .find(|(e, _)| *e == email)
        .map(|(_, r)| (ORGANISATION.to_owned(), *r))
}

/// The organisation (once), and every demo product published with a
/// minimum order quantity of 50.
pub async fn load(store: &Store, actor: &Actor) -> Result<()> {
    let orgs = store.list_organisations().await?;
    if !orgs.iter().any(|o| o.name == ORGANISATION) {
        let hangzhou = Address {
            country: "CN".into(),
            region: Some("浙江省".into()),
            city: Some("杭州市".into()),
            line1: Some("西湖区文三路 90 号 3 号仓".into()),
            line2: None,
            postal_code: Some("310012".into()),
        };
        let org = OrganisationInput {
            name: Some(ORGANISATION.into()),
            tax_id: Some("91330106MA2B0XXXX1".into()),
            billing_address: Some(hangzhou.clone()),
            delivery_address: Some(hangzhou),
            payment_terms: Some("月结 30 天 (30 days net)".into()),
            currency: Some("CNY".into()),
            approval_limit: Some(Decimal::new(20_000, 0)),
            ..Default::default()
        };
        store.create_organisation(actor, org).await?;
    }
    let mut cursor = None;
    loop {
        let filter = ProductFilter {
            limit: 200,
            cursor: cursor.clone(),
            ..Default::default()
        };
        let page = store.list_products(&filter, &Scope::All).await?;
        for p in page.items.iter().filter(|p| !p.published) {
            let publish = ProductPatch {
                published: Some(true),
                min_order_qty: Some(50),
                ..Default::default()
            };
            store
                .update_product(actor, &Scope::All, &p.id, publish)
                .await?;
        }
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => return Ok(()),
        }
    }
}
