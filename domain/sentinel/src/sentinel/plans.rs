//! Who gets Sentinel and how many runs a month (§3.1). The plan is the org's effective
//! plan (past-due grace applied).

use crate::plans::{Plan, Tier};

/// What gated responses ask for.
pub const PLAN_REQUIRED: Tier = Tier::Pro;

/// Pro and Pro Plus have Sentinel.
pub fn is_eligible(plan: &Plan) -> bool {
    matches!(plan.tier(), Tier::Pro | Tier::ProPlus)
}

/// Runs per calendar month (UTC): pro 100, pro_plus 500, anything else 0.
pub fn cap_for_plan(plan: &Plan) -> i64 {
    match plan.tier() {
        Tier::Pro => 100,
        Tier::ProPlus => 500,
        Tier::Free => 0,
    }
}

/// Runs left this month, never negative; 0 for plans without Sentinel.
pub fn cap_remaining(plan: &Plan, used: i64) -> i64 {
    (cap_for_plan(plan) - used).max(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps_follow_the_plan() {
        assert_eq!(cap_for_plan(&Plan::new("pro")), 100);
        assert_eq!(cap_for_plan(&Plan::new("pro_plus")), 500);
        for other in ["free_org", "", "enterprise", "PRO"] {
            assert_eq!(cap_for_plan(&Plan::new(other)), 0, "{other:?}");
        }
        assert_eq!(PLAN_REQUIRED.slug(), "pro");
    }

    #[test]
    fn remaining_never_goes_negative_and_is_zero_when_ineligible() {
        assert_eq!(cap_remaining(&Plan::PRO, 30), 70);
        assert_eq!(cap_remaining(&Plan::PRO, 130), 0);
        assert_eq!(cap_remaining(&Plan::FREE, 0), 0);
        assert!(is_eligible(&Plan::PRO_PLUS));
        assert!(is_eligible(&Plan::PRO));
        assert!(!is_eligible(&Plan::FREE));
        assert!(!is_eligible(&Plan::new("enterprise")));
    }
}
