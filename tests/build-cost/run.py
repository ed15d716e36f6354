#!/usr/bin/env python3
"""Build cost of `#[derive(ApiError)]` against `#[derive(thiserror::Error)]` and
against hand-written impls, on generated enums of 10, 100 and 1000 variants, plus
the two vendor enums.

Usage: python3 tests/build-cost/run.py [--reps N] [--sizes 10,100,1000]

Everything is generated under target/build-cost/ as its own workspace sharing one
target dir. Dependencies are built once first (the warm cache); each measured
crate is then rebuilt from scratch (`cargo clean -p`, no incremental cache) N times
and the median wall time is reported. A status code names one variant, so an
"enum of 1000 variants" is 1000 variants across enums of at most 199 codes each.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORK = ROOT / "target" / "build-cost"
CODES = [c for c in range(400, 600) if c != 599]  # 199 exact codes per enum
KINDS = ["derive", "thiserror", "hand"]

SMARTSUITE = [("BadRequest", 400, ""), ("Unauthorized", 401, ""), ("Forbidden", 403, ""),
              ("NotFound", 404, ""), ("InvalidRequest", 422, ", retry = false"),
              ("InternalServerError", 500, ""), ("BadGateway", 502, ", retry = true"),
              ("ServiceUnavailable", 503, ", retry = backoff")]
INVESTSUITE = [("BadRequest", 400, "Validation", ""), ("Unauthorized", 401, "Problem", ""),
               ("Forbidden", 403, "Problem", ""), ("NotFound", 404, "Problem", ""),
               ("BusinessLogicError", 409, "Problem", ""), ("ValidationError", 422, "Validation", ""),
               ("InternalServerError", 500, "Problem", ", escalate")]


def chunks(n):
    """Variant counts per enum for n variants in all."""
    sizes = []
    while n > 0:
        sizes.append(min(n, len(CODES)))
        n -= sizes[-1]
    return sizes


def derive_enum(name, count):
    lines = ["#[derive(Debug, ApiError)]", f"pub enum {name} {{"]
    for i in range(count):
        lines += [f"    #[status({CODES[i]})]", f"    V{i}(#[body] Option<FieldErrors>, #[context] Context),"]
    lines += ["    #[status(other)]", "    Unexpected(#[context] Context),", "}"]
    return "\n".join(lines)


def thiserror_enum(name, count):
    lines = ["#[derive(Debug, thiserror::Error)]", f"pub enum {name} {{"]
    for i in range(count):
        lines += [f'    #[error("status {CODES[i]}")]', f"    V{i}(Option<FieldErrors>, Context),"]
    lines += ['    #[error("unexpected status")]', "    Unexpected(Context),", "}"]
    return "\n".join(lines)


def hand_enum(name, count):
    """The impl a careful person writes by hand: the same match the derive writes."""
    variants = "\n".join(f"    V{i}(Option<FieldErrors>, Context)," for i in range(count))
    decls = "\n".join(
        f'        Row::code("V{i}", {CODES[i]}).0,' for i in range(count))
    parts = "\n".join(
        f"            {CODES[i]} => Self::V{i}(decode_into::<FieldErrors>(body, &mut c), c)," for i in range(count))
    decl_of = "\n".join(f"            {CODES[i]} => &Self::DECLARATIONS[{i}]," for i in range(count))
    view = "\n".join(
        f"            Self::V{i}(b, c) => Held::new({i}, Some(c), b.as_ref().map(|b| b as &dyn ErrorBody)),"
        for i in range(count))
    view_mut = "\n".join(f"            Self::V{i}(_, c) => Some(c)," for i in range(count))
    return f"""#[derive(Debug)]
pub enum {name} {{
{variants}
    Unexpected(Context),
}}

impl Derived for {name} {{
    const DECLARATIONS: &'static [Declaration] = &[
{decls}
        Row::other("Unexpected").0,
    ];

    fn held(&self) -> Held<'_> {{
        match self {{
{view}
            Self::Unexpected(c) => Held::new({count}, Some(c), None),
        }}
    }}

    fn context_mut(&mut self) -> Option<&mut Context> {{
        match self {{
{view_mut}
            Self::Unexpected(c) => Some(c),
        }}
    }}
}}

impl ApiError for {name} {{
    fn from_parts(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Self {{
        let rules = &Self::RULES;
        let mut c = Context::capture(status, headers, body, rules.request_id_headers, rules.kept_headers);
        match status.as_u16() {{
{parts}
            _ => Self::Unexpected(c),
        }}
    }}

    fn declaration_of(status: StatusCode) -> &'static Declaration {{
        match status.as_u16() {{
{decl_of}
            _ => &Self::DECLARATIONS[{count}],
        }}
    }}
}}"""


def vendors(kind):
    if kind == "derive":
        smart = "\n".join(f"    #[status({c}{extra})]\n    {v}(#[body] Option<FieldErrors>, #[context] Context)," for v, c, extra in SMARTSUITE)
        invest = "\n".join(f"    #[status({c}{extra})]\n    {v}(#[body] Option<{b}>, #[context] Context)," for v, c, b, extra in INVESTSUITE)
        return f"""#[derive(Debug, ApiError)]
#[api(vendor = "SmartSuite", codes(400, 401, 403, 404, 422, 500, 502, 503), display, render)]
pub enum SmartSuiteError {{
{smart}
    #[status(other)]
    Unexpected(#[context] Context),
}}

#[derive(Debug, ApiError)]
#[api(vendor = "InvestSuite", codes(400, 401, 403, 404, 409, 422, 500), display, render)]
pub enum InvestSuiteError {{
{invest}
    #[status(501..=599, escalate)]
    ServerError(#[body] Option<Problem>, #[context] Context),
    #[status(other)]
    Unexpected(#[context] Context),
}}"""
    smart = "\n".join(f'    #[error("SmartSuite {c}")]\n    {v}(Option<FieldErrors>, Context),' for v, c, _ in SMARTSUITE)
    invest = "\n".join(f'    #[error("InvestSuite {c}")]\n    {v}(Option<{b}>, Context),' for v, c, b, _ in INVESTSUITE)
    return f"""#[derive(Debug, thiserror::Error)]
pub enum SmartSuiteError {{
{smart}
    #[error("SmartSuite other")]
    Unexpected(Context),
}}

#[derive(Debug, thiserror::Error)]
pub enum InvestSuiteError {{
{invest}
    #[error("InvestSuite 5xx")]
    ServerError(Option<Problem>, Context),
    #[error("InvestSuite other")]
    Unexpected(Context),
}}"""


PRELUDE = """#![allow(missing_docs, dead_code)]
use http_api_error::__private::{decode_into, Derived, Held, Row};
use http_api_error::__private::http::{HeaderMap, StatusCode};
use http_api_error::body::{ErrorBody, FieldErrors, Problem, Validation};
use http_api_error::{ApiError, Context, Declaration};
"""


def write_crate(name, source):
    crate = WORK / name
    (crate / "src").mkdir(parents=True, exist_ok=True)
    (crate / "Cargo.toml").write_text(f"""[package]
name = "{name}"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
http-api-error = {{ path = "{ROOT / 'runtime'}" }}
thiserror = "2"
serde = {{ version = "1", features = ["derive"] }}
""")
    (crate / "src" / "lib.rs").write_text(PRELUDE + "\n" + source + "\n")
    return name


def generate(sizes):
    if WORK.exists():
        for entry in WORK.iterdir():
            if entry.name != "target":
                shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    WORK.mkdir(parents=True, exist_ok=True)
    crates = []
    makers = {"derive": derive_enum, "thiserror": thiserror_enum, "hand": hand_enum}
    for size in sizes:
        for kind in KINDS:
            enums = [makers[kind](f"E{j}", count) for j, count in enumerate(chunks(size))]
            crates.append(((kind, size), write_crate(f"{kind}-{size}", "\n\n".join(enums))))
    for kind in ["derive", "thiserror"]:
        crates.append(((kind, "vendors"), write_crate(f"{kind}-vendors", vendors(kind))))
    members = ", ".join(f'"{name}"' for _, name in crates)
    (WORK / "Cargo.toml").write_text(f'[workspace]\nresolver = "2"\nmembers = [{members}]\n')
    return crates


def cargo(*args, check=True):
    env = dict(os.environ, CARGO_INCREMENTAL="0", CARGO_TERM_COLOR="never")
    return subprocess.run(["cargo", *args], cwd=WORK, env=env, check=check,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def timed_build(name):
    cargo("clean", "-p", name)
    start = time.perf_counter()
    result = cargo("build", "-p", name, check=False)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"building {name} failed:\n{result.stdout}")
    return elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--sizes", default="10,100,1000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    crates = generate(sizes)
    print(f"warming the dependency cache in {WORK} ...", flush=True)
    cargo("build", "--workspace")

    medians = {}
    for key, name in crates:
        runs = [timed_build(name) for _ in range(args.reps)]
        medians[key] = statistics.median(runs)
        print(f"  {name:<20} median {medians[key]:6.2f}s  runs {', '.join(f'{r:.2f}' for r in runs)}", flush=True)

    # Expansion size, for linear growth: RUSTC_BOOTSTRAP only unlocks -Zunpretty here.
    expanded = {}
    for size in sizes:
        for kind in ("derive", "thiserror"):
            env = dict(os.environ, RUSTC_BOOTSTRAP="1", CARGO_TERM_COLOR="never")
            out = subprocess.run(["cargo", "rustc", "-q", "-p", f"{kind}-{size}", "--", "-Zunpretty=expanded"],
                                 cwd=WORK, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout
            expanded[(kind, size)] = len(out.encode())

    tree = cargo("tree", "--workspace", "-e", "normal,build", "-i", "syn", check=False).stdout
    syn_versions = sorted({line.split()[1] for line in tree.splitlines() if line.startswith("syn v")})

    rustc = subprocess.run(["rustc", "--version"], stdout=subprocess.PIPE, text=True).stdout.strip()
    print(f"\n{rustc}; {os.cpu_count()} cores; dev profile, CARGO_INCREMENTAL=0, median of {args.reps}\n")
    print("| variants | derive ApiError | thiserror | hand-written impls | derive / thiserror |")
    print("|---:|---:|---:|---:|---:|")
    for size in sizes:
        d, t, h = (medians[(k, size)] for k in KINDS)
        print(f"| {size} | {d:.2f} s | {t:.2f} s | {h:.2f} s | {d / t:.2f}x |")
    d, t = medians[("derive", "vendors")], medians[("thiserror", "vendors")]
    print(f"| both vendor enums | {d:.2f} s | {t:.2f} s | - | {d / t:.2f}x |")
    print(f"\nsyn versions in a crate using serde_derive, thiserror and http-api-error: {', '.join(syn_versions) or 'none'}")
    print("\n| variants | derive expansion | per variant | thiserror expansion | per variant |")
    print("|---:|---:|---:|---:|---:|")
    for size in sizes:
        d, t = expanded[("derive", size)], expanded[("thiserror", size)]
        print(f"| {size} | {d / 1024:.0f} KiB | {d / size:.0f} B | {t / 1024:.0f} KiB | {t / size:.0f} B |")
    if len(sizes) >= 2:
        lo, hi = sizes[0], sizes[-1]
        for kind in KINDS:
            slope = (medians[(kind, hi)] - medians[(kind, lo)]) / (hi - lo) * 1000
            print(f"{kind}: {slope:.2f} ms per variant between {lo} and {hi}")


if __name__ == "__main__":
    main()
