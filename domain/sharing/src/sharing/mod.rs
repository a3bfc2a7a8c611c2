//! What a share link is, what a request for one may ask, and how its secret looks.

mod request;
mod viewers;

pub use request::{ShareLinkRequest, ShareRequestError, ShareTarget};
pub use viewers::ViewerWindow;

use crate::ids::{CameraId, OrgId};
use chrono::NaiveDateTime;

/// What every raw share token starts with.
pub const TOKEN_PREFIX: &str = "shr_";
/// Random bytes behind a token (128 bits), written as lowercase hex after the prefix.
pub const TOKEN_RANDOM_BYTES: usize = 16;
/// How long a link may live, and how long it lives when the request does not say.
pub const MAX_EXPIRY_HOURS: i64 = 168;
pub const DEFAULT_EXPIRY_HOURS: i64 = 24;
/// The most concurrent viewers a link admits (also the ceiling of a link without a cap).
pub const MAX_VIEWERS: u32 = 50;
/// Active (unexpired, unrevoked) links an org may hold at once.
pub const MAX_ACTIVE_LINKS_PER_ORG: u64 = 100;
pub const LABEL_MAX_CHARS: usize = 100;

/// A fresh raw token from `random` bytes.
pub fn mint_token(random: [u8; TOKEN_RANDOM_BYTES]) -> String {
    format!("{TOKEN_PREFIX}{}", hex::encode(random))
}

/// Whether `token` has the shape [`mint_token`] gives; anything else is refused before
/// any lookup.
pub fn is_well_formed_token(token: &str) -> bool {
    token.strip_prefix(TOKEN_PREFIX).is_some_and(|hex| {
        hex.len() == TOKEN_RANDOM_BYTES * 2
            && hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

/// What a link opens: one camera, or whichever cameras a group holds at the time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShareScope {
    Camera(CameraId),
    Group(i64),
}

impl ShareScope {
    /// The stored `scope` column.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Camera(_) => "camera",
            Self::Group(_) => "group",
        }
    }

    pub fn camera_id(&self) -> Option<&CameraId> {
        match self {
            Self::Camera(camera_id) => Some(camera_id),
            Self::Group(_) => None,
        }
    }

    pub fn group_id(&self) -> Option<i64> {
        match self {
            Self::Camera(_) => None,
            Self::Group(group_id) => Some(*group_id),
        }
    }
}

/// Where a link stands at a given time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShareLinkStatus {
    Active,
    Expired,
    Revoked,
}

impl ShareLinkStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Expired => "expired",
            Self::Revoked => "revoked",
        }
    }
}

/// One stored link. The raw token is never kept: only its SHA-256.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareLink {
    pub id: i64,
    pub org_id: OrgId,
    pub label: String,
    pub scope: ShareScope,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
    pub max_viewers: Option<u32>,
    pub views: u64,
    pub last_used_at: Option<NaiveDateTime>,
}

impl ShareLink {
    /// Revocation wins over expiry: a revoked link says so even after it would have expired.
    pub fn status(&self, now: NaiveDateTime) -> ShareLinkStatus {
        if self.revoked_at.is_some() {
            ShareLinkStatus::Revoked
        } else if now >= self.expires_at {
            ShareLinkStatus::Expired
        } else {
            ShareLinkStatus::Active
        }
    }

    /// How many viewers the link admits at once.
    pub fn viewer_ceiling(&self) -> u32 {
        self.max_viewers.unwrap_or(MAX_VIEWERS).min(MAX_VIEWERS)
    }

    /// The name the access log and the audit trail give whoever uses the link.
    pub fn principal(&self) -> String {
        format!("share:{}", self.id)
    }
}

/// A link about to be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewShareLink {
    pub label: String,
    pub scope: ShareScope,
    pub token_hash: String,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub max_viewers: Option<u32>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(hour: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 12, 7)
            .and_then(|day| day.and_hms_opt(hour, 0, 0))
            .expect("valid time")
    }

    fn link() -> ShareLink {
        ShareLink {
            id: 7,
            org_id: OrgId::new("org_a"),
            label: "Front door".into(),
            scope: ShareScope::Camera(CameraId::new("cam")),
            created_by: "admin@example.com".into(),
            created_at: at(1),
            expires_at: at(5),
            revoked_at: None,
            max_viewers: None,
            views: 0,
            last_used_at: None,
        }
    }

    #[test]
    fn minted_tokens_are_well_formed_and_distinct_per_input() {
        let token = mint_token([0xab; TOKEN_RANDOM_BYTES]);
        assert_eq!(token.len(), 4 + 32);
        assert!(is_well_formed_token(&token));
        assert_ne!(token, mint_token([0xac; TOKEN_RANDOM_BYTES]));
    }

    #[test]
    fn anything_else_is_not_a_token() {
        for token in [
            "",
            "shr_",
            "shr_ABABABABABABABABABABABABABABABAB",
            "shr_abababababababababababababababa",
            "shr_ababababababababababababababab0",
            "osc_abababababababababababababababab",
            "shr_abababababababababababababab\u{fffd}",
            "shr_ababababababababababababababag",
        ] {
            assert!(!is_well_formed_token(token), "{token:?}");
        }
    }

    #[test]
    fn status_follows_revocation_then_expiry() {
        let mut link = link();
        assert_eq!(link.status(at(4)), ShareLinkStatus::Active);
        assert_eq!(link.status(at(5)), ShareLinkStatus::Expired);
        link.revoked_at = Some(at(2));
        assert_eq!(link.status(at(3)), ShareLinkStatus::Revoked);
        assert_eq!(link.status(at(6)), ShareLinkStatus::Revoked);
    }

    #[test]
    fn the_ceiling_is_the_cap_or_the_maximum() {
        let mut link = link();
        assert_eq!(link.viewer_ceiling(), MAX_VIEWERS);
        link.max_viewers = Some(3);
        assert_eq!(link.viewer_ceiling(), 3);
        link.max_viewers = Some(500);
        assert_eq!(link.viewer_ceiling(), MAX_VIEWERS);
        assert_eq!(link.principal(), "share:7");
    }
}
