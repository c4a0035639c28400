#!/usr/bin/env bash
# Parallax's near-duplicate index side by side with datasketch's MinHashLSH, on the same
# generated stream, in the same run. datasketch is installed in a throwaway venv; nothing
# here is a runtime dependency of Parallax.
#
#   scripts/bench_dedup.sh [ARTICLES] [DATA_DIR]     (defaults: 100000 ../shared/data)
set -euo pipefail
cd "$(dirname "$0")/.."
articles=${1:-100000}
data=${2:-../shared/data}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet datasketch

cargo build --release --quiet
./target/release/parallax bench dedup --data "$data" --articles "$articles" \
  --stream-out "$work/stream.jsonl" --json > "$work/parallax.json"
"$work/venv/bin/python" scripts/datasketch_lsh.py "$work/stream.jsonl" > "$work/datasketch.json"

python3 - "$work/parallax.json" "$work/datasketch.json" <<'PY'
import json, sys
ours = json.load(open(sys.argv[1]))
peer = json.load(open(sys.argv[2]))
index = ours["index"]
print(f"stream: {ours['articles']} articles ({ours['reposts']} reposts, {ours['rewrites']} rewrites)")
print(f"parallax index:  {index['articles_per_second']:>10.0f} articles/s  "
      f"candidate recall reposts {index['repost_candidate_recall']:.4f} rewrites {index['rewrite_candidate_recall']:.4f}  "
      f"{index['bytes_per_article']:.0f} bytes/article")
print(f"datasketch LSH:  {peer['articles_per_second']:>10.0f} articles/s  "
      f"candidate recall reposts {peer['repost_candidate_recall']:.4f} rewrites {peer['rewrite_candidate_recall']:.4f}")
print(f"throughput ratio (parallax / datasketch): {index['articles_per_second'] / peer['articles_per_second']:.1f}x")
lineage = ours["lineage"]
print(f"parallax lineage: repost precision {lineage['repost_precision']:.4f} recall {lineage['repost_recall']:.4f}; "
      f"rewrite precision {lineage['rewrite_precision']:.4f} recall {lineage['rewrite_recall']:.4f}; "
      f"originals marked as copies {lineage['original_false_copy_rate']:.4f} ({lineage['seconds']:.1f} s)")
PY
