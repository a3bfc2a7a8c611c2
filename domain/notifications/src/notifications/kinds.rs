//! A builder per kind of §1.1 ([`NotificationKind`]): every title, body, severity,
//! audience, link, id and meta rule of the spec's table lives here and nowhere else.

use super::{Audience, NotificationContent, NotificationKind, Severity};
use serde_json::json;

const OFFLINE_BODY: &str = "No heartbeat received in over 90 seconds.";
const DOCS_URL: &str = "https://docs.opensentry.dev";

/// Camera/node "name": the name, or the id when the name is blank.
pub fn display_name<'a>(name: &'a str, id: &'a str) -> &'a str {
    if name.trim().is_empty() { id } else { name }
}

/// `/dashboard?camera=<cam>`.
pub fn camera_link(camera_id: &str) -> String {
    format!("/dashboard?camera={camera_id}")
}

/// `motion`: `Motion on <name>`, score in the body, meta `{score, segment_seq, event_timestamp}`.
pub fn motion(
    camera_name: &str,
    camera_id: &str,
    node_id: &str,
    score: i32,
    segment_seq: Option<i64>,
    event_timestamp: &str,
) -> NotificationContent {
    NotificationContent::new(
        NotificationKind::Motion,
        format!("Motion on {}", display_name(camera_name, camera_id)),
    )
    .with_body(format!("Scene change detected at {score}% intensity."))
    .with_link(camera_link(camera_id))
    .with_camera(camera_id)
    .with_node(node_id)
    .with_meta(
        json!({"score": score, "segment_seq": segment_seq, "event_timestamp": event_timestamp}),
    )
}

/// `motion_digest`: the events after the first alert within one cooldown window.
pub fn motion_digest(
    camera_name: &str,
    camera_id: &str,
    event_count: u32,
    window_start: &str,
    window_end: &str,
    cooldown_minutes: u32,
) -> NotificationContent {
    let name = display_name(camera_name, camera_id);
    let plural = if event_count == 1 { "" } else { "s" };
    NotificationContent::new(
        NotificationKind::MotionDigest,
        format!("{event_count} more motion event{plural} on {name}"),
    )
    .with_body(format!(
        "{event_count} additional motion event{plural} were detected on \"{name}\" in the \
         {cooldown_minutes}-minute window after the first alert."
    ))
    .with_link(camera_link(camera_id))
    .with_camera(camera_id)
    .with_meta(json!({
        "event_count": event_count,
        "window_start": window_start,
        "window_end": window_end,
        "cooldown_minutes": cooldown_minutes,
    }))
}

/// `camera_offline` (warning, everyone).
pub fn camera_offline(name: &str, camera_id: &str, node_id: Option<&str>) -> NotificationContent {
    camera_transition(
        NotificationKind::CameraOffline,
        format!("{} went offline", display_name(name, camera_id)),
        OFFLINE_BODY,
        Severity::Warning,
        camera_id,
        node_id,
    )
}

/// `camera_online` (info, everyone). The title is `<name> is online`: the original's
/// e-mail subjects stripped an `is back online` suffix nobody produced; ours read plainly.
pub fn camera_online(name: &str, camera_id: &str, node_id: Option<&str>) -> NotificationContent {
    camera_transition(
        NotificationKind::CameraOnline,
        format!("{} is online", display_name(name, camera_id)),
        "Camera is streaming again.",
        Severity::Info,
        camera_id,
        node_id,
    )
}

fn camera_transition(
    kind: NotificationKind,
    title: String,
    body: &str,
    severity: Severity,
    camera_id: &str,
    node_id: Option<&str>,
) -> NotificationContent {
    let mut n = NotificationContent::new(kind, title)
        .with_body(body)
        .with_severity(severity)
        .with_link(camera_link(camera_id))
        .with_camera(camera_id);
    n.node_id = node_id.map(str::to_owned);
    n
}

/// `node_offline` (warning, admins).
pub fn node_offline(name: &str, node_id: &str) -> NotificationContent {
    NotificationContent::new(
        NotificationKind::NodeOffline,
        format!("Node '{}' went offline", display_name(name, node_id)),
    )
    .with_body(OFFLINE_BODY)
    .with_severity(Severity::Warning)
    .with_audience(Audience::Admin)
    .with_link("/admin")
    .with_node(node_id)
}

/// `node_online` (info, admins).
pub fn node_online(name: &str, node_id: &str) -> NotificationContent {
    NotificationContent::new(
        NotificationKind::NodeOnline,
        format!("Node '{}' is online", display_name(name, node_id)),
    )
    .with_body("CameraNode is connected and reporting.")
    .with_audience(Audience::Admin)
    .with_link("/admin")
    .with_node(node_id)
}

/// `incident_created`: critical for high/critical incidents, else warning.
pub fn incident_created(
    incident_id: i64,
    title: &str,
    summary: &str,
    severity: &str,
    camera_id: Option<&str>,
    created_by_mcp: bool,
) -> NotificationContent {
    let level = if matches!(severity, "high" | "critical") {
        Severity::Critical
    } else {
        Severity::Warning
    };
    let mut meta = json!({"incident_id": incident_id, "severity": severity});
    if created_by_mcp {
        meta["created_by"] = json!("mcp");
    }
    let mut n = NotificationContent::new(
        NotificationKind::IncidentCreated,
        format!("Incident #{incident_id}: {title}"),
    )
    .with_body(format!("[{}] {summary}", severity.to_uppercase()))
    .with_severity(level)
    .with_link(format!("/incidents/{incident_id}"))
    .with_meta(meta);
    n.camera_id = camera_id.map(str::to_owned);
    n
}

/// What a new MCP key may call, as its creation notice words it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyAccess {
    AllTools,
    ReadOnlyTools,
    /// A custom scope of this many tools.
    ScopedTools(usize),
}

impl KeyAccess {
    fn described(self) -> String {
        match self {
            Self::AllTools => "all tools".to_owned(),
            Self::ReadOnlyTools => "read-only tools".to_owned(),
            Self::ScopedTools(n) => format!("{n} scoped tool(s)"),
        }
    }

    /// The stored scope mode (mcp.md §3), so the notice's data matches the key.
    fn scope_mode(self) -> &'static str {
        match self {
            Self::AllTools => "all",
            Self::ReadOnlyTools => "readonly",
            Self::ScopedTools(_) => "custom",
        }
    }
}

/// `mcp_key_created` (warning, admins).
pub fn mcp_key_created(
    key_id: i64,
    key_name: &str,
    actor: &str,
    actor_user_id: &str,
    access: KeyAccess,
) -> NotificationContent {
    let (access, scope_mode) = (access.described(), access.scope_mode());
    NotificationContent::new(
        NotificationKind::McpKeyCreated,
        format!("New MCP API key created: {key_name}"),
    )
    .with_body(format!(
        "{actor} created MCP API key \"{key_name}\" with access to {access}. If this wasn't \
         you, revoke it from the MCP page."
    ))
    .with_severity(Severity::Warning)
    .with_audience(Audience::Admin)
    .with_link("/mcp")
    .with_meta(json!({
        "key_id": key_id,
        "key_name": key_name,
        "scope_mode": scope_mode,
        "actor_user_id": actor_user_id,
    }))
}

/// `mcp_key_revoked` (info, admins).
pub fn mcp_key_revoked(
    key_id: i64,
    key_name: &str,
    actor: &str,
    actor_user_id: &str,
) -> NotificationContent {
    NotificationContent::new(
        NotificationKind::McpKeyRevoked,
        format!("MCP API key revoked: {key_name}"),
    )
    .with_body(format!(
        "{actor} revoked MCP API key \"{key_name}\". Clients using it will now get 401."
    ))
    .with_audience(Audience::Admin)
    .with_link("/admin/audit-log")
    .with_meta(json!({"key_id": key_id, "key_name": key_name, "actor_user_id": actor_user_id}))
}

/// `cameranode_disk_low` (warning, admins); the node id travels only in meta.
pub fn cameranode_disk_low(
    node_name: &str,
    node_id: &str,
    percent_used: f64,
    disk_free_bytes: u64,
    disk_total_bytes: u64,
) -> NotificationContent {
    const GIB: f64 = 1024.0 * 1024.0 * 1024.0;
    #[allow(clippy::cast_precision_loss)]
    let (free_gb, total_gb) = (disk_free_bytes as f64 / GIB, disk_total_bytes as f64 / GIB);
    let name = display_name(node_name, node_id);
    NotificationContent::new(
        NotificationKind::CameranodeDiskLow,
        format!("CameraNode disk low: {name}"),
    )
    .with_body(format!(
        "The host disk on CameraNode \"{name}\" is {percent_used:.1}% full ({free_gb:.1} GB \
         free of {total_gb:.1} GB). Local recordings will fail to write when the disk fills. \
         Free up space (delete old recordings, expand storage, or raise the recording \
         retention cap on the node)."
    ))
    .with_severity(Severity::Warning)
    .with_audience(Audience::Admin)
    .with_link("/settings")
    .with_meta(json!({
        "node_id": node_id,
        "percent_used": percent_used,
        "disk_free_bytes": disk_free_bytes,
        "disk_total_bytes": disk_total_bytes,
    }))
}

/// `member_added`: warning when the new member is an admin.
pub fn member_added(user_id: &str, identifier: &str, role: &str) -> NotificationContent {
    NotificationContent::new(
        NotificationKind::MemberAdded,
        format!("Member added: {identifier}"),
    )
    .with_body(format!(
        "{identifier} was added to your organization with the {role} role. If you don't \
         recognise this, review your members and the audit log."
    ))
    .with_severity(role_severity(role))
    .with_audience(Audience::Admin)
    .with_link("/settings")
    .with_meta(json!({"user_id": user_id, "identifier": identifier, "role": role}))
}

/// `member_role_changed`: warning when the new role is admin.
pub fn member_role_changed(user_id: &str, identifier: &str, new_role: &str) -> NotificationContent {
    NotificationContent::new(
        NotificationKind::MemberRoleChanged,
        format!("Member role changed: {identifier}"),
    )
    .with_body(format!("{identifier}'s role is now {new_role}."))
    .with_severity(role_severity(new_role))
    .with_audience(Audience::Admin)
    .with_link("/settings")
    .with_meta(json!({"user_id": user_id, "identifier": identifier, "new_role": new_role}))
}

/// `member_removed` (info, admins).
pub fn member_removed(user_id: &str, identifier: &str) -> NotificationContent {
    NotificationContent::new(
        NotificationKind::MemberRemoved,
        format!("Member removed: {identifier}"),
    )
    .with_body(format!("{identifier} was removed from your organization."))
    .with_audience(Audience::Admin)
    .with_link("/settings")
    .with_meta(json!({"user_id": user_id, "identifier": identifier}))
}

/// `member_promotion_requested` (info, admins).
pub fn member_promotion_requested(
    requester_user_id: &str,
    requester_email: &str,
    requester_label: &str,
) -> NotificationContent {
    NotificationContent::new(
        NotificationKind::MemberPromotionRequested,
        format!("{requester_label} requested admin access"),
    )
    .with_body(format!(
        "{requester_label} is asking to be made an admin of your organization. To promote \
         them, open Settings → Members and change their role."
    ))
    .with_audience(Audience::Admin)
    .with_link("/settings")
    .with_meta(json!({
        "requester_user_id": requester_user_id,
        "requester_email": requester_email,
        "requester_label": requester_label,
    }))
}

/// `requester` of the promotion request: email, else username, else the user id's first
/// 32 characters, else `a member`.
pub fn requester_label(email: &str, username: &str, user_id: &str) -> String {
    [email, username]
        .into_iter()
        .find(|v| !v.trim().is_empty())
        .map(str::to_owned)
        .or_else(|| (!user_id.is_empty()).then(|| user_id.chars().take(32).collect()))
        .unwrap_or_else(|| "a member".to_owned())
}

/// `welcome` (info, admins): three onboarding steps and the docs address.
pub fn welcome(org_name: Option<&str>, created_by: &str) -> NotificationContent {
    let name = org_name
        .filter(|n| !n.trim().is_empty())
        .unwrap_or("your organization");
    NotificationContent::new(
        NotificationKind::Welcome,
        format!("Welcome to Sentinel, {name}"),
    )
    .with_body(format!(
        "Get started in three steps: 1. Install CameraNode on a machine next to your \
         cameras. 2. Wait about 30 seconds for it to register. 3. Add your first camera \
         from the dashboard. Docs: {DOCS_URL}"
    ))
    .with_audience(Audience::Admin)
    .with_link("/dashboard")
    .with_meta(json!({"org_name": org_name, "created_by": created_by}))
}

/// `integration_key_created` (warning, admins; inbox only).
pub fn integration_key_created(
    key_id: i64,
    key_name: &str,
    actor: &str,
    actor_user_id: &str,
) -> NotificationContent {
    NotificationContent::new(
        NotificationKind::IntegrationKeyCreated,
        format!("New integration key created: {key_name}"),
    )
    .with_body(format!(
        "{actor} created integration key \"{key_name}\". If this wasn't you, revoke it from \
         the Integrations page."
    ))
    .with_severity(Severity::Warning)
    .with_audience(Audience::Admin)
    .with_link("/integrations")
    .with_meta(json!({"key_id": key_id, "key_name": key_name, "actor_user_id": actor_user_id}))
}

/// `plan_limit_reached` (warning, admins; inbox only): at most five skipped ids listed.
pub fn plan_limit_reached(
    plan_display: &str,
    max_cameras: u32,
    skipped: &[String],
) -> NotificationContent {
    let mut listed = skipped
        .iter()
        .take(5)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if skipped.len() > 5 {
        listed.push_str(&format!(" (+{} more)", skipped.len() - 5));
    }
    NotificationContent::new(
        NotificationKind::PlanLimitReached,
        format!("Camera limit reached on {plan_display}"),
    )
    .with_body(format!(
        "Your node reported cameras beyond the {max_cameras}-camera limit. Skipped: {listed}. \
         Upgrade to add them."
    ))
    .with_severity(Severity::Warning)
    .with_audience(Audience::Admin)
    .with_link("/settings")
    .with_meta(json!({"plan": plan_display, "max_cameras": max_cameras, "skipped": skipped}))
}

fn role_severity(role: &str) -> Severity {
    if role == "admin" {
        Severity::Warning
    } else {
        Severity::Info
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_creation_notice_names_the_access_the_key_was_given() {
        let cases = [
            (KeyAccess::AllTools, "all tools", "all"),
            (KeyAccess::ReadOnlyTools, "read-only tools", "readonly"),
            (KeyAccess::ScopedTools(3), "3 scoped tool(s)", "custom"),
        ];
        for (access, words, mode) in cases {
            let n = mcp_key_created(1, "k", "Ann", "u1", access);
            assert!(
                n.body.contains(&format!("with access to {words}.")),
                "{access:?}: {}",
                n.body
            );
            assert_eq!(
                n.meta.as_ref().and_then(|m| m["scope_mode"].as_str()),
                Some(mode),
                "{access:?}"
            );
        }
    }

    #[test]
    fn every_kind_has_a_builder_with_the_tables_audience() {
        let built = [
            motion("", "cam", "node", 42, Some(7), "t"),
            motion_digest("Door", "cam", 2, "a", "b", 15),
            camera_offline("Door", "cam", Some("node")),
            camera_online("Door", "cam", Some("node")),
            node_offline("", "node"),
            node_online("N", "node"),
            incident_created(3, "Fire", "smoke", "high", None, true),
            mcp_key_created(1, "k", "Ann", "u1", KeyAccess::AllTools),
            mcp_key_revoked(1, "k", "Ann", "u1"),
            cameranode_disk_low("N", "node", 93.5, 1_000_000_000, 20_000_000_000),
            member_added("u2", "bob@x", "admin"),
            member_role_changed("u2", "bob@x", "member"),
            member_removed("u2", "bob@x"),
            member_promotion_requested("u2", "bob@x", "bob@x"),
            welcome(None, "u1"),
            integration_key_created(1, "k", "Ann", "u1"),
            plan_limit_reached("Free", 5, &["a".into()]),
        ];
        let kinds: Vec<NotificationKind> = built.iter().map(|n| n.kind.clone()).collect();
        assert_eq!(kinds, NotificationKind::ALL);
        let everyone = [
            NotificationKind::Motion,
            NotificationKind::MotionDigest,
            NotificationKind::CameraOffline,
            NotificationKind::CameraOnline,
            NotificationKind::IncidentCreated,
        ];
        for n in &built {
            assert_eq!(n.is_admin_only(), !everyone.contains(&n.kind), "{}", n.kind);
        }
    }

    #[test]
    fn motion_reads_as_the_spec() {
        let n = motion("", "cam_1", "node_1", 42, Some(7), "2026-01-01T00:00:00");
        assert_eq!(n.title, "Motion on cam_1");
        assert_eq!(n.body, "Scene change detected at 42% intensity.");
        assert_eq!(n.link.as_deref(), Some("/dashboard?camera=cam_1"));
        assert_eq!(n.meta.unwrap()["segment_seq"], 7);
    }

    #[test]
    fn transitions_read_as_the_spec() {
        let off = camera_offline("Door", "cam", Some("node"));
        assert_eq!(
            (off.title.as_str(), off.severity.as_str()),
            ("Door went offline", "warning")
        );
        assert_eq!(camera_online("Door", "cam", None).title, "Door is online");
        assert_eq!(node_online(" ", "n1").title, "Node 'n1' is online");
        assert_eq!(node_offline("Shed", "n1").severity, Severity::Warning);
    }

    #[test]
    fn member_severity_follows_the_role() {
        assert_eq!(member_added("u", "i", "admin").severity, Severity::Warning);
        assert_eq!(member_added("u", "i", "member").severity, Severity::Info);
        assert_eq!(
            incident_created(1, "t", "s", "low", None, false).severity,
            Severity::Warning
        );
        assert_eq!(
            incident_created(1, "t", "s", "critical", None, false).severity,
            Severity::Critical
        );
    }

    #[test]
    fn plan_limit_lists_at_most_five() {
        let skipped: Vec<String> = (0..8).map(|i| format!("c{i}")).collect();
        assert!(
            plan_limit_reached("Pro", 25, &skipped)
                .body
                .contains("(+3 more)")
        );
    }

    #[test]
    fn requester_label_falls_back() {
        assert_eq!(requester_label("", "", ""), "a member");
        assert_eq!(requester_label("", "bob", "u"), "bob");
        assert_eq!(requester_label("", "", &"x".repeat(40)).len(), 32);
    }
}
