//! UsageRepo: viewer-seconds add up, also when several instances flush at once.

use crate::common::{at, org_a, org_b, temp_database};
use sentinel_ports::driven::repos::UsageRepo;

#[test]
fn flushes_add_to_the_month_and_orgs_stay_apart() {
    let t = temp_database();
    assert_eq!(t.store.viewer_seconds(&org_a(), "2026-05").unwrap(), 0);
    assert_eq!(
        t.store
            .add_viewer_seconds(&org_a(), "2026-05", 60, at(9, 0, 0))
            .unwrap(),
        60
    );
    assert_eq!(
        t.store
            .add_viewer_seconds(&org_a(), "2026-05", 15, at(9, 1, 0))
            .unwrap(),
        75
    );
    assert_eq!(t.store.viewer_seconds(&org_a(), "2026-05").unwrap(), 75);
    assert_eq!(t.store.viewer_seconds(&org_a(), "2026-06").unwrap(), 0);
    assert_eq!(t.store.viewer_seconds(&org_b(), "2026-05").unwrap(), 0);
}

/// Each instance flushes only the seconds it served; concurrent flushes must neither lose
/// nor double any of them (the upsert adds in the database, not in the caller).
#[test]
fn concurrent_flushes_from_several_instances_lose_and_double_nothing() {
    let t = temp_database();
    let instances = 8;
    let flushes = 25;
    std::thread::scope(|scope| {
        for instance in 0..instances {
            let store = t.store.clone();
            scope.spawn(move || {
                for flush in 0..flushes {
                    let seconds = 1 + (instance * flushes + flush) % 7;
                    store
                        .add_viewer_seconds(&org_a(), "2026-05", seconds, at(9, 0, 0))
                        .unwrap();
                }
            });
        }
    });
    let expected: u64 = (0..instances * flushes).map(|n| 1 + n % 7).sum();
    assert_eq!(
        t.store.viewer_seconds(&org_a(), "2026-05").unwrap(),
        expected
    );
}
