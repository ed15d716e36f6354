//! Errors straight from a `reqwest::Response`, reading the body in chunks up to a
//! size cap. Enabled by the `reqwest` feature.
//!
//! reqwest is pulled in without a TLS stack or decompression. For `https://` URLs,
//! enable one in your own `Cargo.toml`, for example
//! `reqwest = { version = "0.13", features = ["rustls"] }`; for compressed bodies,
//! its `gzip` feature. Cargo merges those features into the same reqwest.

use core::future::Future;
use core::pin::Pin;
use core::task::Poll;
use core::time::Duration;

use bytes::Bytes;
use futures_core::Stream;

use crate::ApiError;

use super::capped::{marked, read_capped, read_is_error, to_read, Ending};
pub use super::capped::{BodyTruncated, DEFAULT_BODY_LIMIT, DEFAULT_BODY_TIMEOUT};

/// Building [`ApiError`]s from reqwest responses.
///
/// ```no_run
/// # async fn example() -> Result<(), Box<dyn std::error::Error>> {
/// use http_api_error::reqwest::ResponseExt;
/// use http_api_error::{ApiError, Context};
///
/// #[derive(Debug, ApiError)]
/// #[api(vendor = "Acme", display)]
/// enum AcmeError {
///     #[status(404)]
///     NotFound(#[context] Context),
///     #[status(other)]
///     Unexpected(#[context] Context),
/// }
///
/// let response = reqwest::get("http://127.0.0.1:8080/api/records").await?;
/// match response.error_for_api_status::<AcmeError>().await {
///     Ok(response) => println!("{}", response.text().await?),
///     Err(error) if error.is_retryable() => println!("retry after {:?}", error.retry_after()),
///     Err(error) => println!("{error}"),
/// }
/// # Ok(())
/// # }
/// ```
pub trait ResponseExt: Sized {
    /// The error for this response, reading at most [`DEFAULT_BODY_LIMIT`] bytes.
    fn api_error<E: ApiError>(self) -> impl Future<Output = E> + Send {
        self.api_error_limited(DEFAULT_BODY_LIMIT)
    }

    /// The error for this response, reading at most `limit` body bytes for at
    /// most [`DEFAULT_BODY_TIMEOUT`].
    fn api_error_limited<E: ApiError>(self, limit: usize) -> impl Future<Output = E> + Send {
        self.api_error_within(limit, DEFAULT_BODY_TIMEOUT)
    }

    /// The error for this response, reading at most `limit` body bytes for at most
    /// `timeout`.
    ///
    /// A longer body keeps its first `limit` bytes and the context is marked
    /// truncated; so is a body whose connection failed part way or that did not
    /// arrive in time. Reading stops as soon as `limit` bytes are in, without
    /// waiting for more. `Content-Length` is not trusted for the cut.
    fn api_error_within<E: ApiError>(
        self,
        limit: usize,
        timeout: Duration,
    ) -> impl Future<Output = E> + Send;

    /// The response itself when it is a success, else its error: every 4xx and 5xx,
    /// and a 2xx that carries an error by the enum's `#[api(success_error(...))]`.
    /// For such an enum a 2xx body is read up to [`DEFAULT_BODY_LIMIT`] to tell,
    /// and a success handed back whole: what was read, then the rest of the body
    /// (or the error that cut it). A body longer than the cap is a success (no
    /// error body is that long); one announced longer is not read. Other enums
    /// never read a success's body.
    fn error_for_api_status<E: ApiError>(self) -> impl Future<Output = Result<Self, E>> + Send;
}

impl ResponseExt for reqwest::Response {
    async fn api_error_within<E: ApiError>(self, limit: usize, timeout: Duration) -> E {
        let status = self.status();
        let headers = self.headers().clone();
        let cut_before = self.extensions().get::<BodyTruncated>().is_some();
        let (body, truncated) = read_limited(self, limit, timeout).await;
        marked(
            E::from_parts(status, &headers, &body),
            truncated || cut_before,
        )
    }

    async fn error_for_api_status<E: ApiError>(self) -> Result<Self, E> {
        if !to_read::<E>(self.status(), self.content_length(), DEFAULT_BODY_LIMIT) {
            return Ok(self);
        }
        let cut_before = self.extensions().get::<BodyTruncated>().is_some();
        match tell::<E>(self, DEFAULT_BODY_LIMIT, DEFAULT_BODY_TIMEOUT).await {
            Told::Success(response) => Ok(response),
            Told::Error(head, body, truncated) => Err(marked(
                E::from_parts(head.status, &head.headers, &body),
                truncated || cut_before,
            )),
        }
    }
}

/// Up to `limit` bytes of the body, read for at most `timeout`, and whether
/// anything may have been left unread.
pub(crate) async fn read_limited(
    mut response: reqwest::Response,
    limit: usize,
    timeout: Duration,
) -> (Vec<u8>, bool) {
    let (read, ending) = read_capped(&mut response, limit, timeout).await;
    (read, !ending.is_whole())
}

/// What reading a response told.
pub(crate) enum Told {
    /// Not an error: the response, its body what was read followed by the rest.
    Success(reqwest::Response),
    /// An error: the response's head, the body read (up to the cap), and whether
    /// it was cut.
    Error(ResponseHead, Vec<u8>, bool),
}

/// Reads `response`'s body up to `limit` for at most `timeout` to tell whether it
/// is an error to `E`: an error status always is; a 2xx when its whole body
/// carries one. A success goes on with its body whole: what was read, then what
/// was not, then the connection's error if it failed part way.
pub(crate) async fn tell<E: ApiError>(
    mut response: reqwest::Response,
    limit: usize,
    timeout: Duration,
) -> Told {
    let head = ResponseHead::of(&response);
    let (read, ending) = read_capped(&mut response, limit, timeout).await;
    let whole = ending.is_whole();
    if read_is_error::<E>(head.status, &read, whole) {
        return Told::Error(head, read, !whole);
    }
    let body = match ending {
        Ending::Whole => reqwest::Body::from(read),
        Ending::Stopped { left } => reqwest::Body::wrap_stream(ReadThenRest {
            read: [Bytes::from(read), left],
            failed: None,
            rest: Some(Box::pin(response.bytes_stream())),
        }),
        Ending::Failed(error) => reqwest::Body::wrap_stream(ReadThenRest {
            read: [Bytes::from(read), Bytes::new()],
            failed: Some(error),
            rest: None,
        }),
    };
    Told::Success(rebuilt(head, body, false))
}

/// A body read in part, handed on whole: the bytes read, then the rest of the
/// connection's stream or the error that ended it.
struct ReadThenRest {
    read: [Bytes; 2],
    failed: Option<reqwest::Error>,
    rest: Option<Pin<Box<dyn Stream<Item = reqwest::Result<Bytes>> + Send>>>,
}

impl Stream for ReadThenRest {
    type Item = reqwest::Result<Bytes>;

    fn poll_next(
        mut self: Pin<&mut Self>,
        cx: &mut core::task::Context<'_>,
    ) -> Poll<Option<Self::Item>> {
        if let Some(read) = self.read.iter_mut().find(|read| !read.is_empty()) {
            return Poll::Ready(Some(Ok(core::mem::take(read))));
        }
        if let Some(error) = self.failed.take() {
            return Poll::Ready(Some(Err(error)));
        }
        match self.rest.as_mut() {
            Some(rest) => rest.as_mut().poll_next(cx),
            None => Poll::Ready(None),
        }
    }
}

/// The response handed back: `head` with the body that was read, marked
/// [`BodyTruncated`] when it was cut.
pub(crate) fn rebuilt(
    head: ResponseHead,
    body: impl Into<reqwest::Body>,
    truncated: bool,
) -> reqwest::Response {
    use reqwest::ResponseBuilderExt as _;
    let mut response = http::Response::new(body.into());
    *response.status_mut() = head.status;
    *response.version_mut() = head.version;
    *response.headers_mut() = head.headers;
    let extensions = response.extensions_mut();
    *extensions = head.extensions;
    // reqwest reads a response's URL from an extension only its builder can set.
    if let Some(url) = http::Response::builder().url(head.url).extensions_mut() {
        extensions.extend(core::mem::take(url));
    }
    if truncated {
        extensions.insert(BodyTruncated);
        // The length announced is no longer the body's.
        response.headers_mut().remove(http::header::CONTENT_LENGTH);
    }
    reqwest::Response::from(response)
}

/// What a response says before its body.
pub(crate) struct ResponseHead {
    pub(crate) status: http::StatusCode,
    version: http::Version,
    pub(crate) headers: http::HeaderMap,
    url: reqwest::Url,
    extensions: http::Extensions,
}

impl ResponseHead {
    pub(crate) fn of(response: &reqwest::Response) -> Self {
        ResponseHead {
            status: response.status(),
            version: response.version(),
            headers: response.headers().clone(),
            url: response.url().clone(),
            extensions: response.extensions().clone(),
        }
    }
}
