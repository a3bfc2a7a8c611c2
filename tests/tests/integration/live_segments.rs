//! Segment pushes and playback over real HTTP (rest-api.md §3, §9.1, §13).

use crate::live_common::*;
use sentinel_domain::ids::{CameraId, OrgId};
use sentinel_ports::driven::repos::CameraRepo;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[actix_web::test]
async fn a_pushed_segment_is_served_byte_identical_as_mp2t() {
    let app = live_app(&[]).await;
    seed_two_orgs(&app);
    let body = segment_bytes(CAM_A, 1, 4_000);
    let (status, reply) =
        status_json(push_segment(&app, KEY_A, CAM_A, "segment_00001.ts", body.clone()).await).await;
    assert_eq!(
        (status, reply),
        (200, json!({"success": true, "cached_segments": 1}))
    );

    let served = view(
        &app,
        &viewer("org_a"),
        &format!("/api/cameras/{CAM_A}/segment/segment_00001.ts"),
    )
    .await;
    assert_eq!(served.status(), 200);
    assert_eq!(served.headers()["content-type"], "video/mp2t");
    assert_eq!(served.headers()["cache-control"], "public, max-age=3600");
    assert_eq!(served.bytes().await.unwrap().as_ref(), body.as_slice());
    app.stop().await;
}

#[actix_web::test]
async fn unknown_segments_and_cameras_are_404() {
    let app = live_app(&[]).await;
    seed_two_orgs(&app);
    let token = viewer("org_a");
    let (status, body) = status_json(
        view(
            &app,
            &token,
            &format!("/api/cameras/{CAM_A}/segment/segment_00009.ts"),
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, body),
        (404, json!({"detail": "Segment not found"}))
    );
    let (status, body) = status_json(
        view(
            &app,
            &token,
            "/api/cameras/nope_video0/segment/segment_00009.ts",
        )
        .await,
    )
    .await;
    assert_eq!((status, body), (404, json!({"detail": "Camera not found"})));
    let anonymous = app
        .get(&format!("/api/cameras/{CAM_A}/segment/segment_00009.ts"))
        .await;
    assert_eq!(anonymous.status(), 401);
    app.stop().await;
}

#[actix_web::test]
async fn bad_segment_names_are_refused_on_push_and_never_served() {
    let app = live_app(&[]).await;
    seed_two_orgs(&app);
    assert_eq!(
        push_segment(&app, KEY_A, CAM_A, "segment_00001.ts", vec![0x47; 200])
            .await
            .status(),
        200
    );
    let token = viewer("org_a");
    for name in [
        "../secret.env",
        "segment_00001.ts/..",
        "seg.ts",
        "segment_a.ts",
        "segment_1.ts\n",
    ] {
        let (status, body) =
            status_json(push_segment(&app, KEY_A, CAM_A, name, vec![0x47; 200]).await).await;
        assert_eq!(
            (status, body),
            (400, json!({"detail": "Invalid segment filename"})),
            "{name:?}"
        );
        let encoded: String = url_encode(name);
        let fetched = view(
            &app,
            &token,
            &format!("/api/cameras/{CAM_A}/segment/{encoded}"),
        )
        .await;
        assert!(
            matches!(fetched.status().as_u16(), 400 | 404),
            "{name:?} fetched with {}",
            fetched.status()
        );
    }
    let (status, body) = status_json(
        view(
            &app,
            &token,
            &format!("/api/cameras/{CAM_A}/segment/seg.ts"),
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, body),
        (400, json!({"detail": "Invalid segment filename"}))
    );
    app.stop().await;
}

fn url_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-' | b'.' => (b as char).to_string(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

#[actix_web::test]
async fn push_checks_run_in_the_contract_order() {
    let app = live_app(&[]).await;
    seed_two_orgs(&app);
    let url = app.url(&format!("/api/cameras/{CAM_A}/push-segment"));
    // The missing query parameter is reported before the key is looked at.
    let (status, body) = status_json(app.client.post(&url).body("x").send().await.unwrap()).await;
    assert_eq!(status, 422);
    assert_eq!(body["detail"]["message"], "Field required (query.filename)");
    let named = format!("{url}?filename=segment_00001.ts");
    let (status, body) = status_json(app.client.post(&named).body("x").send().await.unwrap()).await;
    assert_eq!((status, body), (401, json!({"detail": "Missing API key"})));
    let (status, body) = status_json(
        app.client
            .post(&named)
            .header("x-node-api-key", "not-a-key")
            .body("x")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!((status, body), (401, json!({"detail": "Invalid API key"})));
    let (status, body) =
        status_json(push_segment(&app, KEY_A, "nope_video0", "segment_00001.ts", vec![1]).await)
            .await;
    assert_eq!((status, body), (404, json!({"detail": "Camera not found"})));
    app.stop().await;
}

#[actix_web::test]
async fn oversized_segments_are_refused_with_413_declared_and_actual() {
    let app = live_app(&[
        ("SEGMENT_PUSH_MAX_BYTES", "1000"),
        ("PLAYLIST_PUSH_MAX_BYTES", "100"),
    ])
    .await;
    seed_two_orgs(&app);
    let (status, body) =
        status_json(push_segment(&app, KEY_A, CAM_A, "segment_00001.ts", vec![0x47; 2_000]).await)
            .await;
    assert_eq!(status, 413);
    assert_eq!(
        body,
        json!({"detail": "Body declared 2000 bytes; max is 1000"})
    );
    assert_eq!(
        push_segment(&app, KEY_A, CAM_A, "segment_00002.ts", vec![0x47; 1_000])
            .await
            .status(),
        200,
        "exactly the cap is fine"
    );

    // A chunked body declares nothing: refused once the bytes pass the cap.
    let (status, body) = chunked_push(&app, KEY_A, CAM_A, "segment_00003.ts", &[600, 900]).await;
    assert_eq!(status, 413, "{body}");
    assert!(body.contains("Body is 1500 bytes; max is 1000"), "{body}");
    let (status, _) = chunked_push(&app, KEY_A, CAM_A, "segment_00004.ts", &[600, 300]).await;
    assert_eq!(status, 200);
    let served = view(
        &app,
        &viewer("org_a"),
        &format!("/api/cameras/{CAM_A}/segment/segment_00004.ts"),
    )
    .await;
    assert_eq!(served.bytes().await.unwrap().len(), 900);

    let (status, body) = status_json(push_playlist(&app, KEY_A, CAM_A, &[b'#'; 101]).await).await;
    assert_eq!(
        (status, body),
        (
            413,
            json!({"detail": "Body declared 101 bytes; max is 100"})
        )
    );
    app.stop().await;
}

/// A push with `Transfer-Encoding: chunked` over a raw socket: `(status, whole response)`.
async fn chunked_push(
    app: &sentinel_tests::TestApp,
    key: &str,
    camera: &str,
    filename: &str,
    chunks: &[usize],
) -> (u16, String) {
    let mut socket = tokio::net::TcpStream::connect(app.address).await.unwrap();
    let mut request = format!(
        "POST /api/cameras/{camera}/push-segment?filename={filename} HTTP/1.1\r\nHost: {}\r\n\
         x-node-api-key: {key}\r\nContent-Type: video/mp2t\r\nTransfer-Encoding: chunked\r\n\
         Connection: close\r\n\r\n",
        app.address
    )
    .into_bytes();
    for size in chunks {
        request.extend_from_slice(format!("{size:x}\r\n").as_bytes());
        request.extend(std::iter::repeat_n(0x47u8, *size));
        request.extend_from_slice(b"\r\n");
    }
    request.extend_from_slice(b"0\r\n\r\n");
    socket.write_all(&request).await.unwrap();
    let mut response = Vec::new();
    socket.read_to_end(&mut response).await.unwrap();
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0);
    (status, text)
}

#[actix_web::test]
async fn per_camera_cap_five_with_eight_pushes_keeps_four_to_eight() {
    let app = live_app(&[("SEGMENT_CACHE_MAX_PER_CAMERA", "5")]).await;
    seed_two_orgs(&app);
    let mut counts = Vec::new();
    for sequence in 1..=8 {
        let reply = push_segment(
            &app,
            KEY_A,
            CAM_A,
            &segment_name(sequence),
            segment_bytes(CAM_A, sequence, 300),
        )
        .await;
        counts.push(
            status_json(reply).await.1["cached_segments"]
                .as_u64()
                .unwrap(),
        );
    }
    assert_eq!(counts, [1, 2, 3, 4, 5, 5, 5, 5]);
    let token = viewer("org_a");
    for sequence in 1..=8 {
        let status = view(
            &app,
            &token,
            &format!("/api/cameras/{CAM_A}/segment/{}", segment_name(sequence)),
        )
        .await
        .status()
        .as_u16();
        assert_eq!(
            status,
            if sequence >= 4 { 200 } else { 404 },
            "segment {sequence}"
        );
    }
    app.stop().await;
}

#[actix_web::test]
async fn a_node_restart_is_served_its_new_segments() {
    let app = live_app(&[("SEGMENT_CACHE_MAX_PER_CAMERA", "5")]).await;
    seed_two_orgs(&app);
    for sequence in 100..=110 {
        push_segment(
            &app,
            KEY_A,
            CAM_A,
            &segment_name(sequence),
            segment_bytes(CAM_A, sequence, 200),
        )
        .await;
    }
    // FFmpeg restarted: numbering starts over and must not be evicted by the old run.
    let restarted = segment_bytes("restart", 0, 200);
    push_segment(&app, KEY_A, CAM_A, &segment_name(0), restarted.clone()).await;
    let served = view(
        &app,
        &viewer("org_a"),
        &format!("/api/cameras/{CAM_A}/segment/{}", segment_name(0)),
    )
    .await;
    assert_eq!(served.status(), 200);
    assert_eq!(served.bytes().await.unwrap().as_ref(), restarted.as_slice());
    app.stop().await;
}

#[actix_web::test]
async fn the_global_byte_cap_evicts_the_oldest_pushes_across_cameras() {
    let app = live_app(&[("SEGMENT_CACHE_MAX_TOTAL_BYTES", "500")]).await;
    seed_node(&app, "org_a", "aaaa0001", KEY_A);
    for i in 1..=9 {
        seed_camera(
            &app,
            "org_a",
            "aaaa0001",
            &format!("aaaa0001_video{i}"),
            &format!("Cam {i}"),
        );
    }
    for i in 1..=9 {
        let camera = format!("aaaa0001_video{i}");
        let reply = push_segment(&app, KEY_A, &camera, "segment_00001.ts", vec![0x47; 100]).await;
        assert_eq!(reply.status(), 200);
    }
    // Over 500 at the 6th and 8th push: each time the two oldest go (to 400 ≤ 475).
    let token = viewer("org_a");
    for i in 1..=9 {
        let status = view(
            &app,
            &token,
            &format!("/api/cameras/aaaa0001_video{i}/segment/segment_00001.ts"),
        )
        .await
        .status()
        .as_u16();
        assert_eq!(status, if i >= 5 { 200 } else { 404 }, "camera {i}");
    }
    let health: serde_json::Value = app.get("/api/health/detailed").await.json().await.unwrap();
    assert_eq!(health["checks"]["hls_cache"]["segment_cameras"], 5);
    app.stop().await;
}

#[actix_web::test]
async fn a_camera_suspended_by_the_plan_gets_402_while_its_sibling_streams() {
    let app = live_app(&[]).await;
    seed_two_orgs(&app);
    set_plan(&app, "org_a", "pro");
    let org = OrgId::new("org_a");
    CameraRepo::set_disabled_by_plan(&store(&app), &org, &[CameraId::new(CAM_A2)], true).unwrap();
    // Whoever flips the flag refreshes the directory (enforce_camera_cap does).
    app.state
        .fleet_directory
        .forget_camera(&org, &CameraId::new(CAM_A2));

    // 402 comes before the file name is even looked at.
    let (status, body) =
        status_json(push_segment(&app, KEY_A, CAM_A2, "bad-name", vec![0x47; 10]).await).await;
    assert_eq!(status, 402);
    assert_eq!(
        body,
        json!({"detail": {
            "message": "Camera suspended by plan limit",
            "plan_limit_hit": {
                "plan": "Pro",
                "max_cameras": 25,
                "skipped": ["Garage"],
                "detail": "Camera 'Garage' is over the Pro plan limit (25 cameras). Upgrade to resume streaming."
            }
        }})
    );
    assert_eq!(
        push_segment(&app, KEY_A, CAM_A, "segment_00001.ts", vec![0x47; 10])
            .await
            .status(),
        200,
        "the sibling camera on the same node still streams"
    );
    assert_eq!(
        push_playlist(&app, KEY_A, CAM_A2, ffmpeg_playlist(1..=1).as_bytes())
            .await
            .status(),
        200,
        "suspended cameras may still push playlists"
    );

    CameraRepo::set_disabled_by_plan(&store(&app), &org, &[CameraId::new(CAM_A2)], false).unwrap();
    app.state
        .fleet_directory
        .forget_camera(&org, &CameraId::new(CAM_A2));
    assert_eq!(
        push_segment(&app, KEY_A, CAM_A2, "segment_00001.ts", vec![0x47; 10])
            .await
            .status(),
        200,
        "lifting the flag resumes at once"
    );
    app.stop().await;
}

#[actix_web::test]
async fn a_free_org_suspension_names_the_free_plan() {
    let app = live_app(&[]).await;
    seed_two_orgs(&app);
    let org = OrgId::new("org_a");
    CameraRepo::set_disabled_by_plan(&store(&app), &org, &[CameraId::new(CAM_A)], true).unwrap();
    app.state
        .fleet_directory
        .forget_camera(&org, &CameraId::new(CAM_A));
    let (status, body) =
        status_json(push_segment(&app, KEY_A, CAM_A, "segment_00001.ts", vec![1]).await).await;
    assert_eq!(status, 402);
    assert_eq!(body["detail"]["plan_limit_hit"]["plan"], "Free");
    assert_eq!(body["detail"]["plan_limit_hit"]["max_cameras"], 5);
    assert!(body["detail"].get("error").is_none(), "E2: no error key");
    app.stop().await;
}

#[actix_web::test]
async fn another_orgs_node_and_viewers_get_404_for_a_camera() {
    let app = live_app(&[]).await;
    seed_two_orgs(&app);
    assert_eq!(
        push_segment(&app, KEY_A, CAM_A, "segment_00001.ts", vec![0x47; 10])
            .await
            .status(),
        200
    );
    assert_eq!(
        push_playlist(&app, KEY_A, CAM_A, ffmpeg_playlist(1..=1).as_bytes())
            .await
            .status(),
        200
    );
    let not_found = json!({"detail": "Camera not found"});

    // Org B's node cannot push anything for org A's camera...
    let reply = push_segment(&app, KEY_B, CAM_A, "segment_00002.ts", vec![0x47; 10]).await;
    assert_eq!(status_json(reply).await, (404, not_found.clone()));
    let reply = push_playlist(&app, KEY_B, CAM_A, ffmpeg_playlist(1..=2).as_bytes()).await;
    assert_eq!(status_json(reply).await, (404, not_found.clone()));
    let reply = app
        .client
        .post(app.url(&format!("/api/cameras/{CAM_A}/codec")))
        .header("x-node-api-key", KEY_B)
        .json(&json!({"video_codec": "avc1.42e01e"}))
        .send()
        .await
        .unwrap();
    assert_eq!(status_json(reply).await, (404, not_found.clone()));
    // ...nor can another node of org A...
    seed_node(&app, "org_a", "aaaa0002", "second-node-key");
    let reply = push_segment(
        &app,
        "second-node-key",
        CAM_A,
        "segment_00002.ts",
        vec![0x47; 10],
    )
    .await;
    assert_eq!(status_json(reply).await, (404, not_found.clone()));
    // ...nor can org A's node push for org B's camera.
    let reply = push_segment(&app, KEY_A, CAM_B, "segment_00001.ts", vec![0x47; 10]).await;
    assert_eq!(status_json(reply).await, (404, not_found.clone()));

    // Org B's viewers see nothing of org A's camera.
    let intruder = viewer("org_b");
    for path in [
        format!("/api/cameras/{CAM_A}/stream.m3u8"),
        format!("/api/cameras/{CAM_A}/master.m3u8"),
        format!("/api/cameras/{CAM_A}/segment/segment_00001.ts"),
    ] {
        let reply = view(&app, &intruder, &path).await;
        assert_eq!(status_json(reply).await, (404, not_found.clone()), "{path}");
    }
    // The owner still gets everything.
    let owner = viewer("org_a");
    assert_eq!(
        view(&app, &owner, &format!("/api/cameras/{CAM_A}/stream.m3u8"))
            .await
            .status(),
        200
    );
    assert_eq!(
        view(
            &app,
            &owner,
            &format!("/api/cameras/{CAM_A}/segment/segment_00001.ts")
        )
        .await
        .status(),
        200
    );
    app.stop().await;
}

#[actix_web::test]
async fn many_cameras_push_while_viewers_read_complete_segments() {
    const CAMERAS: u64 = 6;
    const SEGMENTS: u64 = 25;
    let app = live_app(&[("SEGMENT_CACHE_MAX_PER_CAMERA", "8")]).await;
    seed_node(&app, "org_a", "aaaa0001", KEY_A);
    for c in 0..CAMERAS {
        seed_camera(
            &app,
            "org_a",
            "aaaa0001",
            &format!("aaaa0001_video{c}"),
            &format!("Cam {c}"),
        );
    }
    let length = |c: u64, s: u64| usize::try_from(2_000 + (c * 997 + s * 131) % 30_000).unwrap();
    let mut tasks = tokio::task::JoinSet::new();
    for c in 0..CAMERAS {
        let (client, base) = (app.client.clone(), app.base_url.clone());
        tasks.spawn(async move {
            let camera = format!("aaaa0001_video{c}");
            for s in 0..SEGMENTS {
                let reply = client
                    .post(format!("{base}/api/cameras/{camera}/push-segment"))
                    .query(&[("filename", segment_name(s))])
                    .header("x-node-api-key", KEY_A)
                    .body(segment_bytes(&camera, s, length(c, s)))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(reply.status(), 200);
            }
            0u64
        });
    }
    for reader in 0..4u64 {
        let (client, base) = (app.client.clone(), app.base_url.clone());
        tasks.spawn(async move {
            let token = viewer("org_a");
            let mut served = 0;
            for i in 0..(SEGMENTS * 3) {
                let c = (reader + i) % CAMERAS;
                let s = (i / 3) % SEGMENTS;
                let camera = format!("aaaa0001_video{c}");
                let reply = client
                    .get(format!(
                        "{base}/api/cameras/{camera}/segment/{}",
                        segment_name(s)
                    ))
                    .bearer_auth(&token)
                    .send()
                    .await
                    .unwrap();
                match reply.status().as_u16() {
                    200 => {
                        let bytes = reply.bytes().await.unwrap();
                        assert_eq!(
                            bytes.as_ref(),
                            segment_bytes(&camera, s, length(c, s)).as_slice()
                        );
                        served += 1;
                    }
                    404 => {}
                    other => panic!("unexpected {other}"),
                }
            }
            served
        });
    }
    let mut served = 0;
    while let Some(result) = tasks.join_next().await {
        served += result.unwrap();
    }
    assert!(served > 0, "readers saw segments while pushes ran");
    // Afterwards every camera holds exactly its newest 8, intact.
    let token = viewer("org_a");
    for c in 0..CAMERAS {
        let camera = format!("aaaa0001_video{c}");
        for s in (SEGMENTS - 8)..SEGMENTS {
            let reply = view(
                &app,
                &token,
                &format!("/api/cameras/{camera}/segment/{}", segment_name(s)),
            )
            .await;
            assert_eq!(reply.status(), 200, "{camera} {s}");
            assert_eq!(reply.bytes().await.unwrap().len(), length(c, s));
        }
    }
    app.stop().await;
}

#[actix_web::test]
async fn segments_are_never_recompressed_even_when_the_player_accepts_gzip() {
    let app = live_app(&[]).await;
    seed_two_orgs(&app);
    let body = segment_bytes(CAM_A, 1, 50_000);
    push_segment(&app, KEY_A, CAM_A, "segment_00001.ts", body.clone()).await;
    let served = app
        .client
        .get(app.url(&format!("/api/cameras/{CAM_A}/segment/segment_00001.ts")))
        .bearer_auth(viewer("org_a"))
        .header("accept-encoding", "gzip, br")
        .send()
        .await
        .unwrap();
    assert_eq!(served.status(), 200);
    let encoding = served
        .headers()
        .get("content-encoding")
        .map(|value| value.to_str().unwrap().to_owned());
    assert!(
        encoding.is_none() || encoding.as_deref() == Some("identity"),
        "MPEG-TS is sent as is, got {encoding:?}"
    );
    assert_eq!(served.headers()["content-length"], "50000");
    assert_eq!(served.bytes().await.unwrap().as_ref(), body.as_slice());
    app.stop().await;
}
