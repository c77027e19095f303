//! Files in a folder on this machine: written durably (temporary file,
//! sync, rename, sync the folder), read in pieces.

use super::{FileBody, Listed};
use crate::error::{Result, StoreError};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// The size of the pieces a file is sent in.
const PIECE: usize = 64 * 1024;

/// Runs file work on a blocking thread; its I/O errors as store errors.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> std::io::Result<T> + Send + 'static,
) -> Result<T> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| StoreError::files(std::io::Error::other(e)))?
        .map_err(StoreError::files)
}

pub(super) async fn check(dir: PathBuf) -> Result<()> {
    blocking(move || std::fs::create_dir_all(dir)).await
}

pub(super) async fn put(path: PathBuf, bytes: Vec<u8>) -> Result<()> {
    blocking(move || write_durably(&path, &bytes)).await
}

/// The file at `path` in pieces; `None` when it is not there.
pub(super) async fn open(path: PathBuf) -> Result<Option<FileBody>> {
    let file = match tokio::fs::File::open(&path).await {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(StoreError::files(e)),
    };
    let size = file.metadata().await.map_err(StoreError::files)?.len();
    let stream = futures::stream::try_unfold(file, |mut file| async move {
        use tokio::io::AsyncReadExt;
        let mut piece = vec![0; PIECE];
        let n = file.read(&mut piece).await?;
        if n == 0 {
            return Ok(None);
        }
        piece.truncate(n);
        Ok(Some((bytes::Bytes::from(piece), file)))
    });
    Ok(Some(FileBody {
        size,
        stream: Box::pin(stream),
    }))
}

/// The files under `root/folder/<sub>/`; none when the folder is not
/// there yet.
pub(super) async fn list(root: &Path, folder: &str) -> Result<Vec<Listed>> {
    let (dir, folder) = (root.join(folder), folder.to_owned());
    blocking(move || {
        let mut out = Vec::new();
        let top = match std::fs::read_dir(&dir) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
            Err(e) => return Err(e),
        };
        for sub in top {
            let sub = sub?;
            if !sub.file_type()?.is_dir() {
                continue;
            }
            let Ok(sub_name) = sub.file_name().into_string() else {
                continue;
            };
            for file in std::fs::read_dir(sub.path())? {
                let file = file?;
                let Ok(name) = file.file_name().into_string() else {
                    continue;
                };
                out.push(Listed {
                    key: format!("{folder}/{sub_name}/{name}"),
                    name,
                    modified: file.metadata()?.modified()?,
                });
            }
        }
        Ok(out)
    })
    .await
}

/// The files directly in `root/folder` (none when it is not there).
pub(super) async fn list_flat(root: &Path, folder: &str) -> Result<Vec<Listed>> {
    let (dir, folder) = (root.join(folder), folder.to_owned());
    blocking(move || {
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(e),
        };
        let mut out = Vec::new();
        for entry in entries {
            let entry = entry?;
            if let (Ok(name), true) = (
                entry.file_name().into_string(),
                entry.file_type()?.is_file(),
            ) {
                out.push(Listed {
                    key: format!("{folder}/{name}"),
                    name,
                    modified: entry.metadata()?.modified()?,
                });
            }
        }
        Ok(out)
    })
    .await
}

/// Creates the empty file `path` unless it exists; whether it did.
pub(super) async fn create(path: PathBuf) -> Result<bool> {
    blocking(move || {
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder)?;
        }
        match std::fs::File::options()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(_) => Ok(true),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
            Err(e) => Err(e),
        }
    })
    .await
}

pub(super) async fn modified(path: PathBuf) -> Result<Option<SystemTime>> {
    blocking(move || match std::fs::metadata(path) {
        Ok(m) => m.modified().map(Some),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    })
    .await
}

pub(super) async fn delete(path: PathBuf) -> Result<()> {
    blocking(move || match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    })
    .await
}

/// Writes a temporary file, syncs it, renames it into place and syncs the
/// folder: readers see the whole file or none. A file already there has
/// the same bytes (its name is their hash); it is marked written now, so
/// the sweeper gives it a whole grace period again before the row that
/// names it commits.
fn write_durably(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if path.exists() {
        return std::fs::File::options()
            .write(true)
            .open(path)?
            .set_modified(SystemTime::now());
    }
    let folder = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder)?;
    let tmp = folder.join(format!(
        ".{}.{}.tmp",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("file"),
        uuid::Uuid::now_v7()
    ));
    let mut file = std::fs::File::create(&tmp)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    drop(file);
    std::fs::rename(&tmp, path)?;
    std::fs::File::open(folder)?.sync_all()
}
