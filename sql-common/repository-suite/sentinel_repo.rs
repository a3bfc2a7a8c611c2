//! SentinelConfigRepo and SentinelRunRepo: lazy config rows and saved fields, the cap
//! recount that rolls an insert back, claims and conditional completions, the reaper's
//! bulk updates, and tenant isolation.

use crate::common::{at, org_a, org_b, temp_database};
use sentinel_domain::incidents::Severity;
use sentinel_domain::sentinel::{Completion, Outcome, SentinelConfig};
use sentinel_ports::driven::repos::{NewRun, RunQuery, SentinelConfigRepo, SentinelRunRepo};
use serde_json::json;

fn run(id: &str, trigger: &str, hour: u32) -> NewRun {
    NewRun {
        id: id.into(),
        trigger_type: trigger.into(),
        camera_id: Some("cam1".into()),
        manual_prompt: None,
        triggered_at: at(hour, 0, 0),
    }
}

fn completion(outcome: Outcome) -> Completion {
    Completion {
        outcome,
        severity: (outcome == Outcome::Incident).then_some(Severity::High),
        incident_id: None,
        summary: "done".into(),
        tool_call_count: 3,
        tool_trace: Some(vec![json!({"tool": "t", "args": {}, "result": "r"})]),
    }
}

#[test]
fn a_config_row_is_created_once_and_saves_every_field() {
    let t = temp_database();
    assert!(
        SentinelConfigRepo::get(&t.store, &org_a())
            .unwrap()
            .is_none()
    );
    let created = t.store.get_or_create(&org_a(), at(9, 0, 0)).unwrap();
    assert_eq!(created, SentinelConfig::defaults(at(9, 0, 0)));
    assert_eq!(
        t.store.get_or_create(&org_a(), at(10, 0, 0)).unwrap(),
        created
    );

    let mut changed = created.clone();
    changed.enabled = false;
    changed.schedule_mode = "scheduled".into();
    changed.active_days = Vec::new();
    changed.camera_scope = json!({"cam1": false}).as_object().unwrap().clone();
    let saved = t.store.save(&org_a(), &changed, at(11, 0, 0)).unwrap();
    assert_eq!(saved.updated_at, Some(at(11, 0, 0)));
    assert_eq!(saved.created_at, Some(at(9, 0, 0)));
    assert!(saved.active_days.is_empty(), "[] stays empty");
    assert_eq!(saved.camera_scope, changed.camera_scope);
    assert!(!saved.enabled);
    assert!(
        SentinelConfigRepo::get(&t.store, &org_b())
            .unwrap()
            .is_none()
    );
}

#[test]
fn inserts_over_the_cap_roll_back() {
    let t = temp_database();
    let month = at(0, 0, 0);
    assert!(
        t.store
            .insert_within_cap(&org_a(), &run("r1", "motion", 9), month, 2)
            .unwrap()
            .is_some()
    );
    assert!(
        t.store
            .insert_within_cap(&org_a(), &run("r2", "motion", 9), month, 2)
            .unwrap()
            .is_some()
    );
    assert!(
        t.store
            .insert_within_cap(&org_a(), &run("r3", "motion", 9), month, 2)
            .unwrap()
            .is_none()
    );
    assert!(
        SentinelRunRepo::get(&t.store, &org_a(), "r3")
            .unwrap()
            .is_none(),
        "rolled back"
    );
    assert!(
        t.store
            .insert_within_cap(&org_b(), &run("r4", "motion", 9), month, 2)
            .unwrap()
            .is_some(),
        "per org"
    );
    assert_eq!(t.store.count_since(&org_a(), month).unwrap(), 2);
    assert_eq!(t.store.count_since_any_org(month).unwrap(), 3);
}

/// Instances dispatching at once (one pooled connection per thread): the cap holds. On
/// PostgreSQL this needs the write transactions serialised; read-committed alone lets two
/// inserts each count only themselves.
#[test]
fn concurrent_inserts_never_exceed_the_cap() {
    let t = temp_database();
    let month = at(0, 0, 0);
    let admitted = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for n in 0..12 {
            let (store, admitted) = (&t.store, &admitted);
            scope.spawn(move || {
                let inserted = store
                    .insert_within_cap(&org_a(), &run(&format!("c{n}"), "motion", 9), month, 5)
                    .unwrap();
                if inserted.is_some() {
                    admitted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                }
            });
        }
    });
    assert_eq!(admitted.into_inner(), 5);
    assert_eq!(t.store.count_since(&org_a(), month).unwrap(), 5);
}

#[test]
fn runs_read_back_and_list_newest_first_per_org() {
    let t = temp_database();
    let month = at(0, 0, 0);
    let stored = t
        .store
        .insert_within_cap(&org_a(), &run("a1", "motion", 9), month, 10)
        .unwrap()
        .unwrap();
    assert_eq!(
        (
            stored.outcome.as_str(),
            stored.tool_call_count,
            stored.summary.as_deref()
        ),
        ("pending", 0, Some(""))
    );
    t.store
        .insert_within_cap(&org_a(), &run("a2", "manual", 10), month, 10)
        .unwrap();
    t.store
        .insert_within_cap(&org_b(), &run("b1", "motion", 11), month, 10)
        .unwrap();
    let page = t
        .store
        .list(
            &org_a(),
            &RunQuery {
                trigger_type: None,
                since: None,
                limit: 10,
                offset: 0,
            },
        )
        .unwrap();
    assert_eq!(
        page.runs.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
        ["a2", "a1"]
    );
    let motion = t
        .store
        .list(
            &org_a(),
            &RunQuery {
                trigger_type: Some("motion".into()),
                since: Some(at(8, 0, 0)),
                limit: 10,
                offset: 0,
            },
        )
        .unwrap();
    assert_eq!(motion.total, 1);
    assert!(
        SentinelRunRepo::get(&t.store, &org_b(), "a1")
            .unwrap()
            .is_none()
    );
    assert!(
        t.store
            .exists_for_camera_since(&org_a(), "cam1", "motion", at(9, 0, 0))
            .unwrap()
    );
    assert!(
        !t.store
            .exists_for_camera_since(&org_a(), "cam1", "motion", at(9, 0, 1))
            .unwrap()
    );
    assert!(
        !t.store
            .exists_for_camera_since(&org_b(), "cam1", "manual", at(0, 0, 0))
            .unwrap()
    );
    let stats = t.store.stats(&org_a(), at(9, 30, 0), month).unwrap();
    assert_eq!(
        (
            stats.runs_today,
            stats.runs_total,
            stats.runs_this_month,
            stats.pending
        ),
        (1, 2, 2, 2)
    );
}

#[test]
fn claims_and_completions_are_conditional() {
    let t = temp_database();
    let month = at(0, 0, 0);
    t.store
        .insert_within_cap(&org_a(), &run("r1", "motion", 9), month, 10)
        .unwrap();
    assert!(t.store.claim_any_org("r1", at(9, 1, 0)).unwrap());
    assert!(!t.store.claim_any_org("r1", at(9, 2, 0)).unwrap());
    assert!(!t.store.claim_any_org("missing", at(9, 2, 0)).unwrap());
    let from = [Outcome::Pending, Outcome::Running];
    assert!(
        t.store
            .complete_any_org("r1", &from, &completion(Outcome::Incident), at(9, 5, 0))
            .unwrap()
    );
    let done = t.store.get_any_org("r1").unwrap().unwrap();
    assert_eq!(
        (done.outcome.as_str(), done.severity.as_deref()),
        ("incident", Some("high"))
    );
    assert_eq!(
        (done.started_at, done.completed_at),
        (Some(at(9, 1, 0)), Some(at(9, 5, 0)))
    );
    assert_eq!(done.tool_call_count, 3);
    assert!(
        done.tool_trace
            .as_deref()
            .unwrap()
            .contains("\"tool\":\"t\"")
    );
    assert!(
        !t.store
            .complete_any_org("r1", &from, &completion(Outcome::NoAction), at(9, 6, 0))
            .unwrap()
    );
    assert_eq!(
        t.store.get_any_org("r1").unwrap().unwrap().outcome,
        "incident"
    );
}

#[test]
fn the_reaper_updates_only_stale_rows_of_the_outcome() {
    let t = temp_database();
    let month = at(0, 0, 0);
    for (id, hour) in [("old", 8), ("new", 11)] {
        t.store
            .insert_within_cap(&org_a(), &run(id, "motion", hour), month, 10)
            .unwrap();
        t.store.claim_any_org(id, at(hour, 0, 0)).unwrap();
    }
    t.store
        .insert_within_cap(&org_b(), &run("waiting", "manual", 7), month, 10)
        .unwrap();
    let reaped = t
        .store
        .fail_stale_any_org(Outcome::Running, at(10, 0, 0), "stranded", at(12, 0, 0))
        .unwrap();
    assert_eq!(reaped, ["old"]);
    let old = t.store.get_any_org("old").unwrap().unwrap();
    assert_eq!(
        (
            old.outcome.as_str(),
            old.summary.as_deref(),
            old.completed_at
        ),
        ("error", Some("stranded"), Some(at(12, 0, 0)))
    );
    assert_eq!(
        t.store.get_any_org("new").unwrap().unwrap().outcome,
        "running"
    );
    assert!(t.store.any_pending_before_any_org(at(8, 0, 0)).unwrap());
    assert!(!t.store.any_pending_before_any_org(at(7, 0, 0)).unwrap());
    assert_eq!(t.store.pending_any_org(10).unwrap().len(), 1);
}
