//! Hostile bodies: the time and the peak memory of the user's whole path
//! (`from_parts`, `advice()`, `message()`, `field_errors()`, `to_string()`) on bodies
//! built to make a reader blow up, at two sizes, against serde_json parsing the same
//! bytes to a `Value`. Linear means the larger size costs its size ratio, no more.
//!
//! ```text
//! cargo run --release -p http-api-error-tests --example hostile
//! ```
//!
//! Each measurement runs in a child process of its own, so that the peak resident
//! memory it reads (`VmHWM` in `/proc/self/status`, Linux only) is that one path's;
//! the figure is the peak over the resident size before the calls, the body included
//! in neither; the time is the fastest of three calls.

#![allow(clippy::cast_precision_loss)] // a measuring harness: bytes and nanoseconds as f64

use std::hint::black_box;
use std::process::Command;
use std::time::Instant;

use http::{HeaderMap, StatusCode};
use http_api_error::{ApiError, Context};
use serde_json::Value;

/// Nothing declared, as a user of an undocumented API writes it.
#[derive(Debug, ApiError)]
#[api(display)]
enum AnyApi {
    #[status(other)]
    Any(#[context] Context),
}

const KIB: usize = 1 << 10;
const MIB: usize = 1 << 20;
/// Runs of each path in its child.
const RUNS: usize = 3;

/// The hostile bodies, by name, at `size` bytes or just over.
fn body(name: &str, size: usize) -> Option<Vec<u8>> {
    let body = match name {
        // One key of half the body over as many messages as fit: a reader that
        // copies the key's path into every field error builds size² bytes.
        "long key" => {
            let key = "k".repeat(size / 2);
            let ones = vec!["1"; size / 4].join(",");
            format!(r#"{{"{key}": [{ones}]}}"#)
        }
        // A field map with a member for every 16 bytes.
        "field map" => {
            let members: Vec<String> = (0..size / 16).map(|i| format!(r#""f{i}":["m"]"#)).collect();
            format!("{{{}}}", members.join(","))
        }
        // 60 objects deep, then a list of messages filling the rest.
        "60 deep" => {
            let list = vec![r#""This field is required.""#; size / 26].join(",");
            format!("{}[{list}]{}", r#"{"a":"#.repeat(60), "}".repeat(60))
        }
        _ => return None,
    };
    Some(body.into_bytes())
}

/// The figures a child prints: nanoseconds, then peak bytes added.
fn measure(name: &str, size: usize, path: &str) -> Option<(f64, f64)> {
    let output = Command::new(std::env::current_exe().ok()?)
        .args([name, &size.to_string(), path])
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&output.stdout);
    let mut figures = text
        .split_whitespace()
        .filter_map(|f| f.parse::<f64>().ok());
    Some((figures.next()?, figures.next()?))
}

/// `VmRSS` or `VmHWM` of this process, in bytes.
fn memory(field: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix(field))
        .and_then(|rest| {
            rest.trim()
                .trim_end_matches(" kB")
                .trim()
                .parse::<f64>()
                .ok()
        })
        .map_or(f64::NAN, |kib| kib * 1024.0)
}

/// In a child: one run of one path, printing its time and the memory it added.
fn child(name: &str, size: usize, path: &str) {
    let Some(body) = body(name, size) else {
        return;
    };
    let headers = HeaderMap::new();
    let before = memory("VmRSS:");
    // The fastest of a few runs: the first pays for faulting its memory in.
    let mut nanos = f64::INFINITY;
    for _ in 0..RUNS {
        let start = Instant::now();
        if path == "derive" {
            let error = AnyApi::from_parts(StatusCode::BAD_REQUEST, &headers, black_box(&body));
            black_box((error.advice(), error.message(), error.field_errors()));
            black_box(error.to_string());
        } else {
            black_box(serde_json::from_slice::<Value>(black_box(&body)).ok());
        }
        nanos = nanos.min(start.elapsed().as_nanos() as f64);
    }
    println!("{nanos} {}", memory("VmHWM:") - before);
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [name, size, path] = &args[..] {
        child(name, size.parse().unwrap_or(0), path);
        return;
    }
    println!("| body | bytes | derive | peak added | `Value` | peak added | derive / `Value` |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for name in ["long key", "field map", "60 deep"] {
        // 72 MiB: a field map of 4.5 million members.
        let sizes: &[usize] = if name == "field map" {
            &[64 * KIB, MIB, 16 * MIB, 72 * MIB]
        } else {
            &[64 * KIB, MIB, 16 * MIB]
        };
        for &size in sizes {
            let (Some(derive), Some(value)) =
                (measure(name, size, "derive"), measure(name, size, "value"))
            else {
                println!("| {name} | {size} | (the child failed) |");
                continue;
            };
            println!(
                "| {name} | {} | {:.2} ms | {:.1} MiB | {:.2} ms | {:.1} MiB | {:.2}× |",
                body(name, size).map_or(0, |b| b.len()),
                derive.0 / 1e6,
                derive.1 / MIB as f64,
                value.0 / 1e6,
                value.1 / MIB as f64,
                derive.0 / value.0,
            );
        }
    }
}
