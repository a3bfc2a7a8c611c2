//! ShareLinkRepo (rest-api.md §14, data-model.md §1.15b): both scopes read back field for
//! field, the listing is newest first, limited and per org, the active count leaves out
//! revoked and expired links (expiry is exclusive), revocation happens once, the token hash
//! finds a link whichever org holds it, page opens add up within the org, a token hash is
//! stored once, and the org's erasure and export cover the table without the hash.

use crate::common::{at, org_a, org_b, temp_database};
use chrono::{Duration, NaiveDateTime};
use sentinel_domain::ids::{CameraId, OrgId};
use sentinel_domain::keys::api_key_hash;
use sentinel_domain::sharing::{
    LABEL_MAX_CHARS, MAX_VIEWERS, NewShareLink, ShareLink, ShareLinkStatus, ShareScope,
};
use sentinel_ports::driven::repos::{GdprRepo, RepoError, ShareLinkRepo};

/// The stored hash of the `n`th raw token (`shr_` + 32 hex characters, as minted).
fn token_hash(n: u32) -> String {
    api_key_hash(&format!("shr_{n:032x}"))
}

/// A day-long link created at `created_at`, without a viewer cap.
fn new_link(label: &str, scope: ShareScope, n: u32, created_at: NaiveDateTime) -> NewShareLink {
    NewShareLink {
        label: label.to_owned(),
        scope,
        token_hash: token_hash(n),
        created_by: "Ada Admin".to_owned(),
        created_at,
        expires_at: created_at + Duration::hours(24),
        max_viewers: None,
    }
}

fn camera(camera_id: &str) -> ShareScope {
    ShareScope::Camera(CameraId::new(camera_id))
}

/// What a freshly stored `link` must read back as.
fn stored(id: i64, org: &OrgId, link: &NewShareLink) -> ShareLink {
    ShareLink {
        id,
        org_id: org.clone(),
        label: link.label.clone(),
        scope: link.scope.clone(),
        created_by: link.created_by.clone(),
        created_at: link.created_at,
        expires_at: link.expires_at,
        revoked_at: None,
        max_viewers: link.max_viewers,
        views: 0,
        last_used_at: None,
    }
}

fn ids(links: &[ShareLink]) -> Vec<i64> {
    links.iter().map(|link| link.id).collect()
}

fn find(store: &impl ShareLinkRepo, n: u32) -> Option<ShareLink> {
    store.find_by_token_hash_any_org(&token_hash(n)).unwrap()
}

#[test]
fn camera_and_group_links_read_back_field_for_field() {
    let t = temp_database();
    // Sub-second times (to the microsecond, PostgreSQL's precision) survive both engines.
    let created = at(9, 0, 0) + Duration::microseconds(123_456);
    let on_camera = NewShareLink {
        // The creator's display name is unbounded text.
        created_by: format!("Zoë Admin {}", "é".repeat(5_000)),
        expires_at: created + Duration::hours(168),
        ..new_link("Front door", camera("cam-front"), 1, created)
    };
    let on_group = NewShareLink {
        // The longest label the API accepts, in multi-byte characters (PostgreSQL counts
        // characters).
        label: "é".repeat(LABEL_MAX_CHARS),
        max_viewers: Some(MAX_VIEWERS),
        ..new_link("", ShareScope::Group(42), 2, at(9, 30, 0))
    };
    let capped_at_one = NewShareLink {
        max_viewers: Some(1),
        ..new_link("Yard", ShareScope::Group(7), 3, at(9, 45, 0))
    };

    let a = t.store.create(&org_a(), &on_camera).unwrap();
    let g = t.store.create(&org_a(), &on_group).unwrap();
    let one = t.store.create(&org_b(), &capped_at_one).unwrap();
    assert_eq!(a, stored(a.id, &org_a(), &on_camera));
    assert_eq!(g, stored(g.id, &org_a(), &on_group));
    assert_eq!(one, stored(one.id, &org_b(), &capped_at_one));
    assert!(
        a.id < g.id && g.id < one.id,
        "ids grow: {a:?} {g:?} {one:?}"
    );
    assert_eq!(a.scope.kind(), "camera");
    assert_eq!(g.scope.kind(), "group");
    assert_eq!(a.max_viewers, None);
    assert_eq!(g.max_viewers, Some(MAX_VIEWERS));
    assert_eq!(one.max_viewers, Some(1));
    assert_eq!(a.status(created), ShareLinkStatus::Active);

    // The same values come back from every read.
    assert_eq!(find(&t.store, 1), Some(a.clone()));
    assert_eq!(find(&t.store, 2), Some(g.clone()));
    assert_eq!(find(&t.store, 3), Some(one.clone()));
    assert_eq!(t.store.list(&org_a(), 200).unwrap(), [g, a]);
    assert_eq!(t.store.list(&org_b(), 200).unwrap(), [one]);
}

#[test]
fn the_listing_is_newest_first_limited_and_per_org() {
    let t = temp_database();
    let create = |org: &OrgId, n: u32, minute: u32| {
        t.store
            .create(
                org,
                &new_link(&format!("link {n}"), camera("cam"), n, at(10, minute, 0)),
            )
            .unwrap()
    };
    let a1 = create(&org_a(), 1, 0);
    let b1 = create(&org_b(), 2, 1);
    let a2 = create(&org_a(), 3, 2);
    let a3 = create(&org_a(), 4, 3);
    let b2 = create(&org_b(), 5, 4);
    // Revoked and expired links stay listed.
    t.store.revoke(&org_a(), a1.id, at(11, 0, 0)).unwrap();

    let listed = t.store.list(&org_a(), 200).unwrap();
    assert_eq!(ids(&listed), [a3.id, a2.id, a1.id]);
    assert!(listed.iter().all(|link| link.org_id == org_a()));
    assert_eq!(listed[2].revoked_at, Some(at(11, 0, 0)));
    assert_eq!(ids(&t.store.list(&org_a(), 2).unwrap()), [a3.id, a2.id]);
    assert_eq!(ids(&t.store.list(&org_a(), 1).unwrap()), [a3.id]);
    assert!(t.store.list(&org_a(), 0).unwrap().is_empty());
    // Org B never sees org A's links, nor the reverse.
    assert_eq!(ids(&t.store.list(&org_b(), 200).unwrap()), [b2.id, b1.id]);
    assert!(
        t.store
            .list(&OrgId::new("org_none"), 200)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn the_active_count_leaves_out_revoked_and_expired_links() {
    let t = temp_database();
    let now = at(12, 0, 0) + Duration::microseconds(250_000);
    let mut n = 0;
    let mut add = |org: &OrgId, expires_at: NaiveDateTime| {
        n += 1;
        let link = NewShareLink {
            expires_at,
            ..new_link("l", camera("cam"), n, at(8, 0, 0))
        };
        t.store.create(org, &link).unwrap()
    };
    add(&org_a(), now + Duration::hours(1));
    add(&org_a(), now + Duration::microseconds(1));
    // Expiry is exclusive: a link expiring right now is no longer active.
    let at_now = add(&org_a(), now);
    let past = add(&org_a(), now - Duration::seconds(1));
    let revoked = add(&org_a(), now + Duration::hours(1));
    add(&org_b(), now + Duration::hours(1));
    t.store.revoke(&org_a(), revoked.id, at(9, 0, 0)).unwrap();
    assert_eq!(at_now.status(now), ShareLinkStatus::Expired);
    assert_eq!(past.status(now), ShareLinkStatus::Expired);

    assert_eq!(t.store.count_active(&org_a(), now).unwrap(), 2);
    assert_eq!(t.store.count_active(&org_b(), now).unwrap(), 1);
    assert_eq!(
        t.store.count_active(&OrgId::new("org_none"), now).unwrap(),
        0
    );
    // An hour earlier the two expired links were active; the revoked one never is again.
    assert_eq!(
        t.store
            .count_active(&org_a(), now - Duration::hours(1))
            .unwrap(),
        4
    );
    assert_eq!(
        t.store
            .count_active(&org_a(), now - Duration::microseconds(1))
            .unwrap(),
        3
    );
    assert_eq!(
        t.store
            .count_active(&org_a(), now + Duration::microseconds(1))
            .unwrap(),
        1
    );
    assert_eq!(
        t.store
            .count_active(&org_a(), now + Duration::hours(1))
            .unwrap(),
        0
    );
}

#[test]
fn revocation_happens_once_and_only_within_the_org() {
    let t = temp_database();
    let link = t
        .store
        .create(
            &org_a(),
            &new_link("Gate", camera("cam-gate"), 1, at(9, 0, 0)),
        )
        .unwrap();
    let first = at(10, 0, 0) + Duration::microseconds(500);
    let later = at(11, 0, 0);

    let not_found = |result: Result<(ShareLink, bool), RepoError>| {
        matches!(result, Err(RepoError::NotFound("share link")))
    };
    assert!(not_found(t.store.revoke(&org_b(), link.id, first)));
    assert!(not_found(t.store.revoke(&org_a(), link.id + 1_000, first)));
    assert_eq!(find(&t.store, 1).unwrap().revoked_at, None, "untouched");

    let (revoked, changed) = t.store.revoke(&org_a(), link.id, first).unwrap();
    assert!(changed);
    assert_eq!(
        revoked,
        ShareLink {
            revoked_at: Some(first),
            ..link.clone()
        }
    );
    assert_eq!(revoked.status(first), ShareLinkStatus::Revoked);

    // Again: nothing written, the first time kept.
    let (again, changed) = t.store.revoke(&org_a(), link.id, later).unwrap();
    assert!(!changed);
    assert_eq!(again, revoked);
    assert_eq!(find(&t.store, 1), Some(revoked.clone()));
    // Another org still cannot see it, revoked or not.
    assert!(not_found(t.store.revoke(&org_b(), link.id, later)));
    assert_eq!(t.store.count_active(&org_a(), at(9, 30, 0)).unwrap(), 0);
}

#[test]
fn the_token_hash_finds_a_link_in_any_org_and_nothing_else() {
    let t = temp_database();
    let a = t
        .store
        .create(&org_a(), &new_link("A", camera("cam-a"), 1, at(9, 0, 0)))
        .unwrap();
    let b = t
        .store
        .create(
            &org_b(),
            &new_link("B", ShareScope::Group(5), 2, at(9, 0, 0)),
        )
        .unwrap();
    assert_eq!(find(&t.store, 1), Some(a.clone()));
    let found_b = find(&t.store, 2).unwrap();
    assert_eq!((found_b.id, &found_b.org_id), (b.id, &org_b()));
    assert_eq!(found_b, b);

    assert_eq!(find(&t.store, 3), None, "an unknown token");
    for miss in ["", "shr_00000000000000000000000000000001"] {
        assert_eq!(t.store.find_by_token_hash_any_org(miss).unwrap(), None);
    }
    // The hash is matched exactly (lowercase hex, as stored).
    assert_eq!(
        t.store
            .find_by_token_hash_any_org(&token_hash(1).to_uppercase())
            .unwrap(),
        None
    );
    // Revoked and expired links are still found: the caller answers 410, not 404.
    t.store.revoke(&org_a(), a.id, at(10, 0, 0)).unwrap();
    let revoked = find(&t.store, 1).unwrap();
    assert_eq!(revoked.status(at(10, 0, 0)), ShareLinkStatus::Revoked);
    let expired = find(&t.store, 2).unwrap();
    assert_eq!(
        expired.status(at(9, 0, 0) + Duration::hours(24)),
        ShareLinkStatus::Expired
    );
}

#[test]
fn a_page_open_counts_and_stamps_last_used_within_the_org() {
    let t = temp_database();
    let link = t
        .store
        .create(&org_a(), &new_link("Door", camera("cam"), 1, at(9, 0, 0)))
        .unwrap();
    let other = t
        .store
        .create(&org_a(), &new_link("Other", camera("cam"), 2, at(9, 0, 0)))
        .unwrap();
    let first = at(10, 0, 0) + Duration::microseconds(42);
    let second = at(10, 5, 0);

    assert_eq!(t.store.record_view(&org_a(), link.id, first).unwrap(), 1);
    let seen = find(&t.store, 1).unwrap();
    assert_eq!((seen.views, seen.last_used_at), (1, Some(first)));
    assert_eq!(t.store.record_view(&org_a(), link.id, second).unwrap(), 2);

    // Another org's id, or an unknown one, is not found and changes nothing.
    for (org, id) in [(org_b(), link.id), (org_a(), link.id + 1_000)] {
        assert!(
            matches!(
                t.store.record_view(&org, id, at(11, 0, 0)),
                Err(RepoError::NotFound("share link"))
            ),
            "{org:?} {id}"
        );
    }
    let seen = find(&t.store, 1).unwrap();
    assert_eq!(
        seen,
        ShareLink {
            views: 2,
            last_used_at: Some(second),
            ..link
        }
    );
    assert_eq!(find(&t.store, 2), Some(other), "the other link untouched");
}

/// Several instances count page opens of one link at once: the increment happens in the
/// database, so none is lost.
#[test]
fn concurrent_page_opens_lose_no_view() {
    let t = temp_database();
    let link = t
        .store
        .create(&org_a(), &new_link("Busy", camera("cam"), 1, at(9, 0, 0)))
        .unwrap();
    let (threads, opens) = (4, 25);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let store = t.store.clone();
            scope.spawn(move || {
                for _ in 0..opens {
                    store.record_view(&org_a(), link.id, at(10, 0, 0)).unwrap();
                }
            });
        }
    });
    assert_eq!(find(&t.store, 1).unwrap().views, threads * opens);
}

/// `uq_share_links_token_hash`: a unique violation is the caller's conflict
/// (`sentinel_sql_common::error::repo_error`), and nothing is stored.
#[test]
fn a_token_hash_is_stored_once() {
    let t = temp_database();
    let first = t
        .store
        .create(&org_a(), &new_link("First", camera("cam"), 1, at(9, 0, 0)))
        .unwrap();
    for org in [org_a(), org_b()] {
        let duplicate = t.store.create(
            &org,
            &new_link("Again", ShareScope::Group(1), 1, at(9, 1, 0)),
        );
        match duplicate {
            Err(RepoError::Conflict(message)) => {
                assert!(message.starts_with("already exists"), "{message}");
            }
            other => panic!("{org:?}: expected a conflict, got {other:?}"),
        }
    }
    assert_eq!(
        t.store.list(&org_a(), 200).unwrap(),
        std::slice::from_ref(&first)
    );
    assert!(t.store.list(&org_b(), 200).unwrap().is_empty());
    assert_eq!(find(&t.store, 1), Some(first));
}

/// The org's erasure deletes its links (and only its links); the export writes every column
/// but `token_hash`, with ISO datetimes.
#[test]
fn erasure_and_export_cover_the_orgs_links_without_their_token_hash() {
    let t = temp_database();
    let created = at(9, 0, 0) + Duration::microseconds(123_456);
    let front = t
        .store
        .create(
            &org_a(),
            &NewShareLink {
                max_viewers: Some(5),
                ..new_link("Front", camera("cam-front"), 1, created)
            },
        )
        .unwrap();
    let yard = t
        .store
        .create(
            &org_a(),
            &new_link("Yard", ShareScope::Group(9), 2, at(9, 5, 0)),
        )
        .unwrap();
    let b = t
        .store
        .create(&org_b(), &new_link("B", camera("cam-b"), 3, at(9, 0, 0)))
        .unwrap();
    t.store
        .record_view(&org_a(), front.id, at(10, 0, 0))
        .unwrap();
    t.store.revoke(&org_a(), yard.id, at(11, 0, 0)).unwrap();

    let tables = t.store.export_org_data(&org_a()).unwrap();
    let links = &tables
        .iter()
        .find(|table| table.name == "share_links")
        .unwrap()
        .rows;
    let everything = serde_json::to_string(
        &tables
            .iter()
            .map(|table| (table.name, &table.rows))
            .collect::<Vec<_>>(),
    )
    .unwrap();
    for n in 1..=3 {
        assert!(
            !everything.contains(&token_hash(n)),
            "token hash {n} exported"
        );
    }
    assert!(!everything.contains("org_b"), "another org leaked");
    assert_eq!(links.len(), 2);
    assert_eq!(
        serde_json::Value::Object(links[0].clone()),
        serde_json::json!({
            "id": front.id,
            "org_id": "org_a",
            "label": "Front",
            "scope": "camera",
            "camera_id": "cam-front",
            "group_id": null,
            "created_by": "Ada Admin",
            "created_at": "2026-05-04T09:00:00.123456",
            "expires_at": "2026-05-05T09:00:00.123456",
            "revoked_at": null,
            "max_viewers": 5,
            "views": 1,
            "last_used_at": "2026-05-04T10:00:00",
        })
    );
    assert_eq!(links[1]["id"], serde_json::json!(yard.id));
    assert_eq!(links[1]["scope"], "group");
    assert_eq!(links[1]["camera_id"], serde_json::Value::Null);
    assert_eq!(links[1]["group_id"], 9);
    assert_eq!(links[1]["revoked_at"], "2026-05-04T11:00:00");
    assert_eq!(links[1]["max_viewers"], serde_json::Value::Null);

    let counts = t.store.delete_org_data(&org_a()).unwrap();
    assert_eq!(counts.get("share_links"), 2);
    assert!(t.store.list(&org_a(), 200).unwrap().is_empty());
    assert_eq!(find(&t.store, 1), None);
    assert_eq!(find(&t.store, 2), None);
    assert_eq!(
        t.store.list(&org_b(), 200).unwrap(),
        std::slice::from_ref(&b)
    );
    assert_eq!(find(&t.store, 3), Some(b));
    assert!(
        t.store
            .export_org_data(&org_a())
            .unwrap()
            .iter()
            .find(|table| table.name == "share_links")
            .unwrap()
            .rows
            .is_empty()
    );
    let again = t.store.delete_org_data(&org_a()).unwrap();
    assert_eq!(again.get("share_links"), 0);
}
