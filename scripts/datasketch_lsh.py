"""Runs a Parallax dedup stream (from `parallax bench dedup --stream-out`) through
datasketch's MinHash + MinHashLSH with the same banding as Parallax (32 bands of 3 rows),
and prints insert+query throughput and candidate recall as JSON.

Each line of the stream carries the article's content words exactly as Parallax hashes
them, so both index the same sets; tokenising is left out of datasketch's time, which
favours datasketch."""
import json
import sys
import time

from datasketch import MinHash, MinHashLSH

BANDS, ROWS = 32, 3


def main(path):
    rows = [json.loads(line) for line in open(path, encoding="utf-8")]
    encoded = [[word.encode("utf-8") for word in row["words"]] for row in rows]
    lsh = MinHashLSH(num_perm=BANDS * ROWS, params=(BANDS, ROWS))
    found = {"repost": [0, 0], "rewrite": [0, 0]}
    started = time.perf_counter()
    for row, words in zip(rows, encoded):
        signature = MinHash(num_perm=BANDS * ROWS)
        signature.update_batch(words)
        candidates = lsh.query(signature)
        if row["kind"] in found:
            found[row["kind"]][0] += row["of"] in candidates
            found[row["kind"]][1] += 1
        lsh.insert(row["id"], signature)
    seconds = time.perf_counter() - started
    print(json.dumps({
        "tool": "datasketch.MinHashLSH",
        "articles": len(rows),
        "seconds": seconds,
        "articles_per_second": len(rows) / seconds,
        "repost_candidate_recall": found["repost"][0] / max(1, found["repost"][1]),
        "rewrite_candidate_recall": found["rewrite"][0] / max(1, found["rewrite"][1]),
    }))


if __name__ == "__main__":
    main(sys.argv[1])
