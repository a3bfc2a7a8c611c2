//! Keeps a singleton loop's lease: renews it while this instance holds it, retries often
//! while another instance does (so a dead holder's loop moves here within about one lease
//! period), logs every transition and gives the lease back on shutdown.

use sentinel_ports::driven::lease::Lease;
use std::collections::BTreeSet;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

/// How long a lease lasts and how often it is renewed or retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LeaseTiming {
    /// The lease's time-to-live: a dead holder's loops move elsewhere after at most this.
    pub ttl: Duration,
    /// How often the holder renews (a few times per `ttl`, so one slow round trip is harmless).
    pub renew_every: Duration,
    /// How often an instance without the lease tries to take it.
    pub standby_retry: Duration,
}

impl Default for LeaseTiming {
    fn default() -> Self {
        Self {
            ttl: Duration::from_secs(15),
            renew_every: Duration::from_secs(5),
            standby_retry: Duration::from_secs(1),
        }
    }
}

/// The singleton loops this instance holds the lease of right now.
#[derive(Debug, Clone, Default)]
pub struct SingletonHoldings(Arc<Mutex<BTreeSet<&'static str>>>);

impl SingletonHoldings {
    pub fn held(&self) -> Vec<&'static str> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
            .copied()
            .collect()
    }

    /// Records the new standing; `true` when it changed.
    fn set(&self, task: &'static str, held: bool) -> bool {
        let mut set = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if held {
            set.insert(task)
        } else {
            set.remove(task)
        }
    }
}

/// Until when this instance may run a singleton loop's ticks: shortly before the lease
/// it last renewed can expire in the store, so two instances never run a tick together.
#[derive(Debug, Default)]
pub(super) struct Standing(Mutex<Option<Instant>>);

impl Standing {
    pub(super) fn holds_at(&self, now: Instant) -> bool {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .is_some_and(|until| now < until)
    }

    fn hold_until(&self, until: Option<Instant>) {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = until;
    }
}

/// The lease store, this instance's name in it and the timing, shared by every keeper.
pub(super) struct LeaseKeeper {
    pub(super) lease: Arc<dyn Lease>,
    pub(super) holder: String,
    pub(super) timing: LeaseTiming,
    pub(super) holdings: SingletonHoldings,
}

impl LeaseKeeper {
    /// Renews or retries until `stop`, then releases the lease if this instance holds it.
    pub(super) async fn keep(
        self: Arc<Self>,
        task: &'static str,
        standing: Arc<Standing>,
        stop: CancellationToken,
    ) {
        let mut store_failing = false;
        loop {
            let reachable = self.renew(task, &standing, store_failing).await;
            if reachable && store_failing {
                tracing::info!(task, "singleton lease store reachable again");
            }
            store_failing = !reachable;
            let wait = if standing.holds_at(Instant::now()) {
                self.timing.renew_every
            } else {
                self.timing.standby_retry
            };
            tokio::select! {
                () = stop.cancelled() => break,
                () = tokio::time::sleep(wait) => {}
            }
        }
        self.release(task, &standing).await;
    }

    /// One acquire-or-renew round; `false` when the store did not answer.
    async fn renew(&self, task: &'static str, standing: &Standing, already_failing: bool) -> bool {
        let asked_at = Instant::now();
        let reachable = match self
            .lease
            .acquire(task, &self.holder, self.timing.ttl)
            .await
        {
            // The store's clock starts after `asked_at`; a tenth of the TTL covers the
            // round trip and timer slack.
            Ok(true) => {
                standing.hold_until(Some(asked_at + self.timing.ttl * 9 / 10));
                true
            }
            Ok(false) => {
                standing.hold_until(None);
                true
            }
            // Unsure: keep running until the last renewal runs out, no longer. Logged
            // once per outage, not once per retry.
            Err(error) => {
                if !already_failing {
                    tracing::warn!(task, %error, "cannot reach the singleton lease store");
                }
                false
            }
        };
        self.record(task, standing.holds_at(Instant::now()));
        reachable
    }

    async fn release(&self, task: &'static str, standing: &Standing) {
        if !standing.holds_at(Instant::now()) {
            self.record(task, false);
            return;
        }
        standing.hold_until(None);
        if let Err(error) = self.lease.release(task, &self.holder).await {
            tracing::warn!(task, %error, "cannot release the singleton lease; it will expire");
        }
        self.holdings.set(task, false);
        if self.lease.shared() {
            tracing::info!(
                task,
                instance = %self.holder,
                held = ?self.holdings.held(),
                "singleton lease released"
            );
        }
    }

    /// Logs acquired / lost transitions with every lease this instance holds now.
    fn record(&self, task: &'static str, held: bool) {
        if !self.holdings.set(task, held) {
            return;
        }
        let holdings = self.holdings.held();
        if held && !self.lease.shared() {
            // One instance runs every loop; the start-up line lists them once.
            tracing::debug!(task, "singleton loop runs here (no other instance)");
        } else if held {
            tracing::info!(task, instance = %self.holder, held = ?holdings, "singleton lease acquired");
        } else {
            tracing::warn!(task, instance = %self.holder, held = ?holdings, "singleton lease lost");
        }
    }
}
