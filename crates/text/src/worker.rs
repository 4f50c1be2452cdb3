//! Long-lived worker threads for work under a time budget.
//!
//! Each thread that asks (a rayon worker of the run, or a document's worker asking for a
//! PDF reader) gets its own worker thread per [`Lane`], reused from document to document. Past the budget the worker is abandoned: it finishes its job
//! in the background and ends, and the next job starts a fresh one. Reusing threads keeps
//! per-thread caches (the regex crate keeps its match caches per thread id) bounded by the
//! number of threads; a new thread per document made them grow with every document.

use std::cell::RefCell;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::time::Duration;

type Job = Box<dyn FnOnce() + Send>;

/// A kind of worker thread: each asking thread keeps one worker per lane.
#[derive(Debug)]
pub struct Lane {
    /// Name of the lane's threads (panic hooks may recognise them by it).
    pub name: &'static str,
    /// Stack size of the lane's threads.
    pub stack_bytes: usize,
}

thread_local! {
    /// Whether this thread is a lane's worker (it runs under a caller's time budget).
    static ON_WORKER: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// This thread's workers, one per lane name.
    static WORKERS: RefCell<Vec<(&'static str, Sender<Job>)>> = const { RefCell::new(Vec::new()) };
}

/// Why a job gave no result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failed {
    /// The budget passed; the worker was abandoned.
    TimedOut,
    /// The worker thread died (the job panicked).
    Died,
}

/// A new worker thread of `lane` taking jobs until its sender is dropped.
fn start(lane: &Lane) -> Option<Sender<Job>> {
    let (tx, rx) = mpsc::channel::<Job>();
    std::thread::Builder::new()
        .name(lane.name.to_owned())
        .stack_size(lane.stack_bytes)
        .spawn(move || {
            ON_WORKER.with(|w| w.set(true));
            while let Ok(job) = rx.recv() {
                job();
            }
        })
        .ok()?;
    Some(tx)
}

/// Whether the current thread is a worker of some lane, i.e. already runs under a caller's
/// time budget (work there need not be handed to yet another thread).
pub fn on_worker() -> bool {
    ON_WORKER.with(std::cell::Cell::get)
}

/// Hands `job` to this thread's worker of `lane` (starting one when there is none or it
/// died); gives the job back when no thread can be started.
fn submit(lane: &Lane, job: Job) -> Result<(), Job> {
    WORKERS.with(|w| {
        let mut w = w.borrow_mut();
        let job = match w.iter().find(|(name, _)| *name == lane.name) {
            Some((_, tx)) => match tx.send(job) {
                Ok(()) => return Ok(()),
                Err(mpsc::SendError(job)) => job,
            },
            None => job,
        };
        w.retain(|(name, _)| *name != lane.name);
        let Some(tx) = start(lane) else {
            return Err(job);
        };
        let sent = tx.send(job).map_err(|mpsc::SendError(job)| job);
        w.push((lane.name, tx));
        sent
    })
}

/// Forgets this thread's worker of `lane` (abandoned or dead): the next job starts a fresh
/// one.
fn abandon(lane: &Lane) {
    WORKERS.with(|w| w.borrow_mut().retain(|(name, _)| *name != lane.name));
}

/// Runs `f` on this thread's worker of `lane` and waits at most `budget` for its result.
/// When no thread can be started, `f` runs here, without the budget.
pub fn run<T: Send + 'static>(
    lane: &Lane,
    f: impl FnOnce() -> T + Send + 'static,
    budget: Duration,
) -> Result<T, Failed> {
    let (tx, rx) = mpsc::channel();
    let job: Job = Box::new(move || {
        // the caller may have given up (time-out): nothing to do then
        let _ = tx.send(f());
    });
    if let Err(job) = submit(lane, job) {
        job();
    }
    match rx.recv_timeout(budget) {
        Ok(v) => Ok(v),
        Err(e) => {
            abandon(lane);
            Err(match e {
                RecvTimeoutError::Timeout => Failed::TimedOut,
                RecvTimeoutError::Disconnected => Failed::Died,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAME: &str = "ofsted-test-lane";
    static LANE: Lane = Lane {
        name: NAME,
        stack_bytes: 1024 * 1024,
    };
    static OTHER: Lane = Lane {
        name: "ofsted-test-other",
        stack_bytes: 1024 * 1024,
    };

    #[test]
    fn workers_know_they_are_workers() {
        assert!(!on_worker());
        assert!(run(&LANE, on_worker, Duration::from_secs(20)).unwrap());
    }

    #[test]
    fn each_lane_has_its_own_worker() {
        let budget = Duration::from_secs(20);
        let a = run(&LANE, thread_id, budget).unwrap();
        let b = run(&OTHER, thread_id, budget).unwrap();
        assert_ne!(a, b);
        assert_eq!(run(&LANE, thread_id, budget).unwrap(), a);
    }

    fn thread_id() -> std::thread::ThreadId {
        std::thread::current().id()
    }

    fn thread_name() -> String {
        std::thread::current().name().unwrap_or("").to_owned()
    }

    #[test]
    fn jobs_reuse_one_worker_thread() {
        let budget = Duration::from_secs(20);
        let a = run(&LANE, thread_id, budget).unwrap();
        let b = run(&LANE, thread_id, budget).unwrap();
        assert_eq!(a, b);
        assert_ne!(a, std::thread::current().id());
        assert_eq!(run(&LANE, thread_name, budget).unwrap(), NAME);
    }

    #[test]
    fn a_timeout_abandons_the_worker_and_the_next_job_gets_a_new_one() {
        let first = run(
            &LANE,
            || std::thread::current().id(),
            Duration::from_secs(20),
        )
        .unwrap();
        let slow = run(
            &LANE,
            || std::thread::sleep(Duration::from_millis(300)),
            Duration::from_millis(10),
        );
        assert_eq!(slow, Err(Failed::TimedOut));
        let next = run(
            &LANE,
            || std::thread::current().id(),
            Duration::from_secs(20),
        )
        .unwrap();
        assert_ne!(first, next);
    }

    #[test]
    fn a_panic_is_reported_and_the_worker_replaced() {
        let r: Result<(), Failed> = run(&LANE, || panic!("boom"), Duration::from_secs(20));
        assert_eq!(r, Err(Failed::Died));
        assert_eq!(run(&LANE, || 7, Duration::from_secs(20)), Ok(7));
    }
}
