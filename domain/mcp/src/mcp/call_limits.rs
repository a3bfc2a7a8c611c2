//! Per-plan MCP call limits (mcp.md §2.3): a sliding 60 s window and a sliding 24 h window
//! per bucket (a key's hash, or `sentinel-agent:<org>`). A refused call is not counted.
//! Buckets whose day window has emptied are dropped at most once an hour.

use crate::plans::{Plan, Tier};
use chrono::{DateTime, TimeDelta, Utc};
use std::collections::{HashMap, VecDeque};

const MINUTE: TimeDelta = TimeDelta::seconds(60);
const DAY: TimeDelta = TimeDelta::seconds(86_400);
const PRUNE_EVERY: TimeDelta = TimeDelta::seconds(3_600);

/// One plan's allowance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallLimits {
    pub per_minute: usize,
    pub per_day: usize,
}

/// The limits of an (effective) plan; `None`: the plan has no MCP access.
pub fn limits_for_plan(plan: &Plan) -> Option<CallLimits> {
    match plan.tier() {
        Tier::Pro => Some(CallLimits {
            per_minute: 30,
            per_day: 5_000,
        }),
        Tier::ProPlus => Some(CallLimits {
            per_minute: 120,
            per_day: 30_000,
        }),
        Tier::Free => None,
    }
}

/// The refusal of a plan without MCP.
pub const PLAN_REQUIRED: &str = "MCP requires a Pro or Pro Plus plan. Upgrade at /pricing.";

/// Which window refused a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Breach {
    Minute,
    Daily,
}

/// Who was refused: the wording differs for the agent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caller {
    OrgKey,
    SentinelAgent,
}

/// The refusal's text.
pub fn breach_message(breach: Breach, caller: Caller, plan: &Plan, limits: CallLimits) -> String {
    let plan_name = plan.display_name();
    match (caller, breach) {
        (Caller::OrgKey, Breach::Minute) => format!(
            "Rate limit exceeded: {} calls/min allowed on the {plan_name} plan. Try again shortly.",
            limits.per_minute
        ),
        (Caller::OrgKey, Breach::Daily) => format!(
            "Daily cap reached: {} calls/24h on the {plan_name} plan. This usually means an agent \
             is stuck in a loop; check your MCP client. The cap resets 24 h after the first call \
             in the window.",
            limits.per_day
        ),
        (Caller::SentinelAgent, Breach::Minute) => format!(
            "Rate limit exceeded: too many Sentinel agent tool calls for this org ({} calls/min \
             on the {plan_name} plan). Tune the Sentinel cooldown or scope.",
            limits.per_minute
        ),
        (Caller::SentinelAgent, Breach::Daily) => format!(
            "Sentinel agent daily cap reached for this org: {} calls/24h on the {plan_name} plan. \
             The cap resets 24 h after the first call in the window.",
            limits.per_day
        ),
    }
}

/// One bucket's two windows of call times.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct CallWindow {
    minute: VecDeque<DateTime<Utc>>,
    day: VecDeque<DateTime<Utc>>,
}

impl CallWindow {
    fn expire(&mut self, now: DateTime<Utc>) {
        while self.minute.front().is_some_and(|at| now - *at >= MINUTE) {
            self.minute.pop_front();
        }
        while self.day.front().is_some_and(|at| now - *at >= DAY) {
            self.day.pop_front();
        }
    }
}

/// Every bucket's windows. Not thread-safe by itself: the caller holds it behind a lock.
#[derive(Debug, Clone, Default)]
pub struct CallLimiter {
    buckets: HashMap<String, CallWindow>,
    last_prune: Option<DateTime<Utc>>,
}

impl CallLimiter {
    pub fn new() -> Self {
        Self::default()
    }

    /// Counts one call in `bucket`, or says which window is full (the call is then not
    /// counted). The minute window is checked first.
    pub fn try_call(
        &mut self,
        bucket: &str,
        limits: CallLimits,
        now: DateTime<Utc>,
    ) -> Result<(), Breach> {
        self.prune_if_due(now);
        let window = self.buckets.entry(bucket.to_owned()).or_default();
        window.expire(now);
        if window.minute.len() >= limits.per_minute {
            return Err(Breach::Minute);
        }
        if window.day.len() >= limits.per_day {
            return Err(Breach::Daily);
        }
        window.minute.push_back(now);
        window.day.push_back(now);
        Ok(())
    }

    /// Buckets currently tracked.
    pub fn bucket_count(&self) -> usize {
        self.buckets.len()
    }

    /// Once an hour: drops buckets with no call in the last 24 h.
    fn prune_if_due(&mut self, now: DateTime<Utc>) {
        match self.last_prune {
            None => self.last_prune = Some(now),
            Some(last) if now - last >= PRUNE_EVERY => {
                self.buckets.retain(|_, window| {
                    window.expire(now);
                    !window.day.is_empty()
                });
                self.last_prune = Some(now);
            }
            Some(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(seconds: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_800_000_000 + seconds, 0).unwrap()
    }

    const PRO_LIMITS: CallLimits = CallLimits {
        per_minute: 30,
        per_day: 5_000,
    };

    #[test]
    fn only_pro_tiers_have_mcp() {
        assert_eq!(limits_for_plan(&Plan::PRO), Some(PRO_LIMITS));
        assert_eq!(limits_for_plan(&Plan::PRO_PLUS).unwrap().per_day, 30_000);
        assert_eq!(limits_for_plan(&Plan::FREE), None);
        assert_eq!(limits_for_plan(&Plan::new("enterprise")), None);
    }

    #[test]
    fn the_minute_window_slides() {
        let mut limiter = CallLimiter::new();
        for i in 0..30 {
            assert!(limiter.try_call("k", PRO_LIMITS, at(i)).is_ok());
        }
        assert_eq!(
            limiter.try_call("k", PRO_LIMITS, at(59)),
            Err(Breach::Minute)
        );
        assert_eq!(limiter.try_call("other", PRO_LIMITS, at(59)), Ok(()));
        // The first call (at 0 s) leaves the window at 60 s.
        assert_eq!(limiter.try_call("k", PRO_LIMITS, at(60)), Ok(()));
        assert_eq!(
            limiter.try_call("k", PRO_LIMITS, at(60)),
            Err(Breach::Minute)
        );
    }

    #[test]
    fn the_day_window_caps_after_the_minute_one() {
        let limits = CallLimits {
            per_minute: 2,
            per_day: 3,
        };
        let mut limiter = CallLimiter::new();
        assert!(limiter.try_call("k", limits, at(0)).is_ok());
        assert!(limiter.try_call("k", limits, at(1)).is_ok());
        assert_eq!(limiter.try_call("k", limits, at(2)), Err(Breach::Minute));
        assert!(limiter.try_call("k", limits, at(100)).is_ok());
        assert_eq!(limiter.try_call("k", limits, at(200)), Err(Breach::Daily));
        assert_eq!(limiter.try_call("k", limits, at(86_400)), Ok(()));
    }

    #[test]
    fn hourly_prune_drops_only_aged_out_buckets_and_only_when_due() {
        let mut limiter = CallLimiter::new();
        limiter.try_call("old", PRO_LIMITS, at(0)).unwrap();
        limiter.try_call("recent", PRO_LIMITS, at(3_000)).unwrap();
        // Due (last run at 0 s): "old" has aged out, "recent" has not.
        limiter.try_call("probe", PRO_LIMITS, at(87_400)).unwrap();
        assert_eq!(limiter.bucket_count(), 2);
        // "recent" ages out at 89 400 s, but the next prune is not due before 91 000 s.
        limiter.try_call("probe", PRO_LIMITS, at(89_400)).unwrap();
        assert_eq!(limiter.bucket_count(), 2);
        limiter.try_call("probe", PRO_LIMITS, at(91_000)).unwrap();
        assert_eq!(limiter.bucket_count(), 1);
    }

    #[test]
    fn messages_name_the_plan_and_limit() {
        assert_eq!(
            breach_message(Breach::Minute, Caller::OrgKey, &Plan::PRO, PRO_LIMITS),
            "Rate limit exceeded: 30 calls/min allowed on the Pro plan. Try again shortly."
        );
        let daily = breach_message(
            Breach::Daily,
            Caller::OrgKey,
            &Plan::PRO_PLUS,
            CallLimits {
                per_minute: 120,
                per_day: 30_000,
            },
        );
        assert!(daily.starts_with("Daily cap reached: 30000 calls/24h on the Pro Plus plan."));
        assert!(daily.contains("loop"));
        assert!(
            breach_message(Breach::Daily, Caller::SentinelAgent, &Plan::PRO, PRO_LIMITS)
                .starts_with("Sentinel agent daily cap reached for this org")
        );
    }
}
