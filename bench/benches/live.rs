//! The live path's pure and in-memory work: segment-store insert (ring rotation and global
//! byte-cap eviction), segment lookup, playlist rewrite, segment file-name validation.

// A benchmark is start-up code: a fixture that cannot be built should stop the run.
#![allow(clippy::expect_used)]

use bytes::Bytes;
use chrono::Utc;
use criterion::{BatchSize, Criterion, Throughput, black_box, criterion_group, criterion_main};
use sentinel_adapters_memory::MemoryLiveStore;
use sentinel_bench::node_playlist;
use sentinel_domain::ids::CameraId;
use sentinel_domain::live::{SegmentCacheLimits, SegmentName, rewrite_playlist};
use sentinel_ports::driven::live::LiveStore;

const SEGMENT: usize = 100 * 1024;

fn name(sequence: u64) -> SegmentName {
    SegmentName::parse(&format!("segment_{sequence:05}.ts")).expect("valid name")
}

fn cameras(count: usize) -> Vec<CameraId> {
    (0..count)
        .map(|i| CameraId::new(format!("node1_cam{i}")))
        .collect()
}

/// A store holding `cameras` x `per_camera` segments, its byte cap exactly full.
fn full_store(ids: &[CameraId], per_camera: usize, total_cap: u64) -> (MemoryLiveStore, u64) {
    let store = MemoryLiveStore::new(SegmentCacheLimits {
        max_segments_per_camera: per_camera,
        max_total_bytes: total_cap,
    });
    let payload = Bytes::from(vec![0x47; SEGMENT]);
    let now = Utc::now();
    let mut sequence = 0;
    for _ in 0..per_camera {
        for id in ids {
            store.put_segment(id, name(sequence), payload.clone(), now);
        }
        sequence += 1;
    }
    (store, sequence)
}

fn segment_store(c: &mut Criterion) {
    let mut group = c.benchmark_group("segment_store");
    group.throughput(Throughput::Elements(1));
    let payload = Bytes::from(vec![0x47; SEGMENT]);
    let now = Utc::now();

    // Ring rotation only: the per-camera cap drops the oldest, the byte cap is far away.
    let ids = cameras(100);
    let (store, mut sequence) = full_store(&ids, 60, u64::MAX);
    let mut turn = 0usize;
    group.bench_function("insert_ring_rotation_100_cameras", |b| {
        b.iter(|| {
            turn = (turn + 1) % ids.len();
            if turn == 0 {
                sequence += 1;
            }
            store.put_segment(&ids[turn], name(sequence), payload.clone(), now)
        })
    });

    // Every insert over the global byte cap: one global eviction per push.
    for count in [100usize, 1_000] {
        let ids = cameras(count);
        let cap = (count * 10 * SEGMENT) as u64;
        let (store, mut sequence) = full_store(&ids, 60, cap);
        let mut turn = 0usize;
        group.bench_function(format!("insert_global_eviction_{count}_cameras"), |b| {
            b.iter(|| {
                turn = (turn + 1) % ids.len();
                if turn == 0 {
                    sequence += 1;
                }
                store.put_segment(&ids[turn], name(sequence), payload.clone(), now)
            })
        });
    }

    let ids = cameras(1_000);
    let (store, _) = full_store(&ids, 60, u64::MAX);
    let wanted = name(30);
    group.bench_function("get_segment_1000_cameras", |b| {
        b.iter(|| store.segment(black_box(&ids[417]), black_box(wanted)))
    });
    group.finish();
}

fn playlists(c: &mut Criterion) {
    let mut group = c.benchmark_group("playlist");
    let text = node_playlist(12_345, 15);
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("rewrite_15_segments", |b| {
        b.iter(|| rewrite_playlist(black_box(&text)))
    });
    let long = node_playlist(1, 60);
    group.throughput(Throughput::Bytes(long.len() as u64));
    group.bench_function("rewrite_60_segments", |b| {
        b.iter_batched(
            || long.clone(),
            |text| rewrite_playlist(&text),
            BatchSize::SmallInput,
        )
    });
    group.finish();
}

fn file_names(c: &mut Criterion) {
    let mut group = c.benchmark_group("segment_name");
    group.bench_function("parse_valid", |b| {
        b.iter(|| SegmentName::parse(black_box("segment_00042.ts")))
    });
    group.bench_function("parse_traversal_rejected", |b| {
        b.iter(|| SegmentName::parse(black_box("../../etc/segment_1.ts")))
    });
    group.finish();
}

criterion_group!(benches, segment_store, playlists, file_names);
criterion_main!(benches);
