//! Generating the lists of a check and matching every name: on all cores natively, in the
//! calling thread in WebAssembly (the page runs one per Web Worker).

use chrono::NaiveDate;

use crate::checker::days::Days;
use crate::checker::{Checker, Hit, Monitor};
use crate::domain::Domain;
use crate::generator::{generate_interleaved, Lists};
use crate::variant::Variant;

impl Checker {
    /// Generates the lists of `days`, hands each match to `record` and returns the days done
    /// and whether the monitor cancelled.
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn scan_range(
        &self,
        days: &Days,
        monitor: &mut dyn Monitor,
        record: &mut dyn FnMut(u32, Hit),
    ) -> (u64, bool) {
        use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
        use std::sync::mpsc;
        use std::time::Duration;

        /// One thread's share: lists taken from a common counter, so that all threads
        /// finish together; hits sent on with each finished list.
        struct Share<'a> {
            checker: &'a Checker,
            days: &'a Days,
            next: &'a AtomicU64,
            stop: &'a AtomicBool,
            found: Vec<(u32, Hit)>,
            sender: mpsc::Sender<Vec<(u32, Hit)>>,
        }

        impl Lists for Share<'_> {
            fn next_list(&mut self) -> Option<(Variant, NaiveDate)> {
                if self.stop.load(Ordering::Relaxed) {
                    return None;
                }
                self.days.list(self.next.fetch_add(1, Ordering::Relaxed))
            }
            #[inline]
            fn name(&mut self, variant: Variant, date: NaiveDate, index: u32, domain: Domain) {
                if let Some(found) = self.checker.matches(variant, date, index, domain) {
                    self.found.push(found);
                }
            }
            fn finished(&mut self, _: Variant, _: NaiveDate) {
                if self.sender.send(std::mem::take(&mut self.found)).is_err() {
                    self.stop.store(true, Ordering::Relaxed);
                }
            }
            fn stop(&mut self) -> bool {
                self.stop.load(Ordering::Relaxed)
            }
        }

        let total_lists = days.lists();
        let next = AtomicU64::new(0);
        let stop = AtomicBool::new(false);
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let (sender, receiver) = mpsc::channel::<Vec<(u32, Hit)>>();
        std::thread::scope(|scope| {
            for _ in 0..threads.min(total_lists as usize) {
                let mut share = Share {
                    checker: self,
                    days,
                    next: &next,
                    stop: &stop,
                    found: Vec::new(),
                    sender: sender.clone(),
                };
                scope.spawn(move || generate_interleaved(&mut share));
            }
            drop(sender);
            let mut lists_done = 0u64;
            let mut cancelled = false;
            loop {
                match receiver.recv_timeout(Duration::from_millis(50)) {
                    Ok(found) => {
                        found.into_iter().for_each(|(t, h)| record(t, h));
                        lists_done += 1;
                        if lists_done.is_multiple_of(days.variants.len() as u64) {
                            monitor.progress(days.done(lists_done), days.count());
                        }
                    }
                    Err(mpsc::RecvTimeoutError::Timeout) => {}
                    Err(mpsc::RecvTimeoutError::Disconnected) => break,
                }
                if !cancelled && monitor.cancelled() {
                    cancelled = true;
                    stop.store(true, Ordering::Relaxed);
                }
            }
            (days.done(lists_done), cancelled)
        })
    }

    #[cfg(target_arch = "wasm32")]
    pub(crate) fn scan_range(
        &self,
        days: &Days,
        monitor: &mut dyn Monitor,
        record: &mut dyn FnMut(u32, Hit),
    ) -> (u64, bool) {
        /// Polls the monitor every this many blocks of steps (a few milliseconds).
        const POLL_EVERY: u32 = 256;

        struct Scan<'a> {
            checker: &'a Checker,
            days: &'a Days,
            monitor: &'a mut dyn Monitor,
            record: &'a mut dyn FnMut(u32, Hit),
            next: u64,
            done: u64,
            polls: u32,
            cancelled: bool,
        }

        impl Lists for Scan<'_> {
            fn next_list(&mut self) -> Option<(Variant, NaiveDate)> {
                if self.cancelled {
                    return None;
                }
                let list = self.days.list(self.next)?;
                self.next += 1;
                Some(list)
            }
            #[inline]
            fn name(&mut self, variant: Variant, date: NaiveDate, index: u32, domain: Domain) {
                if let Some((target, hit)) = self.checker.matches(variant, date, index, domain) {
                    (self.record)(target, hit);
                }
            }
            fn finished(&mut self, _: Variant, _: NaiveDate) {
                if self.cancelled {
                    return;
                }
                self.done += 1;
                if self.done.is_multiple_of(self.days.variants.len() as u64) {
                    self.monitor
                        .progress(self.days.done(self.done), self.days.count());
                    // A cancel asked for in answer to progress stops the count there, as
                    // it would between two days.
                    self.cancelled = self.monitor.cancelled();
                }
            }
            fn stop(&mut self) -> bool {
                self.polls += 1;
                if self.polls.is_multiple_of(POLL_EVERY) && self.monitor.cancelled() {
                    self.cancelled = true;
                }
                self.cancelled
            }
        }

        let mut scan = Scan {
            checker: self,
            days,
            monitor,
            record,
            next: 0,
            done: 0,
            polls: 0,
            cancelled: false,
        };
        generate_interleaved(&mut scan);
        (days.done(scan.done), scan.cancelled)
    }
}
