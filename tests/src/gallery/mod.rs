//! Real public APIs declared with attributes alone: no trait impl, body types that
//! are plain serde structs. Each file is one API, its doc says what the vendor's
//! official SDK decides and where this declaration does better.
//!
//! To add an API, copy the file closest to it: [`openai`] (error codes in the body,
//! duration resets), [`github`] (403 rate limits), [`aws`] (a code header, many
//! throttling codes), [`aws_xml`] (XML bodies, S3's errors inside a 200),
//! [`slack`] and [`github_graphql`] (errors inside a 200), [`google`] (AIP-193
//! details), [`shopify`] (a leaky-bucket rate limit).
//!
//! `tests/fixtures/gallery/` holds a response per documented case, in the shape the
//! vendor publishes, with the outcome in its `cases.json`.

pub mod anthropic;
pub mod aws;
pub mod aws_xml;
pub mod azure;
pub mod discord;
pub mod github;
pub mod github_graphql;
pub mod google;
pub mod openai;
pub mod shopify;
pub mod slack;
pub mod stripe;
