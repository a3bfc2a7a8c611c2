//! Viewer-seconds per org and month in process memory. Each org has its own small mutex
//! (viewers of different orgs never contend); the map of orgs is read-locked to find one.

use sentinel_domain::ids::OrgId;
use sentinel_domain::live::MonthKey;
use sentinel_ports::driven::metering::{PendingUsage, ViewerMeter};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock};

#[derive(Default)]
pub struct MemoryViewerMeter {
    orgs: RwLock<HashMap<OrgId, Arc<Mutex<OrgUsage>>>>,
    /// Pending + in-flight seconds over every org (the health report's `pending_writes`).
    unwritten: AtomicU64,
}

#[derive(Default)]
struct OrgUsage {
    months: Vec<(MonthKey, MonthUsage)>,
    /// Removed from the map: a recorder holding it must look the org up again.
    detached: bool,
}

#[derive(Debug, Default, Clone, Copy)]
struct MonthUsage {
    stored: Option<u64>,
    in_flight: u64,
    pending: u64,
}

impl OrgUsage {
    fn month(&mut self, month: MonthKey) -> &mut MonthUsage {
        let index = match self.months.iter().position(|(key, _)| *key == month) {
            Some(index) => index,
            None => {
                self.months.push((month, MonthUsage::default()));
                self.months.len() - 1
            }
        };
        &mut self.months[index].1
    }

    fn existing(&self, month: MonthKey) -> Option<&MonthUsage> {
        self.months
            .iter()
            .find(|(key, _)| *key == month)
            .map(|(_, usage)| usage)
    }
}

impl MemoryViewerMeter {
    pub fn new() -> Self {
        Self::default()
    }

    fn org(&self, org: &OrgId) -> Option<Arc<Mutex<OrgUsage>>> {
        self.orgs
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(org)
            .cloned()
    }

    /// Runs `change` on the org's live (not detached) entry, creating it if needed.
    fn with_org<T>(&self, org: &OrgId, change: impl FnOnce(&mut OrgUsage) -> T) -> T {
        let mut change = Some(change);
        loop {
            let entry = match self.org(org) {
                Some(entry) => entry,
                None => self
                    .orgs
                    .write()
                    .unwrap_or_else(PoisonError::into_inner)
                    .entry(org.clone())
                    .or_default()
                    .clone(),
            };
            let mut usage = lock(&entry);
            if usage.detached {
                continue;
            }
            if let Some(change) = change.take() {
                return change(&mut usage);
            }
        }
    }
}

impl ViewerMeter for MemoryViewerMeter {
    fn used(&self, org: &OrgId, month: MonthKey) -> Option<u64> {
        let entry = self.org(org)?;
        let usage = lock(&entry);
        let month = usage.existing(month)?;
        month
            .stored
            .map(|stored| stored + month.in_flight + month.pending)
    }

    fn warm(&self, org: &OrgId, month: MonthKey, stored_seconds: u64) {
        self.with_org(org, |usage| {
            let month = usage.month(month);
            month.stored.get_or_insert(stored_seconds);
        });
    }

    fn record(&self, org: &OrgId, month: MonthKey, seconds: u64) {
        self.with_org(org, |usage| usage.month(month).pending += seconds);
        self.unwritten.fetch_add(seconds, Ordering::Relaxed);
    }

    fn begin_flush(&self) -> Vec<PendingUsage> {
        let orgs: Vec<(OrgId, Arc<Mutex<OrgUsage>>)> = self
            .orgs
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
            .map(|(org, entry)| (org.clone(), entry.clone()))
            .collect();
        let mut flights = Vec::new();
        for (org, entry) in orgs {
            let mut usage = lock(&entry);
            for (month, counts) in &mut usage.months {
                if counts.pending > 0 && counts.in_flight == 0 {
                    counts.in_flight = std::mem::take(&mut counts.pending);
                    flights.push(PendingUsage {
                        org: org.clone(),
                        month: *month,
                        seconds: counts.in_flight,
                    });
                }
            }
        }
        flights
    }

    fn finish_flush(&self, flight: &PendingUsage, stored_seconds: Option<u64>) {
        self.with_org(&flight.org, |usage| {
            let month = usage.month(flight.month);
            let landed = std::mem::take(&mut month.in_flight);
            match stored_seconds {
                Some(stored) => {
                    month.stored = Some(stored);
                    self.unwritten.fetch_sub(landed, Ordering::Relaxed);
                }
                None => month.pending += landed,
            }
        });
    }

    fn pending_seconds(&self) -> u64 {
        self.unwritten.load(Ordering::Relaxed)
    }

    fn forget_months_before(&self, month: MonthKey) {
        let mut orgs = self.orgs.write().unwrap_or_else(PoisonError::into_inner);
        orgs.retain(|_, entry| {
            let mut usage = lock(entry);
            usage.months.retain(|(key, counts)| {
                *key >= month || counts.pending > 0 || counts.in_flight > 0
            });
            if usage.months.is_empty() {
                usage.detached = true;
                return false;
            }
            true
        });
    }
}

fn lock(entry: &Mutex<OrgUsage>) -> MutexGuard<'_, OrgUsage> {
    entry.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn november() -> MonthKey {
        MonthKey::of(Utc.with_ymd_and_hms(2026, 11, 27, 12, 0, 0).unwrap())
    }

    fn december() -> MonthKey {
        MonthKey::of(Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap())
    }

    #[test]
    fn a_cold_org_reads_the_stored_total_once() {
        let meter = MemoryViewerMeter::new();
        let org = OrgId::new("org_a");
        assert_eq!(meter.used(&org, november()), None);
        meter.warm(&org, november(), 12_345);
        assert_eq!(meter.used(&org, november()), Some(12_345));
        meter.warm(&org, november(), 1);
        assert_eq!(
            meter.used(&org, november()),
            Some(12_345),
            "first read wins"
        );
        meter.record(&org, november(), 2);
        assert_eq!(meter.used(&org, november()), Some(12_347));
        assert_eq!(meter.pending_seconds(), 2);
    }

    #[test]
    fn a_flush_moves_pending_into_the_stored_total() {
        let meter = MemoryViewerMeter::new();
        let org = OrgId::new("org_a");
        meter.warm(&org, november(), 100);
        meter.record(&org, november(), 5);
        let flights = meter.begin_flush();
        assert_eq!(
            flights,
            [PendingUsage {
                org: org.clone(),
                month: november(),
                seconds: 5
            }]
        );
        meter.record(&org, november(), 1);
        assert_eq!(
            meter.used(&org, november()),
            Some(106),
            "in flight still counts"
        );
        assert!(
            meter.begin_flush().is_empty(),
            "one flight per key at a time"
        );
        meter.finish_flush(&flights[0], Some(105));
        assert_eq!(meter.used(&org, november()), Some(106));
        assert_eq!(meter.pending_seconds(), 1);
    }

    #[test]
    fn a_failed_flush_keeps_the_seconds_pending() {
        let meter = MemoryViewerMeter::new();
        let org = OrgId::new("org_a");
        meter.warm(&org, november(), 0);
        meter.record(&org, november(), 3);
        let flights = meter.begin_flush();
        meter.finish_flush(&flights[0], None);
        assert_eq!(meter.used(&org, november()), Some(3));
        assert_eq!(meter.pending_seconds(), 3);
        assert_eq!(meter.begin_flush()[0].seconds, 3);
    }

    #[test]
    fn old_months_are_forgotten_once_written() {
        let meter = MemoryViewerMeter::new();
        let (a, b) = (OrgId::new("org_a"), OrgId::new("org_b"));
        meter.warm(&a, november(), 10);
        meter.record(&b, november(), 1);
        meter.forget_months_before(december());
        assert_eq!(meter.used(&a, november()), None, "idle month dropped");
        assert_eq!(meter.begin_flush().len(), 1, "pending month kept");
        meter.warm(&a, december(), 0);
        meter.record(&a, december(), 1);
        assert_eq!(
            meter.used(&a, december()),
            Some(1),
            "a forgotten org comes back"
        );
    }
}
