//! The messages on the invalidation channel: one JSON object each, tagged with the sending
//! instance so it can skip its own.
//! `{"instance": "...", "invalidate": {"kind": "node", "node_id": "..."}}`.
//! `{"kind": "everything"}` stands in for invalidations the sender had to drop.

use sentinel_domain::ids::{CameraId, NodeId, OrgId};
use sentinel_ports::driven::invalidations::Invalidation;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Envelope {
    pub instance: String,
    pub invalidate: WireInvalidation,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum WireInvalidation {
    Node {
        node_id: String,
    },
    Camera {
        org_id: String,
        camera_id: String,
    },
    Org {
        org_id: String,
    },
    ApiKeyHash {
        key_hash: String,
    },
    ApiKeyId {
        key_id: i64,
    },
    Plan {
        org_id: String,
    },
    ShareLinks {
        org_id: String,
    },
    MemberAccess {
        org_id: String,
    },
    /// The sender dropped some of its invalidations (its queue overflowed): forget all.
    Everything,
}

/// What a receiver does with one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Received {
    Invalidate(Invalidation),
    ForgetEverything,
}

impl Envelope {
    pub fn new(instance: &str, invalidation: &Invalidation) -> Self {
        Self {
            instance: instance.to_owned(),
            invalidate: WireInvalidation::from(invalidation),
        }
    }

    /// Stands in for invalidations this instance could not keep.
    pub fn everything(instance: &str) -> Self {
        Self {
            instance: instance.to_owned(),
            invalidate: WireInvalidation::Everything,
        }
    }

    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        serde_json::to_string(self)
    }

    pub fn from_json(payload: &[u8]) -> Result<Self, serde_json::Error> {
        serde_json::from_slice(payload)
    }
}

impl From<&Invalidation> for WireInvalidation {
    fn from(invalidation: &Invalidation) -> Self {
        match invalidation {
            Invalidation::Node(node_id) => Self::Node {
                node_id: node_id.as_str().to_owned(),
            },
            Invalidation::Camera { org, camera_id } => Self::Camera {
                org_id: org.as_str().to_owned(),
                camera_id: camera_id.as_str().to_owned(),
            },
            Invalidation::Org(org) => Self::Org {
                org_id: org.as_str().to_owned(),
            },
            Invalidation::ApiKeyHash(key_hash) => Self::ApiKeyHash {
                key_hash: key_hash.clone(),
            },
            Invalidation::ApiKeyId(key_id) => Self::ApiKeyId { key_id: *key_id },
            Invalidation::Plan(org) => Self::Plan {
                org_id: org.as_str().to_owned(),
            },
            Invalidation::ShareLinks(org) => Self::ShareLinks {
                org_id: org.as_str().to_owned(),
            },
            Invalidation::MemberAccess(org) => Self::MemberAccess {
                org_id: org.as_str().to_owned(),
            },
        }
    }
}

impl From<WireInvalidation> for Received {
    fn from(wire: WireInvalidation) -> Self {
        let invalidation = match wire {
            WireInvalidation::Node { node_id } => Invalidation::Node(NodeId::new(node_id)),
            WireInvalidation::Camera { org_id, camera_id } => Invalidation::Camera {
                org: OrgId::new(org_id),
                camera_id: CameraId::new(camera_id),
            },
            WireInvalidation::Org { org_id } => Invalidation::Org(OrgId::new(org_id)),
            WireInvalidation::ApiKeyHash { key_hash } => Invalidation::ApiKeyHash(key_hash),
            WireInvalidation::ApiKeyId { key_id } => Invalidation::ApiKeyId(key_id),
            WireInvalidation::Plan { org_id } => Invalidation::Plan(OrgId::new(org_id)),
            WireInvalidation::ShareLinks { org_id } => Invalidation::ShareLinks(OrgId::new(org_id)),
            WireInvalidation::MemberAccess { org_id } => {
                Invalidation::MemberAccess(OrgId::new(org_id))
            }
            WireInvalidation::Everything => return Self::ForgetEverything,
        };
        Self::Invalidate(invalidation)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_invalidation_survives_the_wire() {
        let all = [
            Invalidation::Node(NodeId::new("aaaa0001")),
            Invalidation::Camera {
                org: OrgId::new("org_a"),
                camera_id: CameraId::new("cam_0"),
            },
            Invalidation::Org(OrgId::new("org_a")),
            Invalidation::ApiKeyHash("ab12".to_owned()),
            Invalidation::ApiKeyId(7),
            Invalidation::Plan(OrgId::new("org_b")),
            Invalidation::ShareLinks(OrgId::new("org_c")),
            Invalidation::MemberAccess(OrgId::new("org_d")),
        ];
        for invalidation in all {
            let json = Envelope::new("i-1", &invalidation).to_json().unwrap();
            let back = Envelope::from_json(json.as_bytes()).unwrap();
            assert_eq!(back.instance, "i-1");
            assert_eq!(
                Received::from(back.invalidate),
                Received::Invalidate(invalidation)
            );
        }
    }

    #[test]
    fn forget_everything_survives_the_wire() {
        let json = Envelope::everything("i-1").to_json().unwrap();
        assert_eq!(
            json,
            r#"{"instance":"i-1","invalidate":{"kind":"everything"}}"#
        );
        let back = Envelope::from_json(json.as_bytes()).unwrap();
        assert_eq!(Received::from(back.invalidate), Received::ForgetEverything);
    }

    #[test]
    fn the_wire_shape_is_tagged_by_kind() {
        let json = Envelope::new("i-1", &Invalidation::Node(NodeId::new("n1")))
            .to_json()
            .unwrap();
        assert_eq!(
            json,
            r#"{"instance":"i-1","invalidate":{"kind":"node","node_id":"n1"}}"#
        );
    }
}
