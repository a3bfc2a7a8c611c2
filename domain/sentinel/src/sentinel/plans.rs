//! Who gets Sentinel and how many runs a month (§3.1). The plan is the org's effective
//! plan (past-due grace applied).

use crate::plans::{PRO, PRO_PLUS};

/// Plans with Sentinel access.
pub const SENTINEL_PLANS: [&str; 2] = [PRO, PRO_PLUS];
/// What gated responses ask for.
pub const PLAN_REQUIRED: &str = PRO;

pub fn is_eligible(plan: &str) -> bool {
    SENTINEL_PLANS.contains(&plan)
}

/// Runs per calendar month (UTC): pro 100, pro_plus 500, anything else 0.
pub fn cap_for_plan(plan: Option<&str>) -> i64 {
    match plan {
        Some(PRO) => 100,
        Some(PRO_PLUS) => 500,
        _ => 0,
    }
}

/// Runs left this month, never negative; 0 for plans without Sentinel.
pub fn cap_remaining(plan: &str, used: i64) -> i64 {
    (cap_for_plan(Some(plan)) - used).max(0)
}

/// `Free`, `Pro` or `Pro Plus` (unknown plans read as Free).
pub fn plan_display_name(plan: &str) -> &'static str {
    match plan {
        PRO => "Pro",
        PRO_PLUS => "Pro Plus",
        _ => "Free",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps_follow_the_plan() {
        assert_eq!(cap_for_plan(Some("pro")), 100);
        assert_eq!(cap_for_plan(Some("pro_plus")), 500);
        for other in [Some("free_org"), Some(""), None, Some("enterprise")] {
            assert_eq!(cap_for_plan(other), 0, "{other:?}");
        }
        assert_eq!(SENTINEL_PLANS, ["pro", "pro_plus"]);
    }

    #[test]
    fn remaining_never_goes_negative_and_is_zero_when_ineligible() {
        assert_eq!(cap_remaining("pro", 30), 70);
        assert_eq!(cap_remaining("pro", 130), 0);
        assert_eq!(cap_remaining("free_org", 0), 0);
        assert!(is_eligible("pro_plus"));
        assert!(!is_eligible("free_org"));
    }

    #[test]
    fn display_names_default_to_free() {
        assert_eq!(plan_display_name("pro"), "Pro");
        assert_eq!(plan_display_name("pro_plus"), "Pro Plus");
        assert_eq!(plan_display_name("mystery"), "Free");
    }
}
