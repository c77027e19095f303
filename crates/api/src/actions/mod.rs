//! What the API's routes and the web app's pages both do: the use cases
//! beyond one store call (reading files off the async threads, checking
//! pictures, building links and cookies). Routes and pages only translate
//! HTTP to these and back; neither calls the other.

pub(crate) mod accounts;
pub(crate) mod channels;
pub(crate) mod checkout;
pub(crate) mod cookies;
pub(crate) mod imports;
pub(crate) mod links;
pub(crate) mod pictures;
pub(crate) mod proofs;
pub(crate) mod sheets;
pub(crate) mod statistics;
pub(crate) mod uploads;
