//! orderhub's domain: the model, its rules and nothing else.
//!
//! Every rule lives here exactly once — the order and task lifecycles
//! ([`lifecycle`]), supplier routing ([`routing`]), the SKU grammar ([`sku`]),
//! product classification ([`classify`]), what a release does ([`release`]) and input validation
//! ([`validate`], [`money`]). Storage, HTTP and the CLI read these
//! definitions; none of them restates a rule. No I/O happens in this crate.

#[macro_use]
mod vocab;

pub mod access;
pub mod aftersales;
pub mod amend;
pub mod attention;
pub mod b2b;
pub mod capacity;
pub mod carrier;
pub mod classify;
mod codes;
pub mod inventory;
pub mod labels;
pub mod lifecycle;
pub mod model;
pub mod money;
pub mod network;
pub mod notify;
pub mod password;
pub mod proof;
pub mod release;
pub mod review;
pub mod routing;
pub mod rules;
pub mod schedule;
pub mod sku;
pub mod stats;
pub mod supplier_order;
pub mod validate;

pub use access::{Capability, Forbidden, Role, Scope};
pub use codes::ErrorCode;
pub use lifecycle::{
    ORDER_LIFECYCLE, OrderStatus, Party, StatusFamily, TASK_LIFECYCLE, TaskStatus,
    TransitionRefused, Trigger,
};
pub use validate::ValidationError;
