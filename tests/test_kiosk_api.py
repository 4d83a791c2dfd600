"""The kiosk HTTP API, in-process: conversations, sessions, headers, and every bad request."""

from __future__ import annotations

import json

import pytest
from starlette.testclient import TestClient

from chatbot.kiosk import create_app
from chatbot.kiosk.app import MAX_BODY_BYTES, MAX_MESSAGE_CHARS

SECRET = "test-secret-0123456789abcdefghijklmn"


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def client(responder, clock) -> TestClient:
    return TestClient(create_app(responder, secret=SECRET, clock=clock))


def chat(client: TestClient, message: str, session_id: str | None = None) -> dict:
    body = {"message": message} if session_id is None else {"message": message, "session_id": session_id}
    response = client.post("/api/chat", json=body)
    assert response.status_code == 200, response.text
    return response.json()


def test_chat_returns_the_reply_and_a_session(client):
    data = chat(client, "botox for sweaty armpits?")
    assert data["kind"] == "answer" and data["intents"] == ["hyperhidrosis"]
    assert data["reminder"] and data["sources"][0]["section"] == "4. Hyperhidrosis Treatment"
    assert isinstance(data["session_id"], str) and data["session_renewed"] is False


def test_the_session_carries_the_conversation(client):
    first = chat(client, "botox for spasms")
    assert first["kind"] == "clarify"
    picked = chat(client, "2", first["session_id"])
    assert picked["kind"] == "answer" and picked["intents"] == [first["intents"][1]]
    more = chat(client, "tell me more", picked["session_id"])
    assert more["intents"] == picked["intents"] and more["text"] != picked["text"]


def test_sessions_work_across_server_processes_that_share_the_secret(responder, clock):
    one = TestClient(create_app(responder, secret="shared-secret-0123456789abcdefghij", clock=clock))
    two = TestClient(create_app(responder, secret="shared-secret-0123456789abcdefghij", clock=clock))
    first = chat(one, "botox for spasms")
    assert chat(two, "1", first["session_id"])["kind"] == "answer"


def test_an_injection_told_travels_in_the_signed_token_to_another_process(responder, clock):
    one = TestClient(create_app(responder, secret="shared-secret-0123456789abcdefghij", clock=clock))
    two = TestClient(create_app(responder, secret="shared-secret-0123456789abcdefghij", clock=clock))
    first = chat(one, "my husband had his bladder botox on monday")
    later = chat(two, "he hasn't been able to pass water since", first["session_id"])
    assert (later["kind"], later["aspect"]) == ("emergency", "after_injection")
    # Without the conversation, the same words are no report of a problem after an injection.
    alone = chat(two, "he hasn't been able to pass water since")
    assert alone["aspect"] != "after_injection"


def test_expired_forged_or_foreign_sessions_start_afresh(client, clock, responder):
    first = chat(client, "botox for spasms")
    clock.now += responder.content.settings["kiosk"]["session_ttl_seconds"] + 1
    late = chat(client, "1", first["session_id"])
    assert late["kind"] == "fallback" and late["session_renewed"] is True
    for bad in ["nonsense", "a.b", first["session_id"][:-2] + "xx", "x" * 5000]:
        assert chat(client, "hi", bad)["session_renewed"] is True
    other = TestClient(create_app(responder, secret="other-secret-0123456789abcdefghijk", clock=clock))
    assert chat(other, "1", chat(client, "botox for spasms")["session_id"])["session_renewed"] is True


def test_reset_starts_a_new_conversation(client):
    first = chat(client, "botox for spasms")
    response = client.post("/api/reset", json={"session_id": first["session_id"]})
    assert response.status_code == 200 and response.json()["ok"] is True
    fresh = response.json()["session_id"]
    assert chat(client, "1", fresh)["kind"] == "fallback"
    # the ended conversation cannot be picked up again with its old token
    old = chat(client, "1", first["session_id"])
    assert old["session_renewed"] is True and old["kind"] == "fallback"


def test_topics_health_and_openapi(client, responder):
    topics = client.get("/api/topics").json()["topics"]
    assert [t["id"] for t in topics] == list(responder.content.topic_ids)
    assert client.get("/healthz").json() == {"status": "ok"}
    spec = client.get("/openapi.json").json()
    assert spec["openapi"].startswith("3.") and {"/api/chat", "/api/reset", "/api/topics", "/healthz"} <= set(
        spec["paths"]
    )
    assert spec["components"]["schemas"]["ChatRequest"]["properties"]["message"]["maxLength"] == MAX_MESSAGE_CHARS


def test_every_response_carries_a_self_only_content_security_policy(client):
    for response in (client.get("/"), client.get("/static/app.js"), client.post("/api/chat", content=b"{")):
        policy = response.headers["content-security-policy"]
        assert "default-src 'self'" in policy and "script-src 'self'" in policy and "http" not in policy
        assert response.headers["cache-control"] == "no-store"


def test_page_has_topics_settings_and_no_external_resources(client, responder):
    page = client.get("/").text
    for topic in responder.topics():
        assert f'data-message="{topic["title"]}"' in page
    assert 'aria-live="polite"' in page and '<html lang="en" data-size="0">' in page
    assert "http://" not in page and "https://" not in page and "<script>" not in page
    config = json.loads(page.split('data-config="')[1].split('"')[0].replace("&quot;", '"'))
    assert config["idleSeconds"] == responder.content.settings["kiosk"]["idle_timeout_seconds"]


@pytest.mark.parametrize(
    "body, status, error",
    [
        (b"{", 400, "invalid_json"),
        (b"", 400, "empty_body"),
        (b"\xff\xfe", 400, "invalid_json"),
        (b"[1, 2]", 422, "not_an_object"),
        (b'"hello"', 422, "not_an_object"),
        (b"{}", 422, "missing_message"),
        (b'{"message": 5}', 422, "invalid_message"),
        (b'{"message": null}', 422, "invalid_message"),
        (b'{"message": ["hi"]}', 422, "invalid_message"),
        (b'{"message": "hi", "session_id": 12}', 422, "invalid_session_id"),
        (json.dumps({"message": "a" * (MAX_MESSAGE_CHARS + 1)}).encode(), 422, "message_too_long"),
        (b'{"message": "' + b"a" * MAX_BODY_BYTES + b'"}', 413, "body_too_large"),
    ],
)
def test_bad_requests_get_a_clear_4xx_json_error(client, body, status, error):
    response = client.post("/api/chat", content=body, headers={"content-type": "application/json"})
    assert response.status_code == status
    data = response.json()
    assert data["error"] == error and len(data["detail"]) > 10


def test_an_oversized_body_without_content_length_is_refused(client):
    def chunks():
        for _ in range(40):
            yield b"x" * 1024

    response = client.post("/api/chat", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413 and response.json()["error"] == "body_too_large"


def test_reset_needs_no_body(client):
    response = client.post("/api/reset")
    assert response.status_code == 200 and response.json()["ok"] is True
    response = client.post("/api/reset", content=b"null", headers={"content-type": "application/json"})
    assert response.status_code == 200 and response.json()["ok"] is True  # the schema's "no body"


def test_reset_rejects_bad_bodies_too(client):
    as_json = {"content-type": "application/json"}
    assert client.post("/api/reset", content=b"[]", headers=as_json).status_code == 422
    assert client.post("/api/reset", content=b"{", headers=as_json).status_code == 400
    assert client.post("/api/reset", content=b"{}", headers={"content-type": "text/plain"}).status_code == 415


def test_unknown_paths_and_methods_are_json_errors(client):
    assert client.get("/nope").status_code == 404 and client.get("/nope").json()["error"] == "not_found"
    assert client.get("/api/chat").status_code == 405


def test_hostile_messages_are_answered_not_crashed(client):
    for message in ["\x00\x01\x1b[2J", "<script>alert(1)</script>", "\U0001f642" * 300, "   "]:
        response = client.post("/api/chat", json={"message": message})
        assert response.status_code == 200 and response.json()["kind"]
    lone_surrogate = client.post(
        "/api/chat", content=b'{"message": "\\ud800 botox"}', headers={"content-type": "application/json"}
    )
    assert lone_surrogate.status_code == 200 and lone_surrogate.json()["kind"]


def _framework_route(app):
    """The FastAPI app under the kiosk's own layers, whose /api/chat route the OpenAPI document describes."""
    layer = app
    while not hasattr(layer, "openapi"):
        layer = layer.app
    return layer


@pytest.mark.parametrize(
    "body",
    [
        {"message": "botox for spasms"},
        {"message": "i had botox last week and now i cant swallow"},
        {"message": "is it approved?", "session_id": "not-a-token"},
        {"message": "x" * (MAX_MESSAGE_CHARS + 1)},
        {"message": 42},
        {"session_id": None},
        {"message": "hi", "session_id": 7},
    ],
)
def test_the_short_route_answers_byte_for_byte_as_the_framework_route(responder, clock, body):
    """/api/chat skips FastAPI's request path; the reply (or the error) is the same as FastAPI's."""
    app = create_app(responder, secret=SECRET, clock=clock)
    short = TestClient(app).post("/api/chat", json=body)
    framework = TestClient(_framework_route(app)).post("/api/chat", json=body)
    assert short.status_code == framework.status_code
    assert short.json() == framework.json()
    assert short.headers["content-type"] == framework.headers["content-type"] == "application/json"


# -- languages (issue "Español") --------------------------------------------------------------------


def test_a_reply_says_its_language_and_comes_in_the_language_of_the_message(client, responder):
    spanish = chat(client, "¿el botox sirve para el sudor de las axilas?")
    assert (spanish["language"], spanish["title"]) == ("es", responder.texts("es").title("hyperhidrosis"))
    assert (
        spanish["sources"][0]["translation"] == responder.texts("es").responses["hyperhidrosis"].sources[0].translation
    )
    english = chat(client, "and is it approved?", spanish["session_id"])
    assert english["language"] == "en" and english["aspect"] == "approval"


def test_the_pages_language_answers_a_message_that_could_be_either(client):
    response = client.post("/api/chat", json={"message": "ok", "language": "es"})
    assert response.status_code == 200 and response.json()["language"] == "es"
    assert chat(client, "ok")["language"] == "en"
    # A language the content lacks is ignored, not refused.
    response = client.post("/api/chat", json={"message": "ok", "language": "tlh"})
    assert response.status_code == 200 and response.json()["language"] == "en"


def test_the_page_and_the_topics_in_spanish(client, responder):
    page = client.get("/?lang=es").text
    assert '<html lang="es" data-size="0">' in page and responder.texts("es").settings["kiosk"]["welcome"] in page
    assert 'href="/?lang=en"' in page and 'href="/?lang=es"' not in page
    english = client.get("/").text
    assert '<html lang="en" data-size="0">' in english and 'href="/?lang=es"' in english
    topics = client.get("/api/topics", params={"lang": "es"}).json()["topics"]
    assert [t["title"] for t in topics] == [responder.texts("es").title(i) for i in responder.content.topic_ids]


# -- one error shape (issue 18) ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status"),
    [
        ("get", "/nowhere", {}, 404),
        ("post", "/healthz", {}, 405),
        ("put", "/api/chat", {}, 405),
        ("post", "/api/chat", {"content": "hi", "headers": {"content-type": "text/plain"}}, 415),
        ("post", "/api/chat", {"content": "{broken", "headers": {"content-type": "application/json"}}, 400),
        ("post", "/api/chat", {"json": {}}, 422),
        ("post", "/api/chat", {"json": {"message": 7}}, 422),
        ("post", "/api/chat", {"json": [1, 2]}, 422),
        ("post", "/api/reset", {"json": {"session_id": 5}}, 422),
        ("get", "/api/stats", {}, 404),
    ],
)
def test_every_client_error_has_one_json_shape(client, method, path, kwargs, status):
    response = getattr(client, method)(path, **kwargs)
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"error", "detail"} and all(isinstance(v, str) and v for v in body.values())
    assert response.content == json.dumps(body, separators=(",", ":")).encode()  # compact, like every other


def test_the_openapi_document_lists_the_one_error_shape_for_every_4xx(client):
    spec = client.get("/openapi.json").json()
    assert "HTTPValidationError" not in spec["components"]["schemas"]
    for path, methods in spec["paths"].items():
        for method, operation in methods.items():
            for status, response in operation["responses"].items():
                if status.startswith("4"):
                    schema = response["content"]["application/json"]["schema"]
                    assert schema == {"$ref": "#/components/schemas/ErrorReply"}, (path, method, status)
