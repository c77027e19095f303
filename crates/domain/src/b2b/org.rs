//! Purchaser organisations (source document 002, 采购商): the company a
//! purchaser buys for, with the addresses and terms its requests carry,
//! and the approval limit above which a buyer's request waits for one of
//! its approvers (待审核).

use crate::ErrorCode;
use crate::model::Address;
use crate::money;
use crate::validate::{ValidationError, limits, optional_text, required_text};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

vocabulary!(
    /// What a purchaser may do for its organisation.
    OrgRole {
        /// Asks for quotes, negotiates and accepts (the default).
        Buyer => "buyer",
        /// A buyer who also approves the organisation's requests above its
        /// approval limit.
        Approver => "approver",
    }
);

/// A purchaser organisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Organisation {
    pub id: String,
    pub name: String,
    /// VAT number, unified social credit code (统一社会信用代码), EIN…
    pub tax_id: Option<String>,
    pub billing_address: Option<Address>,
    /// Where goods go unless a request says otherwise.
    pub delivery_address: Option<Address>,
    /// What the organisation pays on unless a quote says otherwise
    /// ("30 days net", "50% advance, 50% on delivery").
    pub payment_terms: Option<String>,
    /// The currency requests are made in unless they say otherwise.
    pub currency: String,
    /// Requests estimated at this amount or more (or that cannot be
    /// estimated) wait for an approver; none: no approval.
    #[schema(value_type = Option<String>, example = "5000.00")]
    pub approval_limit: Option<Decimal>,
    pub active: bool,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// `POST /organisations`, and `PATCH` (every field optional there).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrganisationInput {
    pub name: Option<String>,
    pub tax_id: Option<String>,
    pub billing_address: Option<Address>,
    pub delivery_address: Option<Address>,
    pub payment_terms: Option<String>,
    /// ISO 4217; default `USD`.
    pub currency: Option<String>,
    #[schema(value_type = Option<String>)]
    pub approval_limit: Option<Decimal>,
    /// Removes the approval limit.
    #[serde(default)]
    pub clear_approval_limit: bool,
    pub active: Option<bool>,
}

impl OrganisationInput {
    /// Cleans the fields given; `creating` requires the name.
    pub fn normalize(self, creating: bool) -> Result<Self, ValidationError> {
        let name = match self.name {
            Some(n) => Some(required_text("name", &n, limits::NAME)?),
            None if creating => {
                return Err(ValidationError::new(
                    "name",
                    ErrorCode::Required,
                    "an organisation needs its name",
                ));
            }
            None => None,
        };
        let currency = self
            .currency
            .map(|c| money::currency("currency", &c))
            .transpose()?;
        let limit_currency = currency.clone().unwrap_or_else(|| "USD".to_owned());
        let address = |field: &str, a: Option<Address>| {
            a.map(|a| a.normalize().map_err(|e| e.within(field)))
                .transpose()
        };
        Ok(Self {
            name,
            tax_id: optional_text("tax_id", self.tax_id.as_deref(), limits::SHORT)?,
            billing_address: address("billing_address", self.billing_address)?,
            delivery_address: address("delivery_address", self.delivery_address)?,
            payment_terms: optional_text(
                "payment_terms",
                self.payment_terms.as_deref(),
                limits::NAME,
            )?,
            currency,
            approval_limit: self
                .approval_limit
                .map(|a| money::amount("approval_limit", a, &limit_currency))
                .transpose()?,
            clear_approval_limit: self.clear_approval_limit,
            active: self.active,
        })
    }
}

/// `POST /organisations/{id}/members`: invites a purchaser, who sets a
/// password through the link returned.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewMember {
    pub email: String,
    pub display_name: Option<String>,
    /// Default `buyer`.
    pub org_role: Option<OrgRole>,
}

/// Whether a request estimated at `estimate` (none: some line has no
/// price to estimate from) waits for an approver under `limit`.
pub fn needs_approval(limit: Option<Decimal>, estimate: Option<Decimal>) -> bool {
    match (limit, estimate) {
        (None, _) => false,
        (Some(_), None) => true,
        (Some(limit), Some(e)) => e >= limit,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn approval_applies_at_the_limit_and_to_what_cannot_be_estimated() {
        assert!(!needs_approval(None, None));
        assert!(needs_approval(Some(dec("100")), None));
        assert!(needs_approval(Some(dec("100")), Some(dec("100"))));
        assert!(!needs_approval(Some(dec("100")), Some(dec("99.99"))));
    }

    #[test]
    fn a_new_organisation_needs_a_name_and_a_real_currency() {
        let e = OrganisationInput::default().normalize(true).unwrap_err();
        assert_eq!(e.field, "name");
        let e = OrganisationInput {
            name: Some("Acme".into()),
            currency: Some("XXY".into()),
            ..Default::default()
        }
        .normalize(true)
        .unwrap_err();
        assert_eq!(e.code, ErrorCode::UnknownCurrency);
        let yen = OrganisationInput {
            name: Some("Acme".into()),
            currency: Some("jpy".into()),
            approval_limit: Some(dec("100000.5")),
            ..Default::default()
        }
        .normalize(true);
        assert!(yen.is_ok(), "{yen:?}");
    }
}
