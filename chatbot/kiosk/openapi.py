"""The published OpenAPI description of the kiosk API (served at /openapi.json)."""

from __future__ import annotations

from typing import Any

from ..models import KINDS

_ERROR = {
    "description": "The request could not be answered as sent.",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}


def schema(max_message_chars: int) -> dict[str, Any]:
    """OpenAPI 3.1 document for the JSON API."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Botox patient-information kiosk API",
            "version": "1.0.0",
            "description": "Answers patient questions from one cited article. Conversation state travels "
            "in 'session_id', a signed token: send back the one from the previous reply.",
        },
        "paths": {
            "/api/chat": {
                "post": {
                    "summary": "Answer one patient message",
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ChatRequest"}}},
                    },
                    "responses": {
                        "200": {"description": "The reply", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ChatReply"}}}},
                        "400": _ERROR, "413": _ERROR, "422": _ERROR,
                    },
                }
            },
            "/api/reset": {
                "post": {
                    "summary": "End a conversation and start a new one",
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": {
                            "type": "object", "properties": {"session_id": {"type": ["string", "null"]}},
                        }}},
                    },
                    "responses": {
                        "200": {"description": "A fresh session", "content": {"application/json": {"schema": {
                            "type": "object", "required": ["ok", "session_id"],
                            "properties": {"ok": {"type": "boolean"}, "session_id": {"type": "string"}},
                        }}}},
                        "400": _ERROR, "413": _ERROR, "422": _ERROR,
                    },
                }
            },
            "/api/topics": {
                "get": {
                    "summary": "The topics, in menu order",
                    "responses": {"200": {"description": "Topic ids and titles", "content": {"application/json": {"schema": {
                        "type": "object", "required": ["topics"],
                        "properties": {"topics": {"type": "array", "items": {
                            "type": "object", "required": ["id", "title"],
                            "properties": {"id": {"type": "string"}, "title": {"type": "string"}},
                        }}},
                    }}}}},
                }
            },
            "/healthz": {
                "get": {
                    "summary": "Liveness check",
                    "responses": {"200": {"description": "The service is up", "content": {"application/json": {"schema": {
                        "type": "object", "properties": {"status": {"const": "ok"}},
                    }}}}},
                }
            },
        },
        "components": {
            "schemas": {
                "ChatRequest": {
                    "type": "object",
                    "required": ["message"],
                    "properties": {
                        "message": {"type": "string", "maxLength": max_message_chars},
                        "session_id": {
                            "type": ["string", "null"],
                            "description": "From the previous reply; omit or null to start a conversation.",
                        },
                    },
                },
                "Source": {
                    "type": "object", "required": ["section", "quote"],
                    "properties": {"section": {"type": "string"}, "quote": {"type": "string"}},
                },
                "ChatReply": {
                    "type": "object",
                    "required": ["kind", "text", "intents", "confidence", "reminder", "sources", "suggestions", "session_id"],
                    "properties": {
                        "kind": {"enum": list(KINDS)},
                        "text": {"type": "string", "description": "Everything to show, reminder included."},
                        "title": {"type": "string"},
                        "body": {"type": "string"},
                        "intents": {"type": "array", "items": {"type": "string"}},
                        "confidence": {"type": "number", "minimum": 0, "maximum": 1},
                        "reminder": {"type": "string"},
                        "sources": {"type": "array", "items": {"$ref": "#/components/schemas/Source"}},
                        "suggestions": {"type": "array", "items": {"type": "string"}},
                        "aspect": {"type": ["string", "null"]},
                        "session_id": {"type": "string"},
                        "session_renewed": {"type": "boolean", "description": "The session sent was expired or invalid; a new one was started."},
                    },
                },
                "Error": {
                    "type": "object", "required": ["error", "detail"],
                    "properties": {"error": {"type": "string"}, "detail": {"type": "string"}},
                },
            }
        },
    }
