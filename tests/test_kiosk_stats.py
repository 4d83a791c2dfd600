"""Usage figures on the real server: exact counts with one and two workers, never any patient text,
off by default, and refused to other machines without the staff token."""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from prometheus_client.parser import text_string_to_metric_families

from chatbot.kiosk.server import running_server

TOKEN = "staff-token-for-tests-0123456789"
#: A conversation whose replies are known; the marker word must never reach the figures.
SCRIPT = [
    ("hello", "smalltalk"),
    ("botox for chronic migraine? zebrafinch", "answer"),
    ("is that approved?", "answer"),
    ("how much does botox for tmj cost", "not_covered"),
    ("what's the weather like tomorrow", "fallback"),
    ("i cant breathe", "emergency"),
]


def post(url: str, path: str, data: dict) -> dict:
    request = urllib.request.Request(
        url + path,
        data=json.dumps(data).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def get(url: str, path: str, token: str | None = None) -> tuple[int, bytes]:
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    try:
        with urllib.request.urlopen(urllib.request.Request(url + path, headers=headers), timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def conversation(url: str) -> list[dict]:
    replies, session = [], None
    for message, _ in SCRIPT:
        reply = post(url, "/api/chat", {"message": message, "session_id": session})
        session = reply["session_id"]
        replies.append(reply)
    return replies


def label(reply: dict) -> tuple[str, str, str]:
    return reply["kind"], (reply["intents"] or ["none"])[0], reply["aspect"] or "none"


@pytest.fixture
def stats_config(tmp_path):
    path = tmp_path / "clinic.yaml"
    path.write_text(f'stats:\n  enabled: true\n  token: "{TOKEN}"\n', encoding="utf-8")
    return path


@pytest.mark.parametrize("workers", [1, 2])
def test_figures_match_a_scripted_run_exactly(stats_config, tmp_path, workers):
    log = tmp_path / "server.log"
    with running_server(config=stats_config, workers=workers, log=log) as url:
        with ThreadPoolExecutor(4) as pool:  # several at once, on fresh connections: every worker answers some
            runs = list(pool.map(lambda _: conversation(url), range(8)))
        replies = [reply for run in runs for reply in run]
        assert [r["kind"] for r in runs[0]] == [kind for _, kind in SCRIPT]
        expected = Counter(label(r) for r in replies)

        status, body = get(url, "/api/stats")
        assert status == 200
        stats = json.loads(body)
        assert {(r["kind"], r["topic"], r["aspect"]): r["count"] for r in stats["rows"]} == dict(expected)
        assert stats["replies"] == len(replies) and stats["conversations"] == len(runs)
        assert stats["by_kind"] == dict(Counter(r["kind"] for r in replies))
        assert stats["emergencies"] == len(runs) and stats["fallbacks"] == len(runs)
        assert stats["not_covered_by_aspect"] == {"cost": len(runs)}
        assert stats["latency_ms"]["count"] == len(replies)

        status, body = get(url, "/metrics")
        assert status == 200
        families = {f.name: f for f in text_string_to_metric_families(body.decode())}
        counted = {
            (s.labels["kind"], s.labels["topic"], s.labels["aspect"]): s.value
            for s in families["botox_kiosk_replies"].samples
            if s.name.endswith("_total")
        }
        assert counted == {k: float(v) for k, v in expected.items()}
        [started] = [s.value for s in families["botox_kiosk_conversations"].samples if s.name.endswith("_total")]
        assert started == len(runs)
        assert "zebrafinch" not in body.decode() and "zebrafinch" not in json.dumps(stats)
    summary = log.read_text()
    assert f"Usage since start: {len(replies)} replies in {len(runs)} conversations" in summary
    assert "Traceback" not in summary


def test_figures_are_off_unless_enabled():
    with running_server() as url:
        post(url, "/api/chat", {"message": "botox for tmj"})
        assert get(url, "/metrics")[0] == 404 and get(url, "/api/stats")[0] == 404
        spec = json.loads(get(url, "/openapi.json")[1])
        assert "/api/stats" not in spec["paths"]


def _outside_address() -> str | None:
    """An address of this machine that is not loopback, if it has one."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # no packet is sent: this only picks the outgoing interface
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


def test_other_machines_need_the_staff_token(stats_config):
    address = _outside_address()
    if address is None:
        pytest.skip("this machine has no address outside loopback to connect from")
    with running_server(config=stats_config, host="0.0.0.0") as local_url:
        outside = local_url.replace("127.0.0.1", address)
        for path in ("/metrics", "/api/stats"):
            status, body = get(outside, path)
            assert status == 403 and json.loads(body)["error"] == "forbidden"
            assert get(outside, path, token="wrong")[0] == 403
            assert get(outside, path, token=TOKEN)[0] == 200
            assert get(local_url, path)[0] == 200  # this machine needs no token
        assert post(outside, "/api/chat", {"message": "botox for tmj"})["kind"] == "answer"  # patients are not refused


def test_without_a_token_other_machines_are_always_refused(tmp_path):
    address = _outside_address()
    if address is None:
        pytest.skip("this machine has no address outside loopback to connect from")
    config = tmp_path / "clinic.yaml"
    config.write_text("stats:\n  enabled: true\n", encoding="utf-8")
    with running_server(config=config, host="0.0.0.0") as local_url:
        outside = local_url.replace("127.0.0.1", address)
        assert get(outside, "/api/stats")[0] == 403 and get(outside, "/api/stats", token="")[0] == 403


def _raw_get(url: str, path: str, headers: dict[str, str]) -> int:
    """A GET with exactly these headers (Host included), over a plain socket: the status."""
    import socket
    from urllib.parse import urlparse

    address = urlparse(url)
    lines = [f"GET {path} HTTP/1.1", *(f"{k}: {v}" for k, v in headers.items()), "Connection: close", "", ""]
    with socket.create_connection((address.hostname, address.port), timeout=10) as sock:
        sock.sendall("\r\n".join(lines).encode())
        head = sock.recv(4096)
    return int(head.split(b" ", 2)[1])


def test_this_machine_only_holds_against_dns_rebinding_and_forged_forwarding(stats_config, monkeypatch):
    # A page on attacker.example whose name is rebound to 127.0.0.1 reaches the kiosk from this
    # machine, but sends its own Host; a proxy header from anyone but a local proxy is not believed,
    # even when FORWARDED_ALLOW_IPS says "*".
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "*")
    with running_server(config=stats_config) as url:
        for path in ("/metrics", "/api/stats"):
            assert _raw_get(url, path, {"Host": "attacker.example"}) == 403
            assert _raw_get(url, path, {"Host": "attacker.example:80", "X-Forwarded-For": "127.0.0.1"}) == 403
            assert _raw_get(url, path, {"Host": "localhost"}) == 200
        # no redirect built from the Host header, and the staff address is not advertised
        assert _raw_get(url, "/api/stats/", {"Host": "evil.example"}) == 404
        status, schema = get(url, "/openapi.json")
        assert status == 200 and "/api/stats" not in json.loads(schema)["paths"]


@pytest.mark.parametrize("workers", [1, 2])
def test_was_this_helpful_is_counted_by_topic_and_kind_and_nothing_else(stats_config, workers):
    taps = [
        ("tmj", "not_covered", False),
        ("tmj", "not_covered", False),
        ("migraine", "answer", True),
        (None, "fallback", True),
    ]
    with running_server(config=stats_config, workers=workers) as url:
        for topic, kind, helpful in taps:
            assert post(url, "/api/feedback", {"topic": topic, "kind": kind, "helpful": helpful}) == {"ok": True}
        stats = json.loads(get(url, "/api/stats")[1])
        assert stats["feedback"] == [
            {"topic": "tmj", "kind": "not_covered", "helpful": 0, "unhelpful": 2},
            {"topic": "migraine", "kind": "answer", "helpful": 1, "unhelpful": 0},
            {"topic": "none", "kind": "fallback", "helpful": 1, "unhelpful": 0},
        ]
        body = get(url, "/metrics")[1].decode()
        assert 'botox_kiosk_feedback_total{kind="not_covered",topic="tmj",verdict="unhelpful"} 2.0' in body
        # A topic the content does not have, a kind of reply there is not, or text: refused, not counted.
        for bad in ({"topic": "zebrafinch", "kind": "answer", "helpful": True}, {"kind": "poem", "helpful": True}):
            request = urllib.request.Request(
                url + "/api/feedback", data=json.dumps(bad).encode(), headers={"Content-Type": "application/json"}
            )
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(request, timeout=10)
            assert refused.value.code == 422
        assert "zebrafinch" not in get(url, "/metrics")[1].decode()


def test_was_this_helpful_is_off_with_the_usage_figures():
    with running_server() as url:
        request = urllib.request.Request(
            url + "/api/feedback",
            data=json.dumps({"topic": "tmj", "kind": "answer", "helpful": True}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        assert refused.value.code == 404
        page = urllib.request.urlopen(url + "/", timeout=10).read().decode()
        assert "&quot;feedback&quot;: false" in page
