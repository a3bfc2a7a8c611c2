//! What a notification is about (notifications-email-webhooks.md §1.1), and the rules keyed
//! by it: which org setting gates it in the inbox (§1.2) and which one gates its e-mail
//! (§1.3).

use crate::settings;
use std::convert::Infallible;
use std::fmt;
use std::str::FromStr;

/// One of the 17 kinds of §1.1, or a word this server does not know. The wire and the
/// `kind` column hold [`NotificationKind::as_str`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum NotificationKind {
    Motion,
    MotionDigest,
    CameraOffline,
    CameraOnline,
    NodeOffline,
    NodeOnline,
    IncidentCreated,
    McpKeyCreated,
    McpKeyRevoked,
    CameranodeDiskLow,
    MemberAdded,
    MemberRoleChanged,
    MemberRemoved,
    MemberPromotionRequested,
    Welcome,
    IntegrationKeyCreated,
    PlanLimitReached,
    /// A kind this server never emits: a row the original product or a person wrote, or an
    /// event relayed by an instance of another version. It is kept, not refused or coerced,
    /// so that it still lists and relays with its text unchanged; the gates treat it as
    /// §1.2 and §1.3 treat "any new kind": always on in the inbox, never e-mailed.
    Other(UnknownKind),
}

/// The text of a kind this server does not know. Only [`NotificationKind::parse`] makes
/// one, so it never holds a known word: a stored `motion` is always
/// [`NotificationKind::Motion`], never an `Other` that the gates would miss.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UnknownKind(String);

impl UnknownKind {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl NotificationKind {
    /// Every known kind, in the order of the spec's table.
    pub const ALL: [NotificationKind; 17] = [
        Self::Motion,
        Self::MotionDigest,
        Self::CameraOffline,
        Self::CameraOnline,
        Self::NodeOffline,
        Self::NodeOnline,
        Self::IncidentCreated,
        Self::McpKeyCreated,
        Self::McpKeyRevoked,
        Self::CameranodeDiskLow,
        Self::MemberAdded,
        Self::MemberRoleChanged,
        Self::MemberRemoved,
        Self::MemberPromotionRequested,
        Self::Welcome,
        Self::IntegrationKeyCreated,
        Self::PlanLimitReached,
    ];

    /// The wire and stored word (an unknown kind's text exactly as it came).
    pub fn as_str(&self) -> &str {
        match self {
            Self::Motion => "motion",
            Self::MotionDigest => "motion_digest",
            Self::CameraOffline => "camera_offline",
            Self::CameraOnline => "camera_online",
            Self::NodeOffline => "node_offline",
            Self::NodeOnline => "node_online",
            Self::IncidentCreated => "incident_created",
            Self::McpKeyCreated => "mcp_key_created",
            Self::McpKeyRevoked => "mcp_key_revoked",
            Self::CameranodeDiskLow => "cameranode_disk_low",
            Self::MemberAdded => "member_added",
            Self::MemberRoleChanged => "member_role_changed",
            Self::MemberRemoved => "member_removed",
            Self::MemberPromotionRequested => "member_promotion_requested",
            Self::Welcome => "welcome",
            Self::IntegrationKeyCreated => "integration_key_created",
            Self::PlanLimitReached => "plan_limit_reached",
            Self::Other(unknown) => unknown.as_str(),
        }
    }

    /// The kind `raw` names, matched exactly (case and spaces count, as the gates always
    /// matched); any other text is kept as [`NotificationKind::Other`]. Never fails.
    pub fn parse(raw: &str) -> Self {
        Self::known(raw).unwrap_or_else(|| Self::Other(UnknownKind(raw.to_owned())))
    }

    /// The known kind `raw` names exactly, `None` for any other text.
    pub fn known(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == raw)
    }

    pub fn is_known(&self) -> bool {
        !matches!(self, Self::Other(_))
    }

    /// §1.2: the org setting that switches this kind off in the inbox (default on); `None`
    /// for kinds that are always stored, unknown ones included.
    pub fn inbox_setting(&self) -> Option<&'static str> {
        Some(match self {
            Self::Motion | Self::MotionDigest => settings::MOTION_NOTIFICATIONS,
            Self::CameraOnline | Self::CameraOffline => settings::CAMERA_TRANSITION_NOTIFICATIONS,
            Self::NodeOnline | Self::NodeOffline => settings::NODE_TRANSITION_NOTIFICATIONS,
            Self::McpKeyCreated | Self::McpKeyRevoked => settings::MCP_KEY_AUDIT_NOTIFICATIONS,
            Self::CameranodeDiskLow => settings::CAMERANODE_DISK_NOTIFICATIONS,
            Self::MemberAdded
            | Self::MemberRoleChanged
            | Self::MemberRemoved
            | Self::MemberPromotionRequested => settings::MEMBER_AUDIT_NOTIFICATIONS,
            Self::Welcome => settings::WELCOME_NOTIFICATIONS,
            Self::IncidentCreated
            | Self::IntegrationKeyCreated
            | Self::PlanLimitReached
            | Self::Other(_) => return None,
        })
    }

    /// §1.3: the org's e-mail preference that gates this kind (paired kinds share one);
    /// `None`: never e-mailed. Those are the two inbox-only kinds and unknown ones, the
    /// kinds without a template set.
    pub fn email_setting(&self) -> Option<&'static str> {
        Some(match self {
            Self::CameraOffline | Self::CameraOnline => settings::EMAIL_CAMERA_OFFLINE,
            Self::NodeOffline | Self::NodeOnline => settings::EMAIL_NODE_OFFLINE,
            Self::IncidentCreated => settings::EMAIL_INCIDENT_CREATED,
            Self::McpKeyCreated | Self::McpKeyRevoked => settings::EMAIL_MCP_KEY_AUDIT,
            Self::CameranodeDiskLow => settings::EMAIL_CAMERANODE_DISK_LOW,
            Self::MemberAdded
            | Self::MemberRoleChanged
            | Self::MemberRemoved
            | Self::MemberPromotionRequested => settings::EMAIL_MEMBER_AUDIT,
            Self::Motion | Self::MotionDigest => settings::EMAIL_MOTION,
            Self::Welcome => settings::EMAIL_WELCOME,
            Self::IntegrationKeyCreated | Self::PlanLimitReached | Self::Other(_) => return None,
        })
    }

    /// Whether the kind can be e-mailed at all (it has a preference and a template set).
    pub fn is_emailed(&self) -> bool {
        self.email_setting().is_some()
    }
}

impl fmt::Display for NotificationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for NotificationKind {
    type Err = Infallible;

    /// [`NotificationKind::parse`]: unknown text is kept, not refused.
    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        Ok(Self::parse(raw))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_word_reads_back_as_its_kind() {
        for kind in NotificationKind::ALL {
            assert!(kind.is_known(), "{kind}");
            assert_eq!(NotificationKind::parse(kind.as_str()), kind);
            assert_eq!(kind.as_str().parse::<NotificationKind>(), Ok(kind.clone()));
        }
        let words: std::collections::HashSet<&str> = NotificationKind::ALL
            .iter()
            .map(NotificationKind::as_str)
            .collect();
        assert_eq!(words.len(), NotificationKind::ALL.len(), "distinct words");
    }

    #[test]
    fn unknown_words_are_kept_verbatim_and_never_shadow_a_known_kind() {
        for raw in ["brand_new", "Motion", " motion", ""] {
            let kind = NotificationKind::parse(raw);
            assert!(!kind.is_known(), "{raw:?}");
            assert_eq!(kind.as_str(), raw);
            assert_eq!(kind.to_string(), raw);
            assert_eq!(NotificationKind::known(raw), None);
        }
        assert_eq!(
            NotificationKind::parse("motion_digest"),
            NotificationKind::MotionDigest
        );
    }

    #[test]
    fn inbox_settings_map_kinds() {
        assert_eq!(
            NotificationKind::MotionDigest.inbox_setting(),
            Some(settings::MOTION_NOTIFICATIONS)
        );
        assert_eq!(
            NotificationKind::CameraOnline.inbox_setting(),
            NotificationKind::CameraOffline.inbox_setting()
        );
        assert_eq!(NotificationKind::IncidentCreated.inbox_setting(), None);
        assert_eq!(NotificationKind::PlanLimitReached.inbox_setting(), None);
        assert_eq!(NotificationKind::parse("brand_new").inbox_setting(), None);
    }

    #[test]
    fn paired_kinds_share_one_e_mail_key_and_unmapped_kinds_never_mail() {
        use NotificationKind as K;
        assert_eq!(
            K::CameraOnline.email_setting(),
            K::CameraOffline.email_setting()
        );
        assert_eq!(
            K::NodeOnline.email_setting(),
            Some(settings::EMAIL_NODE_OFFLINE)
        );
        assert_eq!(
            K::McpKeyRevoked.email_setting(),
            Some(settings::EMAIL_MCP_KEY_AUDIT)
        );
        assert_eq!(
            K::MemberRemoved.email_setting(),
            Some(settings::EMAIL_MEMBER_AUDIT)
        );
        assert_eq!(
            K::MotionDigest.email_setting(),
            Some(settings::EMAIL_MOTION)
        );
        assert_eq!(K::IntegrationKeyCreated.email_setting(), None);
        assert_eq!(K::PlanLimitReached.email_setting(), None);
        assert!(!K::parse("brand_new").is_emailed());
        let emailed = K::ALL.iter().filter(|kind| kind.is_emailed()).count();
        assert_eq!(emailed, 15, "the 15 e-mailable kinds of §1.1");
    }
}
