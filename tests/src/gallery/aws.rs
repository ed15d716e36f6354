//! AWS services over the JSON protocol (DynamoDB, Kinesis, Lambda, ...).
//!
//! - The code: `x-amzn-errortype`, else the body's `code`, else `__type`, cut at the
//!   first `:` and after the `#` (smithy-rs `parse_error_metadata`); the message is
//!   `message` or `Message`.
//! - Request id: `x-amzn-requestid`, else `x-amz-request-id`.
//! - Retries (smithy-rs `AwsErrorCodeClassifier`, botocore `retries/standard.py`):
//!   the throttling codes below and `RequestTimeout(Exception)`, on any status;
//!   and 500, 502, 503, 504. Full jitter from 1 s doubling to 20 s.
//! - Here the throttling codes are declared on 400, where the JSON services send
//!   them; a 429 backs off by the default table.

use http_api_error::{ApiError, Context};
use serde::Deserialize;

/// An AWS JSON error body.
#[derive(Debug, Clone, Deserialize)]
pub struct AwsBody {
    /// The namespaced code, such as `com.amazonaws.dynamodb.v20120810#ThrottlingException`.
    #[serde(rename = "__type", default)]
    pub kind: Option<String>,
}

/// An error response from an AWS JSON-protocol service.
#[derive(Debug, ApiError)]
#[api(
    vendor = "AWS",
    display,
    code_header = "x-amzn-errortype",
    request_id_headers("x-amzn-requestid", "x-amz-request-id")
)]
pub enum AwsError {
    /// 400 with a throttling code: back off.
    #[status(
        400,
        code = "Throttling"
            | "ThrottlingException"
            | "ThrottledException"
            | "RequestThrottledException"
            | "TooManyRequestsException"
            | "ProvisionedThroughputExceededException"
            | "TransactionInProgressException"
            | "RequestLimitExceeded"
            | "BandwidthLimitExceeded"
            | "LimitExceededException"
            | "RequestThrottled"
            | "SlowDown"
            | "PriorRequestNotComplete"
            | "EC2ThrottledException",
        retry = backoff
    )]
    Throttled(#[body] Option<AwsBody>, #[context] Context),
    /// 400 with a timeout code: retry.
    #[status(400, code = "RequestTimeout" | "RequestTimeoutException", retry = backoff)]
    RequestTimeout(#[body] Option<AwsBody>, #[context] Context),
    /// 400: validation and other client errors.
    #[status(400)]
    BadRequest(#[body] Option<AwsBody>, #[context] Context),
    /// 403: access denied or a bad signature.
    #[status(403)]
    AccessDenied(#[body] Option<AwsBody>, #[context] Context),
    /// 404: no such resource.
    #[status(404)]
    NotFound(#[body] Option<AwsBody>, #[context] Context),
    /// 500: `InternalFailure`.
    #[status(500, retry = backoff)]
    InternalFailure(#[body] Option<AwsBody>, #[context] Context),
    /// Other 5xx: 502, 503 and 504 back off by the default table.
    #[status(501..=599)]
    ServerError(#[body] Option<AwsBody>, #[context] Context),
    /// Anything else.
    #[status(other)]
    Unexpected(#[context] Context),
}
