//! Two invalidation relays with different instance ids on one real Redis (127.0.0.1:6379,
//! or `SENTINEL_TEST_REDIS_URL`), each test on a channel of its own. Skipped with a notice
//! when Redis is unreachable.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use sentinel_adapters_redis::{InvalidationConfig, RedisInvalidations};
use sentinel_domain::ids::{CameraId, NodeId, OrgId};
use sentinel_ports::driven::invalidations::{Invalidation, InvalidationSink};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const WITHIN: Duration = Duration::from_secs(3);

fn redis_url() -> String {
    std::env::var("SENTINEL_TEST_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into())
}

async fn redis_reachable() -> bool {
    let Ok(client) = redis::Client::open(redis_url()) else {
        return false;
    };
    let connecting = client.get_multiplexed_async_connection();
    let reachable = matches!(
        tokio::time::timeout(Duration::from_secs(2), connecting).await,
        Ok(Ok(_))
    );
    if !reachable {
        eprintln!("Redis unreachable at {}: test skipped", redis_url());
    }
    reachable
}

fn unique(label: &str) -> String {
    format!("{label}-{}", uuid::Uuid::new_v4().simple())
}

/// What a sink was told, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Told {
    Applied(Invalidation),
    ForgotEverything,
}

#[derive(Default)]
struct RecordingSink(Mutex<Vec<Told>>);

impl RecordingSink {
    fn told(&self) -> Vec<Told> {
        self.0.lock().unwrap().clone()
    }

    fn applied(&self) -> Vec<Invalidation> {
        self.told()
            .into_iter()
            .filter_map(|told| match told {
                Told::Applied(invalidation) => Some(invalidation),
                Told::ForgotEverything => None,
            })
            .collect()
    }

    async fn wait_for_applied(&self, count: usize) -> Vec<Invalidation> {
        for _ in 0..60 {
            if self.applied().len() >= count {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        self.applied()
    }
}

impl InvalidationSink for RecordingSink {
    fn apply_remote(&self, invalidation: &Invalidation) {
        self.0
            .lock()
            .unwrap()
            .push(Told::Applied(invalidation.clone()));
    }

    fn forget_everything(&self) {
        self.0.lock().unwrap().push(Told::ForgotEverything);
    }
}

struct Instance {
    relay: RedisInvalidations,
    sink: Arc<RecordingSink>,
}

impl Instance {
    async fn start(url: &str, channel: &str) -> Self {
        let mut config = InvalidationConfig::new(url, &unique("instance"));
        config.channel = channel.to_owned();
        let mut relay = RedisInvalidations::start(config).unwrap();
        let sink = Arc::new(RecordingSink::default());
        relay.listen(sink.clone());
        assert!(relay.subscribed(1, WITHIN).await, "never subscribed");
        Self { relay, sink }
    }

    fn publish(&self, invalidation: Invalidation) {
        self.relay.publisher().publish(invalidation);
    }
}

fn channel() -> String {
    format!("sentinel:test:{}", unique("invalidate"))
}

#[tokio::test]
async fn an_invalidation_reaches_the_other_instance_and_not_its_sender() {
    if !redis_reachable().await {
        return;
    }
    let channel = channel();
    let a = Instance::start(&redis_url(), &channel).await;
    let b = Instance::start(&redis_url(), &channel).await;
    let sent = vec![
        Invalidation::Node(NodeId::new("aaaa0001")),
        Invalidation::Camera {
            org: OrgId::new("org_a"),
            camera_id: CameraId::new("cam_0"),
        },
        Invalidation::ApiKeyHash("f00d".to_owned()),
        Invalidation::Plan(OrgId::new("org_a")),
    ];
    for invalidation in &sent {
        a.publish(invalidation.clone());
    }
    assert_eq!(b.sink.wait_for_applied(sent.len()).await, sent, "in order");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(a.sink.applied().is_empty(), "its own messages are skipped");
}

#[tokio::test]
async fn subscribing_forgets_everything_before_anything_is_applied() {
    if !redis_reachable().await {
        return;
    }
    let channel = channel();
    let a = Instance::start(&redis_url(), &channel).await;
    let b = Instance::start(&redis_url(), &channel).await;
    a.publish(Invalidation::Org(OrgId::new("org_a")));
    b.sink.wait_for_applied(1).await;
    assert_eq!(
        b.sink.told(),
        vec![
            Told::ForgotEverything,
            Told::Applied(Invalidation::Org(OrgId::new("org_a")))
        ]
    );
}

#[tokio::test]
async fn publishing_without_redis_never_blocks() {
    // Nothing listens on port 1: the publisher keeps retrying in the background.
    let relay =
        RedisInvalidations::start(InvalidationConfig::new("redis://127.0.0.1:1", "alone")).unwrap();
    let publisher = relay.publisher();
    let started = std::time::Instant::now();
    for id in 0..20_000 {
        publisher.publish(Invalidation::ApiKeyId(id));
    }
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "publishing waited on Redis"
    );
}

#[tokio::test]
async fn a_subscriber_whose_connection_drops_forgets_everything_and_receives_again() {
    if !redis_reachable().await {
        return;
    }
    let address = redis_url()
        .trim_start_matches("redis://")
        .trim_end_matches('/')
        .to_owned();
    let proxy = CuttableProxy::start(&address).await;
    let channel = channel();
    let a = Instance::start(&redis_url(), &channel).await;
    let b = Instance::start(&proxy.url, &channel).await;
    a.publish(Invalidation::Node(NodeId::new("n1")));
    assert_eq!(b.sink.wait_for_applied(1).await.len(), 1);

    // Whatever A publishes while B is cut off is lost; B makes up for it by forgetting all.
    proxy.cut();
    assert!(
        b.relay.subscribed(2, Duration::from_secs(5)).await,
        "B never resubscribed"
    );
    let forgets = b
        .sink
        .told()
        .into_iter()
        .filter(|told| *told == Told::ForgotEverything)
        .count();
    assert_eq!(forgets, 2, "once per subscription");
    a.publish(Invalidation::Node(NodeId::new("n2")));
    assert_eq!(
        b.sink.wait_for_applied(2).await.last(),
        Some(&Invalidation::Node(NodeId::new("n2")))
    );
}

#[tokio::test]
async fn an_invalidation_that_could_not_be_published_is_retried_until_it_is() {
    if !redis_reachable().await {
        return;
    }
    let proxy = CuttableProxy::start(&redis_address()).await;
    let channel = channel();
    let a = Instance::start(&proxy.url, &channel).await;
    let b = Instance::start(&redis_url(), &channel).await;
    a.publish(Invalidation::Node(NodeId::new("warm-up")));
    assert_eq!(b.sink.wait_for_applied(1).await.len(), 1);

    // A's connection flaps while B's subscription stays healthy: nothing else would make
    // B forget the rotated key.
    proxy.go_down();
    a.publish(Invalidation::Node(NodeId::new("rotated")));
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(b.sink.applied().len(), 1, "nothing gets through while down");
    proxy.come_back();
    assert_eq!(
        b.sink.wait_for_applied(2).await.last(),
        Some(&Invalidation::Node(NodeId::new("rotated")))
    );
}

#[tokio::test]
async fn a_queue_that_overflowed_tells_the_others_to_forget_everything() {
    if !redis_reachable().await {
        return;
    }
    let proxy = CuttableProxy::start(&redis_address()).await;
    let channel = channel();
    let b = Instance::start(&redis_url(), &channel).await;
    proxy.go_down();
    let mut config = InvalidationConfig::new(&proxy.url, &unique("instance"));
    config.channel = channel.clone();
    let a = RedisInvalidations::start(config).unwrap();
    for id in 0..5_000 {
        a.publisher().publish(Invalidation::ApiKeyId(id));
    }
    proxy.come_back();
    let forgot_twice = async {
        loop {
            let forgets = b
                .sink
                .told()
                .iter()
                .filter(|told| **told == Told::ForgotEverything)
                .count();
            if forgets >= 2 {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    };
    assert!(
        tokio::time::timeout(Duration::from_secs(10), forgot_twice)
            .await
            .is_ok(),
        "B was never told to forget everything: {:?}",
        b.sink.told().len()
    );
}

fn redis_address() -> String {
    redis_url()
        .trim_start_matches("redis://")
        .trim_end_matches('/')
        .to_owned()
}

/// A TCP hop in front of Redis whose open connections the test can cut, as a network
/// blip or a Redis restart would, and which can refuse new ones for a while.
struct CuttableProxy {
    url: String,
    connections: Arc<Mutex<Vec<tokio::task::JoinHandle<()>>>>,
    down: Arc<std::sync::atomic::AtomicBool>,
    _accept: tokio::task::JoinHandle<()>,
}

impl CuttableProxy {
    async fn start(redis_address: &str) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("redis://{}", listener.local_addr().unwrap());
        let connections = Arc::new(Mutex::new(Vec::new()));
        let open = connections.clone();
        let down = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let refusing = down.clone();
        let upstream_address = redis_address.to_owned();
        let accept = tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                if refusing.load(std::sync::atomic::Ordering::SeqCst) {
                    drop(inbound);
                    continue;
                }
                let upstream_address = upstream_address.clone();
                let piping = tokio::spawn(async move {
                    let mut upstream = tokio::net::TcpStream::connect(upstream_address)
                        .await
                        .unwrap();
                    let _ = tokio::io::copy_bidirectional(&mut inbound, &mut upstream).await;
                });
                open.lock().unwrap().push(piping);
            }
        });
        Self {
            url,
            connections,
            down,
            _accept: accept,
        }
    }

    /// Cuts every open connection and refuses new ones until [`Self::come_back`].
    fn go_down(&self) {
        self.down.store(true, std::sync::atomic::Ordering::SeqCst);
        self.cut();
    }

    fn come_back(&self) {
        self.down.store(false, std::sync::atomic::Ordering::SeqCst);
    }

    fn cut(&self) {
        for connection in self.connections.lock().unwrap().drain(..) {
            connection.abort();
        }
    }
}
