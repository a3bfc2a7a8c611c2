//! AuditRepo: append, newest-first pages with filters and totals, retention, isolation.

use crate::common::{at, org_a, org_b, temp_database};
use sentinel_domain::audit::{AuditQuery, NewAuditEntry};
use sentinel_domain::ids::UserId;
use sentinel_ports::driven::repos::AuditRepo;
use serde_json::json;

fn entry(minute: u32, event: &str, username: &str) -> NewAuditEntry {
    NewAuditEntry::new(
        at(12, minute, 0),
        event,
        Some("203.0.113.9"),
        Some(username),
        Some(&UserId::new("user_1")),
        Some(&json!({"node_id": "abcd1234"})),
    )
}

fn query() -> AuditQuery {
    AuditQuery {
        event: None,
        username_contains: None,
        limit: 100,
        offset: 0,
    }
}

#[test]
fn appended_entries_list_newest_first_with_a_total() {
    let t = temp_database();
    for minute in 0..5 {
        t.store
            .append(
                &org_a(),
                &entry(minute, "node_created", "admin@example.com"),
            )
            .unwrap();
    }
    let page = t
        .store
        .list(
            &org_a(),
            &AuditQuery {
                limit: 2,
                offset: 1,
                ..query()
            },
        )
        .unwrap();
    assert_eq!(page.total, 5);
    let minutes: Vec<_> = page.entries.iter().map(|e| e.timestamp).collect();
    assert_eq!(minutes, [Some(at(12, 3, 0)), Some(at(12, 2, 0))]);
    let first = &page.entries[0];
    assert_eq!(first.event, "node_created");
    assert_eq!(first.ip_address.as_deref(), Some("203.0.113.9"));
    assert_eq!(first.user_id.as_deref(), Some("user_1"));
    assert_eq!(first.details.as_deref(), Some(r#"{"node_id": "abcd1234"}"#));
}

#[test]
fn event_filter_is_exact() {
    let t = temp_database();
    t.store
        .append(&org_a(), &entry(0, "node_created", "a"))
        .unwrap();
    t.store
        .append(&org_a(), &entry(1, "node_deleted", "a"))
        .unwrap();
    let page = t
        .store
        .list(
            &org_a(),
            &AuditQuery {
                event: Some("node_deleted".into()),
                ..query()
            },
        )
        .unwrap();
    assert_eq!(page.total, 1);
    assert_eq!(page.entries[0].event, "node_deleted");
}

fn usernames_matching(t: &crate::common::TempDatabase, fragment: &str) -> Vec<String> {
    let page = t
        .store
        .list(
            &org_a(),
            &AuditQuery {
                username_contains: Some(fragment.into()),
                ..query()
            },
        )
        .unwrap();
    assert_eq!(page.total as usize, page.entries.len());
    let mut names: Vec<String> = page
        .entries
        .into_iter()
        .filter_map(|e| e.username)
        .collect();
    names.sort();
    names
}

#[test]
fn username_filter_is_a_case_insensitive_literal_substring() {
    let t = temp_database();
    for (minute, name) in [
        "Alice@Example.com",
        "bob_smith",
        "bobXsmith",
        "100%real",
        "1000real",
        r"back\slash",
    ]
    .into_iter()
    .enumerate()
    {
        t.store
            .append(&org_a(), &entry(minute as u32, "e", name))
            .unwrap();
    }
    assert_eq!(
        usernames_matching(&t, "alice@EXAMPLE"),
        ["Alice@Example.com"]
    );
    assert_eq!(usernames_matching(&t, "b_s"), ["bob_smith"]);
    assert_eq!(usernames_matching(&t, "0%r"), ["100%real"]);
    assert_eq!(usernames_matching(&t, r"k\s"), [r"back\slash"]);
    assert!(usernames_matching(&t, "%").contains(&"100%real".to_owned()));
    assert_eq!(usernames_matching(&t, "%").len(), 1);
}

#[test]
fn retention_deletes_only_older_entries() {
    let t = temp_database();
    for minute in 0..4 {
        t.store.append(&org_a(), &entry(minute, "e", "a")).unwrap();
    }
    assert_eq!(
        t.store.delete_older_than(&org_a(), at(12, 2, 0)).unwrap(),
        2
    );
    assert_eq!(t.store.list(&org_a(), &query()).unwrap().total, 2);
}

#[test]
fn org_b_cannot_read_or_purge_org_a_audit_entries() {
    let t = temp_database();
    t.store
        .append(&org_a(), &entry(0, "node_created", "admin"))
        .unwrap();
    let page = t.store.list(&org_b(), &query()).unwrap();
    assert_eq!((page.total, page.entries.len()), (0, 0));
    assert_eq!(
        t.store.delete_older_than(&org_b(), at(23, 0, 0)).unwrap(),
        0
    );
    assert_eq!(t.store.list(&org_a(), &query()).unwrap().total, 1);
}
