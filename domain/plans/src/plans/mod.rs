//! Plan tiers and every per-tier limit. Slugs match Clerk billing plan slugs. The past-due
//! grace (which plan runtime caps use) is [`BillingStanding`]; which cameras a cap keeps is
//! [`split_by_camera_cap`].

mod camera_cap;
mod grace;

pub use camera_cap::{CameraCapSplit, split_by_camera_cap};
pub use grace::{BillingStanding, GraceWindow, aware_iso, parse_iso_datetime};

use serde::Serialize;

pub const FREE: &str = "free_org";
pub const PRO: &str = "pro";
pub const PRO_PLUS: &str = "pro_plus";

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

/// Limits for a plan slug; an unknown slug gets the free row.
pub fn limits_for(slug: &str) -> PlanLimits {
    match slug {
        PRO => PRO_LIMITS,
        PRO_PLUS => PRO_PLUS_LIMITS,
        _ => FREE_LIMITS,
    }
}

pub fn is_paid(slug: &str) -> bool {
    matches!(slug, PRO | PRO_PLUS)
}

pub fn display_name(slug: &str) -> &'static str {
    match slug {
        PRO => "Pro",
        PRO_PLUS => "Pro Plus",
        _ => "Free",
    }
}

/// The slug sent to CloudNodes: trimmed, lower-cased, `_org` suffix dropped, empty → `free`.
pub fn wire_slug(slug: Option<&str>) -> String {
    let cleaned = slug.unwrap_or("").trim().to_lowercase();
    if cleaned.is_empty() {
        return "free".to_owned();
    }
    match cleaned.strip_suffix("_org") {
        Some(stripped) => stripped.to_owned(),
        None => cleaned,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_slug_matches_the_pinned_cases() {
        assert_eq!(wire_slug(Some("free_org")), "free");
        assert_eq!(wire_slug(Some("pro")), "pro");
        assert_eq!(wire_slug(Some("pro_plus")), "pro_plus");
        assert_eq!(wire_slug(Some("  PRO  ")), "pro");
        assert_eq!(wire_slug(Some("Free_Org")), "free");
        assert_eq!(wire_slug(Some("enterprise")), "enterprise");
        assert_eq!(wire_slug(Some("")), "free");
        assert_eq!(wire_slug(Some("   ")), "free");
        assert_eq!(wire_slug(None), "free");
    }

    #[test]
    fn unknown_slugs_get_free_limits() {
        assert_eq!(limits_for("enterprise"), limits_for(FREE));
        assert_eq!(limits_for(PRO).max_cameras, 25);
        assert_eq!(limits_for(PRO_PLUS).max_nodes, 999);
    }

    #[test]
    fn only_pro_tiers_are_paid() {
        assert!(is_paid(PRO));
        assert!(is_paid(PRO_PLUS));
        assert!(!is_paid(FREE));
        assert!(!is_paid("enterprise"));
    }

    #[test]
    fn display_names() {
        assert_eq!(display_name(FREE), "Free");
        assert_eq!(display_name(PRO_PLUS), "Pro Plus");
        assert_eq!(display_name("other"), "Free");
    }
}
