//! Per-request authentication work: verifying a Clerk-shaped RS256 session token and a
//! rate-limit window hit.

// A benchmark is start-up code: a fixture that cannot be built should stop the run.
#![allow(clippy::expect_used)]

use criterion::{Criterion, black_box, criterion_group, criterion_main};
use sentinel_adapters_clerk::LocalIdentity;
use sentinel_adapters_http::rate_limit::MemoryRateLimitStore;
use sentinel_domain::identity::OrgRole;
use sentinel_ports::driven::clock::SystemClock;
use sentinel_ports::driven::identity::{IdentityVerifier, LocalSessionIssuer};
use sentinel_ports::driven::rate_limit::RateLimitStore;
use std::sync::Arc;

const FRONTEND: &str = "http://localhost:5173";

fn jwt(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    let identity =
        LocalIdentity::generate("pro", FRONTEND, Arc::new(SystemClock)).expect("local identity");
    let verifier = identity.verifier().expect("verifier");
    let session = identity.issue("bench", OrgRole::Admin).expect("session");
    let mut group = c.benchmark_group("jwt");
    group.bench_function("verify_rs256_session", |b| {
        b.iter(|| {
            runtime
                .block_on(verifier.verify(black_box(&session.token)))
                .expect("valid token")
        })
    });
    group.finish();
}

fn rate_limits(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    let store = MemoryRateLimitStore::new();
    let keys: Vec<String> = (0..1_000).map(|i| format!("org:org_{i}:segment")).collect();
    let mut turn = 0usize;
    let mut group = c.benchmark_group("rate_limit");
    group.bench_function("memory_hit_1000_keys", |b| {
        b.iter(|| {
            turn = (turn + 1) % keys.len();
            runtime
                .block_on(store.hit(black_box(&keys[turn]), 60))
                .expect("hit")
        })
    });
    group.finish();
}

criterion_group!(benches, jwt, rate_limits);
criterion_main!(benches);
