//! Files uploaded in the web app and previewed, waiting for the uploader
//! to confirm: kept on disk under `<data dir>/previews` (never in memory,
//! where twenty 60 MB zips held 1.3 GB), so any instance sharing the data
//! directory can finish the import. A preview lasts 15 minutes; each
//! uploader keeps at most [`PER_UPLOADER`] (the oldest goes first).

use crate::db::Store;
use crate::error::{Result, StoreError};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// How long a previewed file waits.
pub const PREVIEW_TTL: Duration = Duration::from_secs(15 * 60);
/// Previews one uploader may have waiting.
pub const PER_UPLOADER: usize = 3;

/// A previewed file: who uploaded it, its name and the form's choices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Preview {
    pub who: String,
    pub name: String,
    pub choices: Vec<String>,
}

impl Store {
    fn previews_dir(&self) -> PathBuf {
        self.data_dir.join("previews")
    }

    /// Keeps `bytes` for `preview.who`; the token that names it.
    pub async fn keep_preview(&self, preview: Preview, bytes: Vec<u8>) -> Result<String> {
        let dir = self.previews_dir();
        let token = hex::encode(rand::random::<[u8; 16]>());
        let t = token.clone();
        blocking(move || {
            std::fs::create_dir_all(&dir)?;
            sweep(&dir, &preview.who)?;
            std::fs::write(dir.join(format!("{t}.bin")), &bytes)?;
            let meta = serde_json::to_vec(&preview).map_err(std::io::Error::other)?;
            // the meta file last: a preview without one is not yet there
            std::fs::write(dir.join(format!("{t}.json")), meta)
        })
        .await?;
        Ok(token)
    }

    /// The file `who` previewed under `token`, removed as it is taken;
    /// `None` when it expired, is someone else's or never was.
    pub async fn take_preview(&self, who: &str, token: &str) -> Result<Option<(Preview, Vec<u8>)>> {
        if token.len() != 32 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(None);
        }
        let (dir, who, token) = (self.previews_dir(), who.to_owned(), token.to_owned());
        blocking(move || {
            let meta = dir.join(format!("{token}.json"));
            let Some(preview) = read_meta(&meta) else {
                return Ok(None);
            };
            if preview.who != who || expired(&meta) {
                return Ok(None);
            }
            let data = dir.join(format!("{token}.bin"));
            let bytes = match std::fs::read(&data) {
                Ok(b) => b,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
                Err(e) => return Err(e),
            };
            // whoever removes the meta file takes the preview (once)
            match std::fs::remove_file(&meta) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
                Err(e) => return Err(e),
            }
            let _ = std::fs::remove_file(&data);
            Ok(Some((preview, bytes)))
        })
        .await
    }
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> std::io::Result<T> + Send + 'static,
) -> Result<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| StoreError::Files(std::io::Error::other(e)))?
        .map_err(StoreError::Files)
}

fn read_meta(path: &Path) -> Option<Preview> {
    serde_json::from_slice(&std::fs::read(path).ok()?).ok()
}

fn expired(path: &Path) -> bool {
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| SystemTime::now().duration_since(t).ok())
        .is_none_or(|age| age > PREVIEW_TTL)
}

/// Removes expired previews (and data files whose meta is gone or never
/// came, once old), and `who`'s oldest beyond [`PER_UPLOADER`] - 1.
fn sweep(dir: &Path, who: &str) -> std::io::Result<()> {
    let mut own = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if expired(&path) {
            let _ = std::fs::remove_file(&path);
            continue;
        }
        if path.extension().is_some_and(|e| e == "json")
            && read_meta(&path).is_some_and(|p| p.who == who)
        {
            let when = std::fs::metadata(&path).and_then(|m| m.modified())?;
            own.push((when, path));
        }
    }
    own.sort();
    let surplus = own.len().saturating_sub(PER_UPLOADER - 1);
    for (_, meta) in own.into_iter().take(surplus) {
        let _ = std::fs::remove_file(&meta);
        let _ = std::fs::remove_file(meta.with_extension("bin"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn store() -> Store {
        let dir = std::env::temp_dir().join(format!("orderhub-previews-{}", uuid::Uuid::now_v7()));
        Store::connect("sqlite::memory:")
            .await
            .unwrap()
            .with_data_dir(dir)
    }

    fn preview(who: &str) -> Preview {
        Preview {
            who: who.into(),
            name: "orders.csv".into(),
            choices: vec!["csv".into()],
        }
    }

    #[tokio::test]
    async fn a_preview_waits_on_disk_for_its_uploader_once() {
        let s = store().await;
        let token = s.keep_preview(preview("a"), b"x,y".to_vec()).await.unwrap();
        assert_eq!(s.take_preview("b", &token).await.unwrap(), None);
        assert_eq!(s.take_preview("a", "../../etc/passwd").await.unwrap(), None);
        let (p, bytes) = s.take_preview("a", &token).await.unwrap().unwrap();
        assert_eq!(
            (p.name.as_str(), bytes.as_slice()),
            ("orders.csv", &b"x,y"[..])
        );
        assert_eq!(s.take_preview("a", &token).await.unwrap(), None);
        let left = std::fs::read_dir(s.previews_dir()).unwrap().count();
        assert_eq!(left, 0, "nothing stays behind once taken");
    }

    #[tokio::test]
    async fn an_uploader_keeps_a_few_the_oldest_go() {
        let s = store().await;
        let mut tokens = Vec::new();
        for i in 0..PER_UPLOADER + 2 {
            tokens.push(
                s.keep_preview(preview("a"), vec![i as u8; 10])
                    .await
                    .unwrap(),
            );
            // modification times order them
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let other = s.keep_preview(preview("b"), vec![9]).await.unwrap();
        for (i, t) in tokens.iter().enumerate() {
            let kept = s.take_preview("a", t).await.unwrap().is_some();
            assert_eq!(kept, i >= 2, "preview {i}");
        }
        assert!(s.take_preview("b", &other).await.unwrap().is_some());
    }
}
