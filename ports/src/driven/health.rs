//! What the health endpoints probe. Each probe reports a class name on failure, never a
//! message: exception text could carry identifiers.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use std::sync::Mutex;

/// A failed probe, named by the kind of error only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProbeFailure {
    pub error_class: String,
}

impl ProbeFailure {
    pub fn new(error_class: impl Into<String>) -> Self {
        Self {
            error_class: error_class.into(),
        }
    }
}

/// `SELECT 1` against the primary database (the adapter leaves the async runtime itself).
#[async_trait]
pub trait DatabaseProbe: Send + Sync {
    async fn ping(&self) -> Result<(), ProbeFailure>;
}

/// The identity provider's reachability (Clerk's Backend API).
#[async_trait]
pub trait IdentityProviderProbe: Send + Sync {
    async fn probe(&self) -> ProviderStatus;
}

#[derive(Debug, Clone, PartialEq)]
pub enum ProviderStatus {
    /// No secret key: local mode, or a misconfigured deployment.
    Unconfigured,
    Ok {
        latency_ms: f64,
    },
    TimedOut {
        timeout_seconds: f64,
    },
    Failed(ProbeFailure),
}

#[derive(Debug, Clone, PartialEq)]
pub struct DiskUsage {
    pub path: String,
    pub bytes_used: u64,
    pub bytes_free: u64,
    pub bytes_total: u64,
}

pub trait DiskProbe: Send + Sync {
    fn usage(&self) -> Result<DiskUsage, (String, ProbeFailure)>;
}

/// Counters of the in-memory live path and event streams. Implemented by the live store
/// and the event bus once they exist; `IdleRuntime` reports an empty process.
pub trait RuntimeStats: Send + Sync {
    fn playlists_cached(&self) -> u64;
    fn segment_cameras(&self) -> u64;
    fn pending_viewer_writes(&self) -> u64;
    fn notification_subscriber_orgs(&self) -> u64;
    fn notification_subscribers(&self) -> u64;
}

/// Nothing cached, nothing pending, nobody subscribed.
#[derive(Debug, Default, Clone, Copy)]
pub struct IdleRuntime;

impl RuntimeStats for IdleRuntime {
    fn playlists_cached(&self) -> u64 {
        0
    }
    fn segment_cameras(&self) -> u64 {
        0
    }
    fn pending_viewer_writes(&self) -> u64 {
        0
    }
    fn notification_subscriber_orgs(&self) -> u64 {
        0
    }
    fn notification_subscribers(&self) -> u64 {
        0
    }
}

/// Pending rows of the e-mail outbox (the adapter leaves the async runtime itself).
#[async_trait]
pub trait OutboxStats: Send + Sync {
    async fn pending_count(&self) -> Result<u64, ProbeFailure>;
}

/// The e-mail worker stamps this on every tick; health reads how long ago that was.
#[derive(Debug, Default)]
pub struct WorkerHeartbeat {
    last_tick: Mutex<Option<DateTime<Utc>>>,
    /// The last tick was skipped: another instance holds the worker's lease and drains
    /// the outbox, which is as healthy for this instance as draining it itself.
    standing_by: Mutex<bool>,
}

impl WorkerHeartbeat {
    pub fn beat(&self, at: DateTime<Utc>) {
        self.stamp(at, false);
    }

    /// A tick left to the instance holding the worker's lease.
    pub fn stand_by(&self, at: DateTime<Utc>) {
        self.stamp(at, true);
    }

    pub fn standing_by(&self) -> bool {
        self.standing_by.lock().map(|s| *s).unwrap_or(false)
    }

    fn stamp(&self, at: DateTime<Utc>, standing_by: bool) {
        if let Ok(mut last) = self.last_tick.lock() {
            *last = Some(at);
        }
        if let Ok(mut standby) = self.standing_by.lock() {
            *standby = standing_by;
        }
    }

    pub fn last_tick(&self) -> Option<DateTime<Utc>> {
        match self.last_tick.lock() {
            Ok(last) => *last,
            Err(poisoned) => *poisoned.into_inner(),
        }
    }
}
