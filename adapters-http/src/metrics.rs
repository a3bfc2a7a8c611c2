//! Request latency per route class, observed by a middleware, and the `/metrics` exposition
//! (OpenMetrics text, prometheus-client): the live cache, the live path's counters, event
//! stream subscribers, node sockets and the e-mail outbox, read at scrape time.

use crate::state::AppState;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::{Error, web};
use prometheus_client::encoding::{EncodeLabelSet, EncodeLabelValue, LabelValueEncoder};
use prometheus_client::metrics::counter::ConstCounter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::{ConstGauge, Gauge};
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use std::fmt::Write;
use std::time::Instant;

/// Which kind of traffic a request is: latency budgets differ per class.
#[derive(Debug, Clone, Copy, Hash, PartialEq, Eq)]
pub enum RouteClass {
    SegmentGet,
    PlaylistGet,
    SegmentPush,
    NodeApi,
    EventStream,
    Mcp,
    Websocket,
    Api,
    Static,
}

impl RouteClass {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SegmentGet => "segment_get",
            Self::PlaylistGet => "playlist_get",
            Self::SegmentPush => "segment_push",
            Self::NodeApi => "node_api",
            Self::EventStream => "event_stream",
            Self::Mcp => "mcp",
            Self::Websocket => "websocket",
            Self::Api => "api",
            Self::Static => "static",
        }
    }
}

impl EncodeLabelValue for RouteClass {
    fn encode(&self, encoder: &mut LabelValueEncoder) -> std::fmt::Result {
        encoder.write_str(self.as_str())
    }
}

/// Classifies a request by method and path (no allocation: this runs on every request).
pub fn route_class(method: &Method, path: &str) -> RouteClass {
    let get = method == Method::GET;
    if get && path.starts_with("/api/share/") {
        if path.contains("/segment/") {
            return RouteClass::SegmentGet;
        }
        if path.ends_with(".m3u8") {
            return RouteClass::PlaylistGet;
        }
    }
    if path.starts_with("/api/cameras/") {
        if get && path.contains("/segment/") {
            return RouteClass::SegmentGet;
        }
        if get && path.ends_with(".m3u8") {
            return RouteClass::PlaylistGet;
        }
        if path.ends_with("/push-segment") {
            return RouteClass::SegmentPush;
        }
        if !get
            && ["/playlist", "/codec", "/motion"]
                .iter()
                .any(|end| path.ends_with(end))
        {
            return RouteClass::NodeApi;
        }
    }
    if path == "/api/nodes/register" || path == "/api/nodes/heartbeat" {
        return RouteClass::NodeApi;
    }
    if get && path.starts_with("/api/") && path.ends_with("/stream") {
        return RouteClass::EventStream;
    }
    if path == "/mcp" || path.starts_with("/mcp/") {
        return RouteClass::Mcp;
    }
    if path.starts_with("/ws/") {
        return RouteClass::Websocket;
    }
    if path.starts_with("/api/") {
        return RouteClass::Api;
    }
    RouteClass::Static
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ClassLabel {
    class: RouteClass,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct StreamLabel {
    stream: &'static str,
}

/// Latency histograms per route class, shared by every worker.
#[derive(Clone)]
pub struct HttpMetrics {
    latency: Family<ClassLabel, Histogram>,
}

impl Default for HttpMetrics {
    fn default() -> Self {
        Self {
            // 0.25 ms to ~4 s.
            latency: Family::new_with_constructor(|| {
                Histogram::new(exponential_buckets(0.000_25, 2.0, 15))
            }),
        }
    }
}

impl HttpMetrics {
    pub fn observe(&self, class: RouteClass, seconds: f64) {
        self.latency
            .get_or_create(&ClassLabel { class })
            .observe(seconds);
    }
}

/// Times every request (until its response head) into its route class's histogram.
pub async fn observe_latency(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let started = Instant::now();
    let class = route_class(req.method(), req.path());
    let metrics = req
        .app_data::<web::Data<AppState>>()
        .map(|state| state.metrics.clone());
    let response = next.call(req).await;
    if let Some(metrics) = metrics {
        metrics.observe(class, started.elapsed().as_secs_f64());
    }
    response
}

/// Everything `/metrics` reports that is read at scrape time.
#[derive(Debug, Clone, Default)]
pub struct Scrape {
    pub live: sentinel_application::live::LiveCounts,
    pub cache: sentinel_ports::driven::live::LiveStoreStats,
    /// The shared live tier's memories (`LIVE_STORE=redis` only).
    pub shared: Option<sentinel_application::live::SharedTierCounts>,
    /// The shared live tier's size across instances, when Redis answered.
    pub shared_cache: Option<sentinel_ports::driven::live::SharedLiveStats>,
    pub subscribers: Vec<(&'static str, u64)>,
    pub node_sockets: u64,
    /// `None` when the database could not be read.
    pub outbox_unsent: Option<u64>,
}

/// The OpenMetrics text of one scrape plus the latency histograms.
pub fn render(metrics: &HttpMetrics, scrape: &Scrape) -> Result<String, std::fmt::Error> {
    let mut registry = Registry::with_prefix("sentinel");
    let counter = |value: u64| ConstCounter::new(value);
    let gauge = |value: u64| ConstGauge::new(i64::try_from(value).unwrap_or(i64::MAX));
    let live = &scrape.live;
    registry.register(
        "live_segments_pushed",
        "Segments accepted from nodes",
        counter(live.segments_pushed),
    );
    registry.register(
        "live_segments_served",
        "Segments served to viewers",
        counter(live.segments_served),
    );
    registry.register(
        "live_segment_bytes_served",
        "Bytes of segments served to viewers",
        counter(live.segment_bytes_served),
    );
    registry.register(
        "live_playlists_served",
        "Media playlists served to viewers",
        counter(live.playlists_served),
    );
    registry.register(
        "live_playlist_lines_dropped",
        "Lines of pushed playlists dropped for naming something other than the camera's own segments",
        counter(live.playlist_lines_dropped),
    );
    registry.register(
        "live_evictions",
        "Segments dropped by the per-camera or the global byte cap",
        counter(scrape.cache.evicted_segments),
    );
    registry.register(
        "live_cache_bytes",
        "Bytes of cached segments",
        gauge(scrape.cache.bytes),
    );
    registry.register(
        "live_cache_segments",
        "Cached segments",
        gauge(scrape.cache.segments),
    );
    registry.register(
        "live_cache_cameras",
        "Cameras with at least one cached segment",
        gauge(scrape.cache.segment_cameras),
    );
    registry.register(
        "live_viewers",
        "Viewer and camera pairs that fetched a segment in the last 30 s",
        gauge(live.viewers),
    );
    register_shared_live(&mut registry, scrape);
    let subscribers = Family::<StreamLabel, Gauge>::default();
    for (stream, count) in &scrape.subscribers {
        subscribers
            .get_or_create(&StreamLabel { stream })
            .set(i64::try_from(*count).unwrap_or(i64::MAX));
    }
    registry.register(
        "sse_subscribers",
        "Open event streams per stream kind",
        subscribers,
    );
    registry.register(
        "node_websockets",
        "Nodes with an open WebSocket",
        gauge(scrape.node_sockets),
    );
    if let Some(unsent) = scrape.outbox_unsent {
        registry.register(
            "email_outbox_unsent",
            "E-mails waiting to be sent",
            gauge(unsent),
        );
    }
    registry.register(
        "http_request_duration_seconds",
        "Time to the response head, per route class",
        metrics.latency.clone(),
    );
    let mut text = String::new();
    prometheus_client::encoding::text::encode(&mut text, &registry)?;
    Ok(text)
}

/// The shared live tier (`LIVE_STORE=redis`): this instance's memories in front of it, and
/// its size across every instance.
fn register_shared_live(registry: &mut Registry, scrape: &Scrape) {
    let counter = |value: u64| ConstCounter::new(value);
    let gauge = |value: u64| ConstGauge::new(i64::try_from(value).unwrap_or(i64::MAX));
    if let Some(shared) = &scrape.shared {
        registry.register(
            "live_shared_hot_hits",
            "Segment GETs answered from this instance's hot segments",
            counter(shared.hot_hits),
        );
        registry.register(
            "live_shared_reads",
            "Segment and playlist reads that went to the shared live store",
            counter(shared.shared_reads),
        );
        registry.register(
            "live_shared_misses",
            "Shared live store reads that found nothing",
            counter(shared.shared_misses),
        );
        registry.register(
            "live_shared_errors",
            "Shared live store calls that failed",
            counter(shared.shared_errors),
        );
        registry.register(
            "live_shared_hot_bytes",
            "Bytes of hot segments held by this instance",
            gauge(shared.hot_bytes),
        );
    }
    if let Some(cache) = &scrape.shared_cache {
        registry.register(
            "live_shared_cache_bytes",
            "Bytes of segments in the shared live store",
            gauge(cache.bytes),
        );
        registry.register(
            "live_shared_cache_segments",
            "Segments in the shared live store",
            gauge(cache.segments),
        );
        registry.register(
            "live_shared_cache_cameras",
            "Cameras with a push in the shared live store",
            gauge(cache.cameras),
        );
        registry.register(
            "live_shared_evictions",
            "Segments dropped by either cap in the shared live store",
            counter(cache.evicted_segments),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_follow_the_live_paths() {
        let get = Method::GET;
        let post = Method::POST;
        assert_eq!(
            route_class(&get, "/api/cameras/n_c/segment/segment_00001.ts"),
            RouteClass::SegmentGet
        );
        assert_eq!(
            route_class(&get, "/api/cameras/n_c/stream.m3u8"),
            RouteClass::PlaylistGet
        );
        assert_eq!(
            route_class(&get, "/api/cameras/n_c/master.m3u8"),
            RouteClass::PlaylistGet
        );
        assert_eq!(
            route_class(&post, "/api/cameras/n_c/push-segment"),
            RouteClass::SegmentPush
        );
        assert_eq!(
            route_class(&post, "/api/cameras/n_c/playlist"),
            RouteClass::NodeApi
        );
        assert_eq!(
            route_class(&post, "/api/nodes/heartbeat"),
            RouteClass::NodeApi
        );
        assert_eq!(
            route_class(&get, "/api/notifications/stream"),
            RouteClass::EventStream
        );
        assert_eq!(route_class(&post, "/mcp"), RouteClass::Mcp);
        assert_eq!(route_class(&get, "/ws/node"), RouteClass::Websocket);
        assert_eq!(route_class(&get, "/api/cameras"), RouteClass::Api);
        assert_eq!(route_class(&get, "/settings"), RouteClass::Static);
    }
}
