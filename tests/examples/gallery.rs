//! Every response of the gallery (`tests/fixtures/gallery/`) through its API's enum:
//! what each becomes, the advice, and why.
//!
//! `cargo run --example gallery`

use std::path::Path;

use http_api_error::ApiError;
use http_api_error_tests::gallery::{
    anthropic::AnthropicError, aws::AwsError, aws_xml::AwsXmlError, azure::AzureError,
    discord::DiscordError, github::GitHubError, github_graphql::GitHubGraphQlError,
    google::GoogleError, openai::OpenAiError, shopify::ShopifyError, slack::SlackError,
    stripe::StripeError,
};
use http_api_error_tests::{own_fixtures_dir, Fixture};

/// Two lines per response, each within 100 columns.
fn describe<E: ApiError>(file: &str, error: &E) {
    let advice = error.advice();
    let wait = match (advice.delay, advice.delay_source) {
        (Some(delay), Some(source)) if delay.as_secs() > 86_400 => {
            format!(", {} days ({source})", delay.as_secs() / 86_400)
        }
        (Some(delay), Some(source)) => format!(", {:.1} s ({source})", delay.as_secs_f64()),
        _ => String::new(),
    };
    println!(
        "{file}: {} {}",
        error.status().as_u16(),
        error.variant_name()
    );
    println!("    {}{wait}: {}", advice.retry, advice.reason);
    let mut said = Vec::new();
    if let Some(code) = error.code() {
        said.push(format!("code {code}"));
    }
    if let Some(message) = error.message() {
        let short: String = message.chars().take(40).collect();
        let more = if message.chars().count() > 40 {
            "…"
        } else {
            ""
        };
        said.push(format!("\"{short}{more}\""));
    }
    if let Some(field) = error.field_errors().first() {
        said.push(format!("field {}", field.field));
    }
    if !said.is_empty() {
        println!("    {}", said.join("; "));
    }
}

fn main() {
    let dir = own_fixtures_dir().join("gallery");
    let mut vendors: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/fixtures/gallery")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.is_dir())
        .collect();
    vendors.sort();
    for vendor in vendors {
        let mut files: Vec<_> = std::fs::read_dir(&vendor)
            .expect("vendor folder")
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .collect();
        files.sort();
        for path in files {
            show(&dir, &path);
        }
    }
}

fn show(dir: &Path, path: &Path) {
    let fixture = Fixture::read(path).expect("fixture");
    let file = path.strip_prefix(dir).unwrap_or(path).display().to_string();
    match file.split('/').next().unwrap_or_default() {
        "anthropic" => read::<AnthropicError>(&file, &fixture),
        "aws" => read::<AwsError>(&file, &fixture),
        "aws-xml" => read::<AwsXmlError>(&file, &fixture),
        "azure" => read::<AzureError>(&file, &fixture),
        "discord" => read::<DiscordError>(&file, &fixture),
        "github" => read::<GitHubError>(&file, &fixture),
        "github-graphql" => read::<GitHubGraphQlError>(&file, &fixture),
        "google" => read::<GoogleError>(&file, &fixture),
        "openai" => read::<OpenAiError>(&file, &fixture),
        "shopify" => read::<ShopifyError>(&file, &fixture),
        "slack" => read::<SlackError>(&file, &fixture),
        "stripe" => read::<StripeError>(&file, &fixture),
        other => println!("{file}: no enum for {other}"),
    }
}

/// The response as `E` reads it: an error status, or a 2xx that carries one.
fn read<E: ApiError>(file: &str, fixture: &Fixture) {
    match fixture.error_in::<E>() {
        Some(error) => describe(file, &error),
        None => println!("{file}: a success"),
    }
}
