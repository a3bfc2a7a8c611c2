//! Server-sent event streams (notifications-email-webhooks.md §3), shared by every stream
//! route: a per-org subscriber registry with caps, the frame format, and the
//! `text/event-stream` response with keepalive comments.
//!
//! A route: `registry.join(&org, cap).await` (→ 429 via [`at_cap`] when `None`), build a
//! `Stream<Item = Value>` of the caller's events (filtered server-side), then
//! `event_stream(connected(&org), events, slot, KEEPALIVE_EVERY)`. The slot travels with
//! the response body and frees itself when the client goes away.

use crate::error::ApiError;
use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::web::Bytes;
use futures_util::stream::{self, Stream, StreamExt};
use sentinel_domain::ids::OrgId;
use sentinel_ports::driven::stream_slots::{ClaimedSlot, StreamSlots};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::convert::Infallible;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A keepalive comment goes out whenever this long passes without an event.
pub const KEEPALIVE_EVERY: Duration = Duration::from_secs(25);
/// `: keepalive\n\n`.
pub const KEEPALIVE_FRAME: &str = ": keepalive\n\n";

/// Open subscriptions of one stream type (each stream type has its own registry), per org.
/// Always counted here (metrics, health); with a [`StreamSlots`] store the cap is also
/// enforced across every instance.
#[derive(Default)]
pub struct SubscriberRegistry {
    open: Mutex<HashMap<OrgId, usize>>,
    cluster: Option<ClusterPool>,
}

/// The cluster-wide pool this registry's stream type counts against.
struct ClusterPool {
    slots: Arc<dyn StreamSlots>,
    stream: &'static str,
}

impl std::fmt::Debug for SubscriberRegistry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SubscriberRegistry")
            .field("open", &self.open)
            .field("stream", &self.cluster.as_ref().map(|pool| pool.stream))
            .finish()
    }
}

impl SubscriberRegistry {
    /// Counts this instance's streams only (one instance, or tests).
    pub fn new() -> Self {
        Self::default()
    }

    /// Also counts against the `stream` pool shared by every instance.
    pub fn clustered(slots: Arc<dyn StreamSlots>, stream: &'static str) -> Self {
        Self {
            open: Mutex::default(),
            cluster: Some(ClusterPool { slots, stream }),
        }
    }

    /// Takes one of `org`'s `cap` places, or `None` when all are taken. A shared pool that
    /// cannot be reached does not refuse anyone: the cap then holds per instance.
    pub async fn join(self: &Arc<Self>, org: &OrgId, cap: usize) -> Option<SubscriberSlot> {
        let mut slot = self.join_locally(org, cap)?;
        if let Some(pool) = &self.cluster {
            match pool.slots.claim(pool.stream, org, cap).await {
                Ok(Some(claimed)) => slot.claimed = Some(claimed),
                // Dropping `slot` gives the local place back.
                Ok(None) => return None,
                Err(error) => {
                    tracing::warn!(%org, stream = pool.stream, %error, "stream cap counted per instance");
                }
            }
        }
        Some(slot)
    }

    fn join_locally(self: &Arc<Self>, org: &OrgId, cap: usize) -> Option<SubscriberSlot> {
        let mut open = self.open.lock().ok()?;
        let count = open.entry(org.clone()).or_insert(0);
        if *count >= cap {
            return None;
        }
        *count += 1;
        Some(SubscriberSlot {
            registry: self.clone(),
            org: org.clone(),
            claimed: None,
        })
    }

    /// Open subscriptions of one org.
    pub fn subscribers_of(&self, org: &OrgId) -> usize {
        self.open
            .lock()
            .map(|open| open.get(org).copied().unwrap_or(0))
            .unwrap_or(0)
    }

    /// Open subscriptions across every org.
    pub fn subscribers(&self) -> u64 {
        self.open
            .lock()
            .map(|open| open.values().map(|n| *n as u64).sum())
            .unwrap_or(0)
    }

    /// Orgs with at least one open subscription.
    pub fn orgs(&self) -> u64 {
        self.open.lock().map(|open| open.len() as u64).unwrap_or(0)
    }

    fn leave(&self, org: &OrgId, claimed: Option<ClaimedSlot>) {
        if let (Some(pool), Some(claimed)) = (&self.cluster, claimed) {
            pool.slots.release(pool.stream, org, claimed);
        }
        if let Ok(mut open) = self.open.lock()
            && let Some(count) = open.get_mut(org)
        {
            *count = count.saturating_sub(1);
            if *count == 0 {
                open.remove(org);
            }
        }
    }
}

/// One place in a [`SubscriberRegistry`]; dropping it gives the place back.
#[derive(Debug)]
pub struct SubscriberSlot {
    registry: Arc<SubscriberRegistry>,
    org: OrgId,
    /// The shared pool's place, when there is one.
    claimed: Option<ClaimedSlot>,
}

impl Drop for SubscriberSlot {
    fn drop(&mut self) {
        self.registry.leave(&self.org, self.claimed.take());
    }
}

/// The 429 of a full pool, raised before streaming; the detail names the cap.
pub fn at_cap(stream: &str, cap: usize) -> ApiError {
    ApiError::detail(
        StatusCode::TOO_MANY_REQUESTS,
        format!(
            "Too many open {stream} streams for this organization (limit {cap} on your plan). \
             Close another tab or upgrade your plan."
        ),
    )
}

/// The first frame's payload: `{"type": "connected", "org_id": "<org>"}`.
pub fn connected(org: &OrgId) -> Value {
    json!({"type": "connected", "org_id": org.as_str()})
}

/// `data: <json>\n\n`, the JSON spelled like Python's `json.dumps` (`", "` and `": "`).
pub fn frame(payload: &Value) -> String {
    format!("data: {}\n\n", python_json(payload))
}

/// `json.dumps(value)`, as the original framed its events.
pub fn python_json(value: &Value) -> String {
    sentinel_domain::python::json_dumps(value)
}

/// The `text/event-stream` response: `first`, then each event as a frame, with a keepalive
/// comment whenever `keepalive` passes without one. `slot` is held until the client leaves.
pub fn event_stream<S>(
    first: Value,
    events: S,
    slot: SubscriberSlot,
    keepalive: Duration,
) -> HttpResponse
where
    S: Stream<Item = Value> + 'static,
{
    let events: Pin<Box<dyn Stream<Item = Value>>> = Box::pin(events);
    let opening = stream::once(async move { Ok::<_, Infallible>(Bytes::from(frame(&first))) });
    let rest = stream::unfold(
        (events, slot, false),
        move |(mut events, slot, ended)| async move {
            if ended {
                // The source is gone (shut down or dropped us): keep the connection with
                // keepalives until the client leaves.
                tokio::time::sleep(keepalive).await;
                return Some((
                    Bytes::from_static(KEEPALIVE_FRAME.as_bytes()),
                    (events, slot, true),
                ));
            }
            match tokio::time::timeout(keepalive, events.next()).await {
                Ok(Some(event)) => Some((Bytes::from(frame(&event)), (events, slot, false))),
                Ok(None) => Some((
                    Bytes::from_static(KEEPALIVE_FRAME.as_bytes()),
                    (events, slot, true),
                )),
                Err(_silence) => Some((
                    Bytes::from_static(KEEPALIVE_FRAME.as_bytes()),
                    (events, slot, false),
                )),
            }
        },
    )
    .map(Ok::<_, Infallible>);
    HttpResponse::Ok()
        .insert_header((
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/event-stream"),
        ))
        .insert_header((header::CACHE_CONTROL, HeaderValue::from_static("no-cache")))
        .insert_header((header::CONNECTION, HeaderValue::from_static("keep-alive")))
        .insert_header(("X-Accel-Buffering", HeaderValue::from_static("no")))
        // Already "encoded": the compression middleware must not buffer the stream.
        .insert_header((
            header::CONTENT_ENCODING,
            HeaderValue::from_static("identity"),
        ))
        .streaming(opening.chain(rest))
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::body::{BoxBody, MessageBody};
    use futures_util::future::poll_fn;

    #[test]
    fn frames_use_pythons_separators() {
        assert_eq!(
            frame(&json!({"ids": [1, 2], "type": "connected"})),
            "data: {\"ids\": [1, 2], \"type\": \"connected\"}\n\n"
        );
    }

    #[actix_web::test]
    async fn registry_caps_per_org_and_frees_on_drop() {
        let registry = Arc::new(SubscriberRegistry::new());
        let (a, b) = (OrgId::new("a"), OrgId::new("b"));
        let first = registry.join(&a, 1).await.unwrap();
        assert!(registry.join(&a, 1).await.is_none());
        let other = registry.join(&b, 1).await.unwrap();
        assert_eq!((registry.subscribers(), registry.orgs()), (2, 2));
        drop(first);
        drop(other);
        assert_eq!((registry.subscribers(), registry.orgs()), (0, 0));
        assert!(registry.join(&a, 1).await.is_some());
    }

    /// A shared pool of `taken` places out of any cap, or an unreachable one.
    #[derive(Default)]
    struct FakeSlots {
        taken: Mutex<usize>,
        unreachable: bool,
    }

    #[async_trait::async_trait]
    impl StreamSlots for FakeSlots {
        async fn claim(
            &self,
            _stream: &str,
            _org: &OrgId,
            cap: usize,
        ) -> Result<Option<ClaimedSlot>, sentinel_ports::driven::stream_slots::StreamSlotsError>
        {
            if self.unreachable {
                return Err(sentinel_ports::driven::stream_slots::StreamSlotsError(
                    "down".into(),
                ));
            }
            let mut taken = self.taken.lock().unwrap();
            if *taken >= cap {
                return Ok(None);
            }
            *taken += 1;
            Ok(Some(ClaimedSlot(format!("slot{taken}"))))
        }

        fn release(&self, _stream: &str, _org: &OrgId, _slot: ClaimedSlot) {
            *self.taken.lock().unwrap() -= 1;
        }
    }

    #[actix_web::test]
    async fn a_shared_pool_taken_elsewhere_refuses_and_frees_the_local_place() {
        let slots = Arc::new(FakeSlots {
            taken: Mutex::new(1),
            unreachable: false,
        });
        let registry = Arc::new(SubscriberRegistry::clustered(slots.clone(), "motion"));
        let org = OrgId::new("a");
        let mine = registry.join(&org, 2).await.unwrap();
        assert!(
            registry.join(&org, 2).await.is_none(),
            "another instance holds one"
        );
        assert_eq!(registry.subscribers_of(&org), 1);
        drop(mine);
        assert_eq!(
            *slots.taken.lock().unwrap(),
            1,
            "the shared place is given back"
        );
        assert_eq!(registry.subscribers(), 0);
    }

    #[actix_web::test]
    async fn an_unreachable_shared_pool_falls_back_to_the_local_cap() {
        let slots = Arc::new(FakeSlots {
            taken: Mutex::new(0),
            unreachable: true,
        });
        let registry = Arc::new(SubscriberRegistry::clustered(slots, "motion"));
        let org = OrgId::new("a");
        let _first = registry.join(&org, 1).await.unwrap();
        assert!(registry.join(&org, 1).await.is_none());
    }

    #[actix_web::test]
    async fn silence_sends_keepalive_comments() {
        let registry = Arc::new(SubscriberRegistry::new());
        let slot = registry.join(&OrgId::new("a"), 1).await.unwrap();
        let response = event_stream(
            connected(&OrgId::new("a")),
            stream::pending::<Value>(),
            slot,
            Duration::from_millis(20),
        );
        let mut body: BoxBody = response.into_body();
        let first = poll_fn(|cx| Pin::new(&mut body).poll_next(cx))
            .await
            .unwrap()
            .unwrap();
        assert!(String::from_utf8_lossy(&first).contains("\"connected\""));
        let second = poll_fn(|cx| Pin::new(&mut body).poll_next(cx))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(&second[..], KEEPALIVE_FRAME.as_bytes());
        drop(body);
        assert_eq!(registry.subscribers(), 0);
    }
}
