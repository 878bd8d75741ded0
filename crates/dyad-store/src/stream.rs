//! Storing a stream of documents coded on worker threads: the shape of
//! `dyad ingest` (and of the ingest benchmark, which must measure the same
//! thing).
//!
//! Three kinds of thread:
//!
//! * `jobs` **workers** take the next input index from a shared counter,
//!   code it (the caller's closure) and send it down a bounded channel;
//! * the **collector** (the calling thread) puts documents back in input
//!   order and cuts the ordered stream into batches of [`BATCH_DOCS`]
//!   documents, [`BATCH_BYTES`] of text or [`BATCH_TIME`], whichever comes
//!   first;
//! * one **committer** stores each batch in one transaction
//!   ([`Store::ingest_batch`]) and reports every input, in input order.
//!
//! The store is therefore the same whatever the number of workers.
//!
//! Why a committer apart from the collector: while one thread both
//! collected and committed, the workers filled the small channel during
//! each commit and stood idle until it ended (1,950 real-length articles
//! on 2 cores: 0.76-0.84 s for reading, coding and storing; with the
//! commit on its own thread 0.64 s). The hand-over channel holds one
//! batch, so at most three batches are in memory (one being filled, one
//! waiting, one being written) besides the few documents in the workers'
//! channel: memory stays bounded whatever the number of inputs.
//!
//! Why workers make way for the committer ([`CpuSlots`]): with as many
//! workers as cores, the committer got a third of the CPU like every other
//! thread while it wrote, and the batches still queued for it when the
//! last document was coded were written on one core while the other
//! stood idle. Workers and committer now share one slot per core, and a
//! waiting committer takes the next free slot before any worker does, so
//! it keeps up. 1,950 real-length articles on 2 cores, 16 interleaved
//! runs: median 1.035 -> 1.01 s, slowest 1.17 -> 1.06 s, peak memory 143
//! -> 130 MB (docs/benchmarks.md, seventh pass).

use crate::{IngestOutcome, Store, StoreError};
use dyad_doc::Doc;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// Documents per write transaction. A commit per document rewrote every
/// touched page into the WAL and took most of the ingest time; beyond a
/// few hundred documents a batch gains little and holds more in memory.
pub const BATCH_DOCS: usize = 200;
/// The longest a coded document waits for its batch to be handed to the
/// committer, so a slow trickle of inputs is still stored (and visible to
/// readers) promptly.
pub const BATCH_TIME: Duration = Duration::from_millis(250);
/// Text bytes per batch, so that a run of long documents does not hold
/// hundreds of fully annotated documents in memory.
pub const BATCH_BYTES: usize = 4 << 20;

/// One coded input: the document and its content hash
/// ([`crate::content_hash`]), or why it could not be read or coded.
pub type Coded = Result<(Doc, String), String>;

/// What became of one input, as reported to the caller in input order.
pub enum Stored<'a> {
    /// Stored (or found unchanged).
    Done(IngestOutcome, &'a Doc),
    /// Not coded: the reason the coding closure gave.
    NotCoded(String),
    /// Coded but not stored: why the store refused it.
    NotStored(String),
}

/// Codes inputs `0..count` with `code` on `jobs` worker threads and stores
/// them in `store` in index order, in batches (see the module docs).
/// `report` is called on the committer thread once per input, in index
/// order, with the label `code` gave it and what became of it.
///
/// A batch whose transaction fails (the write lock cannot be taken, the
/// commit fails) is stored not at all; each of its inputs is reported
/// failed with that reason, and the run goes on.
pub fn ingest_stream<L, C, R>(store: &mut Store, count: usize, jobs: usize, code: C, mut report: R)
where
    L: Send,
    C: Fn(usize) -> (L, Coded) + Sync,
    R: FnMut(L, Stored<'_>) + Send,
{
    let jobs = jobs.clamp(1, 64).min(count.max(1));
    let next = AtomicUsize::new(0);
    // One slot per core the workers and the committer can use at once.
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let slots = CpuSlots::new((jobs + 1).min(cores));
    let slots = &slots;
    std::thread::scope(|scope| {
        // Bounded so that fast workers cannot run far ahead of the writer:
        // this is what keeps memory flat however many inputs there are.
        let (coded_tx, coded_rx) = mpsc::sync_channel::<(usize, L, Coded)>(jobs * 2);
        for _ in 0..jobs {
            let coded_tx = coded_tx.clone();
            let (next, code) = (&next, &code);
            scope.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                if i >= count {
                    break;
                }
                // The slot is held while coding, not while waiting to send.
                let (label, coded) = {
                    let _slot = slots.worker();
                    code(i)
                };
                if coded_tx.send((i, label, coded)).is_err() {
                    break;
                }
            });
        }
        drop(coded_tx);
        let (batch_tx, batch_rx) = mpsc::sync_channel::<Vec<(L, Coded)>>(1);
        let report = &mut report;
        scope.spawn(move || {
            for items in batch_rx {
                let _slot = slots.committer();
                commit(store, items, report);
            }
        });
        let mut pending: BTreeMap<usize, (L, Coded)> = BTreeMap::new();
        let mut want = 0;
        let mut batch = Batch::default();
        loop {
            let timeout = batch
                .started
                .map_or(BATCH_TIME, |t| BATCH_TIME.saturating_sub(t.elapsed()));
            let handed = match coded_rx.recv_timeout(timeout) {
                Ok((i, label, coded)) => {
                    pending.insert(i, (label, coded));
                    let mut handed = Ok(());
                    while let Some((label, coded)) = pending.remove(&want) {
                        want += 1;
                        batch.push(label, coded);
                        if batch.full() {
                            handed = handed.and(batch.hand(&batch_tx));
                        }
                    }
                    if batch.due() {
                        handed = handed.and(batch.hand(&batch_tx));
                    }
                    handed
                }
                Err(mpsc::RecvTimeoutError::Timeout) => batch.hand(&batch_tx),
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            };
            if handed.is_err() {
                // The committer is gone (it can only stop by panicking):
                // stop coding; the scope re-raises its panic.
                return;
            }
        }
        // The last batch; an error means the committer is gone, as above.
        let _ = batch.hand(&batch_tx);
    });
}

/// The cores, as slots that workers and the committer hold while they
/// compute: a counting semaphore in which a waiting committer goes first.
/// Holding a slot is only a promise not to compete for the CPU; nothing
/// else is guarded, so a slot never waits on a lock or a channel.
struct CpuSlots {
    state: Mutex<SlotState>,
    freed: Condvar,
}

struct SlotState {
    free: usize,
    /// The committer waits for a slot: workers must not take the next one.
    committer_waiting: bool,
}

/// A held slot, given back when dropped (also when its holder panics).
struct Slot<'a>(&'a CpuSlots);

impl CpuSlots {
    fn new(slots: usize) -> Self {
        CpuSlots {
            state: Mutex::new(SlotState {
                free: slots.max(1),
                committer_waiting: false,
            }),
            freed: Condvar::new(),
        }
    }

    /// The state, also after a holder panicked (the counts stay right:
    /// a slot is given back by `Drop`, outside any computation).
    fn lock(&self) -> MutexGuard<'_, SlotState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits for a free slot that no committer is waiting for.
    fn worker(&self) -> Slot<'_> {
        let mut st = self.lock();
        while st.free == 0 || st.committer_waiting {
            st = self.freed.wait(st).unwrap_or_else(|e| e.into_inner());
        }
        st.free -= 1;
        Slot(self)
    }

    /// Waits for the next free slot, ahead of every worker.
    fn committer(&self) -> Slot<'_> {
        let mut st = self.lock();
        st.committer_waiting = true;
        while st.free == 0 {
            st = self.freed.wait(st).unwrap_or_else(|e| e.into_inner());
        }
        st.free -= 1;
        st.committer_waiting = false;
        // Workers that saw the committer waiting re-check.
        self.freed.notify_all();
        Slot(self)
    }
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        self.0.lock().free += 1;
        self.0.freed.notify_all();
    }
}

/// Coded documents (and failures, to report in order) waiting to be
/// handed to the committer.
struct Batch<L> {
    items: Vec<(L, Coded)>,
    docs: usize,
    bytes: usize,
    started: Option<Instant>,
}

impl<L> Default for Batch<L> {
    fn default() -> Self {
        Batch {
            items: Vec::new(),
            docs: 0,
            bytes: 0,
            started: None,
        }
    }
}

impl<L> Batch<L> {
    fn push(&mut self, label: L, coded: Coded) {
        if let Ok((doc, _)) = &coded {
            self.docs += 1;
            self.bytes += doc.text.len();
        }
        self.started.get_or_insert_with(Instant::now);
        self.items.push((label, coded));
    }

    fn full(&self) -> bool {
        self.docs >= BATCH_DOCS || self.bytes >= BATCH_BYTES
    }

    fn due(&self) -> bool {
        self.started.is_some_and(|t| t.elapsed() >= BATCH_TIME)
    }

    /// Sends the batch (if any) to the committer and starts a new one.
    fn hand(
        &mut self,
        to: &mpsc::SyncSender<Vec<(L, Coded)>>,
    ) -> Result<(), mpsc::SendError<Vec<(L, Coded)>>> {
        let items = std::mem::take(&mut self.items);
        *self = Batch::default();
        if items.is_empty() {
            Ok(())
        } else {
            to.send(items)
        }
    }
}

/// Stores one batch in one transaction and reports every item in input
/// order, exactly as storing them one by one would.
fn commit<L>(store: &mut Store, items: Vec<(L, Coded)>, report: &mut impl FnMut(L, Stored<'_>)) {
    let docs: Vec<(&Doc, &str)> = items
        .iter()
        .filter_map(|(_, c)| c.as_ref().ok().map(|(d, h)| (d, h.as_str())))
        .collect();
    let stored: Result<Vec<Result<IngestOutcome, StoreError>>, String> =
        store.ingest_batch(&docs).map_err(|e| e.to_string());
    drop(docs);
    let mut results = stored.as_ref().ok().map(|v| v.iter());
    for (label, coded) in items {
        let doc = match coded {
            Err(reason) => {
                report(label, Stored::NotCoded(reason));
                continue;
            }
            Ok((doc, _)) => doc,
        };
        let outcome = match (&stored, results.as_mut().and_then(|r| r.next())) {
            (Ok(_), Some(Ok(o))) => Ok(*o),
            (Ok(_), Some(Err(e))) => Err(e.to_string()),
            (Err(e), _) => Err(e.clone()),
            (Ok(_), None) => Err("the store returned no outcome".to_string()),
        };
        match outcome {
            Ok(o) => report(label, Stored::Done(o, &doc)),
            Err(e) => report(label, Stored::NotStored(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    /// Waits (up to 10 s) until `cond` holds for the slots' state.
    fn wait_for(slots: &CpuSlots, cond: impl Fn(&SlotState) -> bool) {
        for _ in 0..1000 {
            if cond(&slots.lock()) {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        panic!("the slots never reached the expected state");
    }

    #[test]
    fn a_waiting_committer_takes_the_next_slot_before_any_worker() {
        let slots = CpuSlots::new(1);
        let order = Mutex::new(Vec::new());
        std::thread::scope(|s| {
            let held = slots.worker();
            s.spawn(|| {
                let _slot = slots.committer();
                order.lock().unwrap().push("committer");
            });
            wait_for(&slots, |st| st.committer_waiting);
            s.spawn(|| {
                let _slot = slots.worker();
                order.lock().unwrap().push("worker");
            });
            std::thread::sleep(Duration::from_millis(20));
            assert!(
                order.lock().unwrap().is_empty(),
                "nobody runs while the slot is held"
            );
            drop(held);
        });
        assert_eq!(*order.lock().unwrap(), vec!["committer", "worker"]);
        assert_eq!(slots.lock().free, 1);
        assert!(!slots.lock().committer_waiting);
    }

    #[test]
    fn slots_are_shared_and_given_back_by_a_panicking_holder() {
        let slots = CpuSlots::new(2);
        let (a, b) = (slots.worker(), slots.worker());
        assert_eq!(slots.lock().free, 0);
        drop((a, b));
        let panicked = std::thread::scope(|s| {
            s.spawn(|| {
                let _slot = slots.worker();
                panic!("a coding closure that panics");
            })
            .join()
            .is_err()
        });
        assert!(panicked);
        assert_eq!(slots.lock().free, 2);
        // A store of zero slots would deadlock: it gets one.
        assert_eq!(CpuSlots::new(0).lock().free, 1);
    }
}
