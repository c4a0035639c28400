#!/usr/bin/env bash
# Peak memory of `parallax extract` on a large WARC.gz (issue: a 1 GB WARC.gz must extract
# with peak RSS <= 300 MB). Builds the archive from the extraction benchmark pages in
# ../shared/data/extraction (each page one gzip-member response record, repeated with new
# URIs until the archive reaches the target size), then runs the extractor under
# /usr/bin/time and prints the peak RSS, the time and the number of articles.
#
#   scripts/bench_warc_memory.sh [--size-mb 1024] [--data ../shared/data] [--threads 2]
#
# Needs python3 and GNU time (/usr/bin/time). The archive goes to a temp dir, removed at exit.
set -euo pipefail
cd "$(dirname "$0")/.."

size_mb=1024
data=../shared/data
threads=2
parallax=target/release/parallax
while [[ $# -gt 0 ]]; do
  case "$1" in
    --size-mb) size_mb="$2"; shift 2 ;;
    --data) data="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --parallax) parallax="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 1 ;;
  esac
done
[[ -x "$parallax" ]] || { echo "no $parallax: run cargo build --release first" >&2; exit 1; }
[[ -x /usr/bin/time ]] || { echo "GNU time (/usr/bin/time) is needed: apt-get install time" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
archive="$work/crawl.warc.gz"

python3 - "$data" "$archive" "$size_mb" <<'PY'
import glob, gzip, os, sys
data, out, size_mb = sys.argv[1], sys.argv[2], int(sys.argv[3])
pages = []
for path in sorted(glob.glob(os.path.join(data, "extraction", "*", "html", "*.html.gz"))):
    with gzip.open(path, "rb") as f:
        pages.append(f.read())
if not pages:
    sys.exit(f"no pages under {data}/extraction")
target = size_mb * 1024 * 1024
written = records = 0
with open(out, "wb") as f:
    while written < target:
        for page in pages:
            http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + page
            uri = f"https://bench.example/{records}".encode()
            header = (b"WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: " + uri +
                      b"\r\nWARC-Date: 2026-11-23T00:00:00Z\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: " +
                      str(len(http)).encode() + b"\r\n\r\n")
            member = gzip.compress(header + http + b"\r\n\r\n", compresslevel=1)
            f.write(member)
            written += len(member)
            records += 1
            if written >= target:
                break
print(f"archive: {written / 1e6:.0f} MB compressed, {records} records", file=sys.stderr)
PY

/usr/bin/time -v "$parallax" --quiet extract --threads "$threads" "$archive" \
  2> "$work/time.txt" | wc -l > "$work/count.txt" || true
articles=$(cat "$work/count.txt")
rss_kb=$(grep "Maximum resident set size" "$work/time.txt" | awk '{print $NF}')
elapsed=$(grep "Elapsed (wall clock)" "$work/time.txt" | awk '{print $NF}')
echo "articles extracted: $articles"
echo "peak RSS: $((rss_kb / 1024)) MB"
echo "wall time: $elapsed (threads: $threads)"
