//! The scheduler's jobs, one row each: a server claims a due run by
//! setting `locked_until` in one conditional UPDATE (two servers racing
//! for it: the second finds it claimed), runs it, and records the
//! outcome and the next run. A server that dies mid-run leaves a claim
//! that lapses.

use crate::db::Store;
use crate::error::{Result, StoreError};
use crate::rows::{RowExt, from_ms};
use orderhub_domain::schedule::{Job, JobState};

impl Store {
    /// Makes sure each job has a row (a new one runs at once) and runs at
    /// its interval.
    pub async fn ensure_jobs(&self, jobs: &[(Job, i64)]) -> Result<()> {
        for (job, every_ms) in jobs {
            sqlx::query(
                "INSERT INTO jobs (name, every_ms, next_run_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (name) DO UPDATE SET every_ms = $2",
            )
            .bind(job.as_str())
            .bind(every_ms)
            .bind(self.now_ms())
            .execute(&self.write)
            .await?;
        }
        Ok(())
    }

    /// Claims `job`'s run if it is due and nobody runs it; whether this
    /// server (`by`) got it. The claim holds `lease_ms`.
    pub async fn claim_job(&self, job: Job, by: &str, lease_ms: i64) -> Result<bool> {
        let now = self.now_ms();
        let claimed: Option<String> = sqlx::query_scalar(
            "UPDATE jobs SET locked_until = $2, locked_by = $3, last_started_at = $4 \
             WHERE name = $1 AND next_run_at <= $4 AND (locked_until IS NULL OR locked_until < $4) RETURNING name",
        )
        .bind(job.as_str())
        .bind(now + lease_ms)
        .bind(by)
        .bind(now)
        .fetch_optional(&self.write)
        .await?;
        Ok(claimed.is_some())
    }

    /// Records a run's outcome (what it did, or why it failed) and when
    /// the next is due.
    pub async fn finish_job(
        &self,
        job: Job,
        outcome: std::result::Result<i64, String>,
    ) -> Result<()> {
        let now = self.now_ms();
        let (count, error) = match outcome {
            Ok(n) => (Some(n), None),
            Err(e) => (None, Some(e)),
        };
        sqlx::query(
            "UPDATE jobs SET locked_until = NULL, locked_by = NULL, last_finished_at = $2, last_count = $3, \
             last_error = $4, failures = CASE WHEN $4 IS NULL THEN 0 ELSE failures + 1 END, runs = runs + 1, \
             next_run_at = $2 + every_ms WHERE name = $1",
        )
        .bind(job.as_str())
        .bind(now)
        .bind(count)
        .bind(error)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// Every job's state, in the order declared.
    pub async fn list_jobs(&self) -> Result<Vec<JobState>> {
        let rows = sqlx::query(
            "SELECT name, every_ms, next_run_at, locked_until, locked_by, last_started_at, last_finished_at, \
             last_count, last_error, failures, runs FROM jobs",
        )
        .fetch_all(&self.read)
        .await?;
        let now = self.now_ms();
        let opt = |ms: Option<i64>| ms.map(from_ms).transpose();
        let mut jobs = rows
            .iter()
            .filter_map(|r| {
                let name = r.col::<String>("name").ok().and_then(|n| Job::parse(&n))?;
                Some((name, r))
            })
            .map(|(name, r)| {
                let locked: Option<i64> = r.col("locked_until")?;
                Ok(JobState {
                    name,
                    every_seconds: r.col::<i64>("every_ms")? / 1000,
                    next_run_at: from_ms(r.col("next_run_at")?)?,
                    last_started_at: opt(r.col("last_started_at")?)?,
                    last_finished_at: opt(r.col("last_finished_at")?)?,
                    last_count: r.col("last_count")?,
                    last_error: r.col("last_error")?,
                    failures: r.col("failures")?,
                    runs: r.col("runs")?,
                    running_on: match locked.is_some_and(|l| l >= now) {
                        true => r.col("locked_by")?,
                        false => None,
                    },
                })
            })
            .collect::<Result<Vec<_>>>()?;
        jobs.sort_by_key(|j| j.name);
        Ok(jobs)
    }

    /// Makes `job` due now (the operations page's "run now").
    pub async fn run_job_now(&self, job: Job) -> Result<()> {
        let done = sqlx::query("UPDATE jobs SET next_run_at = $2 WHERE name = $1")
            .bind(job.as_str())
            .bind(self.now_ms())
            .execute(&self.write)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::not_found("job", job.as_str()));
        }
        Ok(())
    }
}
