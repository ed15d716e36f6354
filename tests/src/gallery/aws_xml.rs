//! AWS services over the XML protocols: S3 and CloudFront (REST-XML, `<Error>`),
//! SQS, SNS, STS and IAM (query, `<ErrorResponse>`), EC2 (`<Response><Errors>`).
//! Needs the `xml` feature.
//!
//! - The code: the error element's `Code`, cut as the AWS SDKs cut it; the message
//!   its `Message`; the request id `x-amz-request-id` or `x-amzn-requestid`, else
//!   the body's `RequestId` / `RequestID`.
//! - Retries (smithy-rs `AwsErrorCodeClassifier`, botocore `retries/standard.py`):
//!   the throttling codes below and `RequestTimeout`, on any status; and 500, 502,
//!   503 and 504. The query services throttle with a 400, S3 and EC2 with a 503,
//!   which the default table backs off already: the code is there for a reader.
//! - S3's CopyObject, UploadPartCopy and CompleteMultipartUpload may answer 200
//!   with an `<Error>` document; the SDKs treat it as a 500 and retry (smithy-rs
//!   #1851): `success_error(dialect = aws_xml)` and the 200 variants below.

use http_api_error::{ApiError, Context};

/// An error response from an AWS XML-protocol service.
#[derive(Debug, ApiError)]
#[api(
    vendor = "AWS",
    display,
    request_id_headers("x-amz-request-id", "x-amzn-requestid"),
    success_error(dialect = aws_xml)
)]
pub enum AwsXmlError {
    /// 400 with a throttling code: back off.
    #[status(
        400,
        code = "Throttling"
            | "ThrottlingException"
            | "RequestThrottled"
            | "RequestLimitExceeded"
            | "TooManyRequestsException"
            | "PriorRequestNotComplete"
            | "SlowDown",
        retry = backoff
    )]
    Throttled(#[context] Context),
    /// 400 with a timeout code: retry.
    #[status(400, code = "RequestTimeout", retry = backoff)]
    RequestTimeout(#[context] Context),
    /// 400: validation and other client errors.
    #[status(400)]
    BadRequest(#[context] Context),
    /// 403: access denied, or a bad signature.
    #[status(403)]
    AccessDenied(#[context] Context),
    /// 404: no such bucket, key or queue.
    #[status(404)]
    NotFound(#[context] Context),
    /// 500: `InternalError`.
    #[status(500, retry = backoff)]
    InternalError(#[context] Context),
    /// 503: `SlowDown` (S3), `RequestLimitExceeded` (EC2), `ServiceUnavailable`.
    #[status(503)]
    ServiceUnavailable(#[context] Context),
    /// Other 5xx: 502 and 504 back off by the default table.
    #[status(501..=599)]
    ServerError(#[context] Context),
    /// A 200 carrying an `<Error>`: the copy or upload failed; retried as a 500 is.
    #[status(200, retry = backoff)]
    FailedInSuccess(#[context] Context),
    /// Anything else.
    #[status(other)]
    Unexpected(#[context] Context),
}
