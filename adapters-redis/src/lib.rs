//! Redis-backed adapters, used when `REDIS_URL` is set: rate-limit counters shared by
//! every instance, cross-instance event fan-out for the SSE streams, and SSE subscriber
//! caps counted across instances.

mod event_relay;
mod invalidations;
mod lease;
mod listener;
mod live_store;
mod node_relay;
mod publisher_connection;
mod rate_limit;
mod stream_slots;

pub use event_relay::{ClusterSinks, EVENTS_CHANNEL, EventRelay, LocalSources, RelayConfig};
pub use invalidations::{INVALIDATIONS_CHANNEL, InvalidationConfig, RedisInvalidations};
pub use lease::{LEASE_KEY_PREFIX, RedisLease};
pub use live_store::{
    DEFAULT_KEY_TTL, DEFAULT_LIVE_PREFIX, LiveStoreSettings, OPERATION_TIMEOUT, RedisLiveStore,
};
pub use node_relay::{
    ClusterNodeCommands, NODE_RELAY_NAMESPACE, NodeRelayConfig, RedisNodePresence, RedisNodeRelay,
};
pub use rate_limit::RedisRateLimitStore;
pub use stream_slots::{RedisStreamSlots, STREAM_SLOTS_PREFIX, SlotConfig};

#[derive(Debug, thiserror::Error)]
pub enum RedisAdapterError {
    #[error("invalid REDIS_URL: {0}")]
    InvalidUrl(String),
    #[error("cannot connect to Redis: {0}")]
    Connect(String),
}
