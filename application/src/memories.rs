//! This instance's read-through memories (fleet directory, API-key authenticator, the live
//! path's plan memory, resolved share links, member restrictions) kept coherent across instances. Each memory publishes what it drops
//! locally through an [`InvalidationOutlet`]; what other instances drop arrives at
//! [`InstanceMemories`], which applies it to each memory without publishing again. One
//! instance attaches no publisher, and every forget stays local as before.

use crate::api_keys::ApiKeyAuthenticator;
use crate::fleet_directory::FleetDirectory;
use crate::live::LivePipeline;
use crate::member_access::MemberAccess;
use crate::sharing::ShareGrants;
use sentinel_ports::driven::invalidations::{
    Invalidation, InvalidationPublisher, InvalidationSink, NoInvalidations,
};
use std::sync::{Arc, OnceLock};

/// Every memory of this instance, as one sink for other instances' invalidations.
#[derive(Clone)]
pub struct InstanceMemories {
    pub fleet_directory: Arc<FleetDirectory>,
    pub api_keys: Arc<ApiKeyAuthenticator>,
    pub live: Arc<LivePipeline>,
    pub share_grants: Arc<ShareGrants>,
    pub member_access: Arc<MemberAccess>,
}

impl InstanceMemories {
    /// Makes every memory publish its local forgets (once, at start).
    pub fn attach(&self, publisher: &Arc<dyn InvalidationPublisher>) {
        self.fleet_directory.attach_invalidations(publisher.clone());
        self.api_keys.attach_invalidations(publisher.clone());
        self.live.attach_invalidations(publisher.clone());
        self.share_grants.attach_invalidations(publisher.clone());
        self.member_access.attach_invalidations(publisher.clone());
    }
}

impl InvalidationSink for InstanceMemories {
    fn apply_remote(&self, invalidation: &Invalidation) {
        self.fleet_directory.apply_remote(invalidation);
        self.api_keys.apply_remote(invalidation);
        self.live.apply_remote(invalidation);
        self.share_grants.apply_remote(invalidation);
        self.member_access.apply_remote(invalidation);
    }

    fn forget_everything(&self) {
        self.fleet_directory.forget_everything();
        self.api_keys.forget_everything();
        self.live.forget_all_plans();
        self.share_grants.forget_everything();
        self.member_access.forget_everything();
    }
}

/// Where a memory sends its local forgets: nowhere until a publisher is attached.
#[derive(Default)]
pub struct InvalidationOutlet {
    publisher: OnceLock<Arc<dyn InvalidationPublisher>>,
}

impl InvalidationOutlet {
    /// Attaches the publisher; a second one is ignored (logged).
    pub fn attach(&self, publisher: Arc<dyn InvalidationPublisher>) {
        if self.publisher.set(publisher).is_err() {
            tracing::debug!("invalidation publisher already attached");
        }
    }

    pub fn publish(&self, invalidation: Invalidation) {
        match self.publisher.get() {
            Some(publisher) => publisher.publish(invalidation),
            None => NoInvalidations.publish(invalidation),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sentinel_domain::ids::OrgId;
    use std::sync::Mutex;

    #[derive(Default)]
    struct Recorder(Mutex<Vec<Invalidation>>);

    impl InvalidationPublisher for Recorder {
        fn publish(&self, invalidation: Invalidation) {
            self.0.lock().unwrap().push(invalidation);
        }
    }

    #[test]
    fn an_outlet_publishes_nowhere_until_attached_then_to_its_first_publisher() {
        let outlet = InvalidationOutlet::default();
        outlet.publish(Invalidation::Plan(OrgId::new("org_a")));
        let (first, second) = (Arc::new(Recorder::default()), Arc::new(Recorder::default()));
        outlet.attach(first.clone());
        outlet.attach(second.clone());
        outlet.publish(Invalidation::Plan(OrgId::new("org_b")));
        assert_eq!(
            *first.0.lock().unwrap(),
            vec![Invalidation::Plan(OrgId::new("org_b"))]
        );
        assert!(second.0.lock().unwrap().is_empty());
    }
}
