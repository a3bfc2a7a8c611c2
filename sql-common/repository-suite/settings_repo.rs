//! SettingsRepo: first-row reads, update-or-insert writes, literal prefixes, tenant isolation.

use crate::common::{at, org_a, org_b, temp_database};
use diesel::prelude::*;
use sentinel_domain::ids::OrgId;
use sentinel_domain::settings::{TIMEZONE, motion_email_cooldown_start_key};
use sentinel_ports::driven::repos::SettingsRepo;
use sentinel_sql_common::schema::settings;

#[test]
fn missing_setting_reads_none_and_set_then_get_round_trips() {
    let t = temp_database();
    assert_eq!(t.store.get(&org_a(), TIMEZONE).unwrap(), None);
    t.store
        .set(&org_a(), TIMEZONE, "Europe/London", at(12, 0, 0))
        .unwrap();
    assert_eq!(
        t.store.get(&org_a(), TIMEZONE).unwrap().as_deref(),
        Some("Europe/London")
    );
    t.store
        .set(&org_a(), TIMEZONE, "UTC", at(12, 1, 0))
        .unwrap();
    assert_eq!(
        t.store.get(&org_a(), TIMEZONE).unwrap().as_deref(),
        Some("UTC")
    );
}

#[test]
fn set_updates_the_first_of_duplicate_rows_and_get_reads_it() {
    let t = temp_database();
    let mut conn = t.db.connection().unwrap();
    for value in ["first", "second"] {
        diesel::insert_into(settings::table)
            .values((
                settings::org_id.eq("org_a"),
                settings::key.eq("k"),
                settings::value.eq(value),
            ))
            .execute(&mut conn)
            .unwrap();
    }
    drop(conn);
    assert_eq!(
        t.store.get(&org_a(), "k").unwrap().as_deref(),
        Some("first")
    );
    t.store.set(&org_a(), "k", "updated", at(12, 0, 0)).unwrap();
    let mut conn = t.db.connection().unwrap();
    let values: Vec<Option<String>> = settings::table
        .filter(settings::key.eq("k"))
        .order(settings::id.asc())
        .select(settings::value)
        .load(&mut conn)
        .unwrap();
    assert_eq!(values, [Some("updated".into()), Some("second".into())]);
    let stamped: Option<chrono::NaiveDateTime> = settings::table
        .filter(settings::value.eq("updated"))
        .select(settings::updated_at)
        .first(&mut conn)
        .unwrap();
    assert_eq!(stamped, Some(at(12, 0, 0)));
}

#[test]
fn get_many_returns_only_present_keys() {
    let t = temp_database();
    t.store
        .set_many(&org_a(), &[("a", "1"), ("b", "2")], at(12, 0, 0))
        .unwrap();
    let found = t.store.get_many(&org_a(), &["a", "b", "missing"]).unwrap();
    assert_eq!(found.len(), 2);
    assert_eq!(found["a"], "1");
    assert_eq!(found["b"], "2");
    assert!(t.store.get_many(&org_a(), &[]).unwrap().is_empty());
}

#[test]
fn prefix_lookup_takes_the_prefix_literally() {
    let t = temp_database();
    let now = at(12, 0, 0);
    let cam = sentinel_domain::ids::CameraId::new("ab12cd34_video0");
    t.store
        .set(
            &org_a(),
            &motion_email_cooldown_start_key(&cam),
            "2026-05-04T12:00:00",
            now,
        )
        .unwrap();
    // `_` would match any character in LIKE; `X` in place of the `_` must not be found.
    t.store
        .set(&org_a(), "motionXemail_cooldown_start:other", "x", now)
        .unwrap();
    t.store
        .set(&org_a(), "MOTION_EMAIL_COOLDOWN_START:upper", "x", now)
        .unwrap();
    let found = t
        .store
        .get_by_prefix(&org_a(), "motion_email_cooldown_start:")
        .unwrap();
    assert_eq!(
        found,
        [(
            "motion_email_cooldown_start:ab12cd34_video0".to_owned(),
            "2026-05-04T12:00:00".to_owned()
        )]
    );
}

#[test]
fn delete_removes_every_duplicate() {
    let t = temp_database();
    t.store.set(&org_a(), "k", "v", at(12, 0, 0)).unwrap();
    assert!(t.store.delete(&org_a(), "k").unwrap());
    assert!(!t.store.delete(&org_a(), "k").unwrap());
    assert_eq!(t.store.get(&org_a(), "k").unwrap(), None);
}

#[test]
fn list_all_orgs_with_spans_tenants() {
    let t = temp_database();
    t.store
        .set(&org_a(), "org_plan", "pro", at(12, 0, 0))
        .unwrap();
    t.store
        .set(&org_b(), "org_plan", "pro_plus", at(12, 0, 0))
        .unwrap();
    t.store
        .set(&org_b(), "timezone", "UTC", at(12, 0, 0))
        .unwrap();
    assert_eq!(
        t.store.list_all_orgs_with("org_plan").unwrap(),
        [
            (org_a(), "pro".to_owned()),
            (org_b(), "pro_plus".to_owned())
        ]
    );
}

#[test]
fn org_b_cannot_read_change_or_delete_org_a_settings() {
    let t = temp_database();
    let now = at(12, 0, 0);
    t.store
        .set(&org_a(), "payment_past_due", "true", now)
        .unwrap();

    assert_eq!(t.store.get(&org_b(), "payment_past_due").unwrap(), None);
    assert!(
        t.store
            .get_many(&org_b(), &["payment_past_due"])
            .unwrap()
            .is_empty()
    );
    assert!(
        t.store
            .get_by_prefix(&org_b(), "payment")
            .unwrap()
            .is_empty()
    );
    assert!(!t.store.delete(&org_b(), "payment_past_due").unwrap());
    t.store
        .set(&org_b(), "payment_past_due", "false", now)
        .unwrap();

    assert_eq!(
        t.store
            .get(&org_a(), "payment_past_due")
            .unwrap()
            .as_deref(),
        Some("true")
    );
    assert_eq!(
        t.store
            .get(&org_b(), "payment_past_due")
            .unwrap()
            .as_deref(),
        Some("false")
    );
    let org_c = OrgId::new("org_c");
    assert_eq!(t.store.get(&org_c, "payment_past_due").unwrap(), None);
}

#[test]
fn concurrent_writers_wait_for_the_lock_instead_of_failing() {
    let t = temp_database();
    let writers: Vec<_> = (0..4)
        .map(|writer| {
            let store = t.store.clone();
            std::thread::spawn(move || {
                for round in 0..25 {
                    let key = format!("writer_{writer}");
                    store
                        .set(&org_a(), &key, &round.to_string(), at(12, 0, 0))
                        .unwrap();
                    store.set(&org_a(), "shared", &key, at(12, 0, 0)).unwrap();
                }
            })
        })
        .collect();
    for writer in writers {
        writer.join().unwrap();
    }
    for writer in 0..4 {
        let key = format!("writer_{writer}");
        assert_eq!(t.store.get(&org_a(), &key).unwrap().as_deref(), Some("24"));
    }
    // Update-first-or-insert inside one immediate transaction: no duplicate under contention.
    assert_eq!(t.store.get_by_prefix(&org_a(), "shared").unwrap().len(), 1);
    let mut conn = t.db.connection().unwrap();
    let shared_rows: i64 = settings::table
        .filter(settings::key.eq("shared"))
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(shared_rows, 1);
}
