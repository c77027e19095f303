//! The schema's migrations, in order: each a number, a name and its SQL.

/// A migration's SQL: one text for both backends, or one each where they
/// differ (`NNNN_name.sqlite.sql`, `NNNN_name.postgres.sql`).
pub(crate) enum Sql {
    Both(&'static str),
    Each {
        sqlite: &'static str,
        postgres: &'static str,
    },
    /// As `Each`, but the SQLite script runs outside sqlx's transaction
    /// (it turns foreign keys off to rebuild a table, and brings its own).
    EachSqliteOwnTx {
        sqlite: &'static str,
        postgres: &'static str,
    },
}

#[cfg(test)]
impl Sql {
    /// Every script of the migration, whichever backend runs it.
    pub(crate) fn texts(&self) -> Vec<&'static str> {
        match self {
            Sql::Both(sql) => vec![sql],
            Sql::Each { sqlite, postgres } | Sql::EachSqliteOwnTx { sqlite, postgres } => {
                vec![sqlite, postgres]
            }
        }
    }
}

/// The schema: `migrations/NNNN_name[.backend].sql`.
pub(crate) const MIGRATIONS: &[(i64, &str, Sql)] = &[
    (
        1,
        "core",
        Sql::Both(include_str!("../../../migrations/0001_core.sql")),
    ),
    (
        2,
        "accounts",
        Sql::Both(include_str!("../../../migrations/0002_accounts.sql")),
    ),
    (
        3,
        "supplier_load",
        Sql::Both(include_str!("../../../migrations/0003_supplier_load.sql")),
    ),
    (
        4,
        "read_indexes",
        Sql::Both(include_str!("../../../migrations/0004_read_indexes.sql")),
    ),
    (
        5,
        "due_dates",
        Sql::Both(include_str!("../../../migrations/0005_due_dates.sql")),
    ),
    (
        6,
        "tasks_by_category",
        Sql::Both(include_str!(
            "../../../migrations/0006_tasks_by_category.sql"
        )),
    ),
    (
        7,
        "dashboard_snapshot",
        Sql::Both(include_str!(
            "../../../migrations/0007_dashboard_snapshot.sql"
        )),
    ),
    (
        8,
        "user_language",
        Sql::Both(include_str!("../../../migrations/0008_user_language.sql")),
    ),
    (
        9,
        "order_search",
        Sql::Each {
            sqlite: include_str!("../../../migrations/0009_order_search.sqlite.sql"),
            postgres: include_str!("../../../migrations/0009_order_search.postgres.sql"),
        },
    ),
    (
        10,
        "platform_sku",
        Sql::Both(include_str!("../../../migrations/0010_platform_sku.sql")),
    ),
    (
        11,
        "channels",
        Sql::Both(include_str!("../../../migrations/0011_channels.sql")),
    ),
    (
        12,
        "webhooks",
        Sql::Both(include_str!("../../../migrations/0012_webhooks.sql")),
    ),
    (
        13,
        "products",
        Sql::Both(include_str!("../../../migrations/0013_products.sql")),
    ),
    (
        14,
        "channel_polls",
        Sql::Both(include_str!("../../../migrations/0014_channel_polls.sql")),
    ),
    (
        15,
        "supplier_sees_phone",
        Sql::Both(include_str!(
            "../../../migrations/0015_supplier_sees_phone.sql"
        )),
    ),
    (
        16,
        "known_devices",
        Sql::Both(include_str!("../../../migrations/0016_known_devices.sql")),
    ),
    (
        17,
        "orders_per_channel",
        Sql::EachSqliteOwnTx {
            sqlite: include_str!("../../../migrations/0017_orders_per_channel.sqlite.sql"),
            postgres: include_str!("../../../migrations/0017_orders_per_channel.postgres.sql"),
        },
    ),
    (
        18,
        "line_money_and_kind",
        Sql::Both(include_str!(
            "../../../migrations/0018_line_money_and_kind.sql"
        )),
    ),
    (
        19,
        "order_note",
        Sql::Both(include_str!("../../../migrations/0019_order_note.sql")),
    ),
    (
        20,
        "account_settings",
        Sql::Both(include_str!(
            "../../../migrations/0020_account_settings.sql"
        )),
    ),
    (
        21,
        "invites",
        Sql::Both(include_str!("../../../migrations/0021_invites.sql")),
    ),
    (
        22,
        "saved_views",
        Sql::Both(include_str!("../../../migrations/0022_saved_views.sql")),
    ),
    (
        23,
        "payment_status",
        Sql::Both(include_str!("../../../migrations/0023_payment_status.sql")),
    ),
    (
        24,
        "payments",
        Sql::Both(include_str!("../../../migrations/0024_payments.sql")),
    ),
    (
        25,
        "review",
        Sql::Both(include_str!("../../../migrations/0025_review.sql")),
    ),
    (
        26,
        "amendments",
        Sql::Both(include_str!("../../../migrations/0026_amendments.sql")),
    ),
    (
        27,
        "proofs",
        Sql::Both(include_str!("../../../migrations/0027_proofs.sql")),
    ),
    (
        28,
        "priority",
        Sql::Both(include_str!("../../../migrations/0028_priority.sql")),
    ),
    (
        29,
        "b2b",
        Sql::Both(include_str!("../../../migrations/0029_b2b.sql")),
    ),
    (
        30,
        "contracts",
        Sql::Both(include_str!("../../../migrations/0030_contracts.sql")),
    ),
    (
        31,
        "deliveries",
        Sql::Both(include_str!("../../../migrations/0031_deliveries.sql")),
    ),
    (
        32,
        "invoices",
        Sql::Both(include_str!("../../../migrations/0032_invoices.sql")),
    ),
    (
        33,
        "checkouts",
        Sql::Both(include_str!("../../../migrations/0033_checkouts.sql")),
    ),
    (
        34,
        "attachments",
        Sql::Both(include_str!("../../../migrations/0034_attachments.sql")),
    ),
    (
        35,
        "fulfilments",
        Sql::Both(include_str!("../../../migrations/0035_fulfilments.sql")),
    ),
    (
        36,
        "cases",
        Sql::Both(include_str!("../../../migrations/0036_cases.sql")),
    ),
    (
        37,
        "statistics",
        Sql::Both(include_str!("../../../migrations/0037_statistics.sql")),
    ),
    (
        38,
        "statistics_sums",
        Sql::Each {
            sqlite: include_str!("../../../migrations/0038_statistics_sums.sqlite.sql"),
            postgres: include_str!("../../../migrations/0038_statistics_sums.postgres.sql"),
        },
    ),
    (
        39,
        "stat_queue",
        Sql::Each {
            sqlite: include_str!("../../../migrations/0039_stat_queue.sqlite.sql"),
            postgres: include_str!("../../../migrations/0039_stat_queue.postgres.sql"),
        },
    ),
    (
        40,
        "capacity",
        Sql::Both(include_str!("../../../migrations/0040_capacity.sql")),
    ),
    (
        41,
        "plan_open_only",
        Sql::Each {
            sqlite: include_str!("../../../migrations/0041_plan_open_only.sqlite.sql"),
            postgres: include_str!("../../../migrations/0041_plan_open_only.postgres.sql"),
        },
    ),
    (
        42,
        "inventory",
        Sql::Both(include_str!("../../../migrations/0042_inventory.sql")),
    ),
    (
        43,
        "stock_append_only",
        Sql::Each {
            sqlite: include_str!("../../../migrations/0043_stock_append_only.sqlite.sql"),
            postgres: include_str!("../../../migrations/0043_stock_append_only.postgres.sql"),
        },
    ),
    (
        44,
        "from_stock",
        Sql::Both(include_str!("../../../migrations/0044_from_stock.sql")),
    ),
    (
        45,
        "steps",
        Sql::Both(include_str!("../../../migrations/0045_steps.sql")),
    ),
    (
        46,
        "materials",
        Sql::Both(include_str!("../../../migrations/0046_materials.sql")),
    ),
    (
        47,
        "notifications",
        Sql::Both(include_str!("../../../migrations/0047_notifications.sql")),
    ),
    (
        48,
        "rules",
        Sql::Both(include_str!("../../../migrations/0048_rules.sql")),
    ),
    (
        49,
        "sku_scripts",
        Sql::Both(include_str!("../../../migrations/0049_sku_scripts.sql")),
    ),
    (
        50,
        "classifier",
        Sql::Both(include_str!("../../../migrations/0050_classifier.sql")),
    ),
    (
        51,
        "rule_supplier",
        Sql::Both(include_str!("../../../migrations/0051_rule_supplier.sql")),
    ),
    (
        52,
        "order_tags",
        Sql::Both(include_str!("../../../migrations/0052_order_tags.sql")),
    ),
    (
        53,
        "route_scripts",
        Sql::Both(include_str!("../../../migrations/0053_route_scripts.sql")),
    ),
];
