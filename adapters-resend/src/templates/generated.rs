//! The askama template structs: one per file under `templates/` (generated list; keep it in
//! step with the directory). `.html` files are HTML-escaped, `.txt` files are not.

// Fixed subjects (security notices, welcome) read nothing of the notification.
#![allow(dead_code)]

use super::View;
use askama::Template;

#[derive(Template)]
#[template(path = "camera_offline.subject.txt")]
struct CameraOfflineSubject<'a> {
    v: &'a View<'a>,
}

#[derive(Template)]
#[template(path = "camera_offline.body.txt")]
struct CameraOfflineText<'a> {
    v: &'a View<'a>,
}

#[derive(Template)]
#[template(path = "camera_offline.body.html")]
struct CameraOfflineHtml<'a> {
    v: &'a View<'a>,
}

#[derive(Template)]
#[template(path = "camera_online.subject.txt")]
struct CameraOnlineSubject<'a> {
    v: &'a View<'a>,
}

#[derive(Template)]
#[template(path = "camera_online.body.txt")]
struct CameraOnlineText<'a> {
    v: &'a View<'a>,
}

#[derive(Template)]
#[template(path = "camera_online.body.html")]
struct CameraOnlineHtml<'a> {
    v: &'a View<'a>,
}

#[derive(Template)]
#[template(path = "node_offline.subject.txt")]
struct NodeOfflineSubject<'a> {
    v: &'a View<'a>,
}

#[derive(Template)]
#[template(path = "node_offline.body.txt")]
struct NodeOfflineText<'a> {
    v: &'a View<'a>,
}

#[derive(Template)]
#[template(path = "node_offline.body.html")]
struct NodeOfflineHtml<'a> {
    v: &'a View<'a>,
}

#[derive(Template)]
#[template(path = "node_online.subject.txt")]
struct NodeOnlineSubject<'a> {
    v: &'a View<'a>,
}

#[derive(Template)]
#[template(path = "node_online.body.txt")]
struct NodeOnlineText<'a> {
    v: &'a View<'a>,
}

#[derive(Template)]
#[template(path = "node_online.body.html")]
struct NodeOnlineHtml<'a> {
    v: &'a View<'a>,
}

#[derive(Template)]
#[template(path = "incident_created.subject.txt")]
struct IncidentCreatedSubject<'a> {
    v: &'a View<'a>,
}

#[derive(Template)]
#[template(path = "incident_created.body.txt")]
struct IncidentCreatedText<'a> {
    v: &'a View<'a>,
}

#[derive(Template)]
#[template(path = "incident_created.body.html")]
struct IncidentCreatedHtml<'a> {
    v: &'a View<'a>,
}

#[derive(Template)]
#[template(path = "cameranode_disk_low.subject.txt")]
struct CameranodeDiskLowSubject<'a> {
    v: &'a View<'a>,
}

#[derive(Template)]
#[template(path = "cameranode_disk_low.body.txt")]
struct CameranodeDiskLowText<'a> {
    v: &'a View<'a>,
}

#[derive(Template)]
#[template(path = "cameranode_disk_low.body.html")]
struct CameranodeDiskLowHtml<'a> {
    v: &'a View<'a>,
}

#[derive(Template)]
#[template(path = "mcp_key_created.subject.txt")]
struct McpKeyCreatedSubject<'a> {
    v: &'a View<'a>,
}

#[derive(Template)]
#[template(path = "mcp_key_created.body.txt")]
struct McpKeyCreatedText<'a> {
    v: &'a View<'a>,
}

#[derive(Template)]
#[template(path = "mcp_key_created.body.html")]
struct McpKeyCreatedHtml<'a> {
    v: &'a View<'a>,
}

#[derive(Template)]
#[template(path = "mcp_key_revoked.subject.txt")]
struct McpKeyRevokedSubject<'a> {
    v: &'a View<'a>,
}

#[derive(Template)]
#[template(path = "mcp_key_revoked.body.txt")]
struct McpKeyRevokedText<'a> {
    v: &'a View<'a>,
}

#[derive(Template)]
#[template(path = "mcp_key_revoked.body.html")]
struct McpKeyRevokedHtml<'a> {
    v: &'a View<'a>,
}

#[derive(Template)]
#[template(path = "member_added.subject.txt")]
struct MemberAddedSubject<'a> {
    v: &'a View<'a>,
}

#[derive(Template)]
#[template(path = "member_added.body.txt")]
struct MemberAddedText<'a> {
    v: &'a View<'a>,
}

#[derive(Template)]
#[template(path = "member_added.body.html")]
struct MemberAddedHtml<'a> {
    v: &'a View<'a>,
}

#[derive(Template)]
#[template(path = "member_role_changed.subject.txt")]
struct MemberRoleChangedSubject<'a> {
    v: &'a View<'a>,
}

#[derive(Template)]
#[template(path = "member_role_changed.body.txt")]
struct MemberRoleChangedText<'a> {
    v: &'a View<'a>,
}

#[derive(Template)]
#[template(path = "member_role_changed.body.html")]
struct MemberRoleChangedHtml<'a> {
    v: &'a View<'a>,
}

#[derive(Template)]
#[template(path = "member_removed.subject.txt")]
struct MemberRemovedSubject<'a> {
    v: &'a View<'a>,
}

#[derive(Template)]
#[template(path = "member_removed.body.txt")]
struct MemberRemovedText<'a> {
    v: &'a View<'a>,
}

#[derive(Template)]
#[template(path = "member_removed.body.html")]
struct MemberRemovedHtml<'a> {
    v: &'a View<'a>,
}

#[derive(Template)]
#[template(path = "member_promotion_requested.subject.txt")]
struct MemberPromotionRequestedSubject<'a> {
    v: &'a View<'a>,
}

#[derive(Template)]
#[template(path = "member_promotion_requested.body.txt")]
struct MemberPromotionRequestedText<'a> {
    v: &'a View<'a>,
}

#[derive(Template)]
#[template(path = "member_promotion_requested.body.html")]
struct MemberPromotionRequestedHtml<'a> {
    v: &'a View<'a>,
}

#[derive(Template)]
#[template(path = "motion.subject.txt")]
struct MotionSubject<'a> {
    v: &'a View<'a>,
}

#[derive(Template)]
#[template(path = "motion.body.txt")]
struct MotionText<'a> {
    v: &'a View<'a>,
}

#[derive(Template)]
#[template(path = "motion.body.html")]
struct MotionHtml<'a> {
    v: &'a View<'a>,
}

#[derive(Template)]
#[template(path = "motion_digest.subject.txt")]
struct MotionDigestSubject<'a> {
    v: &'a View<'a>,
}

#[derive(Template)]
#[template(path = "motion_digest.body.txt")]
struct MotionDigestText<'a> {
    v: &'a View<'a>,
}

#[derive(Template)]
#[template(path = "motion_digest.body.html")]
struct MotionDigestHtml<'a> {
    v: &'a View<'a>,
}

#[derive(Template)]
#[template(path = "welcome.subject.txt")]
struct WelcomeSubject<'a> {
    v: &'a View<'a>,
}

#[derive(Template)]
#[template(path = "welcome.body.txt")]
struct WelcomeText<'a> {
    v: &'a View<'a>,
}

#[derive(Template)]
#[template(path = "welcome.body.html")]
struct WelcomeHtml<'a> {
    v: &'a View<'a>,
}

#[derive(Template)]
#[template(path = "fallback.subject.txt")]
struct FallbackSubject<'a> {
    v: &'a View<'a>,
}

#[derive(Template)]
#[template(path = "fallback.body.txt")]
struct FallbackText<'a> {
    v: &'a View<'a>,
}

#[derive(Template)]
#[template(path = "fallback.body.html")]
struct FallbackHtml<'a> {
    v: &'a View<'a>,
}

pub(super) fn subject(kind: &str, v: &View<'_>) -> askama::Result<String> {
    match kind {
        "camera_offline" => CameraOfflineSubject { v }.render(),
        "camera_online" => CameraOnlineSubject { v }.render(),
        "node_offline" => NodeOfflineSubject { v }.render(),
        "node_online" => NodeOnlineSubject { v }.render(),
        "incident_created" => IncidentCreatedSubject { v }.render(),
        "cameranode_disk_low" => CameranodeDiskLowSubject { v }.render(),
        "mcp_key_created" => McpKeyCreatedSubject { v }.render(),
        "mcp_key_revoked" => McpKeyRevokedSubject { v }.render(),
        "member_added" => MemberAddedSubject { v }.render(),
        "member_role_changed" => MemberRoleChangedSubject { v }.render(),
        "member_removed" => MemberRemovedSubject { v }.render(),
        "member_promotion_requested" => MemberPromotionRequestedSubject { v }.render(),
        "motion" => MotionSubject { v }.render(),
        "motion_digest" => MotionDigestSubject { v }.render(),
        "welcome" => WelcomeSubject { v }.render(),
        _ => FallbackSubject { v }.render(),
    }
}

pub(super) fn text(kind: &str, v: &View<'_>) -> askama::Result<String> {
    match kind {
        "camera_offline" => CameraOfflineText { v }.render(),
        "camera_online" => CameraOnlineText { v }.render(),
        "node_offline" => NodeOfflineText { v }.render(),
        "node_online" => NodeOnlineText { v }.render(),
        "incident_created" => IncidentCreatedText { v }.render(),
        "cameranode_disk_low" => CameranodeDiskLowText { v }.render(),
        "mcp_key_created" => McpKeyCreatedText { v }.render(),
        "mcp_key_revoked" => McpKeyRevokedText { v }.render(),
        "member_added" => MemberAddedText { v }.render(),
        "member_role_changed" => MemberRoleChangedText { v }.render(),
        "member_removed" => MemberRemovedText { v }.render(),
        "member_promotion_requested" => MemberPromotionRequestedText { v }.render(),
        "motion" => MotionText { v }.render(),
        "motion_digest" => MotionDigestText { v }.render(),
        "welcome" => WelcomeText { v }.render(),
        _ => FallbackText { v }.render(),
    }
}

pub(super) fn html_body(kind: &str, v: &View<'_>) -> askama::Result<String> {
    match kind {
        "camera_offline" => CameraOfflineHtml { v }.render(),
        "camera_online" => CameraOnlineHtml { v }.render(),
        "node_offline" => NodeOfflineHtml { v }.render(),
        "node_online" => NodeOnlineHtml { v }.render(),
        "incident_created" => IncidentCreatedHtml { v }.render(),
        "cameranode_disk_low" => CameranodeDiskLowHtml { v }.render(),
        "mcp_key_created" => McpKeyCreatedHtml { v }.render(),
        "mcp_key_revoked" => McpKeyRevokedHtml { v }.render(),
        "member_added" => MemberAddedHtml { v }.render(),
        "member_role_changed" => MemberRoleChangedHtml { v }.render(),
        "member_removed" => MemberRemovedHtml { v }.render(),
        "member_promotion_requested" => MemberPromotionRequestedHtml { v }.render(),
        "motion" => MotionHtml { v }.render(),
        "motion_digest" => MotionDigestHtml { v }.render(),
        "welcome" => WelcomeHtml { v }.render(),
        _ => FallbackHtml { v }.render(),
    }
}

#[derive(Template)]
#[template(path = "_layout.html")]
pub(super) struct Layout<'a> {
    pub subject: &'a str,
    pub severity_color: &'a str,
    pub body_html: &'a str,
    pub dashboard_url: &'a str,
    pub unsubscribe_url: &'a str,
}
