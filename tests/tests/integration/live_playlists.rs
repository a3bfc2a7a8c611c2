//! Playlist pushes, playback, codecs and the stream access log (rest-api.md §3, §9.2–§9.5).

use crate::live_common::*;
use chrono::TimeDelta;
use diesel::prelude::*;
use sentinel_domain::ids::{CameraId, NodeId, OrgId};
use sentinel_ports::driven::repos::{CameraRepo, NodeRepo};
use sentinel_sql_common::schema::stream_access_logs;
use serde_json::json;

#[actix_web::test]
async fn a_playlist_is_404_until_the_node_pushes_one() {
    let app = live_app(&[]).await;
    seed_two_orgs(&app);
    let (status, body) = status_json(
        view(
            &app,
            &viewer("org_a"),
            &format!("/api/cameras/{CAM_A}/stream.m3u8"),
        )
        .await,
    )
    .await;
    assert_eq!(status, 404);
    assert!(
        body["detail"].as_str().unwrap().contains("not started"),
        "{body}"
    );
    assert_eq!(body, json!({"detail": "Stream not started yet"}));
    app.stop().await;
}

#[actix_web::test]
async fn pushed_playlists_are_served_rewritten_with_no_cache_headers() {
    let app = live_app(&[]).await;
    seed_two_orgs(&app);
    let pushed = "#EXTM3U\r\n#EXT-X-VERSION:3\r\n#EXT-X-CODECS:\"avc1\"\r\n#EXT-X-TARGETDURATION:1\r\n#EXTINF:1.0,\r\n./data/hls/cam/segment_00001.ts\r\n#EXTINF:1.0,\r\nC:\\hls\\segment_00002.ts\r\n#EXTINF:1.0,\r\nhttps://bucket.s3.amazonaws.com/x/segment_00003.ts?X-Amz-Expires=60\r\n#EXTINF:1.0,\r\nsegment_00004.ts\r\n";
    let (status, body) =
        status_json(push_playlist(&app, KEY_A, CAM_A, pushed.as_bytes()).await).await;
    assert_eq!(
        (status, body),
        (200, json!({"success": true, "message": "Playlist updated"}))
    );

    let served = view(
        &app,
        &viewer("org_a"),
        &format!("/api/cameras/{CAM_A}/stream.m3u8"),
    )
    .await;
    assert_eq!(served.status(), 200);
    assert_eq!(
        served.headers()["content-type"],
        "application/vnd.apple.mpegurl"
    );
    assert_eq!(
        served.headers()["cache-control"],
        "no-store, no-cache, must-revalidate, max-age=0"
    );
    assert_eq!(served.headers()["pragma"], "no-cache");
    let text = served.text().await.unwrap();
    for sequence in 1..=4 {
        assert!(
            text.contains(&format!("\nsegment/segment_{sequence:05}.ts\n")),
            "{text:?}"
        );
    }
    for banned in [
        "http://",
        "https://",
        "x-amz-",
        "expires=",
        "#EXT-X-CODECS:",
        "segment/segment/",
    ] {
        assert!(
            !text.to_lowercase().contains(&banned.to_lowercase()),
            "{banned} in {text:?}"
        );
    }
    assert!(text.starts_with("#EXTM3U\r\n"), "tag lines keep their CRLF");

    // Pushing the served text back changes nothing (idempotent rewrite).
    push_playlist(&app, KEY_A, CAM_A, text.as_bytes()).await;
    let again = view(
        &app,
        &viewer("org_a"),
        &format!("/api/cameras/{CAM_A}/stream.m3u8"),
    )
    .await;
    assert_eq!(again.text().await.unwrap(), text);
    app.stop().await;
}

#[actix_web::test]
async fn a_playlist_goes_stale_thirty_seconds_after_its_last_push() {
    let app = live_app(&[]).await;
    seed_two_orgs(&app);
    push_playlist(&app, KEY_A, CAM_A, ffmpeg_playlist(0..=2).as_bytes()).await;
    let path = format!("/api/cameras/{CAM_A}/stream.m3u8");
    app.clock.advance(TimeDelta::seconds(29));
    assert_eq!(view(&app, &viewer("org_a"), &path).await.status(), 200);
    app.clock.advance(TimeDelta::seconds(1));
    assert_eq!(view(&app, &viewer("org_a"), &path).await.status(), 404);
    app.stop().await;
}

#[actix_web::test]
async fn a_playlist_that_is_not_utf8_is_refused() {
    let app = live_app(&[]).await;
    seed_two_orgs(&app);
    let (status, body) =
        status_json(push_playlist(&app, KEY_A, CAM_A, b"\xff#EXTM3U\n").await).await;
    assert_eq!(status, 400);
    assert_eq!(
        body,
        json!({"detail": "Invalid playlist content: 'utf-8' codec can't decode byte 0xff in position 0: invalid start byte"})
    );
    let (status, _) = status_json(push_playlist(&app, "wrong", CAM_A, b"#EXTM3U\n").await).await;
    assert_eq!(status, 401);
    app.stop().await;
}

#[actix_web::test]
async fn the_codec_report_is_stored_and_offered_in_the_master_playlist() {
    let app = live_app(&[]).await;
    seed_two_orgs(&app);
    push_segment(&app, KEY_A, CAM_A, "segment_00001.ts", vec![0x47; 340]).await;
    push_playlist(&app, KEY_A, CAM_A, ffmpeg_playlist(1..=1).as_bytes()).await;
    let token = viewer("org_a");
    let master_path = format!("/api/cameras/{CAM_A}/master.m3u8");
    let before = view(&app, &token, &master_path).await.text().await.unwrap();
    assert_eq!(
        before, "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-STREAM-INF:BANDWIDTH=2720\nstream.m3u8\n",
        "no codecs known yet"
    );

    let codec_url = app.url(&format!("/api/cameras/{CAM_A}/codec"));
    let reply = app
        .client
        .post(&codec_url)
        .header("x-node-api-key", KEY_A)
        .json(&json!({"video_codec": "avc1.42e00a"}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        status_json(reply).await,
        (200, json!({"success": true, "message": "Codec updated"}))
    );

    let org = OrgId::new("org_a");
    let camera = CameraRepo::get(&store(&app), &org, &CameraId::new(CAM_A))
        .unwrap()
        .unwrap();
    assert_eq!(
        camera.video_codec.as_deref(),
        Some("avc1.42e01e"),
        "level repaired"
    );
    assert_eq!(
        camera.audio_codec.as_deref(),
        Some("mp4a.40.2"),
        "audio defaulted"
    );
    assert!(camera.codec_detected_at.is_some());
    let node = NodeRepo::get(&store(&app), &org, &NodeId::new("aaaa0001"))
        .unwrap()
        .unwrap();
    assert_eq!(
        node.video_codec.as_deref(),
        Some("avc1.42e01e"),
        "node had none: copied"
    );

    let served = view(&app, &token, &master_path).await;
    assert_eq!(
        served.headers()["content-type"],
        "application/vnd.apple.mpegurl"
    );
    assert_eq!(
        served.text().await.unwrap(),
        "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-STREAM-INF:BANDWIDTH=2720,CODECS=\"avc1.42e01e,mp4a.40.2\"\nstream.m3u8\n"
    );
    let media = view(&app, &token, &format!("/api/cameras/{CAM_A}/stream.m3u8")).await;
    assert!(
        !media.text().await.unwrap().contains("CODECS"),
        "the media playlist stays plain"
    );

    // A second report of another camera does not overwrite the node's codecs.
    let reply = app
        .client
        .post(app.url(&format!("/api/cameras/{CAM_A2}/codec")))
        .header("x-node-api-key", KEY_A)
        .json(&json!({"video_codec": "avc1.64001f", "audio_codec": "opus"}))
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), 200);
    let node = NodeRepo::get(&store(&app), &org, &NodeId::new("aaaa0001"))
        .unwrap()
        .unwrap();
    assert_eq!(node.video_codec.as_deref(), Some("avc1.42e01e"));
    app.stop().await;
}

#[actix_web::test]
async fn codec_reports_are_validated() {
    let app = live_app(&[]).await;
    seed_two_orgs(&app);
    let url = app.url(&format!("/api/cameras/{CAM_A}/codec"));
    let long = "a".repeat(65);
    let cases: [(&str, &str); 5] = [
        ("not json", "Invalid request body"),
        ("[]", "Invalid request body"),
        ("{}", "video_codec is required"),
        (r#"{"video_codec":"avc1\n"}"#, "Invalid video_codec format"),
        (
            r#"{"video_codec":"avc1","audio_codec":"a\r"}"#,
            "Invalid audio_codec format",
        ),
    ];
    for (body, message) in cases {
        let reply = app
            .client
            .post(&url)
            .header("x-node-api-key", KEY_A)
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(
            status_json(reply).await,
            (400, json!({"detail": message})),
            "{body}"
        );
    }
    let reply = app
        .client
        .post(&url)
        .header("x-node-api-key", KEY_A)
        .json(&json!({"video_codec": long}))
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), 400);
    let reply = app.client.post(&url).body("{}").send().await.unwrap();
    assert_eq!(
        status_json(reply).await,
        (401, json!({"detail": "Missing API key"}))
    );
    app.stop().await;
}

#[actix_web::test]
async fn master_playlist_reads_stored_codecs_after_a_restart() {
    let app = live_app(&[]).await;
    seed_two_orgs(&app);
    // The codec was reported to an earlier process: only the row has it.
    CameraRepo::update_codecs(
        &store(&app),
        &OrgId::new("org_a"),
        &CameraId::new(CAM_A),
        "hvc1.1.L93.B0",
        "mp4a.40.2",
        now(&app),
    )
    .unwrap();
    push_playlist(&app, KEY_A, CAM_A, ffmpeg_playlist(1..=1).as_bytes()).await;
    let text = view(
        &app,
        &viewer("org_a"),
        &format!("/api/cameras/{CAM_A}/master.m3u8"),
    )
    .await
    .text()
    .await
    .unwrap();
    assert!(
        text.contains("CODECS=\"hvc1.1.L93.B0,mp4a.40.2\""),
        "{text}"
    );
    app.stop().await;
}

/// `(user_id, user_email, org_id, camera_id, node_id, ip_address, user_agent)`.
type AccessRow = (
    String,
    Option<String>,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
);

fn access_rows(app: &sentinel_tests::TestApp) -> Vec<AccessRow> {
    let mut conn = app.sql();
    stream_access_logs::table
        .order(stream_access_logs::id.asc())
        .select((
            stream_access_logs::user_id,
            stream_access_logs::user_email,
            stream_access_logs::org_id,
            stream_access_logs::camera_id,
            stream_access_logs::node_id,
            stream_access_logs::ip_address,
            stream_access_logs::user_agent,
        ))
        .load(&mut conn)
        .unwrap()
}

#[actix_web::test]
async fn playlist_views_are_logged_once_per_user_and_camera_every_five_minutes() {
    let app = live_app(&[]).await;
    seed_two_orgs(&app);
    let path = format!("/api/cameras/{CAM_A}/stream.m3u8");
    let token = viewer("org_a");
    let get = || async {
        app.client
            .get(app.url(&path))
            .bearer_auth(&token)
            .header("user-agent", "hls.js test")
            .send()
            .await
            .unwrap()
    };
    assert_eq!(get().await.status(), 404, "a miss is logged too");
    push_playlist(&app, KEY_A, CAM_A, ffmpeg_playlist(1..=1).as_bytes()).await;
    assert_eq!(get().await.status(), 200);
    assert!(
        access_rows(&app).is_empty(),
        "never written on the request path"
    );

    assert_eq!(app.state.live_pipeline.write_access_logs().unwrap(), 1);
    let node_row = NodeRepo::get(&store(&app), &OrgId::new("org_a"), &NodeId::new("aaaa0001"))
        .unwrap()
        .unwrap()
        .id;
    assert_eq!(
        access_rows(&app),
        [(
            "user_v".to_owned(),
            Some("user_v@example.test".to_owned()),
            "org_a".to_owned(),
            CAM_A.to_owned(),
            node_row.to_string(),
            Some("127.0.0.1".to_owned()),
            Some("hls.js test".to_owned()),
        )]
    );

    app.clock.advance(TimeDelta::seconds(301));
    push_playlist(&app, KEY_A, CAM_A, ffmpeg_playlist(1..=2).as_bytes()).await;
    get().await;
    get().await;
    assert_eq!(app.state.live_pipeline.write_access_logs().unwrap(), 1);
    assert_eq!(access_rows(&app).len(), 2);
    app.stop().await;
}

#[actix_web::test]
async fn every_cleanup_interval_playlist_push_sweeps_idle_cameras() {
    let app = live_app(&[("CLEANUP_INTERVAL", "2")]).await;
    seed_two_orgs(&app);
    push_segment(&app, KEY_A, CAM_A2, "segment_00001.ts", vec![0x47; 10]).await;
    app.clock.advance(TimeDelta::seconds(61));
    push_segment(&app, KEY_A, CAM_A, "segment_00001.ts", vec![0x47; 10]).await;
    push_playlist(&app, KEY_A, CAM_A, ffmpeg_playlist(1..=1).as_bytes()).await;
    let idle = format!("/api/cameras/{CAM_A2}/segment/segment_00001.ts");
    assert_eq!(
        view(&app, &viewer("org_a"), &idle).await.status(),
        200,
        "first push: no sweep"
    );
    push_playlist(&app, KEY_A, CAM_A, ffmpeg_playlist(1..=1).as_bytes()).await;
    assert_eq!(
        view(&app, &viewer("org_a"), &idle).await.status(),
        404,
        "second push swept"
    );
    let fresh = format!("/api/cameras/{CAM_A}/segment/segment_00001.ts");
    assert_eq!(view(&app, &viewer("org_a"), &fresh).await.status(), 200);
    app.stop().await;
}
