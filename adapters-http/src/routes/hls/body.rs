//! Pushed bodies, read as a stream with the size cap enforced while reading: a declared
//! `Content-Length` over the cap is refused before any byte is read, and a chunked body is
//! refused as soon as it passes the cap (never buffered beyond it).

use crate::error::ApiError;
use crate::page_buffer::{MAPPED_FROM_BYTES, PageBuffer};
use actix_web::HttpRequest;
use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::web::{self, Bytes, BytesMut};
use futures_util::StreamExt;

/// Reading an oversized chunked body goes on (discarding) up to this multiple of the cap,
/// so the 413 can state the real size; past it the count so far is reported.
const OVERSIZE_COUNT_FACTOR: u64 = 4;

/// The raw body, at most `max` bytes: 400 for an unreadable `Content-Length`, 413 when the
/// declared or the actual size is over the cap. Never holds more than `max` bytes.
pub(super) async fn read_capped_body(
    req: &HttpRequest,
    mut payload: web::Payload,
    max: u64,
) -> Result<Bytes, ApiError> {
    let declared = match req.headers().get(header::CONTENT_LENGTH) {
        None => None,
        Some(value) => Some(
            value
                .to_str()
                .ok()
                .and_then(|text| text.trim().parse::<u64>().ok())
                .ok_or_else(|| ApiError::bad_request("Invalid Content-Length header"))?,
        ),
    };
    if let Some(declared) = declared
        && declared > max
    {
        return Err(too_large(format!(
            "Body declared {declared} bytes; max is {max}"
        )));
    }
    let mut body = BodyBuffer::for_declared(declared, max)?;
    let mut received: u64 = 0;
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| ApiError::bad_request("Could not read request body"))?;
        received += u64::try_from(chunk.len()).unwrap_or(u64::MAX);
        if received > max || !body.push(&chunk) {
            drop(body);
            let give_up_at = max.saturating_mul(OVERSIZE_COUNT_FACTOR);
            while received <= give_up_at {
                match payload.next().await {
                    Some(Ok(more)) => received += u64::try_from(more.len()).unwrap_or(u64::MAX),
                    _ => break,
                }
            }
            return Err(too_large(format!("Body is {received} bytes; max is {max}")));
        }
    }
    body.freeze()
}

/// Where a body is collected: a page-granular mapping for a large declared size (see
/// `page_buffer`), else the heap.
enum BodyBuffer {
    Mapped(PageBuffer),
    Heap(BytesMut),
}

impl BodyBuffer {
    fn for_declared(declared: Option<u64>, max: u64) -> Result<Self, ApiError> {
        let declared = declared.map(|len| usize::try_from(len.min(max)).unwrap_or(usize::MAX));
        match declared {
            Some(len) if len >= MAPPED_FROM_BYTES => PageBuffer::with_capacity(len)
                .map(Self::Mapped)
                .map_err(|error| ApiError::internal(format!("segment buffer: {error}"))),
            Some(len) => Ok(Self::Heap(BytesMut::with_capacity(len))),
            None => Ok(Self::Heap(BytesMut::with_capacity(64 * 1024))),
        }
    }

    /// Appends a chunk; `false` when a mapped body outgrows its declared length.
    fn push(&mut self, chunk: &[u8]) -> bool {
        match self {
            Self::Mapped(buffer) => buffer.extend_from_slice(chunk),
            Self::Heap(buffer) => {
                buffer.extend_from_slice(chunk);
                true
            }
        }
    }

    fn freeze(self) -> Result<Bytes, ApiError> {
        match self {
            Self::Mapped(buffer) => buffer
                .freeze()
                .map_err(|error| ApiError::internal(format!("segment buffer: {error}"))),
            // Keep exactly what was sent: a chunked body may have grown the buffer.
            Self::Heap(body) if body.capacity() == body.len() => Ok(body.freeze()),
            Self::Heap(body) => Ok(Bytes::copy_from_slice(&body)),
        }
    }
}

fn too_large(message: String) -> ApiError {
    ApiError::detail(StatusCode::PAYLOAD_TOO_LARGE, message)
}
