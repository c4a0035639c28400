#!/usr/bin/env python3
"""Parallax's main-text extractor side by side with trafilatura, on the same pages, in one run.

Benchmarks (see DATA/extraction/README.md):
  scrapinghub  181 news/blog pages; the source's shingle metric (4-grams of \\w+ tokens,
               per-page tp/fp/fn normalised to sum 1, P and R means over pages, F1 from the means).
  wcxb         the 257 "article" pages of the WCXB test split; bag of lowercased \\w+ tokens,
               P, R and F1 per page, each reported as a mean over pages.

For each benchmark this prints P, R, F1, MB of HTML, CPU seconds and MB/s for both tools,
then the CPU-time ratio trafilatura / parallax (per benchmark and overall).

  trafilatura: trafilatura.extract(html, include_comments=False, include_tables=True,
               favor_precision=False), in this process; CPU time is time.process_time()
               around the extract calls only (imports and file reading excluded).
  parallax:    the pages are written (decompressed) to a temp dir as <benchmark>__<id>.html and
               `PARALLAX --quiet extract --threads 1 DIR` runs once per benchmark; CPU time is the
               child's user+sys from getrusage(RUSAGE_CHILDREN). That figure *includes* process
               start, reading the files and writing JSON, so it slightly overstates parallax's cost.

Needs trafilatura importable, so run it through scripts/bench_extraction.sh, which makes a
throwaway venv. By hand:

  VENV/bin/python scripts/bench_extraction.py [--data ../shared/data]
      [--parallax target/release/parallax] [--json FILE]

This is a benchmark script only; nothing in Parallax depends on it or on trafilatura.
"""

import argparse
import gzip
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import trafilatura

BENCHMARKS = ("scrapinghub", "wcxb")


# ---------------------------------------------------------------------------------------------
# Data


def load_scrapinghub(data):
    """[(id, html_bytes, truth_text)] for the scrapinghub set, sorted by id."""
    root = data / "extraction" / "scrapinghub"
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id in sorted(truth):
        html = gzip.decompress((root / "html" / f"{page_id}.html.gz").read_bytes())
        pages.append((page_id, html, truth[page_id].get("articleBody") or ""))
    return pages


def load_wcxb(data):
    """[(id, html_bytes, truth_text)] for the WCXB test pages whose primary type is "article"."""
    root = data / "extraction" / "wcxb-test"
    pages = []
    for path in sorted((root / "ground-truth").glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        page_type = (doc.get("_internal") or {}).get("page_type")
        if isinstance(page_type, dict):
            page_type = page_type.get("primary")
        if page_type != "article":
            continue
        page_id = path.stem
        html = gzip.decompress((root / "html" / f"{page_id}.html.gz").read_bytes())
        pages.append((page_id, html, doc["ground_truth"].get("main_content") or ""))
    return pages


# ---------------------------------------------------------------------------------------------
# Metrics


def shingles(text, n=4):
    """Multiset of 4-grams of \\w+ tokens (case kept); a shorter text is one short shingle."""
    tokens = re.findall(r"\w+", text or "")
    if not tokens:
        return Counter()
    if len(tokens) < n:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def shingle_tp_fp_fn(truth, pred):
    """Per-page (tp, fp, fn) over shingles, normalised to sum 1 when the sum is positive."""
    t, p = shingles(truth), shingles(pred)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s > 0 else (0.0, 0.0, 0.0)


def _precision(tp, fp, fn):
    if fp == 0 and fn == 0:
        return 1.0
    if tp == 0 and fp == 0:
        return 0.0
    return tp / (tp + fp)


def _recall(tp, fp, fn):
    if fp == 0 and fn == 0:
        return 1.0
    if tp == 0 and fn == 0:
        return 0.0
    return tp / (tp + fn)


def _mean(xs):
    return sum(xs) / len(xs) if xs else 0.0


def score_scrapinghub(truths, preds):
    """(P, R, F1, per-page [P, R]) with the scrapinghub source's metric."""
    counts = [shingle_tp_fp_fn(t, p) for t, p in zip(truths, preds)]
    precision = _mean([_precision(*c) for c in counts if c[0] + c[1] > 0])
    recall = _mean([_recall(*c) for c in counts if c[0] + c[2] > 0])
    f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
    per_page = [[_precision(*c), _recall(*c)] for c in counts]
    return precision, recall, f1, per_page


def wcxb_page(truth, pred):
    """Per-page (P, R, F1) on multisets of lowercased \\w+ tokens."""
    ref = re.findall(r"\w+", (truth or "").lower())
    hyp = re.findall(r"\w+", (pred or "").lower())
    if not ref:
        return (1.0, 1.0, 1.0) if not hyp else (0.0, 0.0, 0.0)
    if not hyp:
        return (0.0, 0.0, 0.0)
    overlap = sum((Counter(ref) & Counter(hyp)).values())
    p, r = overlap / len(hyp), overlap / len(ref)
    return p, r, (2 * p * r / (p + r) if p + r > 0 else 0.0)


def score_wcxb(truths, preds):
    """(mean P, mean R, mean F1, per-page [P, R, F1]) with the WCXB source's metric."""
    per_page = [list(wcxb_page(t, p)) for t, p in zip(truths, preds)]
    return (*(_mean([s[i] for s in per_page]) for i in range(3)), per_page)


SCORERS = {"scrapinghub": score_scrapinghub, "wcxb": score_wcxb}


# ---------------------------------------------------------------------------------------------
# The two tools


def run_trafilatura(pages):
    """([text], CPU seconds) for trafilatura on the pages; only the extract calls are timed."""
    texts, cpu = [], 0.0
    for _, html, _ in pages:
        doc = html.decode("utf-8", errors="replace")
        start = time.process_time()
        text = trafilatura.extract(
            doc, include_comments=False, include_tables=True, favor_precision=False
        )
        cpu += time.process_time() - start
        texts.append(text or "")
    return texts, cpu


def run_parallax(binary, bench, pages, workdir):
    """([text], CPU seconds, skipped ids, stderr) for one `parallax extract` over the pages.

    A page that parallax skips (exit code 2, named on stderr) or prints nothing for counts
    as an empty prediction.
    """
    folder = workdir / bench
    folder.mkdir()
    for page_id, html, _ in pages:
        (folder / f"{bench}__{page_id}.html").write_bytes(html)

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run(
        [str(binary), "--quiet", "extract", "--threads", "1", str(folder)],
        cwd=workdir,  # extract stores nothing, but keep any stray file out of the repo
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    stderr = re.sub(r"\x1b\[[0-9;]*m", "", proc.stderr.decode("utf-8", errors="replace"))  # log colours
    if proc.returncode not in (0, 2):
        sys.exit(f"parallax extract failed on {bench} (exit {proc.returncode}):\n{stderr}")

    # One JSON article per line: `origin` is the input path, `text` the main text.
    prefix = f"{bench}__"
    by_id = {}
    for line in proc.stdout.decode("utf-8").splitlines():
        if not line.strip():
            continue
        article = json.loads(line)
        name = Path(article.get("origin") or "").name
        if not (name.startswith(prefix) and name.endswith(".html")):
            sys.exit(f"parallax printed an article with an unexpected origin: {article.get('origin')!r}")
        page_id = name[len(prefix) : -len(".html")]
        if page_id in by_id:  # not expected for HTML input; keep all the text if it happens
            by_id[page_id] += "\n\n" + (article.get("text") or "")
        else:
            by_id[page_id] = article.get("text") or ""
    skipped = [page_id for page_id, _, _ in pages if page_id not in by_id]
    return [by_id.get(page_id, "") for page_id, _, _ in pages], cpu, skipped, stderr


# ---------------------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--parallax", type=Path, default=Path("target/release/parallax"))
    parser.add_argument("--json", type=Path, help="also write the numbers (and per-page scores) here")
    args = parser.parse_args()

    binary = args.parallax.resolve()
    if not binary.is_file():
        sys.exit(f"no parallax binary at {args.parallax}; run `cargo build --release` first")
    parallax_version = subprocess.run(
        [str(binary), "--version"], capture_output=True, text=True
    ).stdout.strip()
    print(f"trafilatura {trafilatura.__version__}; {parallax_version} ({args.parallax})")

    loaders = {"scrapinghub": load_scrapinghub, "wcxb": load_wcxb}
    results = {}
    with tempfile.TemporaryDirectory(prefix="bench_extraction.") as tmp:
        workdir = Path(tmp)
        for bench in BENCHMARKS:
            pages = loaders[bench](args.data)
            truths = [truth for _, _, truth in pages]
            megabytes = sum(len(html) for _, html, _ in pages) / 1e6
            print(f"{bench}: {len(pages)} pages, {megabytes:.1f} MB of HTML ...", file=sys.stderr)

            ours, ours_cpu, skipped, stderr = run_parallax(binary, bench, pages, workdir)
            theirs, theirs_cpu = run_trafilatura(pages)

            result = {"pages": len(pages), "html_mb": megabytes, "tools": {}}
            for tool, texts, cpu in (("parallax", ours, ours_cpu), ("trafilatura", theirs, theirs_cpu)):
                precision, recall, f1, per_page = SCORERS[bench](truths, texts)
                result["tools"][tool] = {
                    "precision": precision,
                    "recall": recall,
                    "f1": f1,
                    "cpu_seconds": cpu,
                    "mb_per_second": megabytes / cpu if cpu > 0 else None,
                    "empty_pages": [pid for (pid, _, _), text in zip(pages, texts) if not text.strip()],
                    "per_page": {pid: s for (pid, _, _), s in zip(pages, per_page)},
                }
            result["tools"]["parallax"]["skipped_pages"] = skipped
            result["tools"]["parallax"]["stderr"] = stderr.strip()
            result["cpu_ratio_trafilatura_over_parallax"] = theirs_cpu / ours_cpu if ours_cpu > 0 else None
            results[bench] = result

    # Table
    print()
    print(f"{'benchmark':<12} {'tool':<12} {'pages':>5} {'P':>6} {'R':>6} {'F1':>6} "
          f"{'HTML MB':>8} {'CPU s':>7} {'MB/s':>7}")
    for bench, result in results.items():
        for tool, t in result["tools"].items():
            rate = f"{t['mb_per_second']:.2f}" if t["mb_per_second"] else "-"
            print(f"{bench:<12} {tool:<12} {result['pages']:>5} {t['precision']:>6.3f} "
                  f"{t['recall']:>6.3f} {t['f1']:>6.3f} {result['html_mb']:>8.1f} "
                  f"{t['cpu_seconds']:>7.2f} {rate:>7}")
    print("(scrapinghub: shingle metric, F1 from mean P and R; wcxb: article pages, "
          "means of per-page word P, R and F1)")
    print("(parallax CPU includes process start, reading the files and writing JSON; "
          "trafilatura CPU is the extract calls only)")

    print()
    total = {tool: sum(r["tools"][tool]["cpu_seconds"] for r in results.values())
             for tool in ("parallax", "trafilatura")}
    for bench, result in results.items():
        ratio = result["cpu_ratio_trafilatura_over_parallax"]
        print(f"CPU-time ratio trafilatura / parallax, {bench}: {ratio:.1f}x" if ratio else
              f"CPU-time ratio trafilatura / parallax, {bench}: n/a")
    overall = total["trafilatura"] / total["parallax"] if total["parallax"] > 0 else None
    print(f"CPU-time ratio trafilatura / parallax, overall: {overall:.1f}x" if overall else
          "CPU-time ratio trafilatura / parallax, overall: n/a")

    # Things worth a look: pages a tool returned nothing for (scored as empty predictions).
    for bench, result in results.items():
        for tool, t in result["tools"].items():
            empty = t["empty_pages"]
            if not empty:
                continue
            note = ""
            if tool == "parallax":
                note = f" ({len(t['skipped_pages'])} skipped: no article printed)"
            shown = ", ".join(page_id[:16] for page_id in empty[:10])
            print(f"{bench}: {tool} gave no text for {len(empty)} page(s){note}: {shown}"
                  + (" ..." if len(empty) > 10 else ""))

    if args.json:
        summary = {
            "trafilatura_version": trafilatura.__version__,
            "parallax_version": parallax_version,
            "parallax_cpu_note": "includes process start, reading files and writing JSON",
            "benchmarks": results,
            "cpu_seconds_total": total,
            "cpu_ratio_trafilatura_over_parallax": overall,
        }
        args.json.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
        print(f"\nnumbers written to {args.json}")


if __name__ == "__main__":
    main()
