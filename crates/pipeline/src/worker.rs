//! Long-lived worker threads for work under a time budget.
//!
//! Each thread that asks (a rayon worker of the run) gets its own worker thread, reused
//! from document to document. Past the budget the worker is abandoned: it finishes its job
//! in the background and ends, and the next job starts a fresh one. Reusing threads keeps
//! per-thread caches (the regex crate keeps its match caches per thread id) bounded by the
//! number of threads; a new thread per document made them grow with every document.

use std::cell::RefCell;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::time::Duration;

type Job = Box<dyn FnOnce() + Send>;

/// Name of the worker threads.
const NAME: &str = "ofsted-doc";

/// Stack of a worker thread (the analysis recurses on deeply nested text).
const STACK_BYTES: usize = 16 * 1024 * 1024;

thread_local! {
    static WORKER: RefCell<Option<Sender<Job>>> = const { RefCell::new(None) };
}

/// Why a job gave no result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failed {
    /// The budget passed; the worker was abandoned.
    TimedOut,
    /// The worker thread died (the job panicked).
    Died,
}

/// A new worker thread taking jobs until its sender is dropped.
fn start() -> Option<Sender<Job>> {
    let (tx, rx) = mpsc::channel::<Job>();
    std::thread::Builder::new()
        .name(NAME.to_owned())
        .stack_size(STACK_BYTES)
        .spawn(move || {
            while let Ok(job) = rx.recv() {
                job();
            }
        })
        .ok()?;
    Some(tx)
}

/// Hands `job` to this thread's worker (starting one when there is none or it died);
/// gives the job back when no thread can be started.
fn submit(job: Job) -> Result<(), Job> {
    WORKER.with(|w| {
        let mut w = w.borrow_mut();
        let job = match w.as_ref() {
            Some(tx) => match tx.send(job) {
                Ok(()) => return Ok(()),
                Err(mpsc::SendError(job)) => job,
            },
            None => job,
        };
        *w = start();
        match w.as_ref() {
            Some(tx) => tx.send(job).map_err(|mpsc::SendError(job)| job),
            None => Err(job),
        }
    })
}

/// Runs `f` on this thread's worker and waits at most `budget` for its result. When no
/// thread can be started, `f` runs here, without the budget.
pub fn run<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
    budget: Duration,
) -> Result<T, Failed> {
    let (tx, rx) = mpsc::channel();
    let job: Job = Box::new(move || {
        // the caller may have given up (time-out): nothing to do then
        let _ = tx.send(f());
    });
    if let Err(job) = submit(job) {
        job();
    }
    match rx.recv_timeout(budget) {
        Ok(v) => Ok(v),
        Err(e) => {
            // abandoned or dead: the next job starts a fresh worker
            WORKER.with(|w| w.borrow_mut().take());
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

    fn thread_name() -> String {
        std::thread::current().name().unwrap_or("").to_owned()
    }

    #[test]
    fn jobs_reuse_one_worker_thread() {
        let budget = Duration::from_secs(20);
        let a = run(|| std::thread::current().id(), budget).unwrap();
        let b = run(|| std::thread::current().id(), budget).unwrap();
        assert_eq!(a, b);
        assert_ne!(a, std::thread::current().id());
        assert_eq!(run(thread_name, budget).unwrap(), NAME);
    }

    #[test]
    fn a_timeout_abandons_the_worker_and_the_next_job_gets_a_new_one() {
        let first = run(|| std::thread::current().id(), Duration::from_secs(20)).unwrap();
        let slow = run(
            || std::thread::sleep(Duration::from_millis(300)),
            Duration::from_millis(10),
        );
        assert_eq!(slow, Err(Failed::TimedOut));
        let next = run(|| std::thread::current().id(), Duration::from_secs(20)).unwrap();
        assert_ne!(first, next);
    }

    #[test]
    fn a_panic_is_reported_and_the_worker_replaced() {
        let r: Result<(), Failed> = run(|| panic!("boom"), Duration::from_secs(20));
        assert_eq!(r, Err(Failed::Died));
        assert_eq!(run(|| 7, Duration::from_secs(20)), Ok(7));
    }
}
