#!/usr/bin/env bash
# The Rust ports of trafilatura (crates `rs-trafilatura` and `trafilatura`) on the same
# pages and metrics as scripts/bench_extraction.sh, for BENCHMARKS.md. Builds a throwaway
# cargo project in a temp dir (about 2 minutes); nothing here is a dependency of Parallax.
#
#   scripts/bench_extraction_ports.sh [--data ../shared/data]
#
# Prints, per port and benchmark: F1 (each benchmark's own metric) and the seconds the port
# spent extracting on one thread (reading excluded).
set -euo pipefail
cd "$(dirname "$0")/.."
data=../shared/data
[[ "${1:-}" == "--data" ]] && data="$2"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/ports/src" "$work/pages"

cat > "$work/ports/Cargo.toml" <<'EOF'
[package]
name = "ports"
version = "0.1.0"
edition = "2021"

[dependencies]
rs-trafilatura = "0.2.2"
trafilatura = "0.6"
serde_json = "1"
EOF
cat > "$work/ports/src/main.rs" <<'EOF'
use std::time::Instant;

fn main() {
    let dir = std::env::args().nth(1).expect("a folder of pages");
    let mut pages = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("readable folder") {
        let path = entry.expect("an entry").path();
        let html = String::from_utf8_lossy(&std::fs::read(&path).expect("a page")).into_owned();
        pages.push((path.file_name().unwrap().to_string_lossy().into_owned(), html));
    }
    let mut out = serde_json::Map::new();
    let mut seconds = serde_json::Map::new();
    let ports: [(&str, fn(&str) -> String); 2] = [
        ("rs-trafilatura", |html| rs_trafilatura::extract(html).map(|r| r.content_text).unwrap_or_default()),
        ("trafilatura-rs", |html| {
            trafilatura::extract(html, &trafilatura::Options::default()).map(|r| r.content_text).unwrap_or_default()
        }),
    ];
    for (name, extract) in ports {
        let started = Instant::now();
        let texts: serde_json::Map<String, serde_json::Value> =
            pages.iter().map(|(page, html)| (page.clone(), extract(html).into())).collect();
        seconds.insert(name.into(), started.elapsed().as_secs_f64().into());
        out.insert(name.into(), texts.into());
    }
    out.insert("seconds".into(), seconds.into());
    println!("{}", serde_json::Value::Object(out));
}
EOF
(cd "$work/ports" && cargo build --release --quiet)

python3 - "$data" "$work" <<'EOF'
import json, subprocess, sys
from pathlib import Path
# The metrics and loaders of bench_extraction.py, without its trafilatura import.
source = Path("scripts/bench_extraction.py").read_text().replace("import trafilatura\n", "")
bench = type(sys)("bench")
exec(compile(source, "bench_extraction.py", "exec"), bench.__dict__)
data, work = Path(sys.argv[1]), Path(sys.argv[2])
sets = {"scrapinghub": bench.load_scrapinghub(data), "wcxb": bench.load_wcxb(data)}
for name, pages in sets.items():
    for page_id, html, _ in pages:
        (work / "pages" / f"{name}__{page_id}.html").write_bytes(html)
out = json.loads(subprocess.run([str(work / "ports/target/release/ports"), str(work / "pages")],
                                check=True, capture_output=True, text=True).stdout)
total_mb = sum(len(h) for pages in sets.values() for _, h, _ in pages) / 1e6
for port in ("rs-trafilatura", "trafilatura-rs"):
    texts = out[port]
    for name, pages in sets.items():
        preds = [texts.get(f"{name}__{page_id}.html", "") for page_id, _, _ in pages]
        p, r, f1, _ = bench.SCORERS[name]([t for _, _, t in pages], preds)
        print(f"{port:15} {name:12} P {p:.3f}  R {r:.3f}  F1 {f1:.3f}")
    print(f"{port:15} all pages    {out['seconds'][port]:.2f} s on one thread for {total_mb:.1f} MB "
          f"({total_mb / out['seconds'][port]:.1f} MB/s)")
EOF
