//! Notification e-mails rendered with askama: 15 kinds × subject / text / HTML body, the
//! HTML wrapped by one layout, and a generic fallback for any other kind.

mod generated;

use askama::Template;
use sentinel_domain::notifications::NotificationKind;
use sentinel_ports::driven::mailer::{EmailContext, EmailRenderer, RenderedEmail};
use serde_json::Value;

/// Renders notification e-mails from the templates compiled into this crate.
#[derive(Debug, Default, Clone, Copy)]
pub struct AskamaRenderer;

impl EmailRenderer for AskamaRenderer {
    fn render(&self, context: &EmailContext) -> RenderedEmail {
        let view = View::new(context);
        let kind = &context.kind;
        let subject = generated::subject(kind, &view)
            .or_else(|_| generated::fallback_subject(&view))
            .unwrap_or_else(|_| format!("[Sentinel] {}", context.title));
        let text = generated::text(kind, &view)
            .or_else(|_| generated::fallback_text(&view))
            .unwrap_or_else(|_| format!("{}\n\n{}", context.title, context.body));
        let body_html = generated::html_body(kind, &view)
            .or_else(|_| generated::fallback_html_body(&view))
            .unwrap_or_default();
        let subject = clean_subject(&subject);
        let html = generated::Layout {
            subject: &subject,
            severity_color: severity_color(&context.severity),
            body_html: &body_html,
            dashboard_url: &context.dashboard_url,
            unsubscribe_url: &context.unsubscribe_url,
        }
        .render()
        .unwrap_or(body_html);
        RenderedEmail {
            subject,
            text,
            html,
        }
    }
}

/// Critical/error red, warning amber, anything else green.
pub fn severity_color(severity: &str) -> &'static str {
    match severity {
        "critical" | "error" => "#ef4444",
        "warning" => "#f59e0b",
        _ => "#22c55e",
    }
}

/// Trimmed; CR dropped and LF turned into a space (no header injection).
fn clean_subject(subject: &str) -> String {
    subject
        .replace('\r', "")
        .replace('\n', " ")
        .trim()
        .to_owned()
}

/// What every template sees as `v`.
pub(crate) struct View<'a> {
    pub title: &'a str,
    pub body: &'a str,
    pub link: Option<&'a str>,
    pub camera_id: Option<&'a str>,
    pub dashboard_url: &'a str,
    pub unsubscribe_url: &'a str,
    /// The kind's subject suffix, cut from the title.
    pub tail: String,
    meta: &'a Value,
}

impl<'a> View<'a> {
    fn new(context: &'a EmailContext) -> Self {
        Self {
            title: &context.title,
            body: &context.body,
            link: context.link.as_deref().filter(|l| !l.is_empty()),
            camera_id: context.camera_id.as_deref().filter(|c| !c.is_empty()),
            dashboard_url: &context.dashboard_url,
            unsubscribe_url: &context.unsubscribe_url,
            tail: subject_tail(&context.kind, &context.title),
            meta: &context.meta,
        }
    }

    /// A meta value as text; `None` when absent or null.
    pub fn meta(&self, key: &str) -> Option<String> {
        match self.meta.get(key)? {
            Value::Null => None,
            Value::String(text) => Some(text.clone()),
            other => Some(other.to_string()),
        }
    }

    pub fn meta_or(&self, key: &str, default: &str) -> String {
        self.meta(key).unwrap_or_else(|| default.to_owned())
    }

    pub fn link_or(&self, default: &'a str) -> &'a str {
        self.link.unwrap_or(default)
    }

    /// `event` for one, `events` otherwise (the digest subject).
    pub fn events_word(&self) -> &'static str {
        if self.meta("event_count").as_deref() == Some("1") {
            "event"
        } else {
            "events"
        }
    }
}

/// The part of the title a kind's subject repeats. "Back online" subjects also drop the
/// ` is online` suffix the emitters actually produce (the original kept it by mistake:
/// "Camera back online: Front Door is online").
fn subject_tail(kind: &NotificationKind, title: &str) -> String {
    let strip_suffixes = |text: &str, suffixes: &[&str]| {
        suffixes
            .iter()
            .find_map(|suffix| text.strip_suffix(suffix))
            .unwrap_or(text)
            .to_owned()
    };
    let after = |text: &str, separator: &str| {
        text.split_once(separator)
            .map_or(text, |(_, rest)| rest)
            .to_owned()
    };
    match kind {
        NotificationKind::CameraOffline => strip_suffixes(title, &[" went offline"]),
        NotificationKind::CameraOnline => strip_suffixes(
            title,
            &[" is back online", " came back online", " is online"],
        ),
        NotificationKind::NodeOffline => strip_suffixes(
            title.strip_prefix("Node '").unwrap_or(title),
            &["' went offline"],
        ),
        NotificationKind::NodeOnline => strip_suffixes(
            title.strip_prefix("Node '").unwrap_or(title),
            &["' is back online", "' came back online", "' is online"],
        ),
        NotificationKind::IncidentCreated => after(title, ": "),
        NotificationKind::CameranodeDiskLow => title
            .strip_prefix("CameraNode disk low: ")
            .unwrap_or(title)
            .to_owned(),
        NotificationKind::Motion => title.strip_prefix("Motion on ").unwrap_or(title).to_owned(),
        NotificationKind::MotionDigest => after(title, " on "),
        _ => title.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const HOSTILE: &str = "<script>alert('x')</script> & \"q\"";

    fn context(kind: NotificationKind, title: &str) -> EmailContext {
        EmailContext {
            kind,
            title: title.to_owned(),
            body: format!("Body {HOSTILE}"),
            severity: "warning".to_owned(),
            link: Some("/dashboard?camera=cam-1".to_owned()),
            camera_id: Some("cam-1".to_owned()),
            node_id: Some("node-1".to_owned()),
            meta: json!({
                "score": 87, "incident_id": 42, "percent_used": 93.5, "role": "admin",
                "new_role": "member", "requester_email": "req@example.com", "event_count": 3,
                "window_start": "2026-11-27T12:00:00", "window_end": "2026-11-27T12:15:00",
                "cooldown_minutes": 15,
            }),
            dashboard_url: "https://app.example".to_owned(),
            unsubscribe_url: "https://app.example/api/notifications/email/unsubscribe?t=TOKEN"
                .to_owned(),
        }
    }

    fn title_for(kind: &NotificationKind) -> String {
        match kind {
            NotificationKind::CameraOnline => format!("{HOSTILE} is online"),
            NotificationKind::NodeOnline => format!("Node '{HOSTILE}' is online"),
            NotificationKind::IncidentCreated => format!("Incident #42: {HOSTILE}"),
            NotificationKind::Motion => format!("Motion on {HOSTILE}"),
            NotificationKind::MotionDigest => format!("3 more motion events on {HOSTILE}"),
            _ => format!("Title {HOSTILE}"),
        }
    }

    #[test]
    fn every_kind_renders_its_own_templates_with_html_escaped_and_text_raw() {
        let fallback =
            AskamaRenderer.render(&context(NotificationKind::parse("no_such_kind"), "Generic"));
        let emailed = NotificationKind::ALL
            .into_iter()
            .filter(NotificationKind::is_emailed);
        for kind in emailed {
            let rendered = AskamaRenderer.render(&context(kind.clone(), &title_for(&kind)));
            assert!(!rendered.subject.is_empty(), "{kind}");
            assert!(!rendered.text.is_empty(), "{kind}");
            assert!(rendered.html.starts_with("<!DOCTYPE html>"), "{kind}");
            assert!(
                rendered.html.contains("TOKEN"),
                "{kind}: unsubscribe link in HTML"
            );
            assert!(
                rendered.text.contains("TOKEN"),
                "{kind}: unsubscribe link in text"
            );
            assert!(
                rendered.text.contains("/settings#settings-notifications"),
                "{kind}"
            );
            assert!(
                !rendered.html.contains("<script>"),
                "{kind}: HTML not escaped"
            );
            assert_ne!(rendered.subject, fallback.subject, "{kind} fell back");
            if kind != NotificationKind::Welcome {
                // askama escapes with numeric entities.
                assert!(rendered.html.contains("&#60;script&#62;"), "{kind}");
                assert!(rendered.html.contains("&#38;"), "{kind}");
                assert!(
                    rendered.text.contains(HOSTILE),
                    "{kind}: text must stay raw"
                );
            }
            assert!(rendered.html.contains("#f59e0b"), "{kind}: severity colour");
        }
    }

    #[test]
    fn subjects_follow_the_spec_patterns() {
        let subject = |kind: NotificationKind, title: &str| {
            AskamaRenderer.render(&context(kind, title)).subject
        };
        assert_eq!(
            subject(NotificationKind::CameraOffline, "Front Door went offline"),
            "[Sentinel] Camera offline: Front Door"
        );
        assert_eq!(
            subject(NotificationKind::CameraOnline, "Front Door is online"),
            "[Sentinel] Camera back online: Front Door"
        );
        assert_eq!(
            subject(NotificationKind::NodeOnline, "Node 'Garage' is online"),
            "[Sentinel] CameraNode back online: Garage"
        );
        assert_eq!(
            subject(NotificationKind::NodeOffline, "Node 'Garage' went offline"),
            "[Sentinel] CameraNode offline: Garage"
        );
        assert_eq!(
            subject(NotificationKind::IncidentCreated, "Incident #42: Break-in"),
            "[Sentinel] Incident #42: Break-in"
        );
        assert_eq!(
            subject(
                NotificationKind::MotionDigest,
                "3 more motion events on Yard"
            ),
            "[Sentinel] 3 more motion events on Yard"
        );
        assert_eq!(
            subject(NotificationKind::Motion, "Motion on Yard"),
            "[Sentinel] Motion on Yard"
        );
        assert_eq!(
            subject(NotificationKind::McpKeyCreated, "whatever"),
            "[Sentinel] Security: New MCP API key created"
        );
        assert!(!subject(NotificationKind::Welcome, "Welcome").starts_with("[Sentinel]"));
    }

    /// The welcome text's Windows link must be one `/downloads` serves (the original's
    /// `x64` was a 404 there).
    #[test]
    fn the_welcome_text_links_a_download_path_the_server_accepts() {
        let rendered = AskamaRenderer.render(&context(NotificationKind::Welcome, "Welcome"));
        assert!(
            rendered.text.contains("/downloads/windows/x86_64"),
            "{}",
            rendered.text
        );
        assert!(!rendered.text.contains("/x64"), "{}", rendered.text);
    }

    #[test]
    fn line_breaks_never_reach_a_subject() {
        let rendered = AskamaRenderer.render(&context(
            NotificationKind::Motion,
            "Motion on A\r\nBcc: x@y",
        ));
        assert_eq!(rendered.subject, "[Sentinel] Motion on A Bcc: x@y");
    }

    #[test]
    fn meta_values_appear_in_the_bodies() {
        let rendered = AskamaRenderer.render(&context(NotificationKind::Motion, "Motion on Yard"));
        assert!(rendered.text.contains("87%"));
        assert!(rendered.html.contains("87%"));
        let digest = AskamaRenderer.render(&context(
            NotificationKind::MotionDigest,
            "3 more motion events on Yard",
        ));
        assert!(digest.text.contains("2026-11-27T12:15:00"));
        let disk = AskamaRenderer.render(&context(
            NotificationKind::CameranodeDiskLow,
            "CameraNode disk low: n",
        ));
        assert!(disk.html.contains("93.5%"));
    }

    #[test]
    fn unknown_kinds_and_severities_use_the_generic_fallback_and_green() {
        let mut generic = context(NotificationKind::PlanLimitReached, "Camera limit reached");
        generic.severity = "weird".to_owned();
        let rendered = AskamaRenderer.render(&generic);
        assert_eq!(rendered.subject, "[Sentinel] Camera limit reached");
        assert!(rendered.html.contains("#22c55e"));
        assert!(rendered.html.contains("Camera limit reached"));
        assert!(rendered.text.contains("TOKEN"));
        let unknown = context(NotificationKind::parse("kind_from_elsewhere"), "Odd");
        assert_eq!(AskamaRenderer.render(&unknown).subject, "[Sentinel] Odd");
    }
}
