//! Rust names for what a document names: a variant for a status, a type or variant
//! for a code or a schema. Shared with the `openapi-gen` tool.

/// A variant name for a status: its reason phrase in CamelCase.
pub fn variant_name(status: u16) -> String {
    let reason = match status {
        400 => "BadRequest",
        401 => "Unauthorized",
        402 => "PaymentRequired",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        406 => "NotAcceptable",
        408 => "RequestTimeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "LengthRequired",
        412 => "PreconditionFailed",
        413 => "ContentTooLarge",
        415 => "UnsupportedMediaType",
        416 => "RangeNotSatisfiable",
        418 => "ImATeapot",
        422 => "UnprocessableContent",
        423 => "Locked",
        424 => "FailedDependency",
        425 => "TooEarly",
        428 => "PreconditionRequired",
        429 => "TooManyRequests",
        451 => "UnavailableForLegalReasons",
        500 => "InternalServerError",
        501 => "NotImplemented",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        _ => return format!("Status{status}"),
    };
    reason.to_owned()
}

/// `rate_limited` and `rate-limited` as `RateLimited`.
pub fn camel(code: &str) -> String {
    let name: String = code
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or_else(String::new, |first| {
                let rest = chars.as_str();
                // `RATE_LIMITED` reads as words; `RateLimited` keeps its own humps.
                let rest = if word.chars().any(|c| c.is_ascii_lowercase()) {
                    rest.to_owned()
                } else {
                    rest.to_ascii_lowercase()
                };
                first.to_ascii_uppercase().to_string() + &rest
            })
        })
        .collect();
    match name.chars().next() {
        Some(first) if first.is_ascii_alphabetic() => name,
        _ => format!("Code{name}"),
    }
}
