//! Measures what a cached segment costs beyond its bytes. Run on purpose:
//! `cargo test -p sentinel-adapters-memory --release --test segment_overhead -- --ignored --nocapture`

#![allow(clippy::unwrap_used, clippy::print_stdout)]

use bytes::Bytes;
use chrono::{TimeZone, Utc};
use sentinel_adapters_memory::MemoryLiveStore;
use sentinel_domain::ids::CameraId;
use sentinel_domain::live::{SegmentCacheLimits, SegmentName, Slot};
use sentinel_ports::driven::live::LiveStore;

const CAMERAS: usize = 2_000;
const PER_CAMERA: usize = 60;
const PAYLOAD: usize = 4_096;

fn resident_bytes() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap();
    let pages: u64 = statm.split_whitespace().nth(1).unwrap().parse().unwrap();
    pages * 4_096
}

#[test]
#[ignore = "a measurement, not a check"]
fn overhead_per_cached_segment() {
    println!(
        "size_of Slot<Bytes> = {}",
        std::mem::size_of::<Slot<Bytes>>()
    );
    println!("size_of Bytes       = {}", std::mem::size_of::<Bytes>());
    let store = MemoryLiveStore::new(SegmentCacheLimits {
        max_segments_per_camera: PER_CAMERA,
        max_total_bytes: u64::MAX,
    });
    let now = Utc.with_ymd_and_hms(2026, 11, 27, 12, 0, 0).unwrap();
    let cameras: Vec<CameraId> = (0..CAMERAS)
        .map(|i| CameraId::new(format!("{i:08x}_dev_video0")))
        .collect();
    let payloads: Vec<Bytes> = (0..CAMERAS * PER_CAMERA)
        .map(|_| Bytes::copy_from_slice(&[0x47; PAYLOAD]))
        .collect();
    let before = resident_bytes();
    let mut payloads = payloads.into_iter();
    for sequence in 0..PER_CAMERA {
        for camera in &cameras {
            let name = SegmentName::parse(&format!("segment_{sequence:05}.ts")).unwrap();
            store.put_segment(camera, name, payloads.next().unwrap(), now);
        }
    }
    let stored = resident_bytes();
    let segments = (CAMERAS * PER_CAMERA) as f64;
    println!(
        "store structures per segment (payloads allocated beforehand): {:.1} B",
        (stored - before) as f64 / segments
    );
    // Serving a segment once turns its `Bytes` into a shared handle (one small header).
    let mut served = Vec::with_capacity(CAMERAS);
    for camera in &cameras {
        for sequence in 0..PER_CAMERA {
            let name = SegmentName::parse(&format!("segment_{sequence:05}.ts")).unwrap();
            served.push(store.segment(camera, name).unwrap());
        }
    }
    drop(served);
    let after_serving = resident_bytes();
    println!(
        "plus after every segment was served once: {:.1} B",
        (after_serving - before) as f64 / segments
    );
    println!("stats: {:?}", store.stats());
}
