//! Copying the write-ahead log back into the database file on a thread of
//! its own, while the writer goes on.
//!
//! In WAL mode every page is written twice: once appended to the log by
//! the commit, once copied into the database file by a checkpoint. SQLite
//! runs the checkpoint inside the commit that makes the log long enough
//! (~80 MB here, see [`Store::open`]), or when the last connection
//! closes: either way the writer waits for the copy and its `fsync`. At
//! the end of a bulk load that was the slowest single step: 1,950
//! real-length articles, 81 MB of database, the recluster's commit took
//! 0.17 s, 0.10 s of it in two `fsync`s, while the machine's second core
//! stood idle. A [`Checkpointer`] runs passive checkpoints every
//! [`INTERVAL`] on its own connection, so the copy and the `fsync` overlap
//! the writer's work and the log never grows to the foreground threshold.
//!
//! Passive checkpoints never block the writer or readers, copy only
//! committed pages and change nothing a reader sees, so this is safe at
//! any moment; the foreground checkpoint stays as the fallback.
//!
//! `dyad ingest` starts the checkpointer before the first batch. Started
//! only after the last one (as at first), it left the tail of the load in
//! the log, for the close to copy and delete (the `unlink` of an 80 MB
//! log alone took 25 ms). 1,950 real-length articles on 2 cores, 10
//! interleaved runs: 1.075 -> 1.04 s (median; docs/benchmarks.md, seventh
//! pass). Before the committer had its own CPU slot ([`crate::stream`])
//! the same change made ingest slower.

use crate::{Store, StoreError, BUSY_TIMEOUT};
use rusqlite::{Connection, OpenFlags};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;

/// How often the background connection checkpoints.
pub const INTERVAL: Duration = Duration::from_millis(50);

/// A thread running passive checkpoints of one store until dropped.
pub struct Checkpointer {
    stop: Option<mpsc::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Store {
    /// Starts checkpointing this store's write-ahead log in the background
    /// (see the [`checkpoint`](crate::checkpoint) module). `None` for a
    /// store that is not a file (`:memory:`), whose log no other
    /// connection can see.
    pub fn checkpoint_in_background(&self) -> Result<Option<Checkpointer>, StoreError> {
        let conn = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Ok(None);
        }
        // Its own checkpoints are the passive ones below; closing this
        // connection must not checkpoint in the foreground either.
        conn.execute_batch("PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 0;")?;
        let (stop, stopped) = mpsc::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("dyad-checkpoint".into())
            .spawn(move || {
                while let Err(mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(INTERVAL) {
                    // Busy or failed: the next round or the writer's own
                    // checkpoint copies the pages; nothing is lost.
                    let _ = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
                }
            })?;
        Ok(Some(Checkpointer {
            stop: Some(stop),
            thread: Some(thread),
        }))
    }
}

impl Drop for Checkpointer {
    /// Stops the thread after its current checkpoint and waits for it.
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
