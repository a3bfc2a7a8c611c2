//! Dispatch from notifications (§3.6): every notification the pipeline publishes passes
//! the gates in order; the first refusal stops it (and skips the lookups after it).

use super::SentinelService;
use super::runs::new_run_id;
use sentinel_domain::sentinel::{
    DispatchRefusal, SentinelRun, TriggerType, cap_for_plan, cooldown_since, in_camera_scope,
    in_schedule, is_eligible, is_feedback, month_start, org_local_time, trigger_for_kind,
};
use sentinel_ports::driven::notification_events::NotificationCreated;
use sentinel_ports::driven::repos::{NewRun, RepoError};

/// What a dispatch attempt did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DispatchResult {
    /// A pending run was created and the agent woken.
    Dispatched(Box<SentinelRun>),
    /// A gate refused (the reason is what the log says).
    Refused(DispatchRefusal),
}

impl SentinelService {
    /// Best-effort: storage failures are logged and reported as `Err`, never panics.
    pub fn dispatch_for_notification(
        &self,
        notification: &NotificationCreated,
    ) -> Result<DispatchResult, RepoError> {
        let result = self.run_gates(notification)?;
        match &result {
            DispatchResult::Dispatched(run) => {
                tracing::info!(org = %notification.org, run = %run.id, trigger = %run.trigger_type, "sentinel run dispatched");
                self.wake_agent();
            }
            DispatchResult::Refused(reason) => {
                tracing::debug!(org = %notification.org, kind = %notification.content.kind, %reason, "sentinel dispatch skipped");
            }
        }
        Ok(result)
    }

    fn run_gates(&self, notification: &NotificationCreated) -> Result<DispatchResult, RepoError> {
        use DispatchResult::Refused;
        let repos = &self.ports.repos;
        let org = &notification.org;
        let now = self.ports.clock.now();
        let month = month_start(now.naive_utc());
        if let Err(refusal) = self.fleet_gate(month)? {
            return Ok(Refused(refusal));
        }
        if is_feedback(
            &notification.content.kind,
            notification.content.meta.as_ref(),
        ) {
            return Ok(Refused(DispatchRefusal::FeedbackLoop));
        }
        let Some(config) = repos.sentinel_config.get(org)? else {
            return Ok(Refused(DispatchRefusal::NoConfig));
        };
        if !config.enabled {
            return Ok(Refused(DispatchRefusal::Disabled));
        }
        let plan = self.plan(org)?;
        if !is_eligible(&plan) {
            return Ok(Refused(DispatchRefusal::PlanNotEligible));
        }
        let Some(trigger) = trigger_for_kind(&notification.content.kind) else {
            return Ok(Refused(DispatchRefusal::NotATrigger));
        };
        if let Err(refusal) = config.trigger_enabled(trigger) {
            return Ok(Refused(refusal));
        }
        let camera_id = notification.content.camera_id.as_deref();
        if !in_camera_scope(&config.camera_scope, camera_id) {
            return Ok(Refused(DispatchRefusal::OutOfScope));
        }
        if config.schedule_mode != "always" {
            let timezone = self.ports.org_settings.timezone(org)?;
            if !in_schedule(&config, org_local_time(now, Some(&timezone))) {
                return Ok(Refused(DispatchRefusal::OutOfSchedule));
            }
        }
        if trigger == TriggerType::Motion
            && let Some(camera) = camera_id
            && let Some(since) = cooldown_since(now.naive_utc(), config.motion_cooldown_min)
            && repos.sentinel_runs.exists_for_camera_since(
                org,
                camera,
                TriggerType::Motion.as_str(),
                since,
            )?
        {
            return Ok(Refused(DispatchRefusal::Cooldown));
        }
        let cap = cap_for_plan(&plan);
        let used = repos.sentinel_runs.count_since(org, month)?;
        if used >= cap {
            return Ok(Refused(DispatchRefusal::MonthlyCap { cap, used }));
        }
        let run = NewRun {
            id: new_run_id(),
            trigger_type: trigger.as_str().to_owned(),
            camera_id: camera_id.map(str::to_owned),
            manual_prompt: None,
            triggered_at: now.naive_utc(),
        };
        Ok(
            match repos
                .sentinel_runs
                .insert_within_cap(org, &run, month, cap)?
            {
                Some(stored) => DispatchResult::Dispatched(Box::new(stored)),
                None => Refused(DispatchRefusal::MonthlyCap { cap, used: cap }),
            },
        )
    }
}
