//! NodeRepo: round trips, updates, key auth lookups, cascading delete, tenant isolation.

use crate::common::{add_camera, at, create_node, new_node, org_a, org_b, temp_database};
use sentinel_domain::fleet::{NodeChanges, NodeStorage};
use sentinel_domain::ids::{CameraId, NodeId};
use sentinel_ports::driven::repos::{CameraRepo, NodeRepo, RepoError};

fn id(node_id: &str) -> NodeId {
    NodeId::new(node_id)
}

#[test]
fn created_node_reads_back_with_its_fields() {
    let t = temp_database();
    let created = create_node(&t.store, &org_a(), "abcd1234");
    let node = NodeRepo::get(&t.store, &org_a(), &id("abcd1234"))
        .unwrap()
        .unwrap();
    assert_eq!(node, created);
    assert_eq!(node.org_id, org_a());
    assert_eq!(node.name, "Node-abcd1234");
    assert_eq!(node.api_key_hash, "hash-of-abcd1234");
    assert_eq!(node.status.as_deref(), Some("pending"));
    assert_eq!(node.created_at, Some(at(9, 0, 0)));
    assert_eq!(node.http_port, Some(8080), "DDL default");
    assert_eq!(node.storage, None);
    assert_eq!(node.effective_status(at(9, 0, 0)), "pending");
}

#[test]
fn duplicate_node_id_is_a_conflict_even_across_orgs() {
    let t = temp_database();
    create_node(&t.store, &org_a(), "abcd1234");
    let same_org = NodeRepo::create(&t.store, &org_a(), &new_node("abcd1234")).unwrap_err();
    assert!(matches!(same_org, RepoError::Conflict(_)), "{same_org}");
    let other_org = NodeRepo::create(&t.store, &org_b(), &new_node("abcd1234")).unwrap_err();
    assert!(matches!(other_org, RepoError::Conflict(_)), "{other_org}");
}

#[test]
fn nodes_are_found_by_key_hash_and_by_id_for_auth_without_an_org() {
    let t = temp_database();
    create_node(&t.store, &org_a(), "abcd1234");
    let by_hash = t
        .store
        .find_by_api_key_hash("hash-of-abcd1234")
        .unwrap()
        .unwrap();
    assert_eq!(by_hash.org_id, org_a());
    assert!(t.store.find_by_api_key_hash("nope").unwrap().is_none());
    let by_id = t
        .store
        .find_by_node_id_for_auth(&id("abcd1234"))
        .unwrap()
        .unwrap();
    assert_eq!(by_id.node_id, id("abcd1234"));
    assert!(
        t.store
            .find_by_node_id_for_auth(&id("ffffffff"))
            .unwrap()
            .is_none()
    );
}

#[test]
fn update_applies_heartbeat_fields_and_nulls() {
    let t = temp_database();
    create_node(&t.store, &org_a(), "abcd1234");
    let storage = NodeStorage {
        used_bytes: Some(10),
        max_bytes: Some(100),
        disk_free_bytes: None,
        disk_total_bytes: Some(5_000_000_000_000),
        reported_at: at(12, 0, 0),
    };
    let node = NodeRepo::update(
        &t.store,
        &org_a(),
        &id("abcd1234"),
        &NodeChanges {
            hostname: Some(Some("pi".into())),
            local_ip: Some(Some("10.0.0.5".into())),
            status: Some("online".into()),
            last_seen: Some(at(12, 0, 0)),
            node_version: Some(Some("0.1.73".into())),
            version_checked_at: Some(at(12, 0, 0)),
            storage: Some(storage),
            ..NodeChanges::default()
        },
    )
    .unwrap();
    assert_eq!(node.hostname.as_deref(), Some("pi"));
    assert_eq!(node.storage, Some(storage));
    assert_eq!(node.effective_status(at(12, 1, 0)), "online");
    assert_eq!(node.effective_status(at(12, 1, 31)), "offline");

    // lan_streaming=false: local_ip back to NULL; other columns untouched.
    let node = NodeRepo::update(
        &t.store,
        &org_a(),
        &id("abcd1234"),
        &NodeChanges {
            local_ip: Some(None),
            node_version: Some(None),
            ..NodeChanges::default()
        },
    )
    .unwrap();
    assert_eq!(node.local_ip, None);
    assert_eq!(node.node_version, None);
    assert_eq!(node.hostname.as_deref(), Some("pi"));
    assert_eq!(node.storage, Some(storage));

    let unchanged =
        NodeRepo::update(&t.store, &org_a(), &id("abcd1234"), &NodeChanges::default()).unwrap();
    assert_eq!(unchanged, node);
}

#[test]
fn register_errors_are_recorded_truncated_and_cleared() {
    let t = temp_database();
    create_node(&t.store, &org_a(), "abcd1234");
    let long = "Invalid API key ".repeat(50);
    t.store
        .record_register_error(&org_a(), &id("abcd1234"), &long, at(12, 0, 0))
        .unwrap();
    let node = NodeRepo::get(&t.store, &org_a(), &id("abcd1234"))
        .unwrap()
        .unwrap();
    assert_eq!(
        node.last_register_error.as_ref().map(|e| e.chars().count()),
        Some(500)
    );
    assert_eq!(node.last_register_error_at, Some(at(12, 0, 0)));

    let cleared = NodeRepo::update(
        &t.store,
        &org_a(),
        &id("abcd1234"),
        &NodeChanges {
            last_register_error: Some(None),
            last_register_error_at: Some(None),
            ..NodeChanges::default()
        },
    )
    .unwrap();
    assert_eq!(
        (cleared.last_register_error, cleared.last_register_error_at),
        (None, None)
    );
}

#[test]
fn rotating_the_key_kills_the_old_hash() {
    let t = temp_database();
    create_node(&t.store, &org_a(), "abcd1234");
    let node = t
        .store
        .rotate_key(&org_a(), &id("abcd1234"), "new-hash", at(13, 0, 0))
        .unwrap();
    assert_eq!(node.key_rotated_at, Some(at(13, 0, 0)));
    assert!(
        t.store
            .find_by_api_key_hash("hash-of-abcd1234")
            .unwrap()
            .is_none()
    );
    assert!(t.store.find_by_api_key_hash("new-hash").unwrap().is_some());
}

#[test]
fn listing_counts_each_nodes_cameras() {
    let t = temp_database();
    create_node(&t.store, &org_a(), "aaaa0001");
    create_node(&t.store, &org_a(), "aaaa0002");
    add_camera(&t.store, &org_a(), "aaaa0001", "aaaa0001_video0");
    add_camera(&t.store, &org_a(), "aaaa0001", "aaaa0001_video1");
    let listed = NodeRepo::list(&t.store, &org_a()).unwrap();
    let counts: Vec<(&str, i64)> = listed
        .iter()
        .map(|l| (l.node.node_id.as_str(), l.camera_count))
        .collect();
    assert_eq!(counts, [("aaaa0001", 2), ("aaaa0002", 0)]);
    let one = NodeRepo::get_listing(&t.store, &org_a(), &id("aaaa0001"))
        .unwrap()
        .unwrap();
    assert_eq!(one.camera_count, 2);
    assert_eq!(NodeRepo::count(&t.store, &org_a()).unwrap(), 2);
}

#[test]
fn deleting_a_node_deletes_its_cameras_in_one_go() {
    let t = temp_database();
    create_node(&t.store, &org_a(), "aaaa0001");
    create_node(&t.store, &org_a(), "aaaa0002");
    add_camera(&t.store, &org_a(), "aaaa0001", "aaaa0001_video0");
    add_camera(&t.store, &org_a(), "aaaa0001", "aaaa0001_video1");
    add_camera(&t.store, &org_a(), "aaaa0002", "aaaa0002_video0");

    let deleted = NodeRepo::delete(&t.store, &org_a(), &id("aaaa0001")).unwrap();
    assert_eq!(
        deleted,
        [
            CameraId::new("aaaa0001_video0"),
            CameraId::new("aaaa0001_video1")
        ]
    );
    assert!(
        NodeRepo::get(&t.store, &org_a(), &id("aaaa0001"))
            .unwrap()
            .is_none()
    );
    assert_eq!(CameraRepo::count(&t.store, &org_a()).unwrap(), 1);
    let err = NodeRepo::delete(&t.store, &org_a(), &id("aaaa0001")).unwrap_err();
    assert_eq!(err, RepoError::NotFound("node"));
}

#[test]
fn offline_sweep_flips_only_stale_online_nodes() {
    let t = temp_database();
    for (node_id, status, seen) in [
        ("aaaa0001", "online", Some(at(11, 0, 0))),
        ("aaaa0002", "online", Some(at(11, 59, 0))),
        ("aaaa0003", "offline", Some(at(11, 0, 0))),
        ("aaaa0004", "online", None),
    ] {
        create_node(&t.store, &org_a(), node_id);
        NodeRepo::update(
            &t.store,
            &org_a(),
            &id(node_id),
            &NodeChanges {
                status: Some(status.into()),
                last_seen: seen,
                ..NodeChanges::default()
            },
        )
        .unwrap();
    }
    let flipped = NodeRepo::mark_stale_offline(&t.store, at(11, 58, 30)).unwrap();
    let ids: Vec<&str> = flipped.iter().map(|n| n.node_id.as_str()).collect();
    assert_eq!(ids, ["aaaa0001"]);
    assert_eq!(flipped[0].status.as_deref(), Some("offline"));
    assert!(
        NodeRepo::mark_stale_offline(&t.store, at(11, 58, 30))
            .unwrap()
            .is_empty()
    );
}

#[test]
fn org_b_cannot_read_update_rotate_or_delete_org_a_nodes() {
    let t = temp_database();
    let original = create_node(&t.store, &org_a(), "abcd1234");
    add_camera(&t.store, &org_a(), "abcd1234", "abcd1234_video0");
    let node = id("abcd1234");

    assert!(NodeRepo::get(&t.store, &org_b(), &node).unwrap().is_none());
    assert!(
        NodeRepo::get_listing(&t.store, &org_b(), &node)
            .unwrap()
            .is_none()
    );
    assert!(NodeRepo::list(&t.store, &org_b()).unwrap().is_empty());
    assert_eq!(NodeRepo::count(&t.store, &org_b()).unwrap(), 0);

    let rename = NodeChanges {
        name: Some("hijacked".into()),
        ..NodeChanges::default()
    };
    let not_found = RepoError::NotFound("node");
    assert_eq!(
        NodeRepo::update(&t.store, &org_b(), &node, &rename).unwrap_err(),
        not_found
    );
    assert_eq!(
        NodeRepo::update(&t.store, &org_b(), &node, &NodeChanges::default()).unwrap_err(),
        not_found
    );
    assert_eq!(
        t.store
            .record_register_error(&org_b(), &node, "x", at(12, 0, 0))
            .unwrap_err(),
        not_found
    );
    assert_eq!(
        t.store
            .rotate_key(&org_b(), &node, "evil", at(12, 0, 0))
            .unwrap_err(),
        not_found
    );
    assert_eq!(
        NodeRepo::delete(&t.store, &org_b(), &node).unwrap_err(),
        not_found
    );

    let after = NodeRepo::get(&t.store, &org_a(), &node).unwrap().unwrap();
    assert_eq!(after, original);
    assert_eq!(CameraRepo::count(&t.store, &org_a()).unwrap(), 1);
}
