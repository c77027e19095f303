//! B2B purchasing, stored (`orderhub_domain::b2b` holds the rules):
//! organisations, the published catalogue, requests for quotation, bids
//! with their quote versions and threads.

mod bids;
mod catalogue;
mod contracts;
mod delivery;
mod orgs;
mod read;
mod rfqs;

pub use catalogue::CatalogueFilter;
pub use rfqs::RfqFilter;
