//! The 402 a segment push gets for a camera the plan's camera cap suspended
//! (rest-api.md §3; the plan is the org's *nominal* plan, plans-and-auth.md §1.6).

use crate::plans::Plan;
use serde::Serialize;

/// A camera flagged `disabled_by_plan`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuspendedCamera {
    pub name: String,
}

/// `detail.plan_limit_hit` of the 402 body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanLimitHit {
    /// Display name: `Free`, `Pro`, `Pro Plus`.
    pub plan: String,
    pub max_cameras: u32,
    pub skipped: Vec<String>,
    pub detail: String,
}

/// `{"message": "Camera suspended by plan limit", "plan_limit_hit": …}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SuspensionNotice {
    pub message: &'static str,
    pub plan_limit_hit: PlanLimitHit,
}

impl SuspendedCamera {
    pub fn notice(&self, nominal_plan: &Plan) -> SuspensionNotice {
        let plan = nominal_plan.display_name();
        let max_cameras = nominal_plan.limits().max_cameras;
        SuspensionNotice {
            message: "Camera suspended by plan limit",
            plan_limit_hit: PlanLimitHit {
                plan: plan.to_owned(),
                max_cameras,
                skipped: vec![self.name.clone()],
                detail: format!(
                    "Camera '{}' is over the {plan} plan limit ({max_cameras} cameras). Upgrade to resume streaming.",
                    self.name
                ),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn notice_names_the_nominal_plan_and_camera() {
        let notice = SuspendedCamera {
            name: "Garage".into(),
        }
        .notice(&Plan::PRO);
        assert_eq!(
            serde_json::to_value(&notice).unwrap(),
            json!({
                "message": "Camera suspended by plan limit",
                "plan_limit_hit": {
                    "plan": "Pro",
                    "max_cameras": 25,
                    "skipped": ["Garage"],
                    "detail": "Camera 'Garage' is over the Pro plan limit (25 cameras). Upgrade to resume streaming."
                }
            })
        );
        assert_eq!(
            SuspendedCamera { name: "x".into() }
                .notice(&Plan::FREE)
                .plan_limit_hit
                .plan,
            "Free"
        );
    }
}
