//! Which plan an org is on and what its camera cap disables (plans-and-auth.md §1.2–§1.5).
//!
//! The nominal plan is the cached Setting `org_plan`, written by the billing webhooks and by
//! the background live lookup of §1.2 step 3 ([`crate::plan_lookup`], which
//! register reads through outside local mode). The effective plan applies the past-due grace.

use crate::fleet_directory::FleetDirectory;
use chrono::{DateTime, Utc};
use sentinel_domain::fleet::Camera;
use sentinel_domain::ids::{CameraId, OrgId};
use sentinel_domain::plans::{BillingStanding, Plan, split_by_camera_cap};
use sentinel_domain::settings::{ORG_PLAN, PAYMENT_PAST_DUE, PAYMENT_PAST_DUE_AT};
use sentinel_ports::driven::repos::{CameraRepo, RepoResult, Repositories, SettingsRepo};
use std::sync::Arc;

/// What one run of [`PlanCaps::enforce_camera_cap`] decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CapEnforcement {
    /// Wire slug of the effective plan.
    pub plan: String,
    pub max_cameras: u32,
    pub enabled: Vec<CameraId>,
    pub disabled: Vec<CameraId>,
    /// Whether any `disabled_by_plan` flag was written.
    pub changed: bool,
}

/// The org's nominal plan: Setting `org_plan`, `free_org` when absent or blank.
pub fn nominal_plan(settings: &dyn SettingsRepo, org: &OrgId) -> RepoResult<Plan> {
    Ok(Plan::or_free(settings.get(org, ORG_PLAN)?.as_deref()))
}

/// The plan runtime caps use: nominal, or `free_org` once past due beyond the grace.
pub fn effective_plan(
    settings: &dyn SettingsRepo,
    org: &OrgId,
    now: DateTime<Utc>,
) -> RepoResult<Plan> {
    let values = settings.get_many(org, &[ORG_PLAN, PAYMENT_PAST_DUE, PAYMENT_PAST_DUE_AT])?;
    let nominal = Plan::or_free(values.get(ORG_PLAN).map(String::as_str));
    let standing = BillingStanding::from_settings(
        values.get(PAYMENT_PAST_DUE).map(String::as_str),
        values.get(PAYMENT_PAST_DUE_AT).map(String::as_str),
    );
    Ok(standing.effective_plan(&nominal, now).clone())
}

/// Keeps an org's cameras within its plan's cap.
pub struct PlanCaps {
    cameras: Arc<dyn CameraRepo>,
    settings: Arc<dyn SettingsRepo>,
    directory: Arc<FleetDirectory>,
}

impl PlanCaps {
    pub fn new(repos: &Repositories, directory: Arc<FleetDirectory>) -> Self {
        Self {
            cameras: repos.cameras.clone(),
            settings: repos.settings.clone(),
            directory,
        }
    }

    /// Keeps the org's oldest `max_cameras` (of the effective plan) enabled and flags the rest
    /// `disabled_by_plan`, writing only the flags that change, and tells the fleet directory so
    /// the live path sees the new flags at once. Rows are never deleted.
    pub fn enforce_camera_cap(
        &self,
        org: &OrgId,
        now: DateTime<Utc>,
    ) -> RepoResult<CapEnforcement> {
        let directory = &self.directory;
        let _one_at_a_time = directory.applying_caps();
        let plan = effective_plan(self.settings.as_ref(), org, now)?;
        let max_cameras = plan.limits().max_cameras;
        let cameras: Vec<Camera> = self
            .cameras
            .list(org)?
            .into_iter()
            .map(|listing| listing.camera)
            .collect();
        let split = split_by_camera_cap(&cameras, max_cameras);
        let to_enable: Vec<&Camera> = split.to_enable().collect();
        let to_disable: Vec<&Camera> = split.to_disable().collect();
        let ids = |cameras: &[&Camera]| -> Vec<CameraId> {
            cameras
                .iter()
                .map(|camera| camera.camera_id.clone())
                .collect()
        };
        let mut written = self
            .cameras
            .set_disabled_by_plan(org, &ids(&to_enable), false)?;
        written += self
            .cameras
            .set_disabled_by_plan(org, &ids(&to_disable), true)?;
        for (camera, disabled) in to_enable
            .iter()
            .map(|c| (*c, false))
            .chain(to_disable.iter().map(|c| (*c, true)))
        {
            directory.remember_camera(&Camera {
                disabled_by_plan: disabled,
                ..camera.clone()
            });
        }
        Ok(CapEnforcement {
            plan: plan.wire_slug(),
            max_cameras,
            enabled: ids(&split.within_cap),
            disabled: ids(&split.over_cap),
            changed: written > 0,
        })
    }
}
