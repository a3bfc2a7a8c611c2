//! Every target over its seeds and a few thousand mutations: fast enough for
//! `cargo test --workspace`, and it pins the regressions found while fuzzing.

use sentinel_fuzz::{TARGETS, driver};
use std::time::Duration;

#[test]
fn every_target_survives_a_short_deterministic_run() {
    for target in TARGETS {
        let outcome = driver::run(target, 7, Duration::from_secs(3), 3_000, None);
        if let Err(crash) = outcome {
            panic!(
                "{}: {} on {:?}",
                target.name,
                crash.message,
                String::from_utf8_lossy(&crash.input)
            );
        }
    }
}

fn needle(data: &[u8]) {
    assert!(!data.windows(3).any(|w| w == b"#!#"), "found the needle");
}

#[test]
fn the_driver_finds_and_reports_a_planted_crash() {
    let target = sentinel_fuzz::Target {
        name: "needle",
        run: needle,
        seeds: &[b"hello"],
        dictionary: &[b"#", b"!"],
    };
    let crash = driver::run(&target, 3, Duration::from_secs(20), 5_000_000, None)
        .expect_err("the driver should find the needle");
    assert!(crash.message.contains("needle"), "{}", crash.message);
}
