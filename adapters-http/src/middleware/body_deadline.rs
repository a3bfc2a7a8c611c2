//! A request body must arrive in time. actix bounds the time to send a request's head (the
//! server's 10 s request timeout), not its body: a caller could declare
//! `Content-Length: 1000`, send one byte and hold the connection (and whatever the handler
//! holds) for as long as it liked, a thousand times over.
//!
//! Every body must keep up with a minimum rate after a grace period: at `t` seconds into
//! the request, at least `(t - grace) * min_rate` bytes must have arrived, and the whole
//! body within `max_total`. A body that falls behind ends with `408` (the error envelope)
//! and the connection is closed. Segment pushes get a lower floor relative to their size:
//! a node's 2 MiB segment fits on a 256 kbit/s uplink. WebSocket upgrades and bodiless
//! requests are not touched.

use crate::error::ApiError;
use crate::metrics::{RouteClass, route_class};
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::error::PayloadError;
use actix_web::http::header::{CONTENT_LENGTH, TRANSFER_ENCODING, UPGRADE};
use actix_web::http::{ConnectionType, StatusCode};
use actix_web::middleware::Next;
use actix_web::web::Bytes;
use actix_web::{Error, HttpMessage, ResponseError};
use futures_util::Stream;
use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::time::{Instant, Sleep};

/// How fast a body must arrive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyPace {
    /// Time allowed before the rate counts (connection set-up, the first packets).
    pub grace: Duration,
    /// Bytes per second the body must average after the grace.
    pub min_bytes_per_second: u64,
    /// The whole body's limit, however fast it trickles.
    pub max_total: Duration,
}

/// JSON and form bodies (at most 256 KiB): 10 s, then 8 KiB/s, 60 s at most.
pub const API_BODY_PACE: BodyPace = BodyPace {
    grace: Duration::from_secs(10),
    min_bytes_per_second: 8 * 1024,
    max_total: Duration::from_secs(60),
};

/// Segment pushes (at most 2 MiB by default): 10 s, then 32 KiB/s, 120 s at most.
pub const SEGMENT_BODY_PACE: BodyPace = BodyPace {
    grace: Duration::from_secs(10),
    min_bytes_per_second: 32 * 1024,
    max_total: Duration::from_secs(120),
};

const TIMED_OUT: &str = "Request body not received in time";

impl BodyPace {
    /// When the body must have gone further than `received` bytes.
    fn deadline(&self, started: Instant, received: u64) -> Instant {
        let earned = Duration::from_secs_f64(received as f64 / self.min_bytes_per_second as f64);
        started + (self.grace + earned).min(self.max_total)
    }
}

pub async fn body_deadline<B: MessageBody + 'static>(
    mut req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<EitherBody<B>>, Error> {
    let Some(pace) = pace_for(&req) else {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_left_body);
    };
    let tripped = Rc::new(Cell::new(false));
    let started = Instant::now();
    let paced = PacedBody {
        inner: req.take_payload(),
        pace,
        started,
        received: 0,
        timer: Box::pin(tokio::time::sleep_until(pace.deadline(started, 0))),
        tripped: tripped.clone(),
    };
    req.set_payload(Payload::from(
        Box::pin(paced) as Pin<Box<dyn Stream<Item = Result<Bytes, PayloadError>>>>
    ));
    // Handlers answer with a response even when they fail, so the request comes back here
    // (it cannot be cloned beforehand: routing needs it unshared).
    let response = next.call(req).await?;
    if !tripped.get() {
        return Ok(response.map_into_left_body());
    }
    tracing::debug!(elapsed = ?started.elapsed(), "request body too slow; 408");
    let (request, _) = response.into_parts();
    let mut timeout = ApiError::detail(StatusCode::REQUEST_TIMEOUT, TIMED_OUT).error_response();
    // The rest of the body will never be read: the connection cannot carry another request.
    timeout
        .head_mut()
        .set_connection_type(ConnectionType::Close);
    Ok(ServiceResponse::new(request, timeout).map_into_right_body())
}

/// The pace a request's body must keep, or `None` when it has none to keep.
fn pace_for(req: &ServiceRequest) -> Option<BodyPace> {
    let headers = req.headers();
    if headers.contains_key(UPGRADE) {
        return None;
    }
    let declared = headers
        .get(CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.trim().parse::<u64>().ok());
    let has_body =
        declared.is_some_and(|length| length > 0) || headers.contains_key(TRANSFER_ENCODING);
    if !has_body {
        return None;
    }
    Some(match route_class(req.method(), req.path()) {
        RouteClass::SegmentPush => SEGMENT_BODY_PACE,
        _ => API_BODY_PACE,
    })
}

/// The request's payload, failing with a timeout once it falls behind its pace.
struct PacedBody {
    inner: Payload,
    pace: BodyPace,
    started: Instant,
    received: u64,
    timer: Pin<Box<Sleep>>,
    tripped: Rc<Cell<bool>>,
}

impl Stream for PacedBody {
    type Item = Result<Bytes, PayloadError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.tripped.get() {
            return Poll::Ready(None);
        }
        match Pin::new(&mut this.inner).poll_next(cx) {
            Poll::Ready(Some(Ok(chunk))) => {
                this.received = this
                    .received
                    .saturating_add(u64::try_from(chunk.len()).unwrap_or(u64::MAX));
                let deadline = this.pace.deadline(this.started, this.received);
                this.timer.as_mut().reset(deadline);
                Poll::Ready(Some(Ok(chunk)))
            }
            Poll::Ready(end) => Poll::Ready(end),
            Poll::Pending => match this.timer.as_mut().poll(cx) {
                Poll::Ready(()) => {
                    this.tripped.set(true);
                    let timed_out = std::io::Error::new(std::io::ErrorKind::TimedOut, TIMED_OUT);
                    Poll::Ready(Some(Err(PayloadError::Io(timed_out))))
                }
                Poll::Pending => Poll::Pending,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_deadline_grows_with_what_arrived_up_to_the_cap() {
        let start = Instant::now();
        assert_eq!(
            API_BODY_PACE.deadline(start, 0),
            start + Duration::from_secs(10)
        );
        assert_eq!(
            API_BODY_PACE.deadline(start, 80 * 1024),
            start + Duration::from_secs(20)
        );
        assert_eq!(
            API_BODY_PACE.deadline(start, u64::MAX),
            start + Duration::from_secs(60)
        );
    }

    #[test]
    fn a_two_mebibyte_segment_fits_a_slow_uplink() {
        // 256 kbit/s is 32,000 bytes a second.
        let start = Instant::now();
        let two_mib: u64 = 2 * 1024 * 1024;
        let needs = Duration::from_secs_f64(two_mib as f64 / 32_000.0);
        let mut received = 0;
        let mut at = start;
        while received < two_mib {
            // Every second's worth arrives before the deadline it has earned so far.
            assert!(
                at <= SEGMENT_BODY_PACE.deadline(start, received),
                "{received}"
            );
            received += 32_000;
            at += Duration::from_secs(1);
        }
        assert!(needs < SEGMENT_BODY_PACE.max_total);
    }
}
