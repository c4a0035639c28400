#!/usr/bin/env bash
# Load figures for `parallax serve` (issue 9), with wrk (Debian's `wrk`):
#   1. a SQLite store with N stories (default 100 000), filled once through the whole
#      pipeline by `parallax bench serve` from the public texts in ../shared/data (kept in
#      $PARALLAX_BENCH_DIR, default /tmp/parallax-bench-serve, and reused by later runs);
#   2. `parallax serve` on it; 64 connections for 30 s each on the story page and on
#      GET /api/stories/{id} (random stories), latency percentiles from wrk;
#   3. twice 60 s of mixed load (pages, API, lists, search, feeds): errors, and the
#      server's memory before, between and after;
#   4. a 20 MB POST: the status, and that the server still answers.
# Usage: scripts/bench_serve.sh [STORIES]
set -euo pipefail
cd "$(dirname "$0")/.."
stories="${1:-100000}"
dir="${PARALLAX_BENCH_DIR:-/tmp/parallax-bench-serve}"
port="${PARALLAX_BENCH_PORT:-18080}"
mkdir -p "$dir"
db="$dir/serve-$stories.db"
export PARALLAX_IDS="$dir/ids-$stories.txt"

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
cargo build --release --locked --quiet
bin=target/release/parallax

echo "== store"
"$bin" --quiet --db "$db" bench serve --stories "$stories" --ids-out "$PARALLAX_IDS"

"$bin" --quiet --db "$db" serve --addr "127.0.0.1:$port" &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  curl -fs "http://127.0.0.1:$port/api/stories?per_page=1" >/dev/null && break
  sleep 0.1
done
# Resident memory, and the private part of it (RssAnon): the store's file is mapped into
# memory by each read connection, so most of VmRSS is the shared page cache.
rss() { awk '/VmRSS/ {r=$2} /RssAnon/ {a=$2} END {print r " kB resident, " a " kB private"}' "/proc/$server/status"; }

run() {
  local name="$1" duration="$2"; shift 2
  echo "== $name ($duration, 64 connections, 2 threads)"
  wrk -t2 -c64 -d"$duration" --latency -s scripts/bench_serve.lua "http://127.0.0.1:$port" -- "$@" |
    grep -E "Latency|50%|90%|99%|Requests/sec|Non-2xx|Socket errors|requests in"
}

# Warm the page cache as a long-running server would be.
wrk -t2 -c16 -d10s -s scripts/bench_serve.lua "http://127.0.0.1:$port" -- mixed >/dev/null
run "story page /stories/{id}.html" 30s /stories/ .html
run "API /api/stories/{id}" 30s /api/stories/ ""
echo "server memory before the 60 s loads: $(rss)"
run "mixed load" 60s mixed
echo "server memory after the first 60 s load: $(rss)"
run "mixed load, again" 60s mixed
echo "server memory after the second 60 s load: $(rss)"

echo "== 20 MB POST /api/articles"
big="$dir/post-20mb.bin"
head -c 20000000 /dev/urandom > "$big"
status=$(curl -s -o /dev/null -w '%{http_code}' --data-binary @"$big" "http://127.0.0.1:$port/api/articles")
echo "status: $status"
after=$(curl -s -o /dev/null -w '%{http_code} in %{time_total} s' "http://127.0.0.1:$port/api/stories/$(head -1 "$PARALLAX_IDS")")
echo "a story right after: $after; server memory: $(rss)"
