//! Why a line that should have a task has none: the reason kept on the
//! line, shown to the operator with its fix.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Why a line has no task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Unrouted {
    pub code: UnroutedCode,
    pub detail: String,
}

vocabulary!(
    /// Why a line that should have a task has none.
    UnroutedCode {
        /// No category keyword appears in the title.
        NoCategoryMatched => "no_category_matched",
        /// Keywords of several categories appear in the title.
        AmbiguousCategory => "ambiguous_category",
        /// The line names a category that does not exist.
        UnknownCategory => "unknown_category",
        /// The category has no suppliers.
        NoSupplier => "no_supplier",
        /// No supplier of the category is active.
        NoActiveSupplier => "no_active_supplier",
        /// Every active supplier of the category rejected the line.
        AllSuppliersRejected => "all_suppliers_rejected",
        /// The line's task was cancelled on its own.
        TaskCancelled => "task_cancelled",
        /// The supplier a contract binds the order to rejected the line.
        ContractSupplierRejected => "contract_supplier_rejected",
        /// The supplier a contract binds the order to serves no category.
        ContractSupplierUncategorised => "contract_supplier_uncategorised",
        /// No supplier can have the line ready by its date within its
        /// capacity (the category never goes above capacity).
        NoCapacity => "no_capacity",
    }
);

impl UnroutedCode {
    /// The line lacks a category (none found, several, an unknown one, or
    /// its task was cancelled): a person may file it under one.
    pub fn is_about_category(self) -> bool {
        matches!(
            self,
            Self::NoCategoryMatched
                | Self::AmbiguousCategory
                | Self::UnknownCategory
                | Self::TaskCancelled
        )
    }
}
