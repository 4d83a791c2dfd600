"""Usage figures for the kiosk: what kinds of reply it gave, never what anyone typed.

Counted, when ``stats.enabled`` is set in the clinic settings:

- ``botox_kiosk_replies_total{kind, topic, aspect}``: replies by kind (answer,
  not_covered, fallback, emergency, clarify, smalltalk), by the topic they are
  about ("none" if none) and by their aspect (a kind of question the article does
  not answer, a red flag, ...; "none" if none). Every label value comes from the
  content's own ids, so no text a patient typed can reach a label.
- ``botox_kiosk_conversations_total``: conversations started (first messages).
- ``botox_kiosk_reply_seconds``: how long the server took to answer a chat request.
- ``botox_kiosk_feedback_total{topic, kind, verdict}``: the page's "Was this helpful?"
  taps, by the topic and kind of the reply they were about, and "helpful" or
  "unhelpful"; nothing of the conversation, no session.

The figures use ``prometheus_client``, so any Prometheus-compatible agent can
scrape ``/metrics`` and sum them across processes and machines. With several
worker processes (``serve --workers N``) the library's multi-process mode keeps
each process's figures in a shared folder (``PROMETHEUS_MULTIPROC_DIR``, which
``serve`` makes and removes), and any worker reports the sum of all of them.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from ..models import Reply

if TYPE_CHECKING:  # prometheus_client is imported only when the figures are kept
    from prometheus_client import CollectorRegistry

#: The environment variable prometheus_client reads for its multi-process folder.
MULTIPROCESS_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"
#: Latency buckets, in seconds: replies take about a millisecond; the top buckets catch a stalled machine.
BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0)
_NONE = "none"


class Usage:
    """The kiosk's counters, and the two ways of reading them (Prometheus text and a JSON summary)."""

    def __init__(self) -> None:
        from prometheus_client import CollectorRegistry, Counter, Histogram

        self.folder = os.environ.get(MULTIPROCESS_VARIABLE) or None
        # In multi-process mode every metric a process makes is written to the shared folder,
        # and reading goes through a collector of that folder instead of a registry.
        own = None if self.folder else CollectorRegistry(auto_describe=True)
        self._registry = own
        self.replies = Counter(
            "botox_kiosk_replies",
            "Replies given, by kind, topic and aspect.",
            ["kind", "topic", "aspect"],
            registry=own,
        )
        self.conversations = Counter("botox_kiosk_conversations", "Conversations started.", registry=own)
        self.feedback = Counter(
            "botox_kiosk_feedback",
            "Was this helpful? answers, by the reply's topic and kind, and the verdict.",
            ["topic", "kind", "verdict"],
            registry=own,
        )
        self.latency = Histogram(
            "botox_kiosk_reply_seconds",
            "Time to answer a chat request, in seconds.",
            buckets=BUCKETS,
            registry=own,
        )

    def record(self, reply: Reply, seconds: float, first_message: bool) -> None:
        """Count one reply: its kind, topic and aspect, and how long it took. Nothing of its text."""
        topic = reply.intents[0] if reply.intents else _NONE
        self.replies.labels(reply.kind, topic, reply.aspect or _NONE).inc()
        self.latency.observe(seconds)
        if first_message:
            self.conversations.inc()

    def record_feedback(self, topic: str, kind: str, helpful: bool) -> None:
        """Count one "Was this helpful?" tap (the caller checked topic and kind against the content)."""
        self.feedback.labels(topic or _NONE, kind, "helpful" if helpful else "unhelpful").inc()

    def registry(self) -> CollectorRegistry:
        """A registry to read: this process's own, or every process's figures from the shared folder."""
        if self._registry is not None:
            return self._registry
        return collecting(self.folder)

    def exposition(self) -> tuple[bytes, str]:
        """The Prometheus text format, and its content type."""
        from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

        return generate_latest(self.registry()), CONTENT_TYPE_LATEST


def collecting(folder: str | None) -> CollectorRegistry:
    """A registry that reads the figures every process wrote to ``folder``."""
    from prometheus_client import CollectorRegistry
    from prometheus_client.multiprocess import MultiProcessCollector

    registry = CollectorRegistry()
    MultiProcessCollector(registry, path=folder)  # type: ignore[no-untyped-call]  # its __init__ is unannotated
    return registry


def summary(registry: CollectorRegistry) -> dict[str, Any]:
    """The figures as JSON for a person: totals by kind, topic and aspect, and latency."""
    rows: dict[tuple[str, str, str], int] = {}
    verdicts: dict[tuple[str, str], dict[str, int]] = {}
    conversations = 0
    buckets: dict[float, float] = {}
    count, total = 0.0, 0.0
    for family in registry.collect():
        for sample in family.samples:
            if sample.name == "botox_kiosk_replies_total":
                key = (sample.labels["kind"], sample.labels["topic"], sample.labels["aspect"])
                rows[key] = rows.get(key, 0) + int(sample.value)
            elif sample.name == "botox_kiosk_feedback_total":
                counts = verdicts.setdefault((sample.labels["topic"], sample.labels["kind"]), {})
                verdict = sample.labels["verdict"]
                counts[verdict] = counts.get(verdict, 0) + int(sample.value)
            elif sample.name == "botox_kiosk_conversations_total":
                conversations += int(sample.value)
            elif sample.name == "botox_kiosk_reply_seconds_bucket":
                bound = float(sample.labels["le"])
                buckets[bound] = buckets.get(bound, 0) + sample.value
            elif sample.name == "botox_kiosk_reply_seconds_count":
                count += sample.value
            elif sample.name == "botox_kiosk_reply_seconds_sum":
                total += sample.value
    rows = {k: v for k, v in rows.items() if v}

    def by(index: int, only: str | None = None) -> dict[str, int]:
        result: dict[str, int] = {}
        for key, value in rows.items():
            if (only is None or key[0] == only) and key[index] != _NONE:
                result[key[index]] = result.get(key[index], 0) + value
        return dict(sorted(result.items(), key=lambda item: (-item[1], item[0])))

    return {
        "replies": sum(rows.values()),
        "conversations": conversations,
        "by_kind": by(0),
        "by_topic": by(1),
        "not_covered_by_aspect": by(2, "not_covered"),
        "emergencies": sum(v for k, v in rows.items() if k[0] == "emergency"),
        "fallbacks": sum(v for k, v in rows.items() if k[0] == "fallback"),
        "rows": [
            {"kind": k[0], "topic": k[1], "aspect": k[2], "count": v}
            for k, v in sorted(rows.items(), key=lambda item: (-item[1], item[0]))
        ],
        "feedback": [
            {"topic": topic, "kind": kind, "helpful": v.get("helpful", 0), "unhelpful": v.get("unhelpful", 0)}
            for (topic, kind), v in sorted(verdicts.items(), key=lambda item: (-item[1].get("unhelpful", 0), item[0]))
            if sum(v.values())
        ],
        "latency_ms": {
            "count": int(count),
            "mean": round(total / count * 1000, 3) if count else None,
            "p50_at_most": _quantile(buckets, count, 0.50),
            "p95_at_most": _quantile(buckets, count, 0.95),
        },
    }


def _quantile(buckets: dict[float, float], count: float, share: float) -> float | None:
    """The upper bound, in ms, of the bucket that holds the given share of replies (None if none)."""
    if not count:
        return None
    for bound in sorted(buckets):
        if buckets[bound] >= share * count:
            return None if bound == float("inf") else round(bound * 1000, 3)
    return None


def describe(figures: dict[str, Any]) -> str:
    """A few lines for the terminal when the server stops."""
    if not figures["replies"]:
        return "Usage since start: no replies."
    kinds = ", ".join(f"{k} {v}" for k, v in figures["by_kind"].items())
    topics = ", ".join(f"{k} {v}" for k, v in list(figures["by_topic"].items())[:5]) or "none"
    aspects = ", ".join(f"{k} {v}" for k, v in list(figures["not_covered_by_aspect"].items())[:5]) or "none"
    latency = figures["latency_ms"]
    return "\n".join(
        [
            f"Usage since start: {_count(figures['replies'], 'reply', 'replies')} in "
            f"{_count(figures['conversations'], 'conversation', 'conversations')} ({kinds}).",
            f"  topics most asked about: {topics}",
            f"  not covered, most asked: {aspects}",
            f"  emergencies {figures['emergencies']}, fallbacks {figures['fallbacks']}; "
            f"reply time p50 at most {latency['p50_at_most']} ms, p95 at most {latency['p95_at_most']} ms",
        ]
    )


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"
