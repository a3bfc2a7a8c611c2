//! Named periodic tasks with graceful shutdown. A failing or panicking tick is logged and
//! the loop carries on: one bad row must not silence a background job for good.
//!
//! Singleton loops (the offline sweep, the e-mail worker, ...) must run on one instance
//! only when several run behind one name: each keeps a lease (`lease_keeper`) and skips its
//! ticks while another instance holds it.

mod lease_keeper;

pub use lease_keeper::{LeaseTiming, SingletonHoldings};

use lease_keeper::{LeaseKeeper, Standing};
use sentinel_adapters_memory::MemoryLease;
use sentinel_ports::driven::lease::Lease;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::task::JoinHandle;
use tokio::time::{Instant, MissedTickBehavior};
use tokio_util::sync::CancellationToken;

/// Why a tick failed, for the log line.
pub type TickError = Box<dyn std::error::Error + Send + Sync>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FirstRun {
    Immediately,
    AfterOnePeriod,
}

pub struct LoopRunner {
    shutdown: CancellationToken,
    loops: Vec<(&'static str, JoinHandle<()>)>,
    leases: Arc<LeaseKeeper>,
    /// Stopped after the loops, so a lease is given back only once its last tick is done.
    keepers_stop: CancellationToken,
    keepers: Vec<(&'static str, JoinHandle<()>)>,
}

impl Default for LoopRunner {
    fn default() -> Self {
        Self::new()
    }
}

impl LoopRunner {
    /// A single instance: every singleton loop's lease is granted.
    pub fn new() -> Self {
        Self::with_lease(Arc::new(MemoryLease), "local")
    }

    /// Singleton loops run only while `holder` (this instance's id) holds their lease.
    pub fn with_lease(lease: Arc<dyn Lease>, holder: impl Into<String>) -> Self {
        Self {
            shutdown: CancellationToken::new(),
            loops: Vec::new(),
            leases: Arc::new(LeaseKeeper {
                lease,
                holder: holder.into(),
                timing: LeaseTiming::default(),
                holdings: SingletonHoldings::default(),
            }),
            keepers_stop: CancellationToken::new(),
            keepers: Vec::new(),
        }
    }

    /// Other lease timings (tests); call before spawning any singleton loop.
    #[must_use]
    pub fn with_lease_timing(mut self, timing: LeaseTiming) -> Self {
        self.leases = Arc::new(LeaseKeeper {
            lease: self.leases.lease.clone(),
            holder: self.leases.holder.clone(),
            timing,
            holdings: self.leases.holdings.clone(),
        });
        self
    }

    /// Runs `tick` every `period` (first run after one period) until shutdown.
    pub fn spawn<F, Fut>(&mut self, name: &'static str, period: Duration, tick: F)
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<(), TickError>> + Send + 'static,
    {
        self.spawn_loop(name, period, FirstRun::AfterOnePeriod, None, tick);
    }

    /// Like `spawn`, but only on the one instance that holds the lease named `name`: a
    /// keeper task renews it, and ticks are skipped while another instance holds it.
    pub fn spawn_singleton<F, Fut>(&mut self, name: &'static str, period: Duration, tick: F)
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<(), TickError>> + Send + 'static,
    {
        self.spawn_singleton_with_standby(name, period, tick, || {});
    }

    /// Like `spawn_singleton`, calling `standby` instead of `tick` while another instance
    /// holds the lease (the e-mail worker's heartbeat says "standby" rather than "stale").
    pub fn spawn_singleton_with_standby<F, Fut, S>(
        &mut self,
        name: &'static str,
        period: Duration,
        tick: F,
        standby: S,
    ) where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<(), TickError>> + Send + 'static,
        S: Fn() + Send + Sync + 'static,
    {
        let standing = Arc::new(Standing::default());
        let keeper = self
            .leases
            .clone()
            .keep(name, standing.clone(), self.keepers_stop.clone());
        self.keepers.push((name, tokio::spawn(keeper)));
        let gate = Gate {
            standing,
            standby: Box::new(standby),
        };
        self.spawn_loop(name, period, FirstRun::AfterOnePeriod, Some(gate), tick);
    }

    /// The singleton loops this instance runs now (their leases are held here).
    pub fn singleton_holdings(&self) -> SingletonHoldings {
        self.leases.holdings.clone()
    }

    /// Runs `tick` at once (in the background: start-up does not wait for it), then every
    /// `period`, until shutdown.
    pub fn spawn_now<F, Fut>(&mut self, name: &'static str, period: Duration, tick: F)
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<(), TickError>> + Send + 'static,
    {
        self.spawn_loop(name, period, FirstRun::Immediately, None, tick);
    }

    fn spawn_loop<F, Fut>(
        &mut self,
        name: &'static str,
        period: Duration,
        first: FirstRun,
        gate: Option<Gate>,
        tick: F,
    ) where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<(), TickError>> + Send + 'static,
    {
        let shutdown = self.shutdown.clone();
        let handle = tokio::spawn(async move {
            let mut interval = tokio::time::interval(period.max(Duration::from_millis(1)));
            interval.set_missed_tick_behavior(MissedTickBehavior::Delay);
            if first == FirstRun::AfterOnePeriod {
                // An interval's first tick completes at once.
                interval.tick().await;
            }
            loop {
                tokio::select! {
                    () = shutdown.cancelled() => break,
                    _ = interval.tick() => {
                        match &gate {
                            Some(gate) if !gate.standing.holds_at(Instant::now()) => {
                                tracing::debug!(task = name, "tick skipped: another instance holds the lease");
                                (gate.standby)();
                            }
                            _ => run_tick(name, tick()).await,
                        }
                    }
                }
            }
            tracing::info!(task = name, "background loop stopped");
        });
        self.loops.push((name, handle));
    }

    pub fn names(&self) -> Vec<&'static str> {
        self.loops.iter().map(|(name, _)| *name).collect()
    }

    /// Signals every loop, waits for each to finish its current tick, then gives the
    /// singleton leases back so another instance takes over at once.
    pub async fn shutdown(self) {
        self.shutdown.cancel();
        join_all(self.loops).await;
        self.keepers_stop.cancel();
        join_all(self.keepers).await;
    }
}

/// What a singleton loop checks before each tick.
struct Gate {
    standing: Arc<Standing>,
    standby: Box<dyn Fn() + Send + Sync>,
}

async fn join_all(tasks: Vec<(&'static str, JoinHandle<()>)>) {
    for (name, handle) in tasks {
        if let Err(error) = handle.await {
            tracing::error!(task = name, %error, "background loop ended abnormally");
        }
    }
}

/// Runs one tick in its own task so a panic is contained and reported.
async fn run_tick<Fut>(name: &'static str, tick: Fut)
where
    Fut: Future<Output = Result<(), TickError>> + Send + 'static,
{
    let span = tracing::info_span!("background_tick", task = name);
    match tokio::spawn(tick).await {
        Ok(Ok(())) => {}
        Ok(Err(error)) => span.in_scope(|| tracing::error!(%error, "tick failed")),
        Err(join_error) => span.in_scope(|| tracing::error!(%join_error, "tick panicked")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU32, Ordering};

    #[tokio::test(start_paused = true)]
    async fn failing_and_panicking_ticks_do_not_stop_the_loop() {
        let ticks = Arc::new(AtomicU32::new(0));
        let mut runner = LoopRunner::new();
        let counter = ticks.clone();
        runner.spawn("flaky", Duration::from_secs(10), move || {
            let n = counter.fetch_add(1, Ordering::SeqCst);
            async move {
                match n % 3 {
                    0 => Err::<(), TickError>("boom".into()),
                    1 => panic!("tick panicked on purpose"),
                    _ => Ok(()),
                }
            }
        });
        tokio::time::sleep(Duration::from_secs(65)).await;
        assert_eq!(ticks.load(Ordering::SeqCst), 6);
        runner.shutdown().await;
    }

    #[tokio::test(start_paused = true)]
    async fn a_loop_spawned_now_ticks_at_once_then_every_period() {
        let ticks = Arc::new(AtomicU32::new(0));
        let mut runner = LoopRunner::new();
        let counter = ticks.clone();
        runner.spawn_now("eager", Duration::from_secs(10), move || {
            counter.fetch_add(1, Ordering::SeqCst);
            async { Ok(()) }
        });
        tokio::time::sleep(Duration::from_millis(1)).await;
        assert_eq!(ticks.load(Ordering::SeqCst), 1);
        tokio::time::sleep(Duration::from_secs(25)).await;
        assert_eq!(ticks.load(Ordering::SeqCst), 3);
        runner.shutdown().await;
    }

    #[tokio::test(start_paused = true)]
    async fn shutdown_stops_every_loop() {
        let ticks = Arc::new(AtomicU32::new(0));
        let mut runner = LoopRunner::new();
        for name in ["a", "b"] {
            let counter = ticks.clone();
            runner.spawn(name, Duration::from_secs(1), move || {
                counter.fetch_add(1, Ordering::SeqCst);
                async { Ok(()) }
            });
        }
        assert_eq!(runner.names(), ["a", "b"]);
        tokio::time::sleep(Duration::from_millis(2500)).await;
        runner.shutdown().await;
        let after_shutdown = ticks.load(Ordering::SeqCst);
        assert_eq!(after_shutdown, 4);
        tokio::time::sleep(Duration::from_secs(10)).await;
        assert_eq!(ticks.load(Ordering::SeqCst), after_shutdown);
    }

    mod singleton {
        use super::super::*;
        use async_trait::async_trait;
        use sentinel_ports::driven::lease::LeaseError;
        use std::collections::{HashMap, HashSet};
        use std::sync::Mutex;
        use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};

        /// Grants or refuses every lease as the test says.
        #[derive(Default)]
        struct SwitchLease {
            granted: AtomicBool,
            releases: AtomicU32,
        }

        #[async_trait]
        impl Lease for SwitchLease {
            async fn acquire(&self, _: &str, _: &str, _: Duration) -> Result<bool, LeaseError> {
                Ok(self.granted.load(Ordering::SeqCst))
            }
            async fn release(&self, _: &str, _: &str) -> Result<(), LeaseError> {
                self.releases.fetch_add(1, Ordering::SeqCst);
                Ok(())
            }
        }

        /// A real lease store in memory (one holder, expiry on the paused clock), whose
        /// holders can be cut off from it as if their process died.
        #[derive(Default)]
        struct SharedLease {
            leases: Mutex<HashMap<String, (String, Instant)>>,
            cut_off: Mutex<HashSet<String>>,
        }

        #[async_trait]
        impl Lease for SharedLease {
            async fn acquire(
                &self,
                name: &str,
                holder: &str,
                ttl: Duration,
            ) -> Result<bool, LeaseError> {
                if self
                    .cut_off
                    .lock()
                    .map(|c| c.contains(holder))
                    .unwrap_or(true)
                {
                    return Err(LeaseError("unreachable".into()));
                }
                let mut leases = self
                    .leases
                    .lock()
                    .map_err(|_| LeaseError("poisoned".into()))?;
                let now = Instant::now();
                let free = leases
                    .get(name)
                    .is_none_or(|(current, until)| current == holder || *until <= now);
                if free {
                    leases.insert(name.to_owned(), (holder.to_owned(), now + ttl));
                }
                Ok(free)
            }
            async fn release(&self, name: &str, holder: &str) -> Result<(), LeaseError> {
                let mut leases = self
                    .leases
                    .lock()
                    .map_err(|_| LeaseError("poisoned".into()))?;
                if leases
                    .get(name)
                    .is_some_and(|(current, _)| current == holder)
                {
                    leases.remove(name);
                }
                Ok(())
            }
        }

        fn tick_log(runner: &mut LoopRunner, name: &'static str) -> Arc<Mutex<Vec<Instant>>> {
            let log = Arc::new(Mutex::new(Vec::new()));
            let ticks = log.clone();
            runner.spawn_singleton(name, Duration::from_secs(1), move || {
                if let Ok(mut ticks) = ticks.lock() {
                    ticks.push(Instant::now());
                }
                async { Ok(()) }
            });
            log
        }

        fn count(log: &Arc<Mutex<Vec<Instant>>>) -> usize {
            log.lock().map(|l| l.len()).unwrap_or(0)
        }

        #[tokio::test(start_paused = true)]
        async fn with_the_memory_lease_a_singleton_loop_runs_like_any_loop() {
            let mut runner = LoopRunner::new();
            let ticks = tick_log(&mut runner, "offline_sweep");
            tokio::time::sleep(Duration::from_millis(3_500)).await;
            assert_eq!(count(&ticks), 3);
            assert_eq!(runner.singleton_holdings().held(), ["offline_sweep"]);
            assert_eq!(runner.names(), ["offline_sweep"]);
            let holdings = runner.singleton_holdings();
            runner.shutdown().await;
            assert!(holdings.held().is_empty());
        }

        #[tokio::test(start_paused = true)]
        async fn ticks_are_skipped_while_another_instance_holds_the_lease() {
            let lease = Arc::new(SwitchLease::default());
            let mut runner = LoopRunner::with_lease(lease.clone(), "me");
            let ticks = tick_log(&mut runner, "email_worker");
            tokio::time::sleep(Duration::from_secs(30)).await;
            assert_eq!(count(&ticks), 0);
            assert!(runner.singleton_holdings().held().is_empty());

            lease.granted.store(true, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_secs(10)).await;
            let running = count(&ticks);
            assert!((8..=10).contains(&running), "{running} ticks");
            assert_eq!(runner.singleton_holdings().held(), ["email_worker"]);

            lease.granted.store(false, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_secs(6)).await;
            let stopped = count(&ticks);
            tokio::time::sleep(Duration::from_secs(30)).await;
            assert_eq!(count(&ticks), stopped);
            assert!(runner.singleton_holdings().held().is_empty());
            runner.shutdown().await;
            assert_eq!(lease.releases.load(Ordering::SeqCst), 0);
        }

        #[tokio::test(start_paused = true)]
        async fn a_skipped_tick_calls_the_standby_hook_instead() {
            let lease = Arc::new(SwitchLease::default());
            let mut runner = LoopRunner::with_lease(lease.clone(), "me");
            let (ticks, standbys) = (Arc::new(AtomicU32::new(0)), Arc::new(AtomicU32::new(0)));
            let (tick_count, standby_count) = (ticks.clone(), standbys.clone());
            runner.spawn_singleton_with_standby(
                "email_worker",
                Duration::from_secs(1),
                move || {
                    tick_count.fetch_add(1, Ordering::SeqCst);
                    async { Ok(()) }
                },
                move || {
                    standby_count.fetch_add(1, Ordering::SeqCst);
                },
            );
            tokio::time::sleep(Duration::from_millis(5_500)).await;
            assert_eq!(ticks.load(Ordering::SeqCst), 0);
            assert_eq!(standbys.load(Ordering::SeqCst), 5);
            runner.shutdown().await;
        }

        #[tokio::test(start_paused = true)]
        async fn shutdown_gives_a_held_lease_back() {
            let lease = Arc::new(SwitchLease::default());
            lease.granted.store(true, Ordering::SeqCst);
            let mut runner = LoopRunner::with_lease(lease.clone(), "me");
            let _ticks = tick_log(&mut runner, "motion_digest");
            tokio::time::sleep(Duration::from_secs(3)).await;
            runner.shutdown().await;
            assert_eq!(lease.releases.load(Ordering::SeqCst), 1);
        }

        #[tokio::test(start_paused = true)]
        async fn exactly_one_instance_runs_the_loop_and_a_dead_holders_loop_moves_within_a_lease_period()
         {
            let lease = Arc::new(SharedLease::default());
            let mut a = LoopRunner::with_lease(lease.clone(), "a");
            let mut b = LoopRunner::with_lease(lease.clone(), "b");
            let a_ticks = tick_log(&mut a, "offline_sweep");
            let b_ticks = tick_log(&mut b, "offline_sweep");
            tokio::time::sleep(Duration::from_secs(20)).await;
            let (holder, standby) = if count(&a_ticks) > 0 {
                ("a", "b")
            } else {
                ("b", "a")
            };
            let (held_ticks, standby_ticks) = if holder == "a" {
                (&a_ticks, &b_ticks)
            } else {
                (&b_ticks, &a_ticks)
            };
            assert!(count(held_ticks) >= 19);
            assert_eq!(count(standby_ticks), 0);

            let died = Instant::now();
            if let Ok(mut cut_off) = lease.cut_off.lock() {
                cut_off.insert(holder.to_owned());
            }
            tokio::time::sleep(Duration::from_secs(20)).await;
            let last_of_dead = held_ticks.lock().map(|t| t.last().copied()).ok().flatten();
            let first_of_heir = standby_ticks
                .lock()
                .map(|t| t.first().copied())
                .ok()
                .flatten();
            let (Some(last_of_dead), Some(first_of_heir)) = (last_of_dead, first_of_heir) else {
                panic!("{standby} never took over from {holder}");
            };
            assert!(last_of_dead < first_of_heir, "the two instances overlapped");
            let ttl = LeaseTiming::default().ttl;
            assert!(first_of_heir - died <= ttl + Duration::from_secs(2));
            a.shutdown().await;
            b.shutdown().await;
        }
    }
}
