//! The inbox over HTTP: listing, audience filter, unread badge, mark-viewed, clear-all,
//! promotion requests, and tenant isolation of each.

use crate::notifications_common::*;
use chrono::TimeDelta;
use sentinel_domain::notifications::{NotificationContent, NotificationKind};

#[actix_web::test]
async fn empty_inbox_lists_fine_and_new_users_start_at_zero_unread() {
    let app = app().await;
    let (status, body) = get_json(&app, "/api/notifications", &member("org_a")).await;
    assert_eq!(status, 200);
    assert_eq!(body["total"], 0);
    assert_eq!(body["limit"], 50);
    assert_eq!(body["offset"], 0);
    assert!(body["last_viewed_at"].is_string());
    store(&app, "org_a", for_everyone("Door"));
    let late_joiner = sentinel_tests::FakeIdentity::token("member", "org_a", "late");
    assert_eq!(unread(&app, &late_joiner).await["unread"], 0);
}

#[actix_web::test]
async fn members_never_see_admin_rows_in_list_or_count() {
    let app = app().await;
    let (admin, member) = (admin("org_a"), member("org_a"));
    // First access stamps last_viewed_at: both users exist before the rows.
    unread(&app, &admin).await;
    unread(&app, &member).await;
    store(&app, "org_a", for_everyone("Door"));
    store(&app, "org_a", for_admins("Shed"));
    assert_eq!(
        titles(&app, &admin).await,
        ["Node 'Shed' went offline", "Door went offline"]
    );
    assert_eq!(titles(&app, &member).await, ["Door went offline"]);
    assert_eq!(unread(&app, &admin).await["unread"], 2);
    assert_eq!(unread(&app, &member).await["unread"], 1);
}

#[actix_web::test]
async fn rows_carry_the_notification_dict_and_unread_flag() {
    let app = app().await;
    let token = admin("org_a");
    unread(&app, &token).await;
    store(&app, "org_a", for_everyone("Door"));
    let (_, body) = get_json(&app, "/api/notifications", &token).await;
    let row = &body["notifications"][0];
    assert_eq!(row["kind"], "camera_offline");
    assert_eq!(row["audience"], "all");
    assert_eq!(row["severity"], "warning");
    assert_eq!(row["link"], "/dashboard?camera=cam_1");
    assert_eq!(row["camera_id"], "cam_1");
    assert_eq!(row["node_id"], "node_1");
    assert_eq!(row["meta"], serde_json::Value::Null);
    assert_eq!(row["unread"], true);
    assert!(
        row["created_at"]
            .as_str()
            .unwrap()
            .starts_with("2026-11-27T12:00")
    );
}

#[actix_web::test]
async fn listing_respects_the_hours_window_and_bounds() {
    let app = app().await;
    let token = admin("org_a");
    store(&app, "org_a", for_everyone("Old"));
    app.clock.advance(TimeDelta::hours(3));
    store(&app, "org_a", for_everyone("New"));
    let (_, body) = get_json(&app, "/api/notifications?hours=2", &token).await;
    assert_eq!(body["total"], 1);
    for bad in ["limit=0", "limit=201", "offset=-1", "hours=721"] {
        let (status, _) = get_json(&app, &format!("/api/notifications?{bad}"), &token).await;
        assert_eq!(status, 422, "{bad}");
    }
    let (status, future) = get_json(&app, "/api/notifications?hours=-99999999999", &token).await;
    assert_eq!((status, &future["total"]), (200, &serde_json::json!(0)));
    let (_, page) = get_json(&app, "/api/notifications?limit=1&offset=1", &token).await;
    assert_eq!(page["total"], 2);
    assert_eq!(page["notifications"][0]["title"], "Old went offline");
}

#[actix_web::test]
async fn unread_count_is_capped_at_99() {
    let app = app().await;
    let token = member("org_a");
    unread(&app, &token).await;
    for i in 0..120 {
        store(
            &app,
            "org_a",
            NotificationContent::new(NotificationKind::IncidentCreated, format!("n{i}")),
        );
    }
    let badge = unread(&app, &token).await;
    assert_eq!(badge["unread"], 99);
    assert_eq!(badge["capped"], true);
}

#[actix_web::test]
async fn a_kind_this_server_does_not_know_is_always_stored_and_lists_verbatim() {
    let app = app().await;
    // No inbox setting gates an unknown kind, so switching every one off changes nothing.
    for key in NotificationKind::ALL
        .iter()
        .filter_map(NotificationKind::inbox_setting)
    {
        crate::nodes_common::set_setting(&app, "org_a", key, "false");
    }
    let legacy = NotificationContent::new(NotificationKind::parse("legacy_Kind"), "Old row");
    assert!(store(&app, "org_a", legacy).is_some());
    let (status, page) = get_json(&app, "/api/notifications", &member("org_a")).await;
    assert_eq!(status, 200);
    assert_eq!(page["total"], 1);
    assert_eq!(page["notifications"][0]["kind"], "legacy_Kind");
    assert_eq!(page["notifications"][0]["title"], "Old row");
}

#[actix_web::test]
async fn mark_viewed_zeroes_unread_and_later_rows_count_again() {
    let app = app().await;
    let token = member("org_a");
    unread(&app, &token).await;
    store(&app, "org_a", for_everyone("A"));
    assert_eq!(unread(&app, &token).await["unread"], 1);
    let (status, body) = post_json(&app, "/api/notifications/mark-viewed", &token).await;
    assert_eq!((status, &body["success"]), (200, &serde_json::json!(true)));
    assert_eq!(unread(&app, &token).await["unread"], 0);
    store(&app, "org_a", for_everyone("B"));
    assert_eq!(unread(&app, &token).await["unread"], 1);
    let (_, list) = get_json(&app, "/api/notifications", &token).await;
    assert_eq!(list["notifications"][0]["unread"], true);
    assert_eq!(list["notifications"][1]["unread"], false);
}

#[actix_web::test]
async fn clear_all_hides_existing_rows_for_that_user_only() {
    let app = app().await;
    let (me, other) = (member("org_a"), admin("org_a"));
    store(&app, "org_a", for_everyone("Before"));
    let (status, body) = post_json(&app, "/api/notifications/clear-all", &me).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["cleared_at"], body["last_viewed_at"]);
    assert!(titles(&app, &me).await.is_empty());
    assert_eq!(unread(&app, &me).await["unread"], 0);
    assert_eq!(titles(&app, &other).await, ["Before went offline"]);
    store(&app, "org_a", for_everyone("After"));
    assert_eq!(titles(&app, &me).await, ["After went offline"]);
}

#[actix_web::test]
async fn promotion_request_notifies_admins_and_refuses_admins() {
    let app = app().await;
    let (status, body) = post_json(
        &app,
        "/api/notifications/request-admin-promotion",
        &member("org_a"),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["success"], true);
    let rows = wait_for_rows(&app, &admin("org_a"), |rows| !rows.is_empty()).await;
    assert_eq!(rows[0]["kind"], "member_promotion_requested");
    assert_eq!(rows[0]["audience"], "admin");
    assert_eq!(rows[0]["meta"]["requester_user_id"], "member_org_a");
    assert_eq!(
        rows[0]["meta"]["requester_label"],
        "member_org_a@example.test"
    );
    assert!(titles(&app, &member("org_a")).await.is_empty());
    let (status, _) = post_json(
        &app,
        "/api/notifications/request-admin-promotion",
        &admin("org_a"),
    )
    .await;
    assert_eq!(status, 400);
}

#[actix_web::test]
async fn fourth_promotion_request_in_an_hour_is_rate_limited() {
    let app = app().await;
    for _ in 0..3 {
        let (status, _) = post_json(
            &app,
            "/api/notifications/request-admin-promotion",
            &member("org_a"),
        )
        .await;
        assert_eq!(status, 200);
    }
    let (status, body) = post_json(
        &app,
        "/api/notifications/request-admin-promotion",
        &member("org_a"),
    )
    .await;
    assert_eq!(status, 429);
    assert_eq!(body["error"], "rate_limit_exceeded");
}

#[actix_web::test]
async fn every_inbox_endpoint_is_tenant_isolated() {
    let app = app().await;
    let (a, b) = (admin("org_a"), admin("org_b"));
    unread(&app, &a).await;
    unread(&app, &b).await;
    store(&app, "org_a", for_everyone("A-only"));
    store(&app, "org_a", for_admins("A-admin"));
    post_json(
        &app,
        "/api/notifications/request-admin-promotion",
        &member("org_a"),
    )
    .await;
    assert!(titles(&app, &b).await.is_empty());
    assert_eq!(get_json(&app, "/api/notifications", &b).await.1["total"], 0);
    assert_eq!(unread(&app, &b).await["unread"], 0);
    // B's read cursors do not move A's.
    post_json(&app, "/api/notifications/mark-viewed", &b).await;
    post_json(&app, "/api/notifications/clear-all", &b).await;
    assert_eq!(unread(&app, &a).await["unread"], 3);
    assert_eq!(titles(&app, &a).await.len(), 3);
}

#[actix_web::test]
async fn inbox_endpoints_require_a_session() {
    let app = app().await;
    for path in [
        "/api/notifications",
        "/api/notifications/unread-count",
        "/api/notifications/stream",
    ] {
        let status = app.client.get(app.url(path)).send().await.unwrap().status();
        assert_eq!(status, 401, "{path}");
    }
    for path in [
        "/api/notifications/mark-viewed",
        "/api/notifications/clear-all",
        "/api/notifications/request-admin-promotion",
    ] {
        let status = app
            .client
            .post(app.url(path))
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(status, 401, "{path}");
    }
}
