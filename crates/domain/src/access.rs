//! Who may do what: roles, capabilities and the rules between them, in one
//! table. The API asks [`require`] before each action; what a supplier or
//! purchaser may *see* is decided by the storage query through [`Scope`].

use crate::ErrorCode;
use serde::{Deserialize, Serialize};
use std::fmt;
use utoipa::ToSchema;

use crate::lifecycle::Party;

/// An account's role (docs/architecture.md, "Access control").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Everything, plus users, tokens and the audit log.
    Admin,
    /// The seller's team: suppliers, categories, orders, routing, tasks.
    Operator,
    /// A maker: only its own tasks and the parts of orders they need.
    Supplier,
    /// A B2B buyer organisation: only its own purchase orders.
    Purchaser,
}

impl Role {
    pub const ALL: &'static [Role] =
        &[Role::Admin, Role::Operator, Role::Supplier, Role::Purchaser];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Operator => "operator",
            Role::Supplier => "supplier",
            Role::Purchaser => "purchaser",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|r| r.as_str() == text)
    }

    /// How the lifecycles see this role.
    pub fn party(self) -> Party {
        match self {
            Role::Admin | Role::Operator => Party::Operator,
            Role::Supplier | Role::Purchaser => Party::Supplier,
        }
    }

    /// Staff see everything; the others only their own.
    pub fn is_staff(self) -> bool {
        matches!(self, Role::Admin | Role::Operator)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Something a caller may want to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Capability {
    /// Categories and suppliers: read, create, change.
    ManageCatalog,
    /// Take orders in, release, retry, cancel.
    ManageOrders,
    /// Read orders (suppliers: only the parts their tasks need).
    ReadOrders,
    /// Read and work on tasks (suppliers: only their own).
    WorkTasks,
    /// Product catalogues (suppliers: only their own products).
    ManageProducts,
    /// Users and their roles.
    ManageUsers,
    /// Create, list and revoke API tokens (suppliers: only their own).
    ManageTokens,
    /// The security audit log.
    ReadAudit,
    /// Approval rules: which orders wait for whose approval.
    ManageApprovals,
    /// Purchaser organisations and their members.
    ManageOrganisations,
    /// The published catalogue, as purchasers browse it.
    BrowseCatalogue,
    /// Ask for quotes, counter-offer, accept or decline (a purchaser for
    /// its organisation).
    Purchase,
    /// Quote or refuse a request (a supplier; staff for it).
    Quote,
    /// Read requests for quotation: staff all, a purchaser its
    /// organisation's, a supplier those sent to it.
    ReadRfqs,
    /// Ship a signed contract's goods (its supplier; staff for it).
    Deliver,
    /// The seller's figures: sales, customers, goods, suppliers' scores.
    ReadStatistics,
    /// The reporting currency and exchange rates the figures convert by.
    ManageRates,
    /// Suppliers' scorecards (a supplier: its own).
    ReadScorecards,
    /// Working calendars, capacities and production plans (a supplier:
    /// its own).
    PlanCapacity,
    /// Stock locations, receipts, issues, transfers, stocktakes and
    /// reservations.
    ManageStock,
    /// Group robots that notifications are posted to (a supplier: its
    /// own).
    ManageRobots,
    /// The operations page: scheduled jobs, deliveries.
    ReadOperations,
    /// Run a scheduled job now.
    RunJobs,
    /// Automation rules: read, write, their versions.
    ManageRules,
}

/// The rules: which roles hold each capability, and the rule's name as a
/// 403 problem reports it.
const RULES: &[(Capability, &[Role], ErrorCode)] = &[
    (
        Capability::ManageCatalog,
        &[Role::Admin, Role::Operator],
        ErrorCode::StaffOnly,
    ),
    (
        Capability::ManageOrders,
        &[Role::Admin, Role::Operator],
        ErrorCode::StaffOnly,
    ),
    (
        Capability::ReadOrders,
        &[Role::Admin, Role::Operator, Role::Supplier],
        ErrorCode::NoOrderAccess,
    ),
    (
        Capability::WorkTasks,
        &[Role::Admin, Role::Operator, Role::Supplier],
        ErrorCode::NoTaskAccess,
    ),
    (
        Capability::ManageProducts,
        &[Role::Admin, Role::Operator, Role::Supplier],
        ErrorCode::NoProductAccess,
    ),
    (
        Capability::ManageUsers,
        &[Role::Admin],
        ErrorCode::AdminOnly,
    ),
    (
        Capability::ManageTokens,
        &[Role::Admin, Role::Supplier],
        ErrorCode::NoTokenAccess,
    ),
    (Capability::ReadAudit, &[Role::Admin], ErrorCode::AdminOnly),
    (
        Capability::ReadStatistics,
        &[Role::Admin, Role::Operator],
        ErrorCode::StaffOnly,
    ),
    (
        Capability::ManageRates,
        &[Role::Admin],
        ErrorCode::AdminOnly,
    ),
    (
        Capability::ReadScorecards,
        &[Role::Admin, Role::Operator, Role::Supplier],
        ErrorCode::NoScorecardAccess,
    ),
    (
        Capability::PlanCapacity,
        &[Role::Admin, Role::Operator, Role::Supplier],
        ErrorCode::NoPlanAccess,
    ),
    (
        Capability::ManageStock,
        &[Role::Admin, Role::Operator],
        ErrorCode::StaffOnly,
    ),
    (
        Capability::ManageRobots,
        &[Role::Admin, Role::Operator, Role::Supplier],
        ErrorCode::NoRobotAccess,
    ),
    (
        Capability::ReadOperations,
        &[Role::Admin, Role::Operator],
        ErrorCode::StaffOnly,
    ),
    (Capability::RunJobs, &[Role::Admin], ErrorCode::AdminOnly),
    (
        Capability::ManageRules,
        &[Role::Admin, Role::Operator],
        ErrorCode::StaffOnly,
    ),
    (
        Capability::ManageApprovals,
        &[Role::Admin],
        ErrorCode::AdminOnly,
    ),
    (
        Capability::ManageOrganisations,
        &[Role::Admin, Role::Operator],
        ErrorCode::StaffOnly,
    ),
    (
        Capability::BrowseCatalogue,
        &[Role::Admin, Role::Operator, Role::Purchaser],
        ErrorCode::NoCatalogueAccess,
    ),
    (
        Capability::Purchase,
        &[Role::Purchaser],
        ErrorCode::PurchasersOnly,
    ),
    (
        Capability::Quote,
        &[Role::Admin, Role::Operator, Role::Supplier],
        ErrorCode::NoRfqAccess,
    ),
    (
        Capability::ReadRfqs,
        &[Role::Admin, Role::Operator, Role::Supplier, Role::Purchaser],
        ErrorCode::Forbidden,
    ),
    (
        Capability::Deliver,
        &[Role::Admin, Role::Operator, Role::Supplier],
        ErrorCode::NoDeliveryAccess,
    ),
];

/// A refusal that names the rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{detail}")]
pub struct Forbidden {
    /// Stable name of the rule, e.g. `staff_only`.
    pub rule: ErrorCode,
    pub detail: String,
}

impl Forbidden {
    pub fn new(rule: ErrorCode, detail: impl Into<String>) -> Self {
        Self {
            rule,
            detail: detail.into(),
        }
    }
}

/// Refuses unless `role` holds `capability`.
pub fn require(role: Role, capability: Capability) -> Result<(), Forbidden> {
    let (_, roles, rule) = RULES
        .iter()
        .find(|(c, _, _)| *c == capability)
        .copied()
        .unwrap_or((capability, &[], ErrorCode::Forbidden));
    if roles.contains(&role) {
        Ok(())
    } else {
        Err(Forbidden::new(
            rule,
            format!("the {role} role may not do this ({rule})"),
        ))
    }
}

/// What a caller may see: everything, or only what belongs to one
/// supplier or buyer. Storage queries take this and filter in SQL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    All,
    Supplier(String),
    Buyer(String),
}

impl Scope {
    /// The buyer organisation whose data this scope is limited to, if any.
    pub fn buyer(&self) -> Option<&str> {
        match self {
            Scope::Buyer(id) => Some(id),
            _ => None,
        }
    }
}

impl Scope {
    /// The supplier whose data this scope is limited to, if any.
    pub fn supplier(&self) -> Option<&str> {
        match self {
            Scope::Supplier(id) => Some(id),
            _ => None,
        }
    }

    pub fn is_all(&self) -> bool {
        matches!(self, Scope::All)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_capability_has_a_rule() {
        use Capability::*;
        for c in [
            ManageCatalog,
            ManageOrders,
            ReadOrders,
            WorkTasks,
            ManageProducts,
            ManageUsers,
            ManageTokens,
            ReadAudit,
            ManageApprovals,
            ManageOrganisations,
            BrowseCatalogue,
            Purchase,
            Quote,
            ReadRfqs,
            Deliver,
            ReadStatistics,
            ManageRates,
            ReadScorecards,
        ] {
            assert!(RULES.iter().any(|(r, _, _)| *r == c), "{c:?}");
        }
    }

    #[test]
    fn admins_do_everything_purchasers_little() {
        use Capability::*;
        for c in [
            ManageCatalog,
            ManageOrders,
            ReadOrders,
            WorkTasks,
            ManageProducts,
            ManageUsers,
            ManageTokens,
            ReadAudit,
            ManageApprovals,
        ] {
            assert!(require(Role::Admin, c).is_ok());
            assert!(require(Role::Purchaser, c).is_err());
        }
        assert!(require(Role::Operator, ManageUsers).is_err());
        // purchasers buy; nobody else does it for them
        assert!(require(Role::Purchaser, Purchase).is_ok());
        assert!(require(Role::Admin, Purchase).is_err());
        assert!(require(Role::Supplier, BrowseCatalogue).is_err());
        assert!(require(Role::Supplier, WorkTasks).is_ok());
        let e = require(Role::Supplier, ManageCatalog).unwrap_err();
        assert_eq!(e.rule, "staff_only");
    }

    #[test]
    fn roles_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(*r));
        }
        assert_eq!(Role::parse("root"), None);
    }
}
