#!/usr/bin/env python3
"""How far can a merge-up by words take ECB+ events to their topics?

ECB+ pairs two events of one kind in each topic (two celebrities entering rehab, two
courthouse shootings). `parallax eval clustering` scores its topic level by linking each
story to its nearest story by content words. This script asks what that kind of merge-up
could reach at best: it starts from the *gold* events (a perfect event clustering), builds
one TF-IDF centroid per event, and links each event to its nearest event when the cosine
passes a threshold or the two are each other's nearest, for a grid of thresholds. Every
threshold is read on the answers, so the best row is a ceiling, not a figure to quote.

Standard library only. Usage:
    scripts/clustering_topic_ceiling.py [--data ../shared/data]
"""

import argparse
import collections
import json
import math
import re
from pathlib import Path

# Function words and the verbs of reporting, close to what the clusterer drops
# (parallax-core's stop words and the clusterer's NEWS_STOPWORDS); a copy, so an
# approximation of Parallax's own vectors, not the same.
STOP_WORDS = set(
    """a about above after again against all am an and any are as at be because been
    before being below between both but by can could did do does doing down during each
    few for from further had has have having he her here hers herself him himself his
    how i if in into is it its itself just me more most my myself no nor not now of off
    on once only or other our ours ourselves out over own same she should so some such
    than that the their theirs them themselves then there these they this those through
    to too under until up very was we were what when where which while who whom why will
    with would you your yours yourself yourselves according added also reported said say
    says told""".split()
)
WORD = re.compile(r"[A-Za-z][A-Za-z'-]*|\d[\d,.]*")


def terms(document, words_only):
    """Content words of one document, the first sentence (its headline) counted double.
    With `words_only`, capitalised words inside sentences (names) and numbers are left out."""
    counts = collections.Counter()
    for index, sentence in enumerate(document["sentences"]):
        tokens = WORD.findall(sentence)
        for position, token in enumerate(tokens):
            word = token.lower()
            if word in STOP_WORDS or len(word) < 3:
                continue
            is_name = position > 0 and token[0].isupper()
            is_number = any(c.isdigit() for c in token)
            if words_only and (is_name or is_number):
                continue
            counts[word] += 2.0 if index == 0 else 1.0
    return counts


def centroids(documents, words_only):
    """One unit TF-IDF vector per gold event (sum of its documents' log counts)."""
    events = collections.defaultdict(collections.Counter)
    for document in documents:
        for word, count in terms(document, words_only).items():
            events[document["subtopic"]][word] += 1.0 + math.log(count)
    frequency = collections.Counter(w for vector in events.values() for w in vector)
    total = len(events)
    result = {}
    for event, vector in events.items():
        weighted = {w: x * math.log((total + 1) / (frequency[w] + 0.5)) for w, x in vector.items()}
        norm = math.sqrt(sum(x * x for x in weighted.values())) or 1.0
        result[event] = {w: x / norm for w, x in weighted.items()}
    return result


def cosine(a, b):
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(w, 0.0) for w, x in a.items())


def pairwise_f1(documents, group_of_event):
    """Pairwise P/R/F1 of document pairs against the gold topics."""
    pairs = lambda n: n * (n - 1) // 2
    items = [(d["topic"], group_of_event[d["subtopic"]]) for d in documents]
    both = sum(pairs(n) for n in collections.Counter(items).values())
    predicted = sum(pairs(n) for n in collections.Counter(g for _, g in items).values())
    gold = sum(pairs(n) for n in collections.Counter(t for t, _ in items).values())
    precision, recall = both / predicted, both / gold
    return precision, recall, 2 * precision * recall / (precision + recall)


def merge_up(nearest, threshold):
    """Each event linked to its nearest when close enough or mutual, transitively."""
    parent = {event: event for event in nearest}

    def root(event):
        while parent[event] != event:
            event = parent[event]
        return event

    for event, (other, score) in nearest.items():
        if other != event and (score >= threshold or nearest[other][0] == event):
            a, b = root(event), root(other)
            if a != b:
                parent[a] = b
    return {event: root(event) for event in nearest}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(Path(__file__).resolve().parents[2] / "shared" / "data"))
    args = parser.parse_args()
    path = Path(args.data) / "ecbplus" / "ecbplus_docs.jsonl"
    with path.open(encoding="utf-8") as lines:
        documents = [json.loads(line) for line in lines]
    topic_of = {d["subtopic"]: d["topic"] for d in documents}
    for words_only in (False, True):
        vectors = centroids(documents, words_only)
        nearest = {}
        for event, vector in vectors.items():
            score, other = max((cosine(vector, v), o) for o, v in vectors.items() if o != event)
            nearest[event] = (other, score)
        right = sum(topic_of[o] == topic_of[e] for e, (o, _) in nearest.items())
        label = "content words without names and numbers" if words_only else "all content words"
        print(f"{label}: {right} of {len(vectors)} gold events have their nearest event in their own topic")
        best = None
        for step in range(0, 41):
            threshold = step / 40
            scores = pairwise_f1(documents, merge_up(nearest, threshold))
            if best is None or scores[2] > best[1][2]:
                best = (threshold, scores)
        threshold, (p, r, f) = best
        print(f"  best merge-up over thresholds 0..1: P {p:.3f} R {r:.3f} F1 {f:.3f} (at {threshold:.3f})")
        right_links = {e: (o, 1.0) if topic_of[o] == topic_of[e] else (e, 0.0) for e, (o, _) in nearest.items()}
        p, r, f = pairwise_f1(documents, merge_up(right_links, 0.5))
        print(f"  an oracle that keeps every right link and drops every wrong one: P {p:.3f} R {r:.3f} F1 {f:.3f}")


if __name__ == "__main__":
    main()
