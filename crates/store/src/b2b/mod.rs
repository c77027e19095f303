//! B2B purchasing, stored (`orderhub_domain::b2b` holds the rules):
//! organisations, the published catalogue, requests for quotation, bids
//! with their quote versions and threads.

mod attachments;
mod bids;
mod catalogue;
mod checkouts;
mod contract_order;
mod contracts;
mod invoice_payments;
mod invoices;
mod orgs;
mod read;
mod returns;
mod rfqs;
mod shipments;

pub use catalogue::CatalogueFilter;
pub use checkouts::{Checkout, Recorded};
pub use rfqs::RfqFilter;
