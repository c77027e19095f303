//! Heavy work off the async threads: decoding pictures, unpacking zips and
//! reading spreadsheets run on tokio's blocking pool, at most one per core
//! at a time and within a memory budget, so a flood of uploads queues
//! instead of starving every other request or exhausting memory. Work whose
//! request went away (a timeout, a closed connection) is told to stop.

use crate::problem::ApiError;
use std::sync::Arc;
use std::sync::LazyLock;
use std::sync::atomic::{AtomicBool, Ordering};
use tokio::sync::Semaphore;

/// Megabytes that heavy work may hold at once, all jobs together.
const MEMORY_BUDGET_MB: u32 = 192;

static CPU: LazyLock<Arc<Semaphore>> = LazyLock::new(|| {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    Arc::new(Semaphore::new(cores))
});
static MEMORY: LazyLock<Arc<Semaphore>> =
    LazyLock::new(|| Arc::new(Semaphore::new(MEMORY_BUDGET_MB as usize)));

/// Set when the request that wanted the work is gone; the work may check
/// it between steps and give up.
#[derive(Clone, Default)]
pub struct Stop(Arc<AtomicBool>);

impl Stop {
    pub fn requested(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// Raises the flag when dropped: the awaiting request ended, one way or
/// another, before the work did.
struct StopOnDrop(Stop);

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        self.0.0.store(true, Ordering::Relaxed);
    }
}

/// Runs `work` on the blocking pool once a core and `memory_bytes` of the
/// budget are free (anything over the budget waits for all of it).
pub async fn run<T: Send + 'static>(
    memory_bytes: usize,
    work: impl FnOnce(&Stop) -> T + Send + 'static,
) -> Result<T, ApiError> {
    let mb = u32::try_from(memory_bytes >> 20)
        .unwrap_or(u32::MAX)
        .clamp(1, MEMORY_BUDGET_MB);
    let memory = MEMORY
        .clone()
        .acquire_many_owned(mb)
        .await
        .map_err(|_| ApiError::internal())?;
    let core = CPU
        .clone()
        .acquire_owned()
        .await
        .map_err(|_| ApiError::internal())?;
    let stop = Stop::default();
    let guard = StopOnDrop(stop.clone());
    // The permits go with the work: an abandoned job keeps its share until
    // it has really stopped.
    let done = tokio::task::spawn_blocking(move || {
        let _held = (memory, core);
        work(&stop)
    })
    .await;
    drop(guard);
    done.map_err(|_| ApiError::internal())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test]
    async fn an_abandoned_job_is_told_to_stop() {
        let saw_stop = Arc::new(AtomicBool::new(false));
        let seen = saw_stop.clone();
        let job = run(1 << 20, move |stop| {
            for _ in 0..200 {
                if stop.requested() {
                    seen.store(true, Ordering::SeqCst);
                    return;
                }
                std::thread::sleep(Duration::from_millis(10));
            }
        });
        // the request times out after 50 ms
        assert!(
            tokio::time::timeout(Duration::from_millis(50), job)
                .await
                .is_err()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert!(saw_stop.load(Ordering::SeqCst));
    }

    #[tokio::test]
    async fn the_memory_budget_bounds_jobs_at_once() {
        let running = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let most = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let mut jobs = tokio::task::JoinSet::new();
        for _ in 0..4 {
            let (running, most) = (running.clone(), most.clone());
            // each wants 60 % of the budget: never two at once
            jobs.spawn(run((MEMORY_BUDGET_MB as usize * 6 / 10) << 20, move |_| {
                let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(now, Ordering::SeqCst);
                std::thread::sleep(Duration::from_millis(20));
                running.fetch_sub(1, Ordering::SeqCst);
            }));
        }
        while let Some(r) = jobs.join_next().await {
            assert!(r.unwrap().is_ok());
        }
        assert_eq!(most.load(Ordering::SeqCst), 1);
    }
}
