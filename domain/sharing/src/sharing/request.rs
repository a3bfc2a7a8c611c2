//! What an admin may ask of a new link, checked once at the edge of the domain.

use super::{DEFAULT_EXPIRY_HOURS, LABEL_MAX_CHARS, MAX_EXPIRY_HOURS, MAX_VIEWERS};
use crate::ids::CameraId;
use chrono::{Duration, NaiveDateTime};

/// What the link is asked to open, before the target is looked up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShareTarget {
    Camera(CameraId),
    Group(i64),
}

/// A request that passed every rule: a label with text, one target, a bounded life and
/// viewer cap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareLinkRequest {
    pub label: String,
    pub target: ShareTarget,
    pub expires_in_hours: i64,
    pub max_viewers: Option<u32>,
}

/// Which field broke which rule (the 422 envelope's `loc` and `msg`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} ({field})")]
pub struct ShareRequestError {
    pub field: &'static str,
    pub message: String,
}

impl ShareRequestError {
    fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self {
            field,
            message: message.into(),
        }
    }
}

impl ShareLinkRequest {
    /// Checks the fields in the order the contract lists them; the label is trimmed.
    pub fn new(
        label: &str,
        camera_id: Option<&str>,
        group_id: Option<i64>,
        expires_in_hours: Option<i64>,
        max_viewers: Option<i64>,
    ) -> Result<Self, ShareRequestError> {
        let label = label.trim();
        if label.is_empty() {
            return Err(ShareRequestError::new("label", "Label must not be blank"));
        }
        if label.chars().count() > LABEL_MAX_CHARS {
            return Err(ShareRequestError::new(
                "label",
                format!("Label must be at most {LABEL_MAX_CHARS} characters"),
            ));
        }
        let target = match (camera_id, group_id) {
            (Some(camera_id), None) if !camera_id.is_empty() => {
                ShareTarget::Camera(CameraId::new(camera_id))
            }
            (None, Some(group_id)) => ShareTarget::Group(group_id),
            _ => {
                return Err(ShareRequestError::new(
                    "camera_id",
                    "Give exactly one of camera_id and group_id",
                ));
            }
        };
        let expires_in_hours = expires_in_hours.unwrap_or(DEFAULT_EXPIRY_HOURS);
        if !(1..=MAX_EXPIRY_HOURS).contains(&expires_in_hours) {
            return Err(ShareRequestError::new(
                "expires_in_hours",
                format!("Expiry must be between 1 and {MAX_EXPIRY_HOURS} hours"),
            ));
        }
        let max_viewers = match max_viewers {
            None => None,
            Some(cap) => match u32::try_from(cap) {
                Ok(cap @ 1..=MAX_VIEWERS) => Some(cap),
                _ => {
                    return Err(ShareRequestError::new(
                        "max_viewers",
                        format!("Viewer cap must be between 1 and {MAX_VIEWERS}"),
                    ));
                }
            },
        };
        Ok(Self {
            label: label.to_owned(),
            target,
            expires_in_hours,
            max_viewers,
        })
    }

    pub fn expires_at(&self, now: NaiveDateTime) -> NaiveDateTime {
        now + Duration::hours(self.expires_in_hours)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_camera_link_with_defaults() {
        let request = ShareLinkRequest::new("  Porch  ", Some("cam_1"), None, None, None)
            .expect("valid request");
        assert_eq!(request.label, "Porch");
        assert_eq!(request.target, ShareTarget::Camera(CameraId::new("cam_1")));
        assert_eq!(request.expires_in_hours, DEFAULT_EXPIRY_HOURS);
        assert_eq!(request.max_viewers, None);
    }

    #[test]
    fn a_group_link_with_a_cap_and_the_longest_life() {
        let request = ShareLinkRequest::new("Yard", None, Some(4), Some(168), Some(50))
            .expect("valid request");
        assert_eq!(request.target, ShareTarget::Group(4));
        assert_eq!(request.max_viewers, Some(50));
    }

    #[test]
    fn each_rule_names_its_field() {
        let cases: [(
            &str,
            Option<&str>,
            Option<i64>,
            Option<i64>,
            Option<i64>,
            &str,
        ); 9] = [
            (" ", Some("c"), None, None, None, "label"),
            (&"x".repeat(101), Some("c"), None, None, None, "label"),
            ("a", None, None, None, None, "camera_id"),
            ("a", Some("c"), Some(1), None, None, "camera_id"),
            ("a", Some(""), None, None, None, "camera_id"),
            ("a", Some("c"), None, Some(0), None, "expires_in_hours"),
            ("a", Some("c"), None, Some(169), None, "expires_in_hours"),
            ("a", Some("c"), None, None, Some(0), "max_viewers"),
            ("a", Some("c"), None, None, Some(51), "max_viewers"),
        ];
        for (label, camera, group, hours, cap, field) in cases {
            let error = ShareLinkRequest::new(label, camera, group, hours, cap)
                .expect_err("request breaks a rule");
            assert_eq!(
                error.field, field,
                "{label:?} {camera:?} {group:?} {hours:?} {cap:?}"
            );
        }
    }
}
