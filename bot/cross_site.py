"""Cross-site request checks for the endpoints a browser can reach.

A page on another site can make a visitor's browser post to us — an HTML form with
`enctype="text/plain"` needs no permission — so the JSON endpoints insist on
`Content-Type: application/json` (a browser only sends that cross-site after a CORS
preflight that we answer only for allowed origins) and refuse a browser `Origin` that is
neither the gateway's own nor in CHAT_ALLOWED_ORIGINS. Requests without an `Origin` header
(a council's server posting to the API, Twilio, curl) are not from a browser page and pass.
"""

from __future__ import annotations

from typing import Final

from sanic import Request
from sanic.response import HTTPResponse, empty

PREFLIGHT_MAX_AGE: Final = "600"


def own_origin(request: Request) -> str:
    return f"{request.scheme}://{request.host}".lower()


def origin_allowed(request: Request) -> bool:
    """True for requests without an Origin and for origins allowed to use the chat and API."""
    origin = request.headers.get("origin")
    if origin is None:
        return True
    origin = origin.strip().lower()
    return origin == own_origin(request) or origin in request.app.ctx.settings.chat_allowed_origins


def cors_headers(request: Request) -> dict[str, str]:
    """CORS headers for an allowed foreign origin (a council page embedding the chat)."""
    origin = request.headers.get("origin")
    if origin is None or origin.strip().lower() == own_origin(request) or not origin_allowed(request):
        return {}
    return {"Access-Control-Allow-Origin": origin.strip(), "Vary": "Origin"}


def preflight(request: Request) -> HTTPResponse:
    """The answer to a CORS preflight: allowed origins may POST JSON; others get no grant
    (the browser then does not send the request)."""
    headers = cors_headers(request)
    if not headers:
        return empty(status=403)
    headers.update(
        {
            "Access-Control-Allow-Methods": "POST",
            "Access-Control-Allow-Headers": "Content-Type, Idempotency-Key",
            "Access-Control-Max-Age": PREFLIGHT_MAX_AGE,
        }
    )
    return empty(status=204, headers=headers)
