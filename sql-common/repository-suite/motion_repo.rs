//! MotionRepo: stored rows as read back, newest-first pages with filters and totals, and
//! tenant isolation.

use crate::common::{at, org_a, org_b, temp_database};
use chrono::NaiveDateTime;
use sentinel_domain::ids::{CameraId, NodeId};
use sentinel_domain::motion::{MotionQuery, MotionReading, NewMotionEvent};
use sentinel_ports::driven::repos::MotionRepo;

fn event(camera: &str, score: i32, timestamp: NaiveDateTime) -> NewMotionEvent {
    NewMotionEvent {
        camera_id: CameraId::new(camera),
        node_id: NodeId::new("abcd1234"),
        reading: MotionReading {
            score,
            segment_seq: Some(41),
            timestamp,
        },
    }
}

fn since_morning() -> MotionQuery {
    MotionQuery {
        camera_id: None,
        since: at(0, 0, 0),
        limit: 100,
        offset: 0,
    }
}

#[test]
fn an_inserted_event_reads_back_with_every_column() {
    let t = temp_database();
    let stamped = at(12, 0, 5) + chrono::TimeDelta::microseconds(694_811);
    let stored = t
        .store
        .insert(&org_a(), &event("abcd1234_cam0", 88, stamped))
        .unwrap();
    assert!(stored.id > 0);
    assert_eq!(stored.org_id, org_a());
    assert_eq!(stored.camera_id.as_str(), "abcd1234_cam0");
    assert_eq!(stored.node_id.as_str(), "abcd1234");
    assert_eq!(stored.score, 88);
    assert_eq!(stored.segment_seq, Some(41));
    assert_eq!(stored.timestamp, Some(stamped), "microseconds survive");
    let page = t.store.list(&org_a(), &since_morning()).unwrap();
    assert_eq!(page.total, 1);
    assert_eq!(page.events, vec![stored]);
}

#[test]
fn a_missing_segment_seq_is_stored_as_null() {
    let t = temp_database();
    let mut new = event("abcd1234_cam0", 5, at(12, 0, 0));
    new.reading.segment_seq = None;
    let stored = t.store.insert(&org_a(), &new).unwrap();
    assert_eq!(stored.segment_seq, None);
}

#[test]
fn pages_are_newest_first_filtered_by_camera_and_time() {
    let t = temp_database();
    for minute in 0..4 {
        t.store
            .insert(&org_a(), &event("abcd1234_cam0", 10, at(12, minute, 0)))
            .unwrap();
    }
    t.store
        .insert(&org_a(), &event("abcd1234_cam1", 20, at(12, 30, 0)))
        .unwrap();
    t.store
        .insert(&org_a(), &event("abcd1234_cam0", 30, at(8, 0, 0)))
        .unwrap();
    let page = t
        .store
        .list(
            &org_a(),
            &MotionQuery {
                camera_id: Some(CameraId::new("abcd1234_cam0")),
                since: at(12, 0, 0),
                limit: 2,
                offset: 1,
            },
        )
        .unwrap();
    assert_eq!(
        page.total, 4,
        "the 08:00 event and the other camera are out"
    );
    let times: Vec<_> = page.events.iter().map(|e| e.timestamp).collect();
    assert_eq!(times, [Some(at(12, 2, 0)), Some(at(12, 1, 0))]);
}

#[test]
fn another_orgs_events_are_invisible() {
    let t = temp_database();
    t.store
        .insert(&org_a(), &event("abcd1234_cam0", 50, at(12, 0, 0)))
        .unwrap();
    let page = t.store.list(&org_b(), &since_morning()).unwrap();
    assert_eq!(page.total, 0);
    assert!(page.events.is_empty());
    let theirs = t
        .store
        .insert(&org_b(), &event("abcd1234_cam0", 60, at(12, 0, 0)))
        .unwrap();
    assert_eq!(theirs.org_id, org_b());
    let ours = t.store.list(&org_a(), &since_morning()).unwrap();
    assert_eq!(ours.total, 1);
    assert_eq!(ours.events[0].score, 50);
}
