#!/usr/bin/env bash
# Parallax's main-text extractor side by side with trafilatura (Python), on the same pages, in
# the same run: P/R/F1 on the scrapinghub and WCXB (article pages) benchmarks, CPU time and MB/s
# for both, and the CPU-time ratio. trafilatura is installed in a throwaway venv; nothing here
# is a runtime dependency of Parallax. The work is done by scripts/bench_extraction.py.
#
#   scripts/bench_extraction.sh [--data DIR] [--parallax PATH] [--json FILE]
#
#   --data DIR       the public data sets (default ../shared/data)
#   --parallax PATH  the binary to measure (default target/release/parallax; not built here)
#   --json FILE      also write the numbers, with per-page scores, to FILE
#
# Relative paths are taken from the repo root. Set BENCH_VENV=DIR to keep and reuse the venv
# between runs instead of making a new one in a temp dir.
set -euo pipefail
cd "$(dirname "$0")/.."

# trafilatura 2.0.0 is the version in the scrapinghub benchmark's published table. Its jusText
# dependency imports lxml.html.clean, which newer lxml releases ship separately as lxml_html_clean.
trafilatura_pin="trafilatura==2.0.0"

data=../shared/data
parallax=target/release/parallax
json=
while [[ $# -gt 0 ]]; do
  case $1 in
    --data) data=${2:?--data needs a directory}; shift 2 ;;
    --parallax) parallax=${2:?--parallax needs a path}; shift 2 ;;
    --json) json=${2:?--json needs a file}; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 1 ;;
  esac
done

if [[ ! -x $parallax ]]; then
  echo "no parallax binary at $parallax; run \`cargo build --release\` first" >&2
  exit 1
fi
if [[ ! -d $data/extraction ]]; then
  echo "no extraction data under $data (expected $data/extraction/scrapinghub and wcxb-test)" >&2
  exit 1
fi

if [[ -n ${BENCH_VENV:-} ]]; then
  venv=$BENCH_VENV
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  venv=$work/venv
fi
if [[ ! -x $venv/bin/python ]]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install -qq --disable-pip-version-check "$trafilatura_pin" lxml_html_clean

args=(--data "$data" --parallax "$parallax")
if [[ -n $json ]]; then
  args+=(--json "$json")
fi
"$venv/bin/python" scripts/bench_extraction.py "${args[@]}"
