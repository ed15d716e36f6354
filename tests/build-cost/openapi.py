#!/usr/bin/env python3
"""Compile-time cost of `#[api(openapi = "...")]` on a large vendor document.

Usage: python3 tests/build-cost/openapi.py [--reps N] [--opt] DOC.json [DOC.json ...]

The documents (GitHub's REST descriptions, say: they are not in this repository)
are merged into one, each one's paths under a prefix of its own, so that several
real documents make one the size of today's largest. openapi-gen writes the enum
for it; two crates under target/build-cost/openapi/ derive that same enum, one
with the `openapi(...)` attribute and one without, and each is rebuilt from
`cargo clean -p` N times (dev profile, no incremental cache). The difference of
the medians is what the check costs. `--opt` builds the proc macro with
`[profile.dev.build-override] opt-level = 3`, as a user may.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORK = ROOT / "target" / "build-cost" / "openapi"


def merge(paths):
    merged = {"openapi": "3.0.3", "info": {"title": "Merged", "version": "1"},
              "paths": {}, "components": {}}
    for i, path in enumerate(paths):
        # Each document keeps its own components: names and references get `@i`.
        text = re.sub(r'(#/components/[A-Za-z]+/[^"]+)"', rf'\1@{i}"', Path(path).read_text())
        doc = json.loads(text)
        for route, item in doc.get("paths", {}).items():
            for op in item.values() if isinstance(item, dict) else []:
                if isinstance(op, dict) and "operationId" in op:
                    op["operationId"] = f"{op['operationId']}@{i}"
            merged["paths"][f"/d{i}{route}"] = item
        for table, entries in doc.get("components", {}).items():
            merged["components"].setdefault(table, {}).update(
                {f"{name}@{i}": entry for name, entry in entries.items()})
    return merged


def crate(name, source, opt):
    path = WORK / name
    (path / "src").mkdir(parents=True, exist_ok=True)
    (path / "Cargo.toml").write_text(f"""[package]
name = "{name}"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
http-api-error = {{ path = "{ROOT / 'runtime'}", features = ["openapi"] }}
serde = {{ version = "1", features = ["derive"] }}
serde_json = "1"
""")
    (path / "src" / "lib.rs").write_text("#![allow(dead_code)]\n" + source)


def build(name, env):
    subprocess.run(["cargo", "clean", "-q", "-p", name], cwd=WORK, env=env, check=True)
    start = time.perf_counter()
    subprocess.run(["cargo", "build", "-q", "-p", name], cwd=WORK, env=env, check=True)
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--opt", action="store_true")
    parser.add_argument("documents", nargs="+")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    document = WORK / "api.json"
    document.write_text(json.dumps(merge(args.documents), indent=2))
    size = document.stat().st_size
    gen = subprocess.run(
        ["cargo", "run", "-q", "-p", "openapi-gen", "--", str(document), "--enum", "Vendor",
         "--attr-path", "../api.json"],
        cwd=ROOT, check=True, capture_output=True, text=True).stdout
    with_check = gen
    without = "\n".join(line for line in gen.splitlines() if not line.startswith("#[api("))
    without = without.replace("#[derive(Debug, ::http_api_error::ApiError)]",
                              "#[derive(Debug, ::http_api_error::ApiError)]\n#[api(vendor = \"Merged\")]")
    crate("with-openapi", with_check, args.opt)
    crate("without-openapi", without, args.opt)
    # What the rebuild-on-change line costs by itself: rustc reading the bytes, in
    # the two forms tried (the derive writes the second).
    crate("include-const", without + '\nconst _: &[u8] = include_bytes!("../../api.json");\n', args.opt)
    crate("include-fn", without + '\nconst _: () = { #[allow(dead_code)] fn f() { let _ = include_bytes!("../../api.json"); } };\n', args.opt)
    profile = "\n[profile.dev.build-override]\nopt-level = 3\n" if args.opt else ""
    (WORK / "Cargo.toml").write_text(
        f'[workspace]\nresolver = "2"\nmembers = ["with-openapi", "without-openapi", "include-const", "include-fn"]\n{profile}')
    env = dict(os.environ, CARGO_INCREMENTAL="0", CARGO_TARGET_DIR=str(WORK / "target"))
    subprocess.run(["cargo", "build", "-q"], cwd=WORK, env=env, check=True)  # the warm cache
    times = {"with-openapi": [], "without-openapi": [], "include-const": [], "include-fn": []}
    for _ in range(args.reps):
        for name in times:
            times[name].append(build(name, env))
    with_median = statistics.median(times["with-openapi"])
    without_median = statistics.median(times["without-openapi"])
    print(f"document: {size / 1e6:.1f} MB, {len(json.loads(document.read_text())['paths'])} paths")
    for name, runs in times.items():
        print(f"{name}: median {statistics.median(runs):.2f} s "
              f"(min {min(runs):.2f}, max {max(runs):.2f}, {args.reps} runs)")
    print(f"added by the check: {with_median - without_median:+.2f} s")


if __name__ == "__main__":
    sys.exit(main())
