//! The askama template structs: one per file under `templates/` (generated list; keep it in
//! step with the directory). `.html` files are HTML-escaped, `.txt` files are not.

// Fixed subjects (security notices, welcome) read nothing of the notification.
#![allow(dead_code)]

use super::View;
use askama::Template;
use sentinel_domain::notifications::NotificationKind;

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

pub(super) fn subject(kind: &NotificationKind, v: &View<'_>) -> askama::Result<String> {
    match kind {
        NotificationKind::CameraOffline => CameraOfflineSubject { v }.render(),
        NotificationKind::CameraOnline => CameraOnlineSubject { v }.render(),
        NotificationKind::NodeOffline => NodeOfflineSubject { v }.render(),
        NotificationKind::NodeOnline => NodeOnlineSubject { v }.render(),
        NotificationKind::IncidentCreated => IncidentCreatedSubject { v }.render(),
        NotificationKind::CameranodeDiskLow => CameranodeDiskLowSubject { v }.render(),
        NotificationKind::McpKeyCreated => McpKeyCreatedSubject { v }.render(),
        NotificationKind::McpKeyRevoked => McpKeyRevokedSubject { v }.render(),
        NotificationKind::MemberAdded => MemberAddedSubject { v }.render(),
        NotificationKind::MemberRoleChanged => MemberRoleChangedSubject { v }.render(),
        NotificationKind::MemberRemoved => MemberRemovedSubject { v }.render(),
        NotificationKind::MemberPromotionRequested => {
            MemberPromotionRequestedSubject { v }.render()
        }
        NotificationKind::Motion => MotionSubject { v }.render(),
        NotificationKind::MotionDigest => MotionDigestSubject { v }.render(),
        NotificationKind::Welcome => WelcomeSubject { v }.render(),
        NotificationKind::IntegrationKeyCreated
        | NotificationKind::PlanLimitReached
        | NotificationKind::Other(_) => fallback_subject(v),
    }
}

pub(super) fn text(kind: &NotificationKind, v: &View<'_>) -> askama::Result<String> {
    match kind {
        NotificationKind::CameraOffline => CameraOfflineText { v }.render(),
        NotificationKind::CameraOnline => CameraOnlineText { v }.render(),
        NotificationKind::NodeOffline => NodeOfflineText { v }.render(),
        NotificationKind::NodeOnline => NodeOnlineText { v }.render(),
        NotificationKind::IncidentCreated => IncidentCreatedText { v }.render(),
        NotificationKind::CameranodeDiskLow => CameranodeDiskLowText { v }.render(),
        NotificationKind::McpKeyCreated => McpKeyCreatedText { v }.render(),
        NotificationKind::McpKeyRevoked => McpKeyRevokedText { v }.render(),
        NotificationKind::MemberAdded => MemberAddedText { v }.render(),
        NotificationKind::MemberRoleChanged => MemberRoleChangedText { v }.render(),
        NotificationKind::MemberRemoved => MemberRemovedText { v }.render(),
        NotificationKind::MemberPromotionRequested => MemberPromotionRequestedText { v }.render(),
        NotificationKind::Motion => MotionText { v }.render(),
        NotificationKind::MotionDigest => MotionDigestText { v }.render(),
        NotificationKind::Welcome => WelcomeText { v }.render(),
        NotificationKind::IntegrationKeyCreated
        | NotificationKind::PlanLimitReached
        | NotificationKind::Other(_) => fallback_text(v),
    }
}

pub(super) fn html_body(kind: &NotificationKind, v: &View<'_>) -> askama::Result<String> {
    match kind {
        NotificationKind::CameraOffline => CameraOfflineHtml { v }.render(),
        NotificationKind::CameraOnline => CameraOnlineHtml { v }.render(),
        NotificationKind::NodeOffline => NodeOfflineHtml { v }.render(),
        NotificationKind::NodeOnline => NodeOnlineHtml { v }.render(),
        NotificationKind::IncidentCreated => IncidentCreatedHtml { v }.render(),
        NotificationKind::CameranodeDiskLow => CameranodeDiskLowHtml { v }.render(),
        NotificationKind::McpKeyCreated => McpKeyCreatedHtml { v }.render(),
        NotificationKind::McpKeyRevoked => McpKeyRevokedHtml { v }.render(),
        NotificationKind::MemberAdded => MemberAddedHtml { v }.render(),
        NotificationKind::MemberRoleChanged => MemberRoleChangedHtml { v }.render(),
        NotificationKind::MemberRemoved => MemberRemovedHtml { v }.render(),
        NotificationKind::MemberPromotionRequested => MemberPromotionRequestedHtml { v }.render(),
        NotificationKind::Motion => MotionHtml { v }.render(),
        NotificationKind::MotionDigest => MotionDigestHtml { v }.render(),
        NotificationKind::Welcome => WelcomeHtml { v }.render(),
        NotificationKind::IntegrationKeyCreated
        | NotificationKind::PlanLimitReached
        | NotificationKind::Other(_) => fallback_html_body(v),
    }
}

/// The generic templates, for kinds without their own (and when a kind's own fail).
pub(super) fn fallback_subject(v: &View<'_>) -> askama::Result<String> {
    FallbackSubject { v }.render()
}

pub(super) fn fallback_text(v: &View<'_>) -> askama::Result<String> {
    FallbackText { v }.render()
}

pub(super) fn fallback_html_body(v: &View<'_>) -> askama::Result<String> {
    FallbackHtml { v }.render()
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
