//! Reading a response body up to a size cap and a deadline: the one rule by which
//! the integrations read error bodies, whatever their client's body type (the
//! async reader here; ureq's blocking one applies the same cut and marks).

#[cfg(any(feature = "reqwest", feature = "tower"))]
use core::future::Future;
#[cfg(any(feature = "reqwest", feature = "tower"))]
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
    /// Why the body could not be read to its end.
    type Error: Send;

    /// The length the response announced: only to tell a body of exactly the cap
    /// from a longer one, never trusted for the cut.
    fn announced(&self) -> Option<u64>;

    /// The next chunk of data; `Ok(None)` at the end, `Err` when the connection
    /// failed part way.
    fn next_chunk(&mut self) -> impl Future<Output = Result<Option<Bytes>, Self::Error>> + Send;
}

/// How a capped read ended: what a body handed on after it must still carry.
#[cfg(any(feature = "reqwest", feature = "tower"))]
pub(crate) enum Ending<E> {
    /// The body ended: every byte was read.
    Whole,
    /// The cap or the deadline came first: the body may hold more, after
    /// `left`, the part of the last chunk past the cap.
    Stopped {
        /// Read from the connection, not taken.
        left: Bytes,
    },
    /// The connection failed part way.
    Failed(E),
}

#[cfg(any(feature = "reqwest", feature = "tower"))]
impl<E> Ending<E> {
    pub(crate) fn is_whole(&self) -> bool {
        matches!(self, Ending::Whole)
    }
}

/// Whether a response of `status` whose body was read, `whole` or only in part,
/// is an error to `E`: an error status always; a 2xx only when its whole body
/// carries one (the start of a longer body proves nothing).
pub(crate) fn read_is_error<E: ApiError>(
    status: http::StatusCode,
    read: &[u8],
    whole: bool,
) -> bool {
    crate::classify::is_error(status)
        || (whole && crate::api_error::carries_error::<E>(status, read))
}

/// Whether an integration reads the body of a response of `status` for the enum
/// `E`, announced `announced` bytes long: an error status's, and a 2xx's for an
/// enum that declares `success_error` unless it is announced longer than the cap
/// (no error body is: a download passes through unread). Either is read up to
/// the cap within the time limit; a 2xx that goes on past them is a success,
/// handed on with what was read followed by the rest.
pub(crate) fn to_read<E: ApiError>(
    status: http::StatusCode,
    announced: Option<u64>,
    limit: usize,
) -> bool {
    let longer_than_limit = announced
        .is_some_and(|length| usize::try_from(length).map_or(true, |length| length > limit));
    crate::classify::is_error(status)
        || (status.is_success() && !E::RULES.success_errors.is_empty() && !longer_than_limit)
}

/// Up to `limit` bytes of `body`, read for at most `timeout`, and how the read
/// ended. Reading stops as soon as `limit` bytes are in; `body` keeps the rest.
#[cfg(any(feature = "reqwest", feature = "tower"))]
pub(crate) async fn read_capped<C: Chunks>(
    body: &mut C,
    limit: usize,
    timeout: Duration,
) -> (Vec<u8>, Ending<C::Error>) {
    let now = tokio::time::Instant::now();
    // A timeout too long to add is no timeout: a year stands for it.
    let deadline = now
        .checked_add(timeout)
        .unwrap_or_else(|| now + Duration::from_secs(365 * 24 * 60 * 60));
    let announced = body.announced();
    let mut read = Vec::with_capacity(limit.min(8 * 1024));
    let stopped = || Ending::Stopped { left: Bytes::new() };
    loop {
        if read.len() >= limit {
            let ending = if cut_at_limit(read.len(), announced) {
                stopped()
            } else {
                Ending::Whole
            };
            return (read, ending);
        }
        let Ok(chunk) = tokio::time::timeout_at(deadline, body.next_chunk()).await else {
            return (read, stopped());
        };
        match chunk {
            Ok(Some(mut chunk)) => {
                let room = limit - read.len();
                if chunk.len() > room {
                    let left = chunk.split_off(room);
                    read.extend_from_slice(&chunk);
                    return (read, Ending::Stopped { left });
                }
                read.extend_from_slice(&chunk);
            }
            Ok(None) => return (read, Ending::Whole),
            Err(error) => return (read, Ending::Failed(error)),
        }
    }
}

#[cfg(feature = "reqwest")]
impl Chunks for reqwest::Response {
    type Error = reqwest::Error;

    fn announced(&self) -> Option<u64> {
        self.content_length()
    }

    async fn next_chunk(&mut self) -> Result<Option<Bytes>, reqwest::Error> {
        self.chunk().await
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
    B::Error: Send,
{
    type Error = B::Error;

    fn announced(&self) -> Option<u64> {
        self.0.size_hint().exact()
    }

    async fn next_chunk(&mut self) -> Result<Option<Bytes>, B::Error> {
        use bytes::Buf as _;
        loop {
            let frame =
                core::future::poll_fn(|cx| core::pin::Pin::new(&mut self.0).poll_frame(cx)).await;
            match frame {
                None => return Ok(None),
                Some(Err(error)) => return Err(error),
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
