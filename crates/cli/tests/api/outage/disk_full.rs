//! SQLite when its disk fills up: the database on a small tmpfs, filled
//! by another file while 32 clients place orders. Orders are refused with
//! 503 (SQLITE_FULL), the database stays whole, and orders go through
//! again once space returns, without a restart of orderhub.

use super::{Load, none_lost, only_prompt_503s};
use crate::helpers::in_ci;
use crate::processes::start_with;
use std::io::Write;
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

/// A small tmpfs of its own; unmounted when dropped.
struct Disk {
    dir: PathBuf,
}

impl Disk {
    /// `None` when this user may not mount, outside CI.
    fn mount(megabytes: u32) -> Option<Disk> {
        let dir =
            std::env::temp_dir().join(format!("orderhub-full-{}", uuid::Uuid::now_v7().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={megabytes}m"), "tmpfs"])
            .arg(&dir)
            .output();
        match out {
            Ok(o) if o.status.success() => Some(Disk { dir }),
            other if in_ci() => panic!("mounting a tmpfs is required under CI=true: {other:?}"),
            other => {
                eprintln!("skipping the full-disk test: cannot mount a tmpfs: {other:?}");
                let _ = std::fs::remove_dir(&dir);
                None
            }
        }
    }

    /// Writes a file until the disk is full; its path.
    fn fill(&self) -> PathBuf {
        let path = self.dir.join("filler");
        let mut file = std::fs::File::create(&path).unwrap();
        let chunk = vec![0u8; 64 * 1024];
        while file.write_all(&chunk).is_ok() {}
        // the last bytes too, a page at a time
        let page = vec![0u8; 4096];
        while file.write_all(&page).is_ok() {}
        path
    }
}

impl Drop for Disk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.dir).status();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_on_a_full_disk_refuses_with_503_and_recovers() {
    let Some(disk) = Disk::mount(64) else {
        return;
    };
    let url = format!("sqlite://{}/orderhub.db", disk.dir.display());
    let files = std::env::temp_dir().join(format!("orderhub-full-files-{}", uuid::Uuid::now_v7()));
    let files = files.to_str().unwrap().to_owned();
    let server = start_with(&url, &[("ORDERHUB_DATA_DIR", &files)]).await;
    // orders with a long note: pages fill quickly
    let load = Load::start(&server.base, 32, &"备注 note ".repeat(40));
    tokio::time::sleep(Duration::from_secs(2)).await;
    let filler = disk.fill();
    tokio::time::sleep(Duration::from_secs(5)).await;
    std::fs::remove_file(filler).unwrap();
    let recovered = load.recovers(Duration::from_secs(30)).await;
    let (acknowledged, refused) = load.stop().await;
    assert!(
        recovered,
        "no order went through within 30 s of space returning"
    );
    assert!(!refused.is_empty(), "the outage refused nothing");
    only_prompt_503s(&refused, Duration::from_secs(35));
    drop(server);

    // nothing corrupted, nothing acknowledged lost
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&url).await.unwrap();
    let check: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&pool)
        .await
        .unwrap();
    pool.close().await;
    assert_eq!(check, "ok");
    none_lost(&url, &acknowledged).await;
    eprintln!(
        "full disk: {} acknowledged, {} refused with 503 while the disk was full",
        acknowledged.len(),
        refused.len()
    );
    let _ = std::fs::remove_dir_all(&files);
}
