//! NotificationRepo: rows read back as stored, a kind this server does not know included.

use crate::common::{at, org_a, temp_database};
use sentinel_domain::notifications::{
    self, InboxQuery, NotificationContent, NotificationKind, Severity,
};
use sentinel_ports::driven::repos::NotificationRepo;

fn everything() -> InboxQuery {
    InboxQuery {
        include_admin: true,
        since: at(0, 0, 0),
        after: None,
        limit: 50,
        offset: 0,
    }
}

#[test]
fn a_stored_notification_reads_back_unchanged() {
    let t = temp_database();
    let created = t
        .store
        .insert(
            &org_a(),
            &notifications::camera_offline("Door", "cam1", Some("node1")).normalised(),
            at(9, 0, 0),
        )
        .unwrap();
    assert_eq!(created.content.kind, NotificationKind::CameraOffline);
    let page = t.store.list(&org_a(), &everything()).unwrap();
    assert_eq!(page.notifications, [created]);
}

#[test]
fn an_unknown_stored_kind_lists_with_its_text_unchanged() {
    let t = temp_database();
    let org = org_a();
    let stored = t
        .store
        .insert(
            &org,
            &NotificationContent::new(NotificationKind::Welcome, "Hello")
                .with_severity(Severity::Warning),
            at(9, 0, 0),
        )
        .unwrap();
    {
        // As the original product (or a person) could have written it.
        use diesel::prelude::*;
        use sentinel_sql_common::schema::notifications;
        let mut conn = t.db.connection().unwrap();
        diesel::update(notifications::table.filter(notifications::id.eq(stored.id)))
            .set(notifications::kind.eq("legacy_Kind"))
            .execute(&mut conn)
            .unwrap();
    }
    let page = t.store.list(&org, &everything()).unwrap();
    assert_eq!(page.total, 1);
    let kind = &page.notifications[0].content.kind;
    assert!(!kind.is_known());
    assert_eq!(kind.as_str(), "legacy_Kind");
    assert_eq!(page.notifications[0].content.title, "Hello");
}
