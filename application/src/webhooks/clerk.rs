//! Clerk events (§9.2): billing → plan settings and the camera cap; memberships and
//! organizations → notifications; `organization.deleted` → the GDPR wipe.

use super::{WebhookPorts, text};
use crate::gdpr::delete_org_data;
use chrono::{DateTime, TimeZone, Utc};
use sentinel_domain::ids::OrgId;
use sentinel_domain::notifications::{self, NotificationContent};
use sentinel_domain::plans::{Plan, Tier, aware_iso};
use sentinel_domain::settings::{
    ORG_PLAN, PAYMENT_PAST_DUE, PAYMENT_PAST_DUE_AT, PLAN_CANCEL_PENDING,
};
use sentinel_ports::driven::repos::RepoResult;
use serde_json::Value;

/// Applies one verified Clerk event. Storage failures propagate (the provider retries);
/// notification failures are swallowed.
pub(super) fn apply(ports: &WebhookPorts, event_type: &str, data: &Value) -> RepoResult<()> {
    match event_type {
        "subscription.created" | "subscription.updated" | "subscription.active" => {
            subscription_changed(ports, data)
        }
        "subscriptionItem.active" => item_active(ports, data),
        "subscription.pastDue" | "subscriptionItem.pastDue" => past_due(ports, data),
        "paymentAttempt.updated" => payment_attempt(ports, data),
        "subscriptionItem.canceled" => with_payer(data, |org| {
            set(ports, org, &[(PLAN_CANCEL_PENDING, "true")])
        }),
        "subscriptionItem.ended" => with_payer(data, |org| {
            let plan = live_plan(ports, org);
            set_member_limit(ports, org, &plan);
            set(
                ports,
                org,
                &[
                    (ORG_PLAN, plan.as_str()),
                    (PLAN_CANCEL_PENDING, ""),
                    (PAYMENT_PAST_DUE, "false"),
                ],
            )?;
            plan_changed(ports, org)
        }),
        "subscriptionItem.freeTrialEnding" => {
            tracing::info!(org = ?payer_org(data), "clerk: free trial ending");
            Ok(())
        }
        "organizationMembership.created"
        | "organizationMembership.updated"
        | "organizationMembership.deleted" => {
            membership(ports, event_type, data);
            Ok(())
        }
        "organization.created" => {
            if let Some(org) = text(data, &["id"]).map(OrgId::new) {
                let created_by = text(data, &["created_by"]).unwrap_or_default();
                notify(
                    ports,
                    &org,
                    notifications::welcome(text(data, &["name"]), created_by),
                );
            }
            Ok(())
        }
        "organization.deleted" => organization_deleted(ports, data),
        other => {
            tracing::debug!(event_type = other, "clerk event ignored");
            Ok(())
        }
    }
}

/// plans-and-auth.md §1.7: every org whose Setting `org_plan` is paid gets a live lookup;
/// a different answer is written (member limit, cap enforced). A failed lookup changes
/// nothing. Returns the orgs whose plan changed, with the new plan.
pub(super) fn reconcile_plans(ports: &WebhookPorts) -> RepoResult<Vec<(OrgId, Plan)>> {
    let mut changed = Vec::new();
    for (org, cached) in ports.settings.list_all_orgs_with(ORG_PLAN)? {
        let cached = Plan::new(cached);
        if !cached.is_paid_ignoring_spaces() {
            continue;
        }
        let items = match wait(ports.directory.subscription_items(&org)) {
            Some(Ok(items)) => items,
            Some(Err(error)) => {
                tracing::debug!(%org, %error, "plan reconcile: lookup failed, kept");
                continue;
            }
            None => continue,
        };
        let live = plan_of_items(&items, ports.clock.now()).0;
        if live == cached {
            continue;
        }
        tracing::info!(%org, from = %cached, to = %live, "plan reconcile: plan changed");
        set_member_limit(ports, &org, &live);
        set(ports, &org, &[(ORG_PLAN, live.as_str())])?;
        plan_changed(ports, &org)?;
        changed.push((org, live));
    }
    Ok(changed)
}

/// `subscription.created|updated|active`.
fn subscription_changed(ports: &WebhookPorts, data: &Value) -> RepoResult<()> {
    let Some(org) = text(data, &["payer", "organization_id"]).map(OrgId::new) else {
        return Ok(());
    };
    let now = ports.clock.now();
    let items: &[Value] = data
        .get("items")
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice);
    let (plan, active) = plan_of_items(items, now);
    set_member_limit(ports, &org, &plan);
    let mut writes = vec![(ORG_PLAN, plan.as_str())];
    if plan.is_paid() && !is_past_due(ports, &org)? {
        writes.extend([(PAYMENT_PAST_DUE, "false"), (PAYMENT_PAST_DUE_AT, "")]);
    }
    if active.as_ref().is_some_and(Plan::is_paid) {
        writes.push((PLAN_CANCEL_PENDING, ""));
    }
    set(ports, &org, &writes)?;
    plan_changed(ports, &org)
}

/// `subscriptionItem.active`: only the three known slugs change anything.
fn item_active(ports: &WebhookPorts, data: &Value) -> RepoResult<()> {
    let Some(plan) = text(data, &["plan", "slug"])
        .and_then(Tier::from_slug)
        .map(Plan::of)
    else {
        return Ok(());
    };
    with_payer(data, |org| {
        set_member_limit(ports, org, &plan);
        let mut writes = vec![(ORG_PLAN, plan.as_str()), (PLAN_CANCEL_PENDING, "")];
        if plan.is_paid() {
            writes.extend([(PAYMENT_PAST_DUE, "false"), (PAYMENT_PAST_DUE_AT, "")]);
        }
        set(ports, org, &writes)?;
        plan_changed(ports, org)
    })
}

/// `subscription.pastDue` / `subscriptionItem.pastDue`: the timestamp only when newly past due.
fn past_due(ports: &WebhookPorts, data: &Value) -> RepoResult<()> {
    with_payer(data, |org| {
        if is_past_due(ports, org)? {
            set(ports, org, &[(PAYMENT_PAST_DUE, "true")])?;
        } else {
            let at = data
                .get("past_due_at")
                .or_else(|| data.get("pastDueAt"))
                .and_then(past_due_text)
                .unwrap_or_else(|| aware_iso(&ports.clock.now().fixed_offset()));
            set(
                ports,
                org,
                &[(PAYMENT_PAST_DUE, "true"), (PAYMENT_PAST_DUE_AT, &at)],
            )?;
        }
        plan_changed(ports, org)
    })
}

/// `paymentAttempt.updated`: `paid` clears past due and re-enforces; `failed` is logged.
fn payment_attempt(ports: &WebhookPorts, data: &Value) -> RepoResult<()> {
    match text(data, &["status"]) {
        Some("paid") => with_payer(data, |org| {
            set(
                ports,
                org,
                &[(PAYMENT_PAST_DUE, "false"), (PAYMENT_PAST_DUE_AT, "")],
            )?;
            plan_changed(ports, org)
        }),
        Some("failed") => {
            tracing::warn!(org = ?payer_org(data), "clerk: payment attempt failed");
            Ok(())
        }
        _ => Ok(()),
    }
}

/// Membership events: the recipient cache is dropped and admins are told.
fn membership(ports: &WebhookPorts, event_type: &str, data: &Value) {
    let Some(org) = text(data, &["organization", "id"]).map(OrgId::new) else {
        return;
    };
    (ports.invalidate_recipients)(&org);
    let user_id = text(data, &["public_user_data", "user_id"]).unwrap_or_default();
    let identifier = text(data, &["public_user_data", "identifier"]).unwrap_or(user_id);
    let role = text(data, &["role"]).unwrap_or_default();
    let notification = match event_type {
        "organizationMembership.created" => notifications::member_added(user_id, identifier, role),
        "organizationMembership.updated" => {
            notifications::member_role_changed(user_id, identifier, role)
        }
        _ => notifications::member_removed(user_id, identifier),
    };
    notify(ports, &org, notification);
}

/// `organization.deleted`: in-memory caches of the org, then every stored row (GDPR).
fn organization_deleted(ports: &WebhookPorts, data: &Value) -> RepoResult<()> {
    let Some(org) = text(data, &["id"]).map(OrgId::new) else {
        return Ok(());
    };
    ports.fleet_directory.forget_org(&org);
    ports.live.forget_org_plan(&org);
    (ports.invalidate_recipients)(&org);
    delete_org_data(ports.gdpr.as_ref(), &org)?;
    Ok(())
}

/// The plan of a subscription's items (plans-and-auth.md §1.2 step 3): the first active
/// item's slug; else the first canceled item still inside its period; else `free_org`.
/// Also returns the active item's plan, if any.
pub(crate) fn plan_of_items(items: &[Value], now: DateTime<Utc>) -> (Plan, Option<Plan>) {
    let active = items
        .iter()
        .filter(|item| text(item, &["status"]) == Some("active"))
        .find_map(|item| text(item, &["plan", "slug"]));
    let plan = active
        .or_else(|| {
            items
                .iter()
                .filter(|item| text(item, &["status"]) == Some("canceled"))
                .filter(|item| period_end(item).is_some_and(|end| end > now))
                .find_map(|item| text(item, &["plan", "slug"]))
        })
        .map_or(Plan::FREE, Plan::new);
    (plan, active.map(Plan::new))
}

/// The org's plan from Clerk's live billing subscription; a failed lookup means free (§9.2).
fn live_plan(ports: &WebhookPorts, org: &OrgId) -> Plan {
    match wait(ports.directory.subscription_items(org)) {
        Some(Ok(items)) => plan_of_items(&items, ports.clock.now()).0,
        Some(Err(error)) => {
            tracing::warn!(%org, %error, "clerk: live plan lookup failed, using free");
            Plan::FREE
        }
        None => Plan::FREE,
    }
}

/// Clerk's `max_allowed_memberships` for the plan (free 2 / pro 10 / pro_plus 20, unknown
/// 2). A failure is logged: the plan change itself still applies.
fn set_member_limit(ports: &WebhookPorts, org: &OrgId, plan: &Plan) {
    let limit = plan.limits().max_seats;
    match wait(ports.directory.set_member_limit(org, limit)) {
        Some(Ok(())) => tracing::info!(%org, limit, "clerk: member limit set"),
        Some(Err(error)) => tracing::warn!(%org, limit, %error, "clerk: member limit not set"),
        None => tracing::warn!(%org, "clerk: member limit not set (no runtime)"),
    }
}

/// Runs a directory call to completion from the blocking pool, where webhooks are applied
/// (never call it on an async worker thread); `None` outside a Tokio runtime.
fn wait<T>(future: impl std::future::Future<Output = T>) -> Option<T> {
    tokio::runtime::Handle::try_current()
        .ok()
        .map(|runtime| runtime.block_on(future))
}

/// Runs `work` for `data.payer.organization_id` (else `data.organization_id`); absent: no-op.
fn with_payer(data: &Value, work: impl FnOnce(&OrgId) -> RepoResult<()>) -> RepoResult<()> {
    match payer_org(data) {
        Some(org) => work(&org),
        None => {
            tracing::info!("clerk billing event without an organization ignored");
            Ok(())
        }
    }
}

fn payer_org(data: &Value) -> Option<OrgId> {
    text(data, &["payer", "organization_id"])
        .or_else(|| text(data, &["organization_id"]))
        .map(OrgId::new)
}

fn is_past_due(ports: &WebhookPorts, org: &OrgId) -> RepoResult<bool> {
    Ok(ports
        .settings
        .get(org, PAYMENT_PAST_DUE)?
        .is_some_and(|value| value.trim().eq_ignore_ascii_case("true")))
}

fn set(ports: &WebhookPorts, org: &OrgId, entries: &[(&str, &str)]) -> RepoResult<()> {
    ports
        .settings
        .set_many(org, entries, ports.clock.now().naive_utc())
}

/// After any billing write: the viewer cap re-reads the plan and the camera cap is enforced.
fn plan_changed(ports: &WebhookPorts, org: &OrgId) -> RepoResult<()> {
    ports.live.forget_org_plan(org);
    let outcome = ports.caps.enforce_camera_cap(org, ports.clock.now())?;
    tracing::info!(
        %org,
        plan = %outcome.plan,
        disabled = outcome.disabled.len(),
        changed = outcome.changed,
        "camera cap enforced after a billing webhook"
    );
    Ok(())
}

fn notify(ports: &WebhookPorts, org: &OrgId, notification: NotificationContent) {
    let _ = ports
        .notifier
        .create(org, notification, ports.clock.now().naive_utc());
}

/// An item's `period_end` (`periodEnd`): epoch seconds, or milliseconds when > 1e12.
fn period_end(item: &Value) -> Option<DateTime<Utc>> {
    item.get("period_end")
        .or_else(|| item.get("periodEnd"))
        .and_then(Value::as_f64)
        .and_then(epoch)
}

/// `past_due_at` as stored: epoch (s or ms) → UTC ISO with offset; other text verbatim.
fn past_due_text(value: &Value) -> Option<String> {
    match value {
        Value::Number(number) => number
            .as_f64()
            .and_then(epoch)
            .map(|at| aware_iso(&at.fixed_offset())),
        Value::String(raw) if !raw.is_empty() => Some(
            raw.trim()
                .parse::<f64>()
                .ok()
                .and_then(epoch)
                .map_or_else(|| raw.clone(), |at| aware_iso(&at.fixed_offset())),
        ),
        _ => None,
    }
}

fn epoch(raw: f64) -> Option<DateTime<Utc>> {
    let seconds = if raw > 1e12 { raw / 1000.0 } else { raw };
    if !seconds.is_finite() {
        return None;
    }
    #[allow(clippy::cast_possible_truncation)]
    let micros = (seconds * 1_000_000.0).round() as i64;
    Utc.timestamp_micros(micros).single()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn past_due_at_accepts_seconds_milliseconds_and_text() {
        assert_eq!(
            past_due_text(&json!(1_700_000_000)).unwrap(),
            "2023-11-14T22:13:20+00:00"
        );
        assert_eq!(
            past_due_text(&json!(1_700_000_000_000_i64)).unwrap(),
            "2023-11-14T22:13:20+00:00"
        );
        assert_eq!(past_due_text(&json!("yesterday")).unwrap(), "yesterday");
        assert_eq!(past_due_text(&json!(null)), None);
    }
}
