"""Everyday off-topic queries (CLINC150 dev splits) are turned away, not matched to a topic."""

from __future__ import annotations

import json

from conftest import DATA


def test_at_least_99_percent_of_clinc_queries_are_rejected(responder):
    splits = json.loads((DATA / "clinc150" / "dev_splits.json").read_text(encoding="utf-8"))
    queries = [query for split in splits.values() for query, _label in split]
    assert len(queries) > 18_000
    accepted = [q for q in queries if responder.respond(q).kind not in ("fallback", "smalltalk")]
    assert len(accepted) <= len(queries) * 0.01, accepted[:20]
