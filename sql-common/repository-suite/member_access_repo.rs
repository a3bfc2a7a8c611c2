//! MemberAccessRepo (docs/design/member-access.md §3, data-model.md §1.15c): a restriction
//! reads back and is replaced whole, clearing reports whether there was one, only the org's
//! own groups may be named (else nothing is written), orgs never see each other's rows, a
//! group's delete strips its id from every row of the org and keeps the rows, a stored set
//! that cannot be read comes back empty (fail closed), the widest user id fits, and the
//! org's erasure and export cover the table.

use crate::common::{TempDatabase, at, org_a, org_b, temp_database};
use sentinel_domain::fleet::{CameraGroup, MemberRestriction, NewCameraGroup};
use sentinel_domain::ids::{OrgId, UserId};
use sentinel_ports::driven::repos::{GdprRepo, GroupRepo, MemberAccessRepo, RepoError};
use std::collections::BTreeSet;

fn group(t: &TempDatabase, org: &OrgId, name: &str) -> CameraGroup {
    GroupRepo::create(
        &t.store,
        org,
        &NewCameraGroup {
            name: name.into(),
            color: "#22c55e".into(),
            icon: "📁".into(),
            created_at: at(8, 0, 0),
        },
    )
    .unwrap()
}

fn ids(groups: &[&CameraGroup]) -> BTreeSet<i64> {
    groups.iter().map(|g| g.id).collect()
}

fn user(id: &str) -> UserId {
    UserId::new(id)
}

fn list(t: &TempDatabase, org: &OrgId) -> Vec<MemberRestriction> {
    MemberAccessRepo::list(&t.store, org).unwrap()
}

#[test]
fn a_restriction_reads_back_and_is_replaced_whole() {
    let t = temp_database();
    let garage = group(&t, &org_a(), "Garage");
    let yard = group(&t, &org_a(), "Yard");
    let porch = group(&t, &org_a(), "Porch");
    assert!(list(&t, &org_a()).is_empty());

    let set = t
        .store
        .set(
            &org_a(),
            &user("user_m"),
            &ids(&[&garage, &yard]),
            "Ada Admin",
            at(9, 0, 0),
        )
        .unwrap();
    let expected = MemberRestriction {
        user_id: user("user_m"),
        group_ids: ids(&[&garage, &yard]),
        updated_by: "Ada Admin".into(),
        updated_at: at(9, 0, 0),
    };
    assert_eq!(set, expected);
    assert_eq!(list(&t, &org_a()), [expected]);

    // A second set replaces the whole set and the stamp; it never adds a row.
    let replaced = t
        .store
        .set(
            &org_a(),
            &user("user_m"),
            &ids(&[&porch]),
            "Bob Admin",
            at(10, 0, 0),
        )
        .unwrap();
    assert_eq!(replaced.group_ids, ids(&[&porch]));
    assert_eq!(
        (replaced.updated_by.as_str(), replaced.updated_at),
        ("Bob Admin", at(10, 0, 0))
    );
    assert_eq!(list(&t, &org_a()), [replaced]);

    // The empty set is a restriction too (to nothing), not the absence of one.
    let emptied = t
        .store
        .set(
            &org_a(),
            &user("user_m"),
            &BTreeSet::new(),
            "Bob Admin",
            at(11, 0, 0),
        )
        .unwrap();
    assert!(emptied.group_ids.is_empty());
    assert_eq!(list(&t, &org_a()), [emptied]);

    // Another member of the org gets a row of their own, listed after (by creation).
    t.store
        .set(
            &org_a(),
            &user("user_n"),
            &ids(&[&yard]),
            "Ada Admin",
            at(12, 0, 0),
        )
        .unwrap();
    let users: Vec<String> = list(&t, &org_a())
        .into_iter()
        .map(|r| r.user_id.as_str().to_owned())
        .collect();
    assert_eq!(users, ["user_m", "user_n"]);
}

#[test]
fn clear_reports_whether_there_was_a_restriction() {
    let t = temp_database();
    let garage = group(&t, &org_a(), "Garage");
    t.store
        .set(
            &org_a(),
            &user("user_m"),
            &ids(&[&garage]),
            "Ada",
            at(9, 0, 0),
        )
        .unwrap();
    // Another org's clear of the same user id touches nothing here.
    assert!(!t.store.clear(&org_b(), &user("user_m")).unwrap());
    assert_eq!(list(&t, &org_a()).len(), 1);
    assert!(t.store.clear(&org_a(), &user("user_m")).unwrap());
    assert!(list(&t, &org_a()).is_empty());
    assert!(!t.store.clear(&org_a(), &user("user_m")).unwrap());
}

#[test]
fn only_the_orgs_own_groups_may_be_named_and_nothing_is_written_otherwise() {
    let t = temp_database();
    let mine = group(&t, &org_a(), "Garage");
    let theirs = group(&t, &org_b(), "Garage");
    let refused = |groups: BTreeSet<i64>| {
        t.store
            .set(&org_a(), &user("user_m"), &groups, "Ada", at(9, 0, 0))
            .unwrap_err()
    };
    assert_eq!(refused(ids(&[&theirs])), RepoError::NotFound("group"));
    assert_eq!(
        refused(ids(&[&mine, &theirs])),
        RepoError::NotFound("group")
    );
    assert_eq!(
        refused([mine.id, theirs.id + 1_000].into()),
        RepoError::NotFound("group")
    );
    assert!(list(&t, &org_a()).is_empty());

    // A refused replacement leaves the earlier set as it was.
    let earlier = t
        .store
        .set(
            &org_a(),
            &user("user_m"),
            &ids(&[&mine]),
            "Ada",
            at(9, 0, 0),
        )
        .unwrap();
    assert_eq!(refused(ids(&[&theirs])), RepoError::NotFound("group"));
    assert_eq!(list(&t, &org_a()), [earlier]);
    assert!(list(&t, &org_b()).is_empty());
}

#[test]
fn orgs_never_see_each_others_rows() {
    let t = temp_database();
    let a = group(&t, &org_a(), "Garage");
    let b = group(&t, &org_b(), "Yard");
    // The same user id in two orgs: two independent rows (the key is (org, user)).
    t.store
        .set(&org_a(), &user("user_m"), &ids(&[&a]), "Ada", at(9, 0, 0))
        .unwrap();
    t.store
        .set(&org_b(), &user("user_m"), &ids(&[&b]), "Bea", at(9, 30, 0))
        .unwrap();
    t.store
        .set(
            &org_a(),
            &user("user_only_a"),
            &ids(&[&a]),
            "Ada",
            at(10, 0, 0),
        )
        .unwrap();
    let in_a = list(&t, &org_a());
    let in_b = list(&t, &org_b());
    assert_eq!(in_a.len(), 2);
    assert_eq!(in_b.len(), 1);
    assert_eq!(in_a[0].group_ids, ids(&[&a]));
    assert_eq!(in_b[0].group_ids, ids(&[&b]));
    assert_eq!(in_b[0].updated_by, "Bea");
    assert!(in_b.iter().all(|r| r.user_id.as_str() != "user_only_a"));
    assert!(list(&t, &OrgId::new("org_c")).is_empty());
    // Clearing in one org leaves the other's row.
    assert!(t.store.clear(&org_b(), &user("user_m")).unwrap());
    assert_eq!(list(&t, &org_a()).len(), 2);
}

#[test]
fn deleting_a_group_strips_its_id_and_keeps_the_rows() {
    let t = temp_database();
    let yard = group(&t, &org_a(), "Yard");
    let other = group(&t, &org_b(), "Garage");
    // Created last, so on SQLite its rowid is the one the next group reuses.
    let garage = group(&t, &org_a(), "Garage");
    t.store
        .set(
            &org_a(),
            &user("user_m"),
            &ids(&[&garage, &yard]),
            "Ada",
            at(9, 0, 0),
        )
        .unwrap();
    t.store
        .set(
            &org_a(),
            &user("user_n"),
            &ids(&[&garage]),
            "Ada",
            at(9, 0, 0),
        )
        .unwrap();
    t.store
        .set(
            &org_b(),
            &user("user_m"),
            &ids(&[&other]),
            "Bea",
            at(9, 0, 0),
        )
        .unwrap();

    GroupRepo::delete(&t.store, &org_a(), garage.id).unwrap();
    let after = list(&t, &org_a());
    assert_eq!(
        after.len(),
        2,
        "rows stay: an emptied set is still a restriction"
    );
    assert_eq!(after[0].group_ids, ids(&[&yard]));
    assert!(after[1].group_ids.is_empty());
    // The stamp keeps the admin's last decision; the strip is housekeeping.
    assert_eq!(
        (after[0].updated_by.as_str(), after[0].updated_at),
        ("Ada", at(9, 0, 0))
    );
    assert_eq!(list(&t, &org_b())[0].group_ids, ids(&[&other]));

    // A group created afterwards (SQLite may hand it the deleted rowid) grants nothing.
    let reborn = group(&t, &org_a(), "Garage again");
    assert!(
        list(&t, &org_a())
            .iter()
            .all(|r| !r.group_ids.contains(&reborn.id))
    );
    // Deleting another org's group id through org A strips nothing.
    assert_eq!(
        GroupRepo::delete(&t.store, &org_a(), other.id).unwrap_err(),
        RepoError::NotFound("group")
    );
    assert_eq!(list(&t, &org_b())[0].group_ids, ids(&[&other]));
}

#[test]
fn an_unreadable_stored_set_reads_as_empty() {
    use diesel::prelude::*;
    use sentinel_sql_common::schema::member_access;
    let t = temp_database();
    let garage = group(&t, &org_a(), "Garage");
    t.store
        .set(
            &org_a(),
            &user("user_m"),
            &ids(&[&garage]),
            "Ada",
            at(9, 0, 0),
        )
        .unwrap();
    for garbage in ["not json", "", "{\"all\":true}", "[\"1\"]", "null", "[1,"] {
        {
            let mut conn = t.db.connection().unwrap();
            diesel::update(member_access::table.filter(member_access::user_id.eq("user_m")))
                .set(member_access::group_ids.eq(garbage))
                .execute(&mut conn)
                .unwrap();
        }
        let read = list(&t, &org_a());
        assert_eq!(read.len(), 1, "{garbage:?}");
        assert!(read[0].group_ids.is_empty(), "{garbage:?} must fail closed");
        // A group delete leaves the unreadable row unreadable (still empty), not widened.
        let doomed = group(&t, &org_a(), &format!("Doomed {garbage}"));
        GroupRepo::delete(&t.store, &org_a(), doomed.id).unwrap();
        assert!(list(&t, &org_a())[0].group_ids.is_empty(), "{garbage:?}");
    }
}

#[test]
fn the_widest_user_id_round_trips() {
    let t = temp_database();
    let garage = group(&t, &org_a(), "Garage");
    // 100 characters, the column's width (as user_notification_state.clerk_user_id); in
    // multi-byte characters too, since PostgreSQL counts characters.
    for wide in ["u".repeat(100), format!("user_{}", "é".repeat(95))] {
        t.store
            .set(&org_a(), &user(&wide), &ids(&[&garage]), "Ada", at(9, 0, 0))
            .unwrap();
        assert!(
            list(&t, &org_a())
                .iter()
                .any(|r| r.user_id.as_str() == wide && r.group_ids == ids(&[&garage]))
        );
        assert!(t.store.clear(&org_a(), &user(&wide)).unwrap());
    }
}

#[test]
fn erasure_and_export_cover_the_orgs_rows() {
    let t = temp_database();
    let a = group(&t, &org_a(), "Garage");
    let b = group(&t, &org_b(), "Garage");
    t.store
        .set(&org_a(), &user("user_m"), &ids(&[&a]), "Ada", at(9, 0, 0))
        .unwrap();
    t.store
        .set(&org_b(), &user("user_m"), &ids(&[&b]), "Bea", at(9, 0, 0))
        .unwrap();

    let exported = t.store.export_org_data(&org_a()).unwrap();
    let rows = &exported
        .iter()
        .find(|table| table.name == "member_access")
        .unwrap()
        .rows;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["org_id"], serde_json::json!("org_a"));
    assert_eq!(rows[0]["user_id"], serde_json::json!("user_m"));
    assert_eq!(
        rows[0]["group_ids"],
        serde_json::json!(format!("[{}]", a.id))
    );
    assert_eq!(rows[0]["updated_by"], serde_json::json!("Ada"));
    assert_eq!(
        rows[0]["updated_at"],
        serde_json::json!("2026-05-04T09:00:00")
    );

    let counts = t.store.delete_org_data(&org_a()).unwrap();
    assert_eq!(counts.get("member_access"), 1);
    assert!(list(&t, &org_a()).is_empty());
    assert_eq!(list(&t, &org_b()).len(), 1);
}
