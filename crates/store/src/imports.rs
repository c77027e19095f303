//! Spreadsheet imports: all of a file's orders in one transaction — a file
//! with a refused row takes nothing, and an order already stored (an
//! earlier import of the same file) is not taken twice.

use crate::db::Store;
use crate::error::Result;
use crate::rows::placeholders;
use orderhub_domain::model::{Actor, NewOrder};
use sqlx::AssertSqlSafe;
use std::collections::HashSet;

/// Orders written per statement group inside the one transaction.
const GROUP: usize = 500;

impl Store {
    /// How many of `orders` are stored already, by (platform, number).
    pub async fn count_stored(&self, orders: &[NewOrder]) -> Result<usize> {
        let mut stored = 0;
        for chunk in orders.chunks(256) {
            let sql = format!(
                "SELECT platform, external_number FROM orders WHERE channel_key = '' AND external_number IN ({})",
                placeholders(1, chunk.len())
            );
            let mut q = sqlx::query_as::<_, (String, String)>(AssertSqlSafe(sql));
            for o in chunk {
                q = q.bind(&o.external_number);
            }
            let found: HashSet<(String, String)> =
                q.fetch_all(&self.read).await?.into_iter().collect();
            stored += chunk
                .iter()
                .filter(|o| found.contains(&(o.platform.to_lowercase(), o.external_number.clone())))
                .count();
        }
        Ok(stored)
    }

    /// Takes every order in one transaction (released or pending as each
    /// says); `progress` hears how many are written so far. Returns how
    /// many were new.
    pub async fn import_orders(
        &self,
        actor: &Actor,
        orders: &[NewOrder],
        progress: impl Fn(usize),
    ) -> Result<usize> {
        let mut tx = self.begin().await?;
        let mut created = 0;
        let mut done = 0;
        for group in orders.chunks(GROUP) {
            let refs: Vec<(&Actor, &NewOrder)> = group.iter().map(|o| (actor, o)).collect();
            let written = crate::group::write(&mut tx, true, &refs, "").await?;
            created += written.iter().filter(|d| d.created).count();
            done += group.len();
            progress(done);
        }
        tx.commit().await?;
        Ok(created)
    }
}
