//! The parts that let several instances run behind one name (issue 10) when `REDIS_URL`
//! is set: node commands relayed to whichever instance holds the node's socket, and the
//! leases that keep each singleton background loop on exactly one instance, and the
//! invalidations that keep every instance's read-through memories coherent. Without Redis,
//! each is its single-instance self.

use crate::config::Config;
use crate::wiring::WiringError;
use sentinel_adapters_http::node_socket::NodeSockets;
use sentinel_adapters_memory::MemoryLease;
use sentinel_adapters_redis::{
    InvalidationConfig, NodeRelayConfig, RedisInvalidations, RedisLease, RedisNodeRelay,
};
use sentinel_application::memories::InstanceMemories;
use sentinel_ports::driven::lease::Lease;
use sentinel_ports::driven::node_commands::NodeCommands;
use std::sync::Arc;
use std::time::Duration;

/// How long start-up waits for the invalidation subscription before going on without it
/// (it keeps retrying in the background).
const INVALIDATIONS_SUBSCRIBE_WAIT: Duration = Duration::from_secs(3);

/// This instance's node sockets and the `NodeCommands` every caller uses.
pub struct NodeLink {
    pub sockets: Arc<NodeSockets>,
    pub commands: Arc<dyn NodeCommands>,
}

pub async fn node_link(config: &Config) -> Result<NodeLink, WiringError> {
    if config.redis_url.is_empty() {
        let sockets = Arc::new(NodeSockets::new());
        return Ok(NodeLink {
            commands: sockets.clone(),
            sockets,
        });
    }
    let relay =
        RedisNodeRelay::connect(NodeRelayConfig::new(&config.redis_url, &config.instance_id))
            .await?;
    let sockets = Arc::new(NodeSockets::with_presence(relay.presence()));
    let commands = relay.serve(sockets.clone()).await?;
    Ok(NodeLink { sockets, commands })
}

/// Where the singleton loops' leases live.
pub async fn loop_lease(config: &Config) -> Result<Arc<dyn Lease>, WiringError> {
    if config.redis_url.is_empty() {
        return Ok(Arc::new(MemoryLease));
    }
    Ok(Arc::new(RedisLease::connect(&config.redis_url).await?))
}

/// With `REDIS_URL`, the memories publish what they forget locally and apply what the other
/// instances forget (for the life of the process). One instance: nothing to do, every
/// forget stays local.
pub async fn share_invalidations(
    config: &Config,
    memories: InstanceMemories,
) -> Result<(), WiringError> {
    if config.redis_url.is_empty() {
        return Ok(());
    }
    let mut relay = RedisInvalidations::start(InvalidationConfig::new(
        &config.redis_url,
        &config.instance_id,
    ))?;
    memories.attach(&relay.publisher());
    relay.listen(Arc::new(memories));
    if !relay.subscribed(1, INVALIDATIONS_SUBSCRIBE_WAIT).await {
        tracing::warn!("invalidations not subscribed yet; memories rely on expiry until they are");
    }
    relay.detach();
    Ok(())
}
