//! GroupRepo: CRUD with camera counts, per-org unique names, ungrouping on delete, isolation.

use crate::common::{add_camera, at, create_node, org_a, org_b, temp_database};
use sentinel_domain::fleet::{CameraGroup, CameraGroupChanges, NewCameraGroup};
use sentinel_domain::ids::{CameraId, OrgId};
use sentinel_ports::driven::repos::{CameraRepo, GroupRepo, RepoError};

fn new_group(name: &str) -> NewCameraGroup {
    NewCameraGroup {
        name: name.into(),
        color: "#22c55e".into(),
        icon: "📁".into(),
        created_at: at(8, 0, 0),
    }
}

fn create(t: &crate::common::TempDatabase, org: &OrgId, name: &str) -> CameraGroup {
    GroupRepo::create(&t.store, org, &new_group(name)).unwrap()
}

#[test]
fn groups_round_trip_with_camera_counts() {
    let t = temp_database();
    let garage = create(&t, &org_a(), "Garage");
    let yard = create(&t, &org_a(), "Yard");
    assert_eq!(garage.name, "Garage");
    assert_eq!(garage.icon.as_deref(), Some("📁"));
    assert_eq!(garage.created_at, Some(at(8, 0, 0)));

    create_node(&t.store, &org_a(), "aaaa0001");
    for c in ["aaaa0001_a", "aaaa0001_b"] {
        add_camera(&t.store, &org_a(), "aaaa0001", c);
        t.store
            .set_group(&org_a(), &CameraId::new(c), Some(garage.id))
            .unwrap();
    }
    let listed = GroupRepo::list(&t.store, &org_a()).unwrap();
    let counts: Vec<(&str, i64)> = listed
        .iter()
        .map(|l| (l.group.name.as_str(), l.camera_count))
        .collect();
    assert_eq!(counts, [("Garage", 2), ("Yard", 0)]);
    assert_eq!(
        GroupRepo::get(&t.store, &org_a(), yard.id).unwrap(),
        Some(yard)
    );
}

#[test]
fn group_names_are_unique_per_org_only() {
    let t = temp_database();
    create(&t, &org_a(), "Garage");
    let err = GroupRepo::create(&t.store, &org_a(), &new_group("Garage")).unwrap_err();
    assert!(matches!(err, RepoError::Conflict(_)), "{err}");
    create(&t, &org_b(), "Garage");
}

#[test]
fn update_renames_and_refuses_a_taken_name() {
    let t = temp_database();
    let garage = create(&t, &org_a(), "Garage");
    create(&t, &org_a(), "Yard");
    let changes = CameraGroupChanges {
        name: Some("Yard".into()),
        ..CameraGroupChanges::default()
    };
    let err = GroupRepo::update(&t.store, &org_a(), garage.id, &changes).unwrap_err();
    assert!(matches!(err, RepoError::Conflict(_)), "{err}");
    let same_name = CameraGroupChanges {
        name: Some("Garage".into()),
        color: Some("#000000".into()),
        icon: None,
    };
    let updated = GroupRepo::update(&t.store, &org_a(), garage.id, &same_name).unwrap();
    assert_eq!(updated.color.as_deref(), Some("#000000"));
    assert_eq!(updated.icon.as_deref(), Some("📁"));
}

#[test]
fn deleting_a_group_ungroups_its_cameras_first() {
    let t = temp_database();
    let garage = create(&t, &org_a(), "Garage");
    create_node(&t.store, &org_a(), "aaaa0001");
    let camera = add_camera(&t.store, &org_a(), "aaaa0001", "aaaa0001_a");
    t.store
        .set_group(&org_a(), &camera, Some(garage.id))
        .unwrap();

    let deleted = GroupRepo::delete(&t.store, &org_a(), garage.id).unwrap();
    assert_eq!(deleted.name, "Garage");
    let camera = CameraRepo::get(&t.store, &org_a(), &camera)
        .unwrap()
        .unwrap();
    assert_eq!(camera.group_id, None);
    assert!(
        GroupRepo::get(&t.store, &org_a(), garage.id)
            .unwrap()
            .is_none()
    );
    assert_eq!(
        GroupRepo::delete(&t.store, &org_a(), garage.id).unwrap_err(),
        RepoError::NotFound("group")
    );
}

#[test]
fn org_b_cannot_read_update_delete_or_use_org_a_groups() {
    let t = temp_database();
    let garage = create(&t, &org_a(), "Garage");
    let not_found = RepoError::NotFound("group");

    assert!(
        GroupRepo::get(&t.store, &org_b(), garage.id)
            .unwrap()
            .is_none()
    );
    assert!(GroupRepo::list(&t.store, &org_b()).unwrap().is_empty());
    let rename = CameraGroupChanges {
        name: Some("Mine now".into()),
        ..CameraGroupChanges::default()
    };
    assert_eq!(
        GroupRepo::update(&t.store, &org_b(), garage.id, &rename).unwrap_err(),
        not_found
    );
    assert_eq!(
        GroupRepo::delete(&t.store, &org_b(), garage.id).unwrap_err(),
        not_found
    );

    create_node(&t.store, &org_b(), "bbbb0001");
    let theirs = add_camera(&t.store, &org_b(), "bbbb0001", "bbbb0001_a");
    assert_eq!(
        t.store
            .set_group(&org_b(), &theirs, Some(garage.id))
            .unwrap_err(),
        not_found
    );

    assert_eq!(
        GroupRepo::get(&t.store, &org_a(), garage.id).unwrap(),
        Some(garage)
    );
}
