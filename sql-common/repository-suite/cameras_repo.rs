//! CameraRepo: register upserts, joined listings, heartbeat reports, policy, plan flags,
//! tenant isolation.

use crate::common::{add_camera, at, create_node, org_a, org_b, registered, temp_database};
use sentinel_domain::fleet::{
    CameraStatusReport, CodecReport, NewCameraGroup, RecordingPolicy, RegisteredCamera,
};
use sentinel_domain::ids::{CameraId, NodeId};
use sentinel_ports::driven::repos::{CameraRepo, GroupRepo, RepoError};

fn cam(camera_id: &str) -> CameraId {
    CameraId::new(camera_id)
}

fn node(node_id: &str) -> NodeId {
    NodeId::new(node_id)
}

#[test]
fn register_creates_then_refreshes_a_camera() {
    let t = temp_database();
    create_node(&t.store, &org_a(), "abcd1234");
    let first = RegisteredCamera {
        name: Some("Front door".into()),
        capabilities: "streaming,motion".into(),
        codecs: Some(CodecReport {
            video: "avc1.42e01e".into(),
            audio: Some("mp4a.40.2".into()),
        }),
        ..registered("abcd1234_video0", at(10, 0, 0))
    };
    let created = t
        .store
        .upsert_from_register(&org_a(), &node("abcd1234"), &first)
        .unwrap();
    assert!(created.created);
    let camera = created.camera;
    assert_eq!(camera.name, "Front door");
    assert_eq!(camera.status.as_deref(), Some("online"));
    assert_eq!(camera.created_at, Some(at(10, 0, 0)));
    assert_eq!(camera.capability_list(), ["streaming", "motion"]);
    assert_eq!(camera.video_codec.as_deref(), Some("avc1.42e01e"));
    assert_eq!(camera.codec_detected_at, Some(at(10, 0, 0)));
    assert!(!camera.disabled_by_plan);
    assert_eq!(camera.recording, RecordingPolicy::default());

    // Re-register without a name or codecs: name kept, last_seen moves, created_at stays.
    let again = registered("abcd1234_video0", at(11, 0, 0));
    let refreshed = t
        .store
        .upsert_from_register(&org_a(), &node("abcd1234"), &again)
        .unwrap();
    assert!(!refreshed.created);
    assert_eq!(refreshed.camera.name, "Front door");
    assert_eq!(refreshed.camera.last_seen, Some(at(11, 0, 0)));
    assert_eq!(refreshed.camera.created_at, Some(at(10, 0, 0)));
    assert_eq!(refreshed.camera.video_codec.as_deref(), Some("avc1.42e01e"));

    let unnamed = t
        .store
        .upsert_from_register(
            &org_a(),
            &node("abcd1234"),
            &registered("abcd1234_video1", at(10, 0, 0)),
        )
        .unwrap();
    assert_eq!(unnamed.camera.name, "Camera abcd1234_video1");
}

#[test]
fn a_camera_id_owned_by_another_org_is_a_conflict_and_untouched() {
    let t = temp_database();
    create_node(&t.store, &org_a(), "aaaa0001");
    create_node(&t.store, &org_b(), "bbbb0001");
    add_camera(&t.store, &org_a(), "aaaa0001", "shared_id");
    let err = t
        .store
        .upsert_from_register(
            &org_b(),
            &node("bbbb0001"),
            &registered("shared_id", at(12, 0, 0)),
        )
        .unwrap_err();
    assert!(matches!(err, RepoError::Conflict(_)), "{err}");
    let kept = CameraRepo::get(&t.store, &org_a(), &cam("shared_id"))
        .unwrap()
        .unwrap();
    assert_eq!(kept.last_seen, Some(at(10, 0, 0)));
}

#[test]
fn registering_under_another_orgs_node_is_not_found() {
    let t = temp_database();
    create_node(&t.store, &org_a(), "aaaa0001");
    let err = t
        .store
        .upsert_from_register(
            &org_b(),
            &node("aaaa0001"),
            &registered("aaaa0001_x", at(12, 0, 0)),
        )
        .unwrap_err();
    assert_eq!(err, RepoError::NotFound("node"));
}

#[test]
fn listings_join_node_and_group_names_oldest_first() {
    let t = temp_database();
    create_node(&t.store, &org_a(), "aaaa0001");
    let group = GroupRepo::create(
        &t.store,
        &org_a(),
        &NewCameraGroup {
            name: "Garage".into(),
            color: "#ff0000".into(),
            icon: "🚗".into(),
            created_at: at(8, 0, 0),
        },
    )
    .unwrap();
    for (camera_id, seen) in [("aaaa0001_b", at(10, 0, 0)), ("aaaa0001_a", at(9, 0, 0))] {
        t.store
            .upsert_from_register(&org_a(), &node("aaaa0001"), &registered(camera_id, seen))
            .unwrap();
    }
    t.store
        .set_group(&org_a(), &cam("aaaa0001_b"), Some(group.id))
        .unwrap();

    let listed = CameraRepo::list(&t.store, &org_a()).unwrap();
    let order: Vec<&str> = listed.iter().map(|l| l.camera.camera_id.as_str()).collect();
    assert_eq!(order, ["aaaa0001_a", "aaaa0001_b"]);
    let b = t
        .store
        .get_listing(&org_a(), &cam("aaaa0001_b"))
        .unwrap()
        .unwrap();
    assert_eq!(b.node_id, Some(node("aaaa0001")));
    assert_eq!(b.node_name.as_deref(), Some("Node-aaaa0001"));
    assert_eq!(b.group_name.as_deref(), Some("Garage"));
    assert_eq!(b.camera.group_id, Some(group.id));
    assert_eq!(listed[0].group_name, None);

    assert_eq!(
        t.store
            .list_for_node(&org_a(), &node("aaaa0001"))
            .unwrap()
            .len(),
        2
    );
    assert_eq!(CameraRepo::count(&t.store, &org_a()).unwrap(), 2);
    t.store
        .set_group(&org_a(), &cam("aaaa0001_b"), None)
        .unwrap();
    let b = CameraRepo::get(&t.store, &org_a(), &cam("aaaa0001_b"))
        .unwrap()
        .unwrap();
    assert_eq!(b.group_id, None);
}

#[test]
fn heartbeat_reports_touch_only_this_nodes_cameras() {
    let t = temp_database();
    create_node(&t.store, &org_a(), "aaaa0001");
    create_node(&t.store, &org_a(), "aaaa0002");
    add_camera(&t.store, &org_a(), "aaaa0001", "aaaa0001_video0");
    add_camera(&t.store, &org_a(), "aaaa0002", "aaaa0002_video0");
    let reports = [
        CameraStatusReport::new(cam("aaaa0001_video0"), "failed", Some("ffmpeg exited")),
        CameraStatusReport::new(cam("aaaa0002_video0"), "failed", Some("not yours")),
        CameraStatusReport::new(cam("unknown"), "streaming", None),
    ];
    let changed = t
        .store
        .record_status_reports(&org_a(), &node("aaaa0001"), &reports, at(12, 0, 0))
        .unwrap();
    assert_eq!(changed, 1);
    let mine = CameraRepo::get(&t.store, &org_a(), &cam("aaaa0001_video0"))
        .unwrap()
        .unwrap();
    assert_eq!(mine.status.as_deref(), Some("failed"));
    assert_eq!(
        mine.visible_last_error(at(12, 0, 30)),
        Some("ffmpeg exited")
    );
    let other = CameraRepo::get(&t.store, &org_a(), &cam("aaaa0002_video0"))
        .unwrap()
        .unwrap();
    assert_eq!(other.status.as_deref(), Some("online"));

    let healthy = [CameraStatusReport::new(
        cam("aaaa0001_video0"),
        "streaming",
        Some("stale"),
    )];
    t.store
        .record_status_reports(&org_a(), &node("aaaa0001"), &healthy, at(12, 0, 30))
        .unwrap();
    let mine = CameraRepo::get(&t.store, &org_a(), &cam("aaaa0001_video0"))
        .unwrap()
        .unwrap();
    assert_eq!(
        (mine.status.as_deref(), mine.last_error),
        (Some("streaming"), None)
    );
}

#[test]
fn codecs_and_recording_policy_are_stored() {
    let t = temp_database();
    create_node(&t.store, &org_a(), "aaaa0001");
    add_camera(&t.store, &org_a(), "aaaa0001", "aaaa0001_video0");
    t.store
        .update_codecs(
            &org_a(),
            &cam("aaaa0001_video0"),
            "avc1.4d401f",
            "mp4a.40.2",
            at(12, 0, 0),
        )
        .unwrap();
    let policy = RecordingPolicy {
        continuous_24_7: false,
        scheduled_recording: true,
        scheduled_start: Some("22:00".into()),
        scheduled_end: Some("06:00".into()),
    };
    let camera = t
        .store
        .set_recording_policy(&org_a(), &cam("aaaa0001_video0"), &policy)
        .unwrap();
    assert_eq!(camera.recording, policy);
    assert_eq!(camera.video_codec.as_deref(), Some("avc1.4d401f"));
    assert_eq!(camera.codec_detected_at, Some(at(12, 0, 0)));
    let missing = t
        .store
        .update_codecs(&org_a(), &cam("nope"), "a", "b", at(12, 0, 0));
    assert_eq!(missing.unwrap_err(), RepoError::NotFound("camera"));
}

#[test]
fn plan_flags_report_only_real_changes() {
    let t = temp_database();
    create_node(&t.store, &org_a(), "aaaa0001");
    for c in ["aaaa0001_a", "aaaa0001_b", "aaaa0001_c"] {
        add_camera(&t.store, &org_a(), "aaaa0001", c);
    }
    let over_cap = [cam("aaaa0001_b"), cam("aaaa0001_c")];
    assert_eq!(
        t.store
            .set_disabled_by_plan(&org_a(), &over_cap, true)
            .unwrap(),
        2
    );
    assert_eq!(
        t.store
            .set_disabled_by_plan(&org_a(), &over_cap, true)
            .unwrap(),
        0
    );
    assert_eq!(
        t.store.set_disabled_by_plan(&org_a(), &[], true).unwrap(),
        0
    );
    let flags: Vec<bool> = CameraRepo::list(&t.store, &org_a())
        .unwrap()
        .iter()
        .map(|l| l.camera.disabled_by_plan)
        .collect();
    assert_eq!(flags, [false, true, true]);
    assert_eq!(
        t.store
            .set_disabled_by_plan(&org_a(), &over_cap, false)
            .unwrap(),
        2
    );
}

#[test]
fn register_prunes_cameras_the_node_no_longer_reports() {
    let t = temp_database();
    create_node(&t.store, &org_a(), "aaaa0001");
    create_node(&t.store, &org_a(), "aaaa0002");
    for c in ["aaaa0001_a", "aaaa0001_b", "aaaa0001_c"] {
        add_camera(&t.store, &org_a(), "aaaa0001", c);
    }
    add_camera(&t.store, &org_a(), "aaaa0002", "aaaa0002_a");
    let gone = t
        .store
        .delete_for_node_except(&org_a(), &node("aaaa0001"), &[cam("aaaa0001_b")])
        .unwrap();
    assert_eq!(gone, [cam("aaaa0001_a"), cam("aaaa0001_c")]);
    let all_gone = t
        .store
        .delete_for_node_except(&org_a(), &node("aaaa0001"), &[])
        .unwrap();
    assert_eq!(all_gone, [cam("aaaa0001_b")]);
    assert_eq!(CameraRepo::count(&t.store, &org_a()).unwrap(), 1);
}

#[test]
fn delete_removes_one_camera() {
    let t = temp_database();
    create_node(&t.store, &org_a(), "aaaa0001");
    add_camera(&t.store, &org_a(), "aaaa0001", "aaaa0001_a");
    CameraRepo::delete(&t.store, &org_a(), &cam("aaaa0001_a")).unwrap();
    assert!(
        CameraRepo::get(&t.store, &org_a(), &cam("aaaa0001_a"))
            .unwrap()
            .is_none()
    );
    assert_eq!(
        CameraRepo::delete(&t.store, &org_a(), &cam("aaaa0001_a")).unwrap_err(),
        RepoError::NotFound("camera")
    );
}

#[test]
fn offline_sweep_flips_stale_online_cameras_with_names() {
    let t = temp_database();
    create_node(&t.store, &org_a(), "aaaa0001");
    create_node(&t.store, &org_b(), "bbbb0001");
    t.store
        .upsert_from_register(
            &org_a(),
            &node("aaaa0001"),
            &registered("aaaa0001_old", at(11, 0, 0)),
        )
        .unwrap();
    t.store
        .upsert_from_register(
            &org_a(),
            &node("aaaa0001"),
            &registered("aaaa0001_new", at(11, 59, 0)),
        )
        .unwrap();
    t.store
        .upsert_from_register(
            &org_b(),
            &node("bbbb0001"),
            &registered("bbbb0001_old", at(11, 0, 0)),
        )
        .unwrap();
    t.store
        .record_status_reports(
            &org_a(),
            &node("aaaa0001"),
            &[CameraStatusReport::new(
                cam("aaaa0001_old"),
                "streaming",
                None,
            )],
            at(11, 0, 0),
        )
        .unwrap();
    let flipped = CameraRepo::mark_stale_offline(&t.store, at(11, 58, 30)).unwrap();
    let ids: Vec<&str> = flipped
        .iter()
        .map(|l| l.camera.camera_id.as_str())
        .collect();
    assert_eq!(ids, ["aaaa0001_old", "bbbb0001_old"]);
    assert_eq!(flipped[0].node_id, Some(node("aaaa0001")));
    assert_eq!(flipped[0].camera.status.as_deref(), Some("offline"));
    let stored = CameraRepo::get(&t.store, &org_a(), &cam("aaaa0001_old"))
        .unwrap()
        .unwrap();
    assert_eq!(stored.status.as_deref(), Some("offline"));
    assert!(
        CameraRepo::mark_stale_offline(&t.store, at(11, 58, 30))
            .unwrap()
            .is_empty(),
        "already offline cameras are not flipped again"
    );
}

#[test]
fn org_b_cannot_read_update_or_delete_org_a_cameras() {
    let t = temp_database();
    create_node(&t.store, &org_a(), "aaaa0001");
    create_node(&t.store, &org_b(), "bbbb0001");
    add_camera(&t.store, &org_a(), "aaaa0001", "aaaa0001_a");
    let before = CameraRepo::get(&t.store, &org_a(), &cam("aaaa0001_a"))
        .unwrap()
        .unwrap();
    let id = cam("aaaa0001_a");
    let not_found = RepoError::NotFound("camera");

    assert!(CameraRepo::get(&t.store, &org_b(), &id).unwrap().is_none());
    assert!(t.store.get_listing(&org_b(), &id).unwrap().is_none());
    assert!(CameraRepo::list(&t.store, &org_b()).unwrap().is_empty());
    assert!(
        t.store
            .list_for_node(&org_b(), &node("aaaa0001"))
            .unwrap()
            .is_empty()
    );
    assert_eq!(CameraRepo::count(&t.store, &org_b()).unwrap(), 0);

    assert_eq!(
        t.store
            .update_codecs(&org_b(), &id, "x", "y", at(12, 0, 0))
            .unwrap_err(),
        not_found
    );
    assert_eq!(
        t.store.set_group(&org_b(), &id, None).unwrap_err(),
        not_found
    );
    let policy = RecordingPolicy {
        continuous_24_7: true,
        ..RecordingPolicy::default()
    };
    assert_eq!(
        t.store
            .set_recording_policy(&org_b(), &id, &policy)
            .unwrap_err(),
        not_found
    );
    assert_eq!(
        t.store
            .set_disabled_by_plan(&org_b(), std::slice::from_ref(&id), true)
            .unwrap(),
        0
    );
    let report = [CameraStatusReport::new(id.clone(), "error", Some("x"))];
    assert_eq!(
        t.store
            .record_status_reports(&org_b(), &node("aaaa0001"), &report, at(12, 0, 0))
            .unwrap_err(),
        RepoError::NotFound("node")
    );
    // Org B's own node cannot claim the camera either.
    assert_eq!(
        t.store
            .record_status_reports(&org_b(), &node("bbbb0001"), &report, at(12, 0, 0))
            .unwrap(),
        0
    );
    assert_eq!(
        t.store
            .delete_for_node_except(&org_b(), &node("aaaa0001"), &[])
            .unwrap_err(),
        RepoError::NotFound("node")
    );
    assert_eq!(
        CameraRepo::delete(&t.store, &org_b(), &id).unwrap_err(),
        not_found
    );

    let after = CameraRepo::get(&t.store, &org_a(), &id).unwrap().unwrap();
    assert_eq!(after, before);
}
