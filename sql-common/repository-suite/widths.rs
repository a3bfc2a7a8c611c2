//! Column widths: the longest value the API accepts (or the server derives from one) fits
//! every column it is written to, on every engine. SQLite never enforces a width and
//! PostgreSQL does, so each value here is the limit itself, spelt in multi-byte characters
//! (PostgreSQL counts characters, not bytes), and must read back whole (data-model.md §0.1).

use crate::common::{at, create_node, org_a, temp_database};
use sentinel_domain::fleet::{CodecReport, NodeChanges, RegisteredCamera};
use sentinel_domain::ids::{CameraId, NodeId, UserId};
use sentinel_domain::incidents::{EvidenceKind, NewEvidence, NewIncident, Severity};
use sentinel_domain::live::StreamAccess;
use sentinel_domain::motion::{MotionQuery, MotionReading, NewMotionEvent};
use sentinel_domain::notifications::{self, InboxQuery};
use sentinel_domain::settings::motion_email_cooldown_start_key;
use sentinel_ports::driven::repos::{
    CameraRepo, IncidentRepo, MotionRepo, NewRun, NodeRepo, NotificationRepo, RunQuery,
    SentinelRunRepo, SettingsRepo, StreamAccessLogRepo, StreamAccessQuery, StreamAccessRepo,
};

/// A dashboard-created node id (8 hex characters).
const NODE: &str = "abcd1234";
/// NodeRegister `cameras[].device_path` (rest-api.md §2.2).
const DEVICE_PATH_MAX_CHARS: usize = 255;
/// NodeRegister `hostname`.
const HOSTNAME_MAX_CHARS: usize = 255;
/// The codec report's codecs (`POST /api/cameras/{id}/codec`).
const CODEC_MAX_CHARS: usize = 64;

/// `n` characters of two bytes each.
fn chars(n: usize) -> String {
    "é".repeat(n)
}

/// The longest camera id register derives: `<node_id>_<device path of 255 characters>`
/// (264 characters; sanitising never lengthens a path).
fn longest_camera_id() -> CameraId {
    CameraId::new(format!("{NODE}_{}", chars(DEVICE_PATH_MAX_CHARS)))
}

/// Register's camera: no reported name (so `Camera <sanitised path>`, 262 characters),
/// capabilities joined from a long list (the contract bounds neither the list nor its
/// entries), codecs at the register limit.
fn longest_registered_camera() -> RegisteredCamera {
    RegisteredCamera {
        camera_id: longest_camera_id(),
        name: None,
        fallback_name: format!("Camera {}", chars(DEVICE_PATH_MAX_CHARS)),
        node_type: chars(20),
        capabilities: vec![chars(40); 50].join(","),
        codecs: Some(CodecReport {
            video: chars(50),
            audio: Some(chars(50)),
        }),
        seen_at: at(10, 0, 0),
    }
}

#[test]
fn a_camera_with_the_longest_derived_id_name_and_capabilities_reads_back_whole() {
    let t = temp_database();
    create_node(&t.store, &org_a(), NODE);
    let reported = longest_registered_camera();
    let created = t
        .store
        .upsert_from_register(&org_a(), &NodeId::new(NODE), &reported)
        .unwrap();
    assert!(created.created);
    // Re-registering finds it by that id.
    let refreshed = t
        .store
        .upsert_from_register(&org_a(), &NodeId::new(NODE), &reported)
        .unwrap();
    assert!(!refreshed.created);

    // The codec report's 64 characters replace register's 50.
    let (video, audio) = (chars(CODEC_MAX_CHARS), chars(CODEC_MAX_CHARS));
    t.store
        .update_codecs(&org_a(), &longest_camera_id(), &video, &audio, at(10, 1, 0))
        .unwrap();

    let camera = CameraRepo::get(&t.store, &org_a(), &longest_camera_id())
        .unwrap()
        .unwrap();
    assert_eq!(camera.camera_id, longest_camera_id());
    assert_eq!(camera.name, reported.fallback_name);
    assert_eq!(camera.name.chars().count(), 262);
    assert_eq!(camera.capabilities, Some(reported.capabilities.clone()));
    assert_eq!(camera.node_type, Some(chars(20)));
    assert_eq!(camera.video_codec, Some(video));
    assert_eq!(camera.audio_codec, Some(audio));
    assert_eq!(
        t.store
            .delete_for_node_except(&org_a(), &NodeId::new(NODE), &[longest_camera_id()])
            .unwrap(),
        Vec::<CameraId>::new(),
        "the long id is matched exactly"
    );
}

#[test]
fn a_node_keeps_the_longest_hostname_and_codecs_accepted() {
    let t = temp_database();
    create_node(&t.store, &org_a(), NODE);
    let changes = NodeChanges {
        hostname: Some(Some(chars(HOSTNAME_MAX_CHARS))),
        local_ip: Some(Some(chars(45))),
        video_codec: Some(Some(chars(CODEC_MAX_CHARS))),
        audio_codec: Some(Some(chars(CODEC_MAX_CHARS))),
        node_version: Some(Some("9".repeat(50))),
        ..NodeChanges::default()
    };
    let node = NodeRepo::update(&t.store, &org_a(), &NodeId::new(NODE), &changes).unwrap();
    assert_eq!(node.hostname, Some(chars(HOSTNAME_MAX_CHARS)));
    assert_eq!(node.local_ip, Some(chars(45)));
    assert_eq!(node.video_codec, Some(chars(CODEC_MAX_CHARS)));
    assert_eq!(node.audio_codec, Some(chars(CODEC_MAX_CHARS)));
    assert_eq!(node.node_version, Some("9".repeat(50)));
}

#[test]
fn the_longest_camera_id_fits_every_table_that_names_a_camera() {
    let t = temp_database();
    let org = org_a();
    let camera = longest_camera_id();

    let accesses = [StreamAccess {
        user_id: UserId::new("user_a"),
        user_email: "a@example.com".into(),
        camera_id: camera.clone(),
        node_ref: "1".into(),
        ip_address: Some("192.0.2.1".into()),
        user_agent: Some(chars(500)),
        accessed_at: at(10, 0, 0),
    }];
    assert_eq!(t.store.record_stream_accesses(&org, &accesses).unwrap(), 1);
    let logged = t
        .store
        .list_stream_accesses(
            &org,
            &StreamAccessQuery {
                camera_id: Some(camera.clone()),
                user_contains: None,
                limit: 10,
                offset: 0,
            },
        )
        .unwrap();
    assert_eq!(logged.entries[0].camera_id, camera.as_str());

    let event = NewMotionEvent {
        camera_id: camera.clone(),
        node_id: NodeId::new(NODE),
        reading: MotionReading {
            score: 80,
            segment_seq: Some(1),
            timestamp: at(10, 0, 0),
        },
    };
    assert_eq!(
        MotionRepo::insert(&t.store, &org, &event)
            .unwrap()
            .camera_id,
        camera
    );
    let motion = MotionRepo::list(
        &t.store,
        &org,
        &MotionQuery {
            camera_id: Some(camera.clone()),
            since: at(0, 0, 0),
            limit: 10,
            offset: 0,
        },
    )
    .unwrap();
    assert_eq!(motion.total, 1);

    // The motion notification names the camera and links to it (18 + 264 characters of
    // its 500); a nameless camera's title is cut to 200 characters.
    let content = notifications::motion("", camera.as_str(), NODE, 80, Some(1), "t").normalised();
    let stored = NotificationRepo::insert(&t.store, &org, &content, at(10, 0, 0)).unwrap();
    assert_eq!(stored.content.camera_id.as_deref(), Some(camera.as_str()));
    assert_eq!(
        stored.content.link,
        Some(format!("/dashboard?camera={camera}"))
    );
    let inbox = NotificationRepo::list(
        &t.store,
        &org,
        &InboxQuery {
            include_admin: true,
            since: at(0, 0, 0),
            after: None,
            limit: 10,
            offset: 0,
        },
    )
    .unwrap();
    assert_eq!(inbox.notifications[0].content, content);

    let incident = IncidentRepo::create(
        &t.store,
        &org,
        &NewIncident {
            camera_id: Some(camera.clone()),
            title: chars(200),
            summary: "s".into(),
            severity: Severity::High,
            created_by: format!("mcp:{}", chars(100)),
        },
        at(10, 0, 0),
    )
    .unwrap();
    assert_eq!(incident.camera_id.as_deref(), Some(camera.as_str()));
    let evidence = t
        .store
        .add_evidence(
            &org,
            incident.id,
            &NewEvidence {
                kind: EvidenceKind::Observation,
                text: Some("seen".into()),
                camera_id: Some(camera.as_str().to_owned()),
                data: None,
                data_mime: None,
            },
            at(10, 1, 0),
        )
        .unwrap();
    assert_eq!(evidence.camera_id.as_deref(), Some(camera.as_str()));

    let key = motion_email_cooldown_start_key(&camera);
    assert_eq!(key.chars().count(), 28 + 264);
    SettingsRepo::set(&t.store, &org, &key, "2026-05-04T10:00:00", at(10, 0, 0)).unwrap();
    assert_eq!(
        SettingsRepo::get(&t.store, &org, &key).unwrap().as_deref(),
        Some("2026-05-04T10:00:00")
    );
}

#[test]
fn a_sentinel_run_keeps_any_camera_id_it_was_given() {
    let t = temp_database();
    // A manual run takes the camera id as it is (not checked, no length limit): the
    // longest derived id, and a longer one still.
    for (id, camera) in [
        ("r1", longest_camera_id().into_inner()),
        ("r2", chars(2_000)),
    ] {
        let run = NewRun {
            id: id.into(),
            trigger_type: "manual".into(),
            camera_id: Some(camera.clone()),
            manual_prompt: Some(chars(2_000)),
            triggered_at: at(10, 0, 0),
        };
        let stored = t
            .store
            .insert_within_cap(&org_a(), &run, at(0, 0, 0), 10)
            .unwrap()
            .unwrap();
        assert_eq!(stored.camera_id, Some(camera));
    }
    let page = SentinelRunRepo::list(
        &t.store,
        &org_a(),
        &RunQuery {
            trigger_type: None,
            since: None,
            limit: 10,
            offset: 0,
        },
    )
    .unwrap();
    assert_eq!(page.total, 2);
}
