//! Reading a response body up to a size cap and a deadline: the one rule by which
//! the integrations read error bodies, whatever their client's body type (the
//! async reader here; ureq's blocking one applies the same cut and marks).

#[cfg(any(feature = "reqwest", feature = "tower"))]
use core::future::Future;
use core::time::Duration;

#[cfg(any(feature = "reqwest", feature = "tower"))]
use bytes::Bytes;

use crate::ApiError;

/// How many body bytes are read by default: enough for any JSON error body, and a
/// bound on what a misbehaving server can make the client hold.
pub const DEFAULT_BODY_LIMIT: usize = 64 * 1024;

/// How long reading an error body may take by default: a server that drips a byte
/// a second would otherwise hold a retry loop for hours. What arrived in time is
/// kept, and the context is marked truncated. Reading needs a Tokio runtime with
/// its timers enabled, as `#[tokio::main]` builds.
#[cfg(any(feature = "reqwest", feature = "tower"))]
pub const DEFAULT_BODY_TIMEOUT: Duration = Duration::from_secs(10);

/// Marks a response whose body was cut at a size limit before it was handed on
/// (as `middleware::RetryApiErrors` hands on the response it gives up on):
/// reading its error marks the context truncated.
#[cfg(any(feature = "reqwest", feature = "ureq"))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BodyTruncated;

/// `error`, its context marked truncated when its body was cut.
#[cfg(any(feature = "reqwest", feature = "ureq"))]
pub(crate) fn marked<E: ApiError>(mut error: E, truncated: bool) -> E {
    if truncated {
        if let Some(context) = error.context_mut() {
            context.set_truncated(true);
        }
    }
    error
}

/// Whether a read that stopped at the cap, `read` bytes in, may have left some
/// unread: only an announced length of exactly `read` says it did not, since
/// asking for one more byte could wait on a slow server.
pub(crate) fn cut_at_limit(read: usize, announced: Option<u64>) -> bool {
    announced != u64::try_from(read).ok()
}

/// A body read chunk by chunk.
#[cfg(any(feature = "reqwest", feature = "tower"))]
pub(crate) trait Chunks: Send {
    /// The length the response announced: only to tell a body of exactly the cap
    /// from a longer one, never trusted for the cut.
    fn announced(&self) -> Option<u64>;

    /// The next chunk of data; `Ok(None)` at the end, `Err` when the connection
    /// failed part way.
    fn next_chunk(&mut self) -> impl Future<Output = Result<Option<Bytes>, ()>> + Send;
}

/// Whether an integration reads the body of a response of `status` for the enum
/// `E`, announced `announced` bytes long, and how much and for how long: an
/// error status's up to the cap; a 2xx's whole for an enum that declares
/// `success_error`, since it is handed on as a success, unless it is announced
/// longer than the cap (no error body is: a download passes through unread); no
/// other.
pub(crate) fn to_read<E: ApiError>(
    status: http::StatusCode,
    announced: Option<u64>,
    limit: usize,
    timeout: Duration,
) -> Option<(usize, Duration)> {
    let longer_than_limit = announced
        .is_some_and(|length| usize::try_from(length).map_or(true, |length| length > limit));
    if crate::classify::is_error(status) {
        Some((limit, timeout))
    } else if status.is_success() && !E::RULES.success_errors.is_empty() && !longer_than_limit {
        Some((usize::MAX, Duration::MAX))
    } else {
        None
    }
}

/// Up to `limit` bytes of `body`, read for at most `timeout`, and whether anything
/// may have been left unread. Reading stops as soon as `limit` bytes are in.
#[cfg(any(feature = "reqwest", feature = "tower"))]
pub(crate) async fn read_capped(
    mut body: impl Chunks,
    limit: usize,
    timeout: Duration,
) -> (Vec<u8>, bool) {
    let now = tokio::time::Instant::now();
    // A timeout too long to add is no timeout: a year stands for it.
    let deadline = now
        .checked_add(timeout)
        .unwrap_or_else(|| now + Duration::from_secs(365 * 24 * 60 * 60));
    let announced = body.announced();
    let mut read = Vec::with_capacity(limit.min(8 * 1024));
    loop {
        if read.len() >= limit {
            let cut = cut_at_limit(read.len(), announced);
            return (read, cut);
        }
        let Ok(chunk) = tokio::time::timeout_at(deadline, body.next_chunk()).await else {
            return (read, true);
        };
        match chunk {
            Ok(Some(chunk)) => {
                let room = limit - read.len();
                if chunk.len() > room {
                    read.extend_from_slice(&chunk[..room]);
                    return (read, true);
                }
                read.extend_from_slice(&chunk);
            }
            Ok(None) => return (read, false),
            Err(()) => return (read, true),
        }
    }
}

#[cfg(feature = "reqwest")]
impl Chunks for reqwest::Response {
    fn announced(&self) -> Option<u64> {
        self.content_length()
    }

    async fn next_chunk(&mut self) -> Result<Option<Bytes>, ()> {
        self.chunk().await.map_err(drop)
    }
}

/// Any `http_body::Body`, as a tower stack's responses carry.
#[cfg(feature = "tower")]
pub(crate) struct HttpBody<B>(pub(crate) B);

#[cfg(feature = "tower")]
impl<B> Chunks for HttpBody<B>
where
    B: http_body::Body + Send + Unpin,
    B::Data: Send,
{
    fn announced(&self) -> Option<u64> {
        self.0.size_hint().exact()
    }

    async fn next_chunk(&mut self) -> Result<Option<Bytes>, ()> {
        use bytes::Buf as _;
        loop {
            let frame =
                core::future::poll_fn(|cx| core::pin::Pin::new(&mut self.0).poll_frame(cx)).await;
            match frame {
                None => return Ok(None),
                Some(Err(_)) => return Err(()),
                // Trailers are not the body.
                Some(Ok(frame)) => {
                    if let Ok(mut data) = frame.into_data() {
                        return Ok(Some(data.copy_to_bytes(data.remaining())));
                    }
                }
            }
        }
    }
}
