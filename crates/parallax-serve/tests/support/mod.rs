//! What the server's tests share: a SQLite store filled from the repository's own
//! examples (and any extra files a test adds), and a server on it on a free port.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use parallax::{Pipeline, QuietProgress, Settings, StoreLocation};
use parallax_serve::{AppState, ServeConfig};

/// A running server and the folder holding its store.
pub(crate) struct Server {
    pub(crate) addr: SocketAddr,
    #[allow(dead_code, reason = "some tests open the store behind the server")]
    pub(crate) folder: tempfile::TempDir,
}

impl Server {
    /// The server's address as a URL prefix.
    #[allow(dead_code, reason = "not every test file builds URLs this way")]
    pub(crate) fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

/// A store with the examples ingested, then `extra` (file name, contents) pairs.
fn filled_store(extra: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let folder = tempfile::tempdir().unwrap();
    let db = folder.path().join("serve.db");
    let mut pipeline = Pipeline::new(Settings {
        store: StoreLocation::Sqlite(db.clone()),
        ..Settings::default()
    })
    .unwrap();
    let mut inputs = vec![examples()];
    for (name, contents) in extra {
        let path = folder.path().join(name);
        std::fs::write(&path, contents).unwrap();
        inputs.push(path);
    }
    pipeline.ingest_paths(&inputs, &QuietProgress).unwrap();
    (folder, db)
}

/// A server on a store filled from the examples and `extra`.
pub(crate) fn start(allow_ingest: bool, body_limit: usize, extra: &[(&str, &str)]) -> Server {
    let (folder, db) = filled_store(extra);
    let config = ServeConfig {
        addr: SocketAddr::from(([127, 0, 0, 1], 0)),
        body_limit,
        request_timeout: Duration::from_secs(30),
        allow_ingest,
        ..ServeConfig::default()
    };
    let settings = Settings {
        store: StoreLocation::Sqlite(db),
        ..Settings::default()
    };
    let state = AppState::open(settings, allow_ingest).unwrap();
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind(config.addr).await.unwrap();
            sender.send(listener.local_addr().unwrap()).unwrap();
            parallax_serve::serve_on(listener, state, config)
                .await
                .unwrap();
        });
    });
    Server {
        addr: receiver.recv().unwrap(),
        folder,
    }
}
