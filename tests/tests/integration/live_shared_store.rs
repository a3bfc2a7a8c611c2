//! `LIVE_STORE=redis`: several instances behind one name share the live cache, so a viewer
//! routed to any instance sees what the node pushed to another (issue 10), and an evidence
//! clip can be cut on any instance.
//!
//! Both instances here run on their own SQLite file with the same node and camera seeded,
//! as they would on one shared database. The live keys go to Redis database 9 (away from
//! servers on the default database, whose clock is not the tests' manual one) under camera
//! ids unique to each run. Skips with a notice when Redis is unreachable outside CI.

use crate::live_common::*;
use crate::mcp_common::{ORG_A, call_tool, first_text, mint_key};
use crate::nodes_common::{ADMIN_A, set_setting};
use chrono::TimeDelta;
use redis::AsyncCommands;
use sentinel_domain::ids::CameraId;
use sentinel_tests::TestApp;
use serde_json::json;

/// Redis database 9 of `SENTINEL_TEST_REDIS_URL` (default 127.0.0.1:6379).
fn redis_url() -> String {
    let base = std::env::var("SENTINEL_TEST_REDIS_URL")
        .unwrap_or_else(|_| "redis://127.0.0.1:6379".to_owned());
    format!("{}/9", base.trim_end_matches('/'))
}

/// A connection for looking at the keys, or `None` (after a notice) outside CI.
async fn redis_or_skip(url: &str) -> Option<redis::aio::MultiplexedConnection> {
    let connected = match redis::Client::open(url) {
        Ok(client) => client.get_multiplexed_async_connection().await,
        Err(error) => Err(error),
    };
    match connected {
        Ok(connection) => Some(connection),
        Err(error) if std::env::var_os("CI").is_none() => {
            eprintln!("skipping: no Redis at {url}: {error}");
            None
        }
        Err(error) => panic!("CI needs Redis at {url}: {error}"),
    }
}

struct Cluster {
    a: TestApp,
    b: TestApp,
    node_key: String,
    camera: String,
    redis: redis::aio::MultiplexedConnection,
}

/// Two instances on one Redis live store, each knowing node and camera of this run.
async fn cluster() -> Option<Cluster> {
    let url = redis_url();
    let redis = redis_or_skip(&url).await?;
    let env = [("LIVE_STORE", "redis"), ("REDIS_URL", url.as_str())];
    let (a, b) = (live_app(&env).await, live_app(&env).await);
    let run = format!("{:08x}", rand_u32());
    let node = format!("c1{run}");
    let camera = format!("{node}_video0");
    let node_key = format!("{run}-1c3d-4e5f-8a9b-0c1d2e3f4a5b");
    for app in [&a, &b] {
        seed_node(app, "org_a", &node, &node_key);
        seed_camera(app, "org_a", &node, &camera, "Front door");
    }
    Some(Cluster {
        a,
        b,
        node_key,
        camera,
        redis,
    })
}

fn rand_u32() -> u32 {
    use std::hash::{BuildHasher, RandomState};
    u32::try_from(RandomState::new().hash_one(std::time::SystemTime::now()) >> 32).unwrap()
}

impl Cluster {
    async fn live_keys(&mut self) -> Vec<String> {
        let pattern = format!("sentinel:live:*{}*", self.camera);
        self.redis.keys(pattern).await.unwrap()
    }

    async fn stop(mut self) {
        self.a.state.live.drop_camera(&CameraId::new(&self.camera));
        for _ in 0..50 {
            if self.live_keys().await.is_empty() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        self.a.stop().await;
        self.b.stop().await;
    }
}

#[actix_web::test]
async fn a_segment_and_playlist_pushed_to_one_instance_are_served_by_another() {
    let Some(cluster) = cluster().await else {
        return;
    };
    let (a, b, camera) = (&cluster.a, &cluster.b, cluster.camera.as_str());
    let token = viewer("org_a");
    let body = segment_bytes(camera, 7, 300_000);
    let (status, reply) = status_json(
        push_segment(a, &cluster.node_key, camera, &segment_name(7), body.clone()).await,
    )
    .await;
    assert_eq!(
        (status, reply),
        (200, json!({"success": true, "cached_segments": 1}))
    );
    let playlist = ffmpeg_playlist(7..=7);
    let pushed = push_playlist(a, &cluster.node_key, camera, playlist.as_bytes()).await;
    assert_eq!(pushed.status(), 200);

    let segment_path = format!("/api/cameras/{camera}/segment/{}", segment_name(7));
    let served = view(b, &token, &segment_path).await;
    assert_eq!(served.status(), 200);
    assert_eq!(served.headers()["content-type"], "video/mp2t");
    assert_eq!(served.bytes().await.unwrap().as_ref(), body.as_slice());
    // Again, from B's hot memory this time.
    let again = view(b, &token, &segment_path).await;
    assert_eq!(again.bytes().await.unwrap().as_ref(), body.as_slice());

    let playlist_path = format!("/api/cameras/{camera}/stream.m3u8");
    let from_a = view(a, &token, &playlist_path).await;
    let from_b = view(b, &token, &playlist_path).await;
    assert_eq!(
        (from_a.status().as_u16(), from_b.status().as_u16()),
        (200, 200)
    );
    let from_a = from_a.bytes().await.unwrap();
    assert_eq!(from_b.bytes().await.unwrap(), from_a);
    let text = String::from_utf8_lossy(&from_a);
    assert!(
        text.contains(&format!("\nsegment/{}\n", segment_name(7))),
        "rewritten to the proxy path: {text}"
    );

    let master = view(b, &token, &format!("/api/cameras/{camera}/master.m3u8")).await;
    assert_eq!(master.status(), 200);
    let master = master.text().await.unwrap();
    assert!(master.contains("BANDWIDTH="), "{master}");

    let missing = view(
        b,
        &token,
        &format!("/api/cameras/{camera}/segment/{}", segment_name(8)),
    )
    .await;
    assert_eq!(
        status_json(missing).await,
        (404, json!({"detail": "Segment not found"}))
    );
    cluster.stop().await;
}

#[actix_web::test]
async fn a_newer_playlist_pushed_elsewhere_is_seen_once_the_memo_expires() {
    let Some(cluster) = cluster().await else {
        return;
    };
    let (a, b, camera) = (&cluster.a, &cluster.b, cluster.camera.as_str());
    let token = viewer("org_a");
    let path = format!("/api/cameras/{camera}/stream.m3u8");
    assert_eq!(
        status_json(view(b, &token, &path).await).await,
        (404, json!({"detail": "Stream not started yet"}))
    );
    let first = ffmpeg_playlist(1..=2);
    push_playlist(a, &cluster.node_key, camera, first.as_bytes()).await;
    let seen = view(b, &token, &path).await.text().await.unwrap();
    assert!(seen.contains("segment_00002.ts") && !seen.contains("segment_00003.ts"));

    // The node's next push lands on B; A's own memo is replaced within half a second.
    let second = ffmpeg_playlist(2..=3);
    push_playlist(b, &cluster.node_key, camera, second.as_bytes()).await;
    a.clock.advance(TimeDelta::milliseconds(600));
    let seen = view(a, &token, &path).await.text().await.unwrap();
    assert!(seen.contains("segment_00003.ts"), "{seen}");
    cluster.stop().await;
}

#[actix_web::test]
async fn dropping_a_camera_on_one_instance_removes_it_from_the_shared_store() {
    let Some(mut cluster) = cluster().await else {
        return;
    };
    let camera = cluster.camera.clone();
    for sequence in 1..=3 {
        let pushed = push_segment(
            &cluster.a,
            &cluster.node_key,
            &camera,
            &segment_name(sequence),
            segment_bytes(&camera, sequence, 1_000),
        )
        .await;
        assert_eq!(pushed.status(), 200);
    }
    push_playlist(
        &cluster.a,
        &cluster.node_key,
        &camera,
        ffmpeg_playlist(1..=3).as_bytes(),
    )
    .await;
    assert!(!cluster.live_keys().await.is_empty());

    // The node deleted on A (what `DELETE /api/nodes/{id}` and the org wipe end in).
    cluster.a.state.live.drop_camera(&CameraId::new(&camera));
    let mut left = cluster.live_keys().await;
    for _ in 0..50 {
        if left.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        left = cluster.live_keys().await;
    }
    assert!(left.is_empty(), "left behind: {left:?}");
    let served = view(
        &cluster.b,
        &viewer("org_a"),
        &format!("/api/cameras/{camera}/segment/{}", segment_name(3)),
    )
    .await;
    assert_eq!(served.status(), 404);
    cluster.stop().await;
}

#[actix_web::test]
async fn an_evidence_clip_cut_on_another_instance_holds_the_pushed_segments() {
    let Some(cluster) = cluster().await else {
        return;
    };
    let (a, b, camera) = (&cluster.a, &cluster.b, cluster.camera.as_str());
    set_setting(b, ORG_A, "org_plan", "pro");
    let (_, key) = mint_key(b, ADMIN_A, json!({"name": "clips"})).await;
    let created = call_tool(
        b,
        &key,
        "create_incident",
        json!({"title": "Door forced", "summary": "Seen on the front door", "camera_id": camera}),
    )
    .await;
    let incident = created["structuredContent"]["id"].as_i64().unwrap();
    let clip_args = json!({"incident_id": incident, "camera_id": camera, "duration_seconds": 2});
    let nothing_yet = call_tool(b, &key, "attach_clip", clip_args.clone()).await;
    assert!(
        first_text(&nothing_yet)
            .starts_with(&format!("No buffered segments for camera '{camera}'")),
        "{nothing_yet}"
    );

    let bodies: Vec<Vec<u8>> = (1..=3)
        .map(|sequence| segment_bytes(camera, sequence, 20_000 + 1_000 * sequence as usize))
        .collect();
    for (sequence, body) in (1..=3).zip(&bodies) {
        let pushed = push_segment(
            a,
            &cluster.node_key,
            camera,
            &segment_name(sequence),
            body.clone(),
        )
        .await;
        assert_eq!(pushed.status(), 200);
    }
    assert!(
        b.state
            .live
            .newest_segments(&CameraId::new(camera), 3)
            .is_none(),
        "B received none of the pushes"
    );

    let attached = call_tool(b, &key, "attach_clip", clip_args).await;
    assert_eq!(attached["isError"], false, "{attached}");
    let clip = &attached["structuredContent"];
    let expected = [bodies[1].as_slice(), bodies[2].as_slice()].concat();
    assert_eq!(clip["segment_count"], 2);
    assert_eq!(clip["bytes"], expected.len());
    assert_eq!(clip["data_mime"], "video/mp2t;duration=2.0");
    let evidence = clip["id"].as_i64().unwrap();
    let blob = view(
        b,
        ADMIN_A,
        &format!("/api/incidents/{incident}/evidence/{evidence}"),
    )
    .await;
    assert_eq!(blob.status(), 200);
    assert_eq!(blob.bytes().await.unwrap().as_ref(), expected.as_slice());
    cluster.stop().await;
}

/// A private `redis-server` on a free port, killed on drop.
struct PrivateRedis {
    child: std::process::Child,
    port: u16,
}

impl PrivateRedis {
    fn start(port: u16) -> Option<Self> {
        let spawned = std::process::Command::new("redis-server")
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn();
        match spawned {
            Ok(child) => Some(Self { child, port }),
            Err(error) if std::env::var_os("CI").is_none() => {
                eprintln!("skipping: no redis-server: {error}");
                None
            }
            Err(error) => panic!("CI needs redis-server: {error}"),
        }
    }

    fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    async fn ready(&self) {
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", self.port))
                .await
                .is_ok()
            {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("redis-server did not start on {}", self.port);
    }

    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for PrivateRedis {
    fn drop(&mut self) {
        self.kill();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[actix_web::test]
async fn with_redis_gone_pushes_answer_503_hot_segments_still_play_and_pushes_recover() {
    let port = free_port();
    let Some(mut redis) = PrivateRedis::start(port) else {
        return;
    };
    redis.ready().await;
    let url = redis.url();
    let app = live_app(&[("LIVE_STORE", "redis"), ("REDIS_URL", url.as_str())]).await;
    seed_two_orgs(&app);
    let token = viewer("org_a");
    let body = segment_bytes(CAM_A, 1, 2_000);
    let pushed = push_segment(&app, KEY_A, CAM_A, &segment_name(1), body.clone()).await;
    assert_eq!(pushed.status(), 200);

    redis.kill();
    let started = std::time::Instant::now();
    let refused = push_segment(&app, KEY_A, CAM_A, &segment_name(2), body.clone()).await;
    assert_eq!(
        status_json(refused).await,
        (
            503,
            json!({"detail": "Live store unavailable, retry shortly"})
        )
    );
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "answered promptly"
    );
    let playlist = push_playlist(&app, KEY_A, CAM_A, ffmpeg_playlist(1..=2).as_bytes()).await;
    assert_eq!(playlist.status(), 503);
    // What this instance holds hot still plays; what it would have to fetch is a 503.
    let hot = view(
        &app,
        &token,
        &format!("/api/cameras/{CAM_A}/segment/{}", segment_name(1)),
    )
    .await;
    assert_eq!(hot.status(), 200);
    let cold = view(
        &app,
        &token,
        &format!("/api/cameras/{CAM_A}/segment/{}", segment_name(9)),
    )
    .await;
    assert_eq!(cold.status(), 503);

    let mut redis = PrivateRedis::start(port).unwrap();
    redis.ready().await;
    let mut status = 0;
    for _ in 0..50 {
        let retried = push_segment(&app, KEY_A, CAM_A, &segment_name(2), body.clone()).await;
        status = retried.status().as_u16();
        if status == 200 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(status, 200, "pushes recover once Redis is back");
    redis.kill();
    app.stop().await;
}

#[actix_web::test]
async fn with_redis_gone_a_clip_is_cut_from_the_segments_this_instance_holds() {
    let port = free_port();
    let Some(mut redis) = PrivateRedis::start(port) else {
        return;
    };
    redis.ready().await;
    let url = redis.url();
    let env = [("LIVE_STORE", "redis"), ("REDIS_URL", url.as_str())];
    let (pushed_to, other) = (live_app(&env).await, live_app(&env).await);
    let mut clip_calls = Vec::new();
    for app in [&pushed_to, &other] {
        seed_two_orgs(app);
        set_setting(app, ORG_A, "org_plan", "pro");
        let (_, key) = mint_key(app, ADMIN_A, json!({"name": "clips"})).await;
        let created = call_tool(
            app,
            &key,
            "create_incident",
            json!({"title": "Door forced", "summary": "Front door", "camera_id": CAM_A}),
        )
        .await;
        let incident = created["structuredContent"]["id"].as_i64().unwrap();
        clip_calls.push((key, json!({"incident_id": incident, "camera_id": CAM_A})));
    }
    let body = segment_bytes(CAM_A, 1, 2_000);
    let pushed = push_segment(&pushed_to, KEY_A, CAM_A, &segment_name(1), body.clone()).await;
    assert_eq!(pushed.status(), 200);

    redis.kill();
    let (key, args) = &clip_calls[0];
    let local = call_tool(&pushed_to, key, "attach_clip", args.clone()).await;
    assert_eq!(local["isError"], false, "{local}");
    assert_eq!(local["structuredContent"]["bytes"], body.len());
    let (key, args) = &clip_calls[1];
    let unreachable = call_tool(&other, key, "attach_clip", args.clone()).await;
    assert_eq!(unreachable["isError"], true);
    assert_eq!(
        first_text(&unreachable),
        "Error calling tool 'attach_clip': live store temporarily unavailable"
    );
    pushed_to.stop().await;
    other.stop().await;
}
