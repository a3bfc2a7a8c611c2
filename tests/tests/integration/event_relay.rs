//! The Redis event relay (adapters-redis) between the in-process buses (adapters-memory):
//! two relays with different instance ids on one real Redis (127.0.0.1:6379, or
//! `SENTINEL_TEST_REDIS_URL`), each test on a channel of its own. Skipped with a notice when
//! Redis is unreachable.

use chrono::NaiveDate;
use sentinel_adapters_memory::{
    BroadcastMcpActivity, BroadcastMotionEvents, BroadcastNotificationEvents,
};
use sentinel_adapters_redis::{ClusterSinks, EventRelay, LocalSources, RelayConfig};
use sentinel_domain::ids::{CameraId, NodeId, OrgId};
use sentinel_domain::mcp::activity::{ActivityEvent, ActivityStatus};
use sentinel_domain::notifications::{Audience, NotificationContent, NotificationKind, Severity};
use sentinel_ports::driven::mcp_activity_events::{McpActivityEvents, McpActivityFeed};
use sentinel_ports::driven::motion_events::{
    MotionDetected, MotionEvents, MotionFeed, MotionSubscription,
};
use sentinel_ports::driven::notification_events::{NotificationCreated, NotificationEvents};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::broadcast;

const ARRIVES_WITHIN: Duration = Duration::from_secs(3);
const SILENCE: Duration = Duration::from_millis(400);

fn redis_url() -> String {
    std::env::var("SENTINEL_TEST_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into())
}

async fn redis() -> Option<redis::aio::MultiplexedConnection> {
    let client = redis::Client::open(redis_url()).ok()?;
    let connecting = client.get_multiplexed_async_connection();
    match tokio::time::timeout(Duration::from_secs(2), connecting).await {
        Ok(Ok(connection)) => Some(connection),
        _ => {
            eprintln!("Redis unreachable at {}: test skipped", redis_url());
            None
        }
    }
}

fn unique(label: &str) -> String {
    format!("{label}-{}", uuid::Uuid::new_v4().simple())
}

/// One instance: its local buses, its cluster feed and the relay between them.
struct Instance {
    motion: Arc<BroadcastMotionEvents>,
    notifications: Arc<BroadcastNotificationEvents>,
    activity: Arc<BroadcastMcpActivity>,
    feed_motion: Arc<BroadcastMotionEvents>,
    feed_notifications: Arc<BroadcastNotificationEvents>,
    feed_activity: Arc<BroadcastMcpActivity>,
    _relay: EventRelay,
}

impl Instance {
    fn start(url: &str, channel: &str, instance_id: &str) -> Self {
        let motion = Arc::new(BroadcastMotionEvents::new());
        let notifications = Arc::new(BroadcastNotificationEvents::new());
        let activity = Arc::new(BroadcastMcpActivity::new());
        let feed_motion = Arc::new(BroadcastMotionEvents::new());
        let feed_notifications = Arc::new(BroadcastNotificationEvents::new());
        let feed_activity = Arc::new(BroadcastMcpActivity::new());
        let mut config = RelayConfig::new(url, instance_id);
        config.channel = channel.to_owned();
        let relay = EventRelay::start(
            config,
            LocalSources {
                motion: MotionFeed::subscribe(motion.as_ref()),
                notifications: notifications.subscribe(),
                mcp_activity: McpActivityFeed::subscribe(activity.as_ref()),
            },
            ClusterSinks {
                motion: feed_motion.clone(),
                notifications: feed_notifications.clone(),
                mcp_activity: feed_activity.clone(),
            },
        )
        .unwrap();
        Self {
            motion,
            notifications,
            activity,
            feed_motion,
            feed_notifications,
            feed_activity,
            _relay: relay,
        }
    }

    fn motion_feed(&self) -> Box<dyn MotionSubscription> {
        MotionFeed::subscribe(self.feed_motion.as_ref())
    }
}

/// Two instances on a fresh channel, both subscribed before the test publishes.
async fn two_instances() -> Option<(Instance, Instance)> {
    let mut connection = redis().await?;
    let channel = format!("sentinel:test:{}", unique("events"));
    let a = Instance::start(&redis_url(), &channel, &unique("a"));
    let b = Instance::start(&redis_url(), &channel, &unique("b"));
    wait_for_subscribers(&mut connection, &channel, 2).await;
    Some((a, b))
}

async fn wait_for_subscribers(
    connection: &mut redis::aio::MultiplexedConnection,
    channel: &str,
    count: i64,
) {
    for _ in 0..100 {
        let (_, subscribers): (String, i64) = redis::cmd("PUBSUB")
            .arg("NUMSUB")
            .arg(channel)
            .query_async::<Vec<(String, i64)>>(connection)
            .await
            .unwrap()
            .remove(0);
        if subscribers >= count {
            return;
        }
        tokio::time::sleep(Duration::from_millis(30)).await;
    }
    panic!("relays never subscribed to {channel}");
}

fn motion(org: &str, score: i32) -> MotionDetected {
    MotionDetected {
        org: OrgId::new(org),
        camera_id: CameraId::new("abcd1234_cam0"),
        node_id: NodeId::new("abcd1234"),
        score,
        timestamp: NaiveDate::from_ymd_opt(2026, 11, 27)
            .and_then(|d| d.and_hms_milli_opt(12, 0, 0, 125))
            .unwrap(),
        segment_seq: Some(9),
    }
}

fn notification(org: &str, id: Option<i64>) -> NotificationCreated {
    NotificationCreated {
        id,
        org: OrgId::new(org),
        content: NotificationContent {
            kind: NotificationKind::Motion,
            audience: Audience::All,
            title: "Motion detected".into(),
            body: "Front door".into(),
            severity: Severity::Info,
            link: None,
            camera_id: Some("abcd1234_cam0".into()),
            node_id: Some("abcd1234".into()),
            meta: Some(serde_json::json!({"score": 80})),
        },
        created_at: NaiveDate::from_ymd_opt(2026, 11, 27)
            .and_then(|d| d.and_hms_opt(12, 0, 0))
            .unwrap(),
    }
}

fn tool_call(org: &str) -> ActivityEvent {
    ActivityEvent {
        id: "abcd1234".into(),
        timestamp: 1_764_244_800.123_456,
        tool_name: "list_cameras".into(),
        org_id: org.into(),
        key_name: "ha".into(),
        status: ActivityStatus::Completed,
        duration_ms: Some(12),
        error: None,
        args_summary: Some("camera_id=x".into()),
    }
}

async fn next_motion(
    feed: &mut Box<dyn MotionSubscription>,
    wait: Duration,
) -> Option<MotionDetected> {
    tokio::time::timeout(wait, feed.next()).await.ok().flatten()
}

async fn next_notification(
    feed: &mut broadcast::Receiver<NotificationCreated>,
    wait: Duration,
) -> Option<NotificationCreated> {
    tokio::time::timeout(wait, feed.recv()).await.ok()?.ok()
}

#[tokio::test]
async fn motion_published_on_one_instance_reaches_the_other_once_and_its_own_feed_once() {
    let Some((a, b)) = two_instances().await else {
        return;
    };
    let mut feed_a = a.motion_feed();
    let mut feed_b = b.motion_feed();
    let mut local_b = MotionFeed::subscribe(b.motion.as_ref());

    a.motion.publish(motion("org_a", 77));

    assert_eq!(
        next_motion(&mut feed_b, ARRIVES_WITHIN).await,
        Some(motion("org_a", 77))
    );
    assert_eq!(
        next_motion(&mut feed_a, ARRIVES_WITHIN).await,
        Some(motion("org_a", 77))
    );
    assert_eq!(
        next_motion(&mut feed_a, SILENCE).await,
        None,
        "A's feed saw it twice"
    );
    assert_eq!(
        next_motion(&mut feed_b, SILENCE).await,
        None,
        "B's feed saw it twice"
    );
    assert_eq!(
        next_motion(&mut local_b, SILENCE).await,
        None,
        "B's local consumers (notifications, agent) must not see A's events"
    );
}

#[tokio::test]
async fn events_keep_their_org_across_instances() {
    let Some((a, b)) = two_instances().await else {
        return;
    };
    let mut feed_b = b.motion_feed();
    a.motion.publish(motion("org_a", 10));
    b.motion.publish(motion("org_b", 20));
    a.motion.publish(motion("org_b", 30));

    let mut seen = Vec::new();
    while let Some(event) = next_motion(&mut feed_b, Duration::from_secs(1)).await {
        seen.push((event.org.as_str().to_owned(), event.score));
    }
    seen.sort();
    assert_eq!(
        seen,
        [
            ("org_a".into(), 10),
            ("org_b".into(), 20),
            ("org_b".into(), 30)
        ]
    );
}

#[tokio::test]
async fn stored_notifications_cross_over_and_unstored_ones_stay_local() {
    let Some((a, b)) = two_instances().await else {
        return;
    };
    let mut feed_b = b.feed_notifications.subscribe();
    let mut local_b = b.notifications.subscribe();
    a.notifications.publish(notification("org_a", None));
    a.notifications.publish(notification("org_a", Some(41)));

    assert_eq!(
        next_notification(&mut feed_b, ARRIVES_WITHIN).await,
        Some(notification("org_a", Some(41)))
    );
    assert_eq!(next_notification(&mut feed_b, SILENCE).await, None);
    assert_eq!(next_notification(&mut local_b, SILENCE).await, None);

    let mut feed_a = a.feed_notifications.subscribe();
    a.notifications.publish(notification("org_a", None));
    assert_eq!(
        next_notification(&mut feed_a, ARRIVES_WITHIN).await,
        Some(notification("org_a", None)),
        "this instance's own feed still carries everything its bus does"
    );
}

#[tokio::test]
async fn mcp_tool_calls_cross_over_with_the_same_json() {
    let Some((a, b)) = two_instances().await else {
        return;
    };
    let mut feed_b = McpActivityFeed::subscribe(b.feed_activity.as_ref());
    a.activity.publish(tool_call(""));
    a.activity.publish(tool_call("org_a"));
    let arrived = tokio::time::timeout(ARRIVES_WITHIN, feed_b.next())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        arrived,
        tool_call("org_a"),
        "calls without an org stay local"
    );
    assert_eq!(arrived.to_json(), tool_call("org_a").to_json());
}

#[tokio::test]
async fn without_redis_publishing_still_feeds_this_instance_and_never_blocks() {
    // Nothing listens on port 1: the relay keeps retrying in the background.
    let a = Instance::start("redis://127.0.0.1:1", "sentinel:test:nowhere", "a");
    let mut feed = a.motion_feed();
    let started = std::time::Instant::now();
    for score in 0..2_000 {
        a.motion.publish(motion("org_a", score % 100));
    }
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "publishing waited on Redis"
    );
    assert_eq!(
        next_motion(&mut feed, ARRIVES_WITHIN).await.map(|e| e.org),
        Some(OrgId::new("org_a"))
    );
}

/// A TCP hop in front of Redis whose open connections the test can cut, as a network
/// blip or a Redis restart would.
struct CuttableProxy {
    url: String,
    connections: Arc<std::sync::Mutex<Vec<tokio::task::JoinHandle<()>>>>,
    _accept: tokio::task::JoinHandle<()>,
}

impl CuttableProxy {
    async fn start(redis_address: &str) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("redis://{}", listener.local_addr().unwrap());
        let connections = Arc::new(std::sync::Mutex::new(Vec::new()));
        let open = connections.clone();
        let upstream_address = redis_address.to_owned();
        let accept = tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
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
            _accept: accept,
        }
    }

    fn cut(&self) {
        for connection in self.connections.lock().unwrap().drain(..) {
            connection.abort();
        }
    }
}

#[tokio::test]
async fn a_subscriber_whose_connection_drops_resubscribes_and_receives_again() {
    if redis().await.is_none() {
        return;
    }
    let address = redis_url()
        .trim_start_matches("redis://")
        .trim_end_matches('/')
        .to_owned();
    let proxy = CuttableProxy::start(&address).await;
    let channel = format!("sentinel:test:{}", unique("events"));
    let a = Instance::start(&redis_url(), &channel, &unique("a"));
    let b = Instance::start(&proxy.url, &channel, &unique("b"));
    let mut feed_b = b.motion_feed();
    assert!(
        arrives_eventually(&a, &mut feed_b).await,
        "never relayed at all"
    );

    proxy.cut();
    assert!(
        arrives_eventually(&a, &mut feed_b).await,
        "B never resubscribed after its connection dropped"
    );
}

/// Publishes on `from` until one event reaches `feed` (the subscriber may still be
/// connecting); false after about five seconds.
async fn arrives_eventually(from: &Instance, feed: &mut Box<dyn MotionSubscription>) -> bool {
    for _ in 0..25 {
        from.motion.publish(motion("org_a", 5));
        if next_motion(feed, Duration::from_millis(200))
            .await
            .is_some()
        {
            while next_motion(feed, Duration::from_millis(200))
                .await
                .is_some()
            {}
            return true;
        }
    }
    false
}
