//! Argon2id hashing (the crate's defaults are OWASP's minimum: m=19 MiB,
//! t=2, p=1), run off the async threads.

use crate::error::{Result, StoreError};
use argon2::{Argon2, PasswordHash, PasswordHasher, PasswordVerifier};
use std::sync::LazyLock;
use tokio::sync::Semaphore;

/// At most this many hashes run at once (each takes 19 MiB and a core for
/// tens of milliseconds): a flood of logins queues instead of exhausting
/// memory.
static HASHING: Semaphore = Semaphore::const_new(4);

/// A real hash of a throw-away password: checking an unknown e-mail's
/// password against it costs the same time as checking a known one.
static DUMMY: LazyLock<String> = LazyLock::new(|| {
    let hash: PasswordHash = Argon2::default()
        .hash_password(b"orderhub timing equaliser")
        .expect("argon2 with default parameters");
    hash.to_string()
});

pub(crate) async fn hash(password: String) -> Result<String> {
    let _permit = HASHING
        .acquire()
        .await
        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|h: PasswordHash| h.to_string())
            .map_err(|e| StoreError::Corrupt(format!("hashing a password: {e}")))
    })
    .await
    .map_err(|e| StoreError::Corrupt(format!("hashing task: {e}")))?
}

/// Whether `password` matches `stored`. With no stored hash (unknown
/// account) it still does the full work and answers false. The comparison
/// of hash outputs inside argon2 is constant-time.
pub(crate) async fn verify(password: String, stored: Option<String>) -> bool {
    let known = stored.is_some();
    let Ok(_permit) = HASHING.acquire().await else {
        return false;
    };
    let matched = tokio::task::spawn_blocking(move || {
        let target = stored.unwrap_or_else(|| DUMMY.clone());
        PasswordHash::new(&target)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false);
    known && matched
}

/// Computes the dummy hash in the background now, so that even the first
/// login with an unknown e-mail takes as long as any other.
pub(crate) fn warm_up() {
    tokio::task::spawn_blocking(|| LazyLock::force(&DUMMY));
}
