#![allow(clippy::unwrap_used, clippy::expect_used)]

use bytes::Bytes;
use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use sentinel_adapters_memory::MemoryLiveStore;
use sentinel_domain::ids::CameraId;
use sentinel_domain::live::{SegmentCacheLimits, SegmentName};
use sentinel_ports::driven::live::LiveStore;
use std::sync::Arc;

fn noon() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, 12, 0, 0).unwrap()
}

fn store(per_camera: usize, total: u64) -> MemoryLiveStore {
    MemoryLiveStore::new(SegmentCacheLimits {
        max_segments_per_camera: per_camera,
        max_total_bytes: total,
    })
}

fn name(sequence: u64) -> SegmentName {
    SegmentName::parse(&format!("segment_{sequence:05}.ts")).unwrap()
}

fn cam(id: &str) -> CameraId {
    CameraId::new(id)
}

#[test]
fn a_segment_is_served_as_the_same_shared_bytes() {
    let store = store(60, 1 << 20);
    let body = Bytes::from(vec![0x47u8; 376]);
    assert_eq!(
        store.put_segment(&cam("c"), name(1), body.clone(), noon()),
        1
    );
    let served = store.segment(&cam("c"), name(1)).unwrap();
    assert_eq!(served, body);
    assert_eq!(served.as_ptr(), body.as_ptr(), "a handle, not a copy");
    assert_eq!(store.segment(&cam("c"), name(2)), None);
    assert_eq!(store.segment(&cam("other"), name(1)), None);
}

#[test]
fn per_camera_cap_five_with_eight_pushes_keeps_four_to_eight() {
    let store = store(5, 1 << 20);
    let mut counts = Vec::new();
    for sequence in 1..=8 {
        counts.push(store.put_segment(&cam("c"), name(sequence), Bytes::from(vec![1; 10]), noon()));
    }
    assert_eq!(counts, [1, 2, 3, 4, 5, 5, 5, 5]);
    let kept: Vec<u64> = store
        .newest_segments(&cam("c"), 99)
        .unwrap()
        .iter()
        .map(|(name, _)| name.sequence())
        .collect();
    assert_eq!(kept, [4, 5, 6, 7, 8]);
    assert_eq!(store.byte_total(), 50);
    assert_eq!(store.stats().evicted_segments, 3, "the ring dropped 1 to 3");
}

#[test]
fn global_cap_evicts_the_oldest_pushes_across_cameras_to_the_low_water_mark() {
    let store = store(60, 500);
    for i in 1..=9 {
        store.put_segment(
            &cam(&format!("c{i}")),
            name(1),
            Bytes::from(vec![0; 100]),
            noon(),
        );
        assert!(store.byte_total() <= 500, "never left over the cap");
    }
    // 6th push: 600 > 500 → oldest two go (400 ≤ 475); same at the 8th.
    for gone in 1..=4 {
        assert_eq!(
            store.segment(&cam(&format!("c{gone}")), name(1)),
            None,
            "c{gone}"
        );
    }
    for kept in 5..=9 {
        assert!(
            store.segment(&cam(&format!("c{kept}")), name(1)).is_some(),
            "c{kept}"
        );
    }
    assert_eq!(store.byte_total(), 500);
    assert_eq!(store.recount_bytes(), 500);
    assert_eq!(
        store.stats().evicted_segments,
        4,
        "the byte cap dropped c1 to c4"
    );
}

#[test]
fn global_cap_is_a_no_op_under_the_cap() {
    let store = store(60, 500);
    for i in 1..=5 {
        store.put_segment(&cam("c"), name(i), Bytes::from(vec![0; 100]), noon());
    }
    assert_eq!(store.newest_segments(&cam("c"), 10).unwrap().len(), 5);
}

#[test]
fn newest_segments_follows_the_snapshot_contract() {
    let store = store(60, 1 << 20);
    assert_eq!(store.newest_segments(&cam("c"), 3), None, "no bucket");
    for sequence in 1..=4 {
        store.put_segment(&cam("c"), name(sequence), Bytes::from_static(b"x"), noon());
    }
    assert_eq!(store.newest_segments(&cam("c"), 0), Some(Vec::new()));
    let newest: Vec<u64> = store
        .newest_segments(&cam("c"), 2)
        .unwrap()
        .iter()
        .map(|(name, _)| name.sequence())
        .collect();
    assert_eq!(newest, [3, 4], "newest N, oldest first");
}

#[test]
fn dropping_a_camera_removes_segments_and_playlist_and_is_idempotent() {
    let store = store(60, 1 << 20);
    store.put_segment(&cam("c"), name(1), Bytes::from(vec![0; 10]), noon());
    store.put_segment(&cam("d"), name(1), Bytes::from(vec![0; 7]), noon());
    store.put_playlist(&cam("c"), Bytes::from_static(b"#EXTM3U\n"), noon());
    store.drop_camera(&cam("c"));
    store.drop_camera(&cam("c"));
    assert_eq!(store.segment(&cam("c"), name(1)), None);
    assert_eq!(store.playlist(&cam("c")), None);
    assert_eq!(store.byte_total(), 7);
    assert_eq!(
        store.put_playlist(&cam("c"), Bytes::from_static(b"#EXTM3U\n"), noon()),
        1,
        "push counter restarts"
    );
}

#[test]
fn playlists_count_their_pushes_and_keep_their_time() {
    let store = store(60, 1 << 20);
    assert_eq!(
        store.put_playlist(&cam("c"), Bytes::from_static(b"a"), noon()),
        1
    );
    let later = noon() + TimeDelta::seconds(5);
    assert_eq!(
        store.put_playlist(&cam("c"), Bytes::from_static(b"b"), later),
        2
    );
    let cached = store.playlist(&cam("c")).unwrap();
    assert_eq!(cached.body, Bytes::from_static(b"b"));
    assert_eq!(cached.pushed_at, later);
}

#[test]
fn the_sweep_drops_cameras_idle_for_a_minute() {
    let store = store(60, 1 << 20);
    store.put_segment(&cam("old"), name(1), Bytes::from(vec![0; 10]), noon());
    store.put_playlist(&cam("old"), Bytes::from_static(b"p"), noon());
    let later = noon() + TimeDelta::seconds(61);
    store.put_segment(&cam("fresh"), name(1), Bytes::from(vec![0; 3]), later);
    let report = store.sweep(later);
    assert_eq!(report.dropped_cameras, [cam("old")]);
    assert_eq!(report.byte_drift, 0);
    assert_eq!(store.playlist(&cam("old")), None);
    assert_eq!(store.byte_total(), 3);
    let stats = store.stats();
    assert_eq!(
        (stats.segment_cameras, stats.playlists, stats.segments),
        (1, 0, 1)
    );
}

#[test]
fn the_sweep_keeps_the_newest_five_hundred_playlists() {
    let store = store(60, 1 << 20);
    for i in 0..510 {
        store.put_playlist(&cam(&format!("c{i:03}")), Bytes::from_static(b"p"), noon());
    }
    let report = store.sweep(noon());
    assert_eq!(report.dropped_playlists, 10);
    assert_eq!(store.stats().playlists, 500);
    assert_eq!(store.playlist(&cam("c000")), None, "oldest push dropped");
    assert!(store.playlist(&cam("c509")).is_some());
}

#[test]
fn idle_cameras_are_dropped_by_the_daily_cleanup() {
    let store = store(60, 1 << 20);
    store.put_segment(&cam("c"), name(1), Bytes::from(vec![0; 10]), noon());
    assert!(store.drop_idle_cameras(noon()).is_empty());
    assert_eq!(
        store.drop_idle_cameras(noon() + TimeDelta::hours(24)),
        [cam("c")]
    );
    assert_eq!(store.byte_total(), 0);
}

#[test]
fn running_total_equals_a_recount_under_concurrent_push_read_and_drop() {
    let store = Arc::new(store(4, 20_000));
    let threads: Vec<_> = (0..8u64)
        .map(|t| {
            let store = store.clone();
            std::thread::spawn(move || {
                for i in 0..2_000u64 {
                    let camera = cam(&format!("c{}", (t + i) % 12));
                    let size = usize::try_from(50 + (i * 37 + t) % 400).unwrap();
                    let fill = u8::try_from(i % 251).unwrap();
                    let sequence = if i % 301 == 0 { 0 } else { i };
                    store.put_segment(
                        &camera,
                        name(sequence),
                        Bytes::from(vec![fill; size]),
                        noon(),
                    );
                    if let Some(bytes) = store.segment(&camera, name(sequence)) {
                        let first = bytes[0];
                        assert!(bytes.iter().all(|b| *b == first), "a segment is never torn");
                    }
                    if i % 97 == 0 {
                        store.drop_camera(&camera);
                    }
                    if i % 500 == 0 {
                        store.sweep(noon());
                    }
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().unwrap();
    }
    assert_eq!(store.byte_total(), store.recount_bytes());
    assert!(store.byte_total() <= 20_000);
    assert_eq!(store.sweep(noon()).byte_drift, 0);
}
