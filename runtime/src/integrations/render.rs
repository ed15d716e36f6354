//! The reverse direction: an error rendered as the response the vendor would send,
//! for mock servers and tests. Derived with `#[api(render)]`.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http::header::{CONTENT_TYPE, RETRY_AFTER};
use http::{HeaderName, HeaderValue, Response};

use crate::{ApiError, Context, RetryAfter};

/// The last second `httpdate` can print (9999-12-31T23:59:59Z).
const LAST_HTTP_DATE: Duration = Duration::from_secs(253_402_300_799);

/// An error that can be turned back into an HTTP response.
///
/// ```
/// use core::time::Duration;
/// use http_api_error::body::FieldErrors;
/// use http_api_error::http::StatusCode;
/// use http_api_error::render::RenderResponse;
/// use http_api_error::{ApiError, Context, RetryAfter};
///
/// #[derive(Debug, ApiError)]
/// #[api(render)]
/// enum Acme {
///     #[status(503)]
///     Unavailable(#[body] Option<FieldErrors>, #[context] Context),
///     #[status(other)]
///     Unexpected(#[context] Context),
/// }
///
/// let error = Acme::Unavailable(
///     Some(FieldErrors::new().with_message("Request was throttled.")),
///     Context::new(StatusCode::SERVICE_UNAVAILABLE)
///         .with_retry_after(RetryAfter::Delay(Duration::from_secs(30))),
/// );
/// let response = error.to_response();
/// assert_eq!(response.status(), 503);
/// assert_eq!(response.headers()["retry-after"], "30");
/// let decoded = Acme::from_response(response);
/// assert_eq!(decoded.variant_name(), "Unavailable");
/// assert_eq!(decoded.message().as_deref(), Some("Request was throttled."));
/// assert_eq!(decoded.retry_after(), error.retry_after());
/// ```
pub trait RenderResponse: ApiError {
    /// The variant's body as JSON; `None` when it has no body or the body is absent.
    fn body_json(&self) -> Option<Result<Vec<u8>, serde_json::Error>>;

    /// The response: the status; `Retry-After`, the request id (under the first
    /// of the enum's request-id headers) and the other kept headers from the
    /// context; the body as JSON, or else the context's raw bytes.
    fn to_response(&self) -> Response<Vec<u8>> {
        let mut response = Response::new(Vec::new());
        *response.status_mut() = self.status();
        let context = self.context();
        let headers = response.headers_mut();
        if let Some(value) = context
            .and_then(Context::retry_after_header)
            .and_then(retry_after_value)
        {
            headers.insert(RETRY_AFTER, value);
        }
        let request_id = context.and_then(Context::request_id).and_then(|id| {
            let name =
                HeaderName::from_bytes(Self::RULES.request_id_headers.first()?.as_bytes()).ok()?;
            Some((name, HeaderValue::from_str(id).ok()?))
        });
        if let Some((name, value)) = request_id {
            headers.insert(name, value);
        }
        // `Retry-After` is written above, once, with the value the context chose.
        let kept = context
            .into_iter()
            .flat_map(Context::headers)
            .filter(|(name, _)| *name != RETRY_AFTER.as_str());
        for (name, value) in kept {
            let Ok(name) = HeaderName::from_bytes(name.as_bytes()) else {
                continue;
            };
            let Ok(value) = HeaderValue::from_bytes(value) else {
                continue;
            };
            headers.append(name, value);
        }
        match self.body_json() {
            Some(Ok(json)) => {
                headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
                *response.body_mut() = json;
            }
            _ => {
                if let Some(context) = context {
                    response.body_mut().extend_from_slice(context.raw_body());
                }
            }
        }
        response
    }
}

fn retry_after_value(retry_after: RetryAfter) -> Option<HeaderValue> {
    let text = match retry_after {
        RetryAfter::Delay(delay) => delay.as_secs().to_string(),
        RetryAfter::At(date) => match date.duration_since(UNIX_EPOCH) {
            Ok(since_epoch) if since_epoch <= LAST_HTTP_DATE => httpdate::fmt_http_date(date),
            _ => retry_after
                .delay_from(SystemTime::now())
                .as_secs()
                .to_string(),
        },
    };
    HeaderValue::from_str(&text).ok()
}
