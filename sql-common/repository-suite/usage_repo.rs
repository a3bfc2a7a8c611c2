//! UsageRepo: viewer-seconds add up, also when several instances flush at once.

use crate::common::{at, org_a, org_b, temp_database};
use sentinel_ports::driven::repos::{DailyUsage, UsageRepo};

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

#[test]
fn each_flush_also_books_its_seconds_on_the_flush_day() {
    let t = temp_database();
    let day = |day: &str, seconds| DailyUsage {
        day: day.to_owned(),
        seconds,
    };
    let flush = |org, seconds, when| {
        t.store
            .add_viewer_seconds(org, "2026-05", seconds, when)
            .unwrap()
    };
    let (a, b) = (org_a(), org_b());
    flush(&a, 60, at(9, 0, 0));
    flush(&a, 15, at(23, 59, 0));
    flush(&b, 7, at(10, 0, 0));
    let next_day = at(9, 0, 0) + chrono::Duration::days(1);
    flush(&a, 30, next_day);
    let today = at(0, 0, 0).format("%Y-%m-%d").to_string();
    let tomorrow = next_day.format("%Y-%m-%d").to_string();
    assert_eq!(
        t.store
            .daily_viewer_seconds(&org_a(), "2000-01-01")
            .unwrap(),
        vec![day(&today, 75), day(&tomorrow, 30)]
    );
    assert_eq!(
        t.store.daily_viewer_seconds(&org_a(), &tomorrow).unwrap(),
        vec![day(&tomorrow, 30)]
    );
    assert_eq!(
        t.store
            .daily_viewer_seconds(&org_b(), "2000-01-01")
            .unwrap(),
        vec![day(&today, 7)]
    );
    assert_eq!(t.store.viewer_seconds(&org_a(), "2026-05").unwrap(), 105);
}
