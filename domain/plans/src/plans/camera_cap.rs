//! Which cameras a plan's camera cap keeps (plans-and-auth.md §1.5): the oldest
//! `max_cameras` by creation stay enabled, the rest are flagged `disabled_by_plan`. Rows are
//! never deleted, so an upgrade re-enables them at once.

use crate::fleet::Camera;

/// An org's cameras split by the cap, each side oldest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CameraCapSplit<'a> {
    pub within_cap: Vec<&'a Camera>,
    pub over_cap: Vec<&'a Camera>,
}

impl CameraCapSplit<'_> {
    /// Cameras within the cap that are still flagged (they must be re-enabled).
    pub fn to_enable(&self) -> impl Iterator<Item = &Camera> {
        self.within_cap
            .iter()
            .copied()
            .filter(|camera| camera.disabled_by_plan)
    }

    /// Cameras over the cap that are not flagged yet.
    pub fn to_disable(&self) -> impl Iterator<Item = &Camera> {
        self.over_cap
            .iter()
            .copied()
            .filter(|camera| !camera.disabled_by_plan)
    }

    /// Whether applying the split changes any flag.
    pub fn changes_anything(&self) -> bool {
        self.to_enable().next().is_some() || self.to_disable().next().is_some()
    }
}

/// Orders `cameras` by `created_at` (oldest first, unknown last), then row id, and keeps the
/// first `max_cameras`.
pub fn split_by_camera_cap(cameras: &[Camera], max_cameras: u32) -> CameraCapSplit<'_> {
    let mut ordered: Vec<&Camera> = cameras.iter().collect();
    ordered.sort_by_key(|camera| (camera.created_at.is_none(), camera.created_at, camera.id));
    let cap = usize::try_from(max_cameras).unwrap_or(usize::MAX);
    let over_cap = ordered.split_off(cap.min(ordered.len()));
    CameraCapSplit {
        within_cap: ordered,
        over_cap,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fleet::RecordingPolicy;
    use chrono::{NaiveDate, NaiveDateTime};
    use sentinel_domain_kernel::ids::{CameraId, OrgId};

    fn minute(m: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, 27)
            .and_then(|d| d.and_hms_opt(12, m, 0))
            .unwrap()
    }

    fn camera(id: i64, created: Option<NaiveDateTime>, disabled: bool) -> Camera {
        Camera {
            id,
            camera_id: CameraId::new(format!("cam{id}")),
            org_id: OrgId::new("org"),
            node_row_id: Some(1),
            name: format!("Camera {id}"),
            node_type: None,
            capabilities: None,
            group_id: None,
            last_seen: None,
            status: None,
            last_error: None,
            created_at: created,
            video_codec: None,
            audio_codec: None,
            codec_detected_at: None,
            disabled_by_plan: disabled,
            recording: RecordingPolicy::default(),
        }
    }

    fn ids<'a>(cameras: impl Iterator<Item = &'a Camera>) -> Vec<i64> {
        cameras.map(|camera| camera.id).collect()
    }

    #[test]
    fn keeps_the_oldest_and_puts_undated_cameras_last() {
        let cameras = vec![
            camera(1, None, false),
            camera(2, Some(minute(5)), false),
            camera(3, Some(minute(1)), false),
            camera(4, Some(minute(1)), false),
        ];
        let split = split_by_camera_cap(&cameras, 2);
        assert_eq!(ids(split.within_cap.iter().copied()), vec![3, 4]);
        assert_eq!(ids(split.over_cap.iter().copied()), vec![2, 1]);
        assert_eq!(ids(split.to_disable()), vec![2, 1]);
        assert!(split.changes_anything());
    }

    #[test]
    fn an_upgrade_re_enables_flagged_cameras() {
        let cameras = vec![
            camera(1, Some(minute(1)), false),
            camera(2, Some(minute(2)), true),
        ];
        let split = split_by_camera_cap(&cameras, 25);
        assert_eq!(ids(split.to_enable()), vec![2]);
        assert!(split.over_cap.is_empty());
    }

    #[test]
    fn an_applied_split_changes_nothing() {
        let cameras = vec![
            camera(1, Some(minute(1)), false),
            camera(2, Some(minute(2)), true),
        ];
        assert!(!split_by_camera_cap(&cameras, 1).changes_anything());
        assert!(!split_by_camera_cap(&[], 0).changes_anything());
    }
}
