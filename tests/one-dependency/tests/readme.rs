//! The README's first code block is `src/readme_example.rs`, and it does what the
//! README says.

use http_api_error::http::{HeaderMap, HeaderValue, StatusCode};
use http_api_error_one_dependency::explain;

#[test]
fn the_readme_shows_this_crate_s_example() {
    let readme = include_str!("../../../README.md");
    let start = readme.find("```rust\n").expect("a rust block") + "```rust\n".len();
    let block = &readme[start..];
    let block = &block[..block.find("```").expect("the block ends")];
    assert_eq!(block, include_str!("../src/readme_example.rs"));
}

#[test]
fn the_example_explains_each_case() {
    let quota = br#"{"error": {"message": "You exceeded your current quota.", "code": "insufficient_quota"}}"#;
    assert_eq!(
        explain(StatusCode::TOO_MANY_REQUESTS, &HeaderMap::new(), quota),
        "top up the account"
    );

    let mut headers = HeaderMap::new();
    headers.insert(
        "x-ratelimit-remaining-tokens",
        HeaderValue::from_static("0"),
    );
    headers.insert("x-ratelimit-reset-tokens", HeaderValue::from_static("6m0s"));
    let limited =
        br#"{"error": {"message": "Rate limit reached.", "code": "rate_limit_exceeded"}}"#;
    assert_eq!(
        explain(StatusCode::TOO_MANY_REQUESTS, &headers, limited),
        "retry in Some(360s)"
    );

    let bad = br#"{"error": {"message": "Invalid model", "code": null}}"#;
    assert_eq!(
        explain(StatusCode::BAD_REQUEST, &HeaderMap::new(), bad),
        "OpenAI API error 400 Bad Request: Invalid model"
    );
}
