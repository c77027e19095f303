//! The demo suppliers' calendars and capacities: Chinese workshops on
//! Beijing time, Monday to Saturday, off for the Spring Festival and the
//! National Day week, each category with the output and lead time of
//! its trade. Set after the demo orders are in, so only orders that come
//! later are booked; a supplier whose capacity was set already is left
//! as it is.

use anyhow::Result;
use orderhub_domain::Scope;
use orderhub_domain::capacity::{SupplierCapacity, Weekday, WorkCalendar};
use orderhub_domain::model::Actor;
use orderhub_store::Store;

/// Per category name: units per day, lead time in working days, cut-off.
const TRADES: &[(&str, i64, i64, &str)] = &[
    ("Cups", 60, 5, "16:00"),
    ("T-shirts", 150, 2, "17:00"),
    ("Shoes", 30, 7, "15:00"),
    ("Phone cases", 200, 1, "18:00"),
];

const HOLIDAYS: &[&str] = &[
    "2027-02-06",
    "2027-02-07",
    "2027-02-08",
    "2027-02-09",
    "2027-02-10",
    "2027-02-11",
    "2027-02-12",
    "2027-10-01",
    "2027-10-02",
    "2027-10-03",
    "2027-10-04",
    "2027-10-05",
    "2027-10-06",
    "2027-10-07",
];

pub async fn load(store: &Store, actor: &Actor) -> Result<()> {
    let names: std::collections::HashMap<String, String> = store
        .list_categories()
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    for supplier in store.list_suppliers().await? {
        let mut cap = store.supplier_capacity(&supplier.id, &Scope::All).await?;
        if cap.categories.iter().any(|c| c.units_per_day.is_some()) {
            continue;
        }
        for c in &mut cap.categories {
            let trade = names
                .get(&c.category_id)
                .and_then(|n| TRADES.iter().find(|t| t.0 == n));
            if let Some((_, units, lead, cut_off)) = trade {
                c.units_per_day = Some(*units);
                c.lead_days = Some(*lead);
                c.cut_off = Some((*cut_off).to_owned());
            }
        }
        let new = SupplierCapacity {
            calendar: WorkCalendar {
                work_days: Weekday::ALL[..6].to_vec(),
                holidays: HOLIDAYS.iter().map(|h| (*h).to_owned()).collect(),
                utc_offset: "+08:00".into(),
            },
            categories: cap.categories,
        };
        store
            .set_supplier_capacity(actor, &supplier.id, &Scope::All, new)
            .await?;
    }
    Ok(())
}
