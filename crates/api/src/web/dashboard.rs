//! The operator's dashboard: figures computed in the background (see
//! `orderhub_store::Dashboard`) at most once a minute, shown with the time
//! they were taken, so the page itself never counts a million rows.

use super::i18n::Lang;
use super::{Layout, Session};
use crate::AppState;
use crate::problem::ApiError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use orderhub_domain::{OrderStatus, Role, TaskStatus};
use orderhub_store::Dashboard;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tokio::sync::RwLock;

/// How old the figures may be before a refresh starts.
const FRESH: Duration = Duration::from_secs(60);

/// The last figures, shared by every request.
#[derive(Clone, Default)]
pub struct DashboardCache {
    figures: Arc<RwLock<Option<Dashboard>>>,
    refreshing: Arc<AtomicBool>,
}

impl DashboardCache {
    /// The last figures as they are (here, or kept in the database by
    /// this instance or another), however old: never computed or
    /// refreshed for the asker, so a list's estimate costs no more than a
    /// read, and browsing a large database adds no background work. The
    /// dashboard itself keeps them fresh while someone looks at it.
    pub(super) async fn last(&self, state: &AppState) -> Option<Dashboard> {
        if let Some(d) = self.figures.read().await.clone() {
            return Some(d);
        }
        let stored = state.store.stored_dashboard().await.ok().flatten()?;
        *self.figures.write().await = Some(stored.clone());
        Some(stored)
    }

    /// The figures: fresh ones, or the last ones while a refresh runs in
    /// the background. After a start they come from the database (kept by
    /// the last refresh, of this instance or another); computed here only
    /// when there are none at all (a new database).
    async fn get(&self, state: &AppState) -> Result<Dashboard, ApiError> {
        let current = self.figures.read().await.clone();
        let current = match current {
            Some(d) => Some(d),
            None => state.store.stored_dashboard().await?,
        };
        let Some(d) = current else {
            let fresh = state.store.refresh_dashboard().await?;
            *self.figures.write().await = Some(fresh.clone());
            return Ok(fresh);
        };
        let stale = crate::now_ms() - d.taken_at > FRESH.as_millis() as i64;
        if stale && !self.refreshing.swap(true, Ordering::SeqCst) {
            let (cache, store) = (self.clone(), state.store.clone());
            tokio::spawn(async move {
                // another instance may have refreshed them meanwhile
                let kept = store.stored_dashboard().await.ok().flatten();
                let fresh = match kept
                    .filter(|k| crate::now_ms() - k.taken_at <= FRESH.as_millis() as i64)
                {
                    Some(kept) => Ok(kept),
                    None => store.refresh_dashboard().await,
                };
                match fresh {
                    Ok(fresh) => *cache.figures.write().await = Some(fresh),
                    Err(e) => tracing::warn!(error = %e, "dashboard refresh failed"),
                }
                cache.refreshing.store(false, Ordering::SeqCst);
            });
        }
        let mut held = self.figures.write().await;
        if held.is_none() {
            *held = Some(d.clone());
        }
        Ok(d)
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    layout: Layout,
    orders: Vec<(&'static str, i64)>,
    tasks: Vec<(&'static str, i64)>,
    attention: Vec<(String, String)>,
    load: Vec<(String, i64, i64)>,
    today: Vec<(String, i64)>,
    week: Vec<(String, i64)>,
    chart: String,
    late: i64,
    due_today: i64,
    taken_at: String,
    /// First steps not done yet: (text key, link); empty once all are.
    first_steps: Vec<(&'static str, &'static str)>,
}

impl DashboardPage {
    /// "3 tasks late · 2 due today", one sentence per language.
    fn late_and_due(&self) -> String {
        self.layout.lang.fill(
            "dashboard-late_due",
            &[("late", self.late.into()), ("due", self.due_today.into())],
        )
    }
}

/// What a new installation still needs before orders can flow: a
/// category, a supplier, a sales channel, a second person. Counted on
/// small tables each time, so a step disappears as soon as it is done.
async fn first_steps(
    s: &AppState,
    admin: bool,
) -> Result<Vec<(&'static str, &'static str)>, ApiError> {
    let steps = [
        (
            s.store.list_categories().await?.is_empty(),
            "first-category",
            "/categories/new",
        ),
        (
            s.store.list_suppliers().await?.is_empty(),
            "first-supplier",
            "/suppliers/new",
        ),
        (
            s.store.list_channels().await?.is_empty(),
            "first-channel",
            "/channels",
        ),
        (
            s.store.count_users().await? < 2,
            "first-user",
            if admin { "/users" } else { "" },
        ),
    ];
    Ok(steps
        .into_iter()
        .filter(|(todo, ..)| *todo)
        .map(|(_, key, link)| (key, link))
        .collect())
}

fn label_counts<S: Copy>(
    all: &[S],
    name: fn(S) -> &'static str,
    counts: &[(String, i64)],
    lang: Lang,
) -> Vec<(&'static str, i64)> {
    all.iter()
        .map(|s| {
            let n = counts
                .iter()
                .find(|(k, _)| k == name(*s))
                .map_or(0, |(_, n)| *n);
            (lang.t(&format!("status-{}", name(*s))), n)
        })
        .collect()
}

/// Orders per platform since day `from` (UTC days since 1970).
fn by_platform(d: &Dashboard, from: i64, lang: Lang) -> Vec<(String, i64)> {
    let mut out: BTreeMap<&str, i64> = BTreeMap::new();
    for (day, platform, n) in &d.intake_by_day {
        if *day >= from {
            *out.entry(platform.as_str()).or_default() += n;
        }
    }
    out.into_iter()
        .map(|(p, n)| (super::pages::platform_label(lang, p), n))
        .collect()
}

/// Intake per day for the last 30 days, as SVG bars.
fn chart(d: &Dashboard, title: &str) -> String {
    let today = d.taken_at / 86_400_000;
    let mut per_day = [0i64; 30];
    for (day, _, n) in &d.intake_by_day {
        let i = 29 - (today - day);
        if (0..30).contains(&i) {
            per_day[i as usize] += n;
        }
    }
    let max = per_day.iter().copied().max().unwrap_or(0).max(1);
    let mut svg = format!(
        r#"<svg class="chart" viewBox="0 0 300 120" role="img" aria-label="{}">"#,
        title.replace('"', "&quot;")
    );
    for (i, n) in per_day.iter().enumerate() {
        let h = (*n as f64 / max as f64 * 100.0).round() as i64;
        let _ = write!(
            svg,
            r#"<rect x="{}" y="{}" width="8" height="{h}"><title>{n}</title></rect>"#,
            i * 10 + 1,
            110 - h
        );
    }
    svg.push_str(r#"<line x1="0" y1="110" x2="300" y2="110"/></svg>"#);
    svg
}

pub async fn dashboard(
    State(s): State<AppState>,
    Session(p, layout): Session,
) -> Result<Response, ApiError> {
    match p.role {
        Role::Admin | Role::Operator => {}
        Role::Purchaser => return Ok(Redirect::to("/rfqs").into_response()),
        Role::Supplier => return Ok(Redirect::to("/tasks").into_response()),
    }
    let d = s.dashboard.get(&s).await?;
    let first_steps = first_steps(&s, p.role == Role::Admin).await?;
    let lang = layout.lang;
    let today = d.taken_at / 86_400_000;
    let max_load = d
        .supplier_load
        .iter()
        .map(|(_, n)| *n)
        .max()
        .unwrap_or(0)
        .max(1);
    Ok(DashboardPage {
        orders: label_counts(OrderStatus::ALL, |s| s.as_str(), &d.orders_by_status, lang),
        tasks: label_counts(TaskStatus::ALL, |s| s.as_str(), &d.tasks_by_status, lang),
        attention: d.needs_attention.clone(),
        load: d
            .supplier_load
            .iter()
            .map(|(name, n)| (name.clone(), *n, n * 100 / max_load))
            .collect(),
        today: by_platform(&d, today, lang),
        week: by_platform(&d, today - 6, lang),
        chart: chart(&d, lang.t("dashboard-intake_30_days")),
        late: d.late_tasks,
        due_today: d.due_today,
        taken_at: layout.when_ms(d.taken_at),
        first_steps,
        layout,
    }
    .into_response())
}
