//! Plan tiers and every per-tier limit. Slugs match Clerk billing plan slugs; an org's
//! [`Plan`] keeps its slug and reads its limits from the slug's [`Tier`]. The past-due
//! grace (which plan runtime caps use) is [`BillingStanding`]; which cameras a cap keeps is
//! [`split_by_camera_cap`].

mod camera_cap;
mod grace;

pub use camera_cap::{CameraCapSplit, split_by_camera_cap};
pub use grace::{BillingStanding, GraceWindow, aware_iso, parse_iso_datetime};

use serde::Serialize;
use std::borrow::Cow;
use std::fmt;

/// Days an org may stay past due before caps fall back to the free tier.
pub const PAYMENT_GRACE_DAYS: i64 = 7;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PlanLimits {
    pub max_cameras: u32,
    pub max_nodes: u32,
    pub max_seats: u32,
    pub max_viewer_hours_per_month: u32,
    pub max_sse_subscribers: u32,
    pub log_retention_days: u32,
}

const FREE_LIMITS: PlanLimits = PlanLimits {
    max_cameras: 5,
    max_nodes: 2,
    max_seats: 2,
    max_viewer_hours_per_month: 30,
    max_sse_subscribers: 10,
    log_retention_days: 30,
};

const PRO_LIMITS: PlanLimits = PlanLimits {
    max_cameras: 25,
    max_nodes: 10,
    max_seats: 10,
    max_viewer_hours_per_month: 300,
    max_sse_subscribers: 30,
    log_retention_days: 90,
};

const PRO_PLUS_LIMITS: PlanLimits = PlanLimits {
    max_cameras: 200,
    max_nodes: 999,
    max_seats: 20,
    max_viewer_hours_per_month: 1500,
    max_sse_subscribers: 100,
    log_retention_days: 365,
};

/// The three tiers every limit is defined for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tier {
    Free,
    Pro,
    ProPlus,
}

impl Tier {
    pub const ALL: [Tier; 3] = [Self::Free, Self::Pro, Self::ProPlus];

    /// The Clerk billing slug.
    pub const fn slug(self) -> &'static str {
        match self {
            Self::Free => "free_org",
            Self::Pro => "pro",
            Self::ProPlus => "pro_plus",
        }
    }

    /// The tier `slug` names exactly (case and surrounding spaces count, as they always
    /// have for the caps).
    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|tier| tier.slug() == slug)
    }

    pub const fn limits(self) -> PlanLimits {
        match self {
            Self::Free => FREE_LIMITS,
            Self::Pro => PRO_LIMITS,
            Self::ProPlus => PRO_PLUS_LIMITS,
        }
    }

    pub const fn is_paid(self) -> bool {
        matches!(self, Self::Pro | Self::ProPlus)
    }

    pub const fn display_name(self) -> &'static str {
        match self {
            Self::Free => "Free",
            Self::Pro => "Pro",
            Self::ProPlus => "Pro Plus",
        }
    }
}

/// An org's plan: the slug exactly as Setting `org_plan` holds it or a session's `pla`
/// claims it. The slug is kept rather than reduced to its [`Tier`] because some answers
/// echo it verbatim (and the billing provider may name plans this server does not know);
/// an unknown slug is the free tier for every limit. Serializes as the bare slug.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
// A `Cow` so that the known plans can be constants.
pub struct Plan(Cow<'static, str>);

impl Plan {
    pub const FREE: Plan = Plan::of(Tier::Free);
    pub const PRO: Plan = Plan::of(Tier::Pro);
    pub const PRO_PLUS: Plan = Plan::of(Tier::ProPlus);

    /// The plan named by the tier's own slug.
    pub const fn of(tier: Tier) -> Self {
        Self(Cow::Borrowed(tier.slug()))
    }

    /// `slug` as given, unchecked and untrimmed.
    pub fn new(slug: impl Into<String>) -> Self {
        Self(Cow::Owned(slug.into()))
    }

    /// A stored slug, or `free_org` when there is none or it is blank. A non-blank slug is
    /// kept as is, spaces included.
    pub fn or_free(slug: Option<&str>) -> Self {
        slug.filter(|slug| !slug.trim().is_empty())
            .map_or(Self::FREE, Self::new)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The tier the slug names exactly; any other slug is free.
    pub fn tier(&self) -> Tier {
        Tier::from_slug(self.as_str()).unwrap_or(Tier::Free)
    }

    pub fn limits(&self) -> PlanLimits {
        self.tier().limits()
    }

    pub fn is_paid(&self) -> bool {
        self.tier().is_paid()
    }

    /// Whether the slug names a paid tier once surrounding spaces are ignored. Only the
    /// billing lookups ask this (they leave such an org alone); the caps match the slug
    /// exactly, so a padded paid slug still gets free limits.
    pub fn is_paid_ignoring_spaces(&self) -> bool {
        Tier::from_slug(self.as_str().trim()).is_some_and(Tier::is_paid)
    }

    /// `Free`, `Pro` or `Pro Plus` (unknown slugs read as Free).
    pub fn display_name(&self) -> &'static str {
        self.tier().display_name()
    }

    /// The slug sent to CloudNodes: trimmed, lower-cased, `_org` suffix dropped, empty →
    /// `free`. Unknown slugs pass through.
    pub fn wire_slug(&self) -> String {
        let cleaned = self.as_str().trim().to_lowercase();
        if cleaned.is_empty() {
            return "free".to_owned();
        }
        match cleaned.strip_suffix("_org") {
            Some(stripped) => stripped.to_owned(),
            None => cleaned,
        }
    }
}

impl From<Tier> for Plan {
    fn from(tier: Tier) -> Self {
        Self::of(tier)
    }
}

impl fmt::Display for Plan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<str> for Plan {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Plan {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wire(slug: &str) -> String {
        Plan::new(slug).wire_slug()
    }

    #[test]
    fn wire_slug_matches_the_pinned_cases() {
        assert_eq!(wire("free_org"), "free");
        assert_eq!(wire("pro"), "pro");
        assert_eq!(wire("pro_plus"), "pro_plus");
        assert_eq!(wire("  PRO  "), "pro");
        assert_eq!(wire("Free_Org"), "free");
        assert_eq!(wire("enterprise"), "enterprise");
        assert_eq!(wire(""), "free");
        assert_eq!(wire("   "), "free");
        assert_eq!(Plan::or_free(None).wire_slug(), "free");
    }

    #[test]
    fn unknown_slugs_get_free_limits() {
        assert_eq!(Plan::new("enterprise").limits(), Plan::FREE.limits());
        assert_eq!(Plan::new("enterprise").tier(), Tier::Free);
        assert_eq!(Plan::PRO.limits().max_cameras, 25);
        assert_eq!(Plan::PRO_PLUS.limits().max_nodes, 999);
    }

    #[test]
    fn tiers_match_the_slug_exactly() {
        for tier in Tier::ALL {
            assert_eq!(Plan::of(tier).tier(), tier);
            assert_eq!(Plan::new(tier.slug()), Plan::of(tier));
        }
        assert_eq!(Plan::new("PRO").tier(), Tier::Free);
        assert_eq!(Plan::new(" pro ").tier(), Tier::Free);
        assert!(Plan::new(" pro ").is_paid_ignoring_spaces());
        assert!(!Plan::new(" pro ").is_paid());
    }

    #[test]
    fn only_pro_tiers_are_paid() {
        assert!(Plan::PRO.is_paid());
        assert!(Plan::PRO_PLUS.is_paid());
        assert!(!Plan::FREE.is_paid());
        assert!(!Plan::new("enterprise").is_paid());
    }

    #[test]
    fn display_names() {
        assert_eq!(Plan::FREE.display_name(), "Free");
        assert_eq!(Plan::PRO_PLUS.display_name(), "Pro Plus");
        assert_eq!(Plan::new("other").display_name(), "Free");
    }

    #[test]
    fn missing_or_blank_stored_slugs_are_free_and_others_kept_verbatim() {
        assert_eq!(Plan::or_free(None), Plan::FREE);
        assert_eq!(Plan::or_free(Some(" ")), Plan::FREE);
        assert_eq!(Plan::or_free(Some(" pro")), " pro");
    }

    #[test]
    fn a_plan_serializes_and_displays_as_its_slug() {
        assert_eq!(
            serde_json::to_string(&Plan::new("enterprise"))
                .ok()
                .as_deref(),
            Some("\"enterprise\"")
        );
        assert_eq!(Plan::PRO_PLUS.to_string(), "pro_plus");
    }
}
