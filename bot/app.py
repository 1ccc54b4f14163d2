"""The gateway application: public web page, web chat, health, and later SMS, form and staff."""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor

from sanic import Request, Sanic
from sanic.exceptions import RequestCancelled
from sanic.handlers import ErrorHandler
from sanic.response import HTTPResponse, empty, json

from bot.api import api
from bot.channels.rest import rest
from bot.channels.twilio import twilio
from bot.conversations import ConversationGateway
from bot.health import health
from bot.language import LanguageDetector
from bot.openapi import openapi
from bot.rasa_client import RasaClient
from bot.rate_limits import RateLimiter
from spotsigns.config import Settings
from spotsigns.logs import configure_logging
from spotsigns.storage.sms import SmsStore
from spotsigns.storage.store import build_tip_store
from web_form.public import public

logger = logging.getLogger("spotsigns.gateway")

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "geolocation=(), camera=(), microphone=()",
}


class QuietErrorHandler(ErrorHandler):
    """Errors answer with a short JSON body; logs name the error, never the request."""

    def default(self, request: Request, exception: Exception) -> HTTPResponse:
        status = getattr(exception, "status_code", 500)
        if isinstance(exception, RequestCancelled):  # the client went away mid-request: not our error
            logger.info("request cancelled by the client on %s", _route_name(request))
            return empty(status=499)
        if status == 500 and isinstance(exception, OSError | ValueError) and _is_static_route(request):
            # Sanic's file handler raises on a directory ("/static/") or a NUL in the name.
            logger.info("rejected static file request: %s", type(exception).__name__)
            return json({"error": "notfound", "message": "Not found"}, status=404)
        if status == 413 and request.path.startswith("/api/"):
            # The API answers every unusable request with field errors (SPEC §5).
            logger.info("rejected API report: body too large")
            return json({"errors": {"body": f"must be at most {request.app.config.REQUEST_MAX_SIZE} bytes"}}, status=422)
        if status >= 500:
            logger.error("unhandled %s on %s %s", type(exception).__name__, request.method, _route_name(request))
            return json({"error": "internal_error", "message": "Something went wrong on our side."}, status=500)
        message = str(exception) or "Request rejected"
        logger.info("rejected request: status=%s %s", status, type(exception).__name__)
        return json({"error": type(exception).__name__.lower(), "message": message}, status=status)


def _route_name(request: Request) -> str:
    """The route's name for a log line: the path itself is the client's text (it may hold an
    e-mail address, or anything meant to mislead whoever reads the log)."""
    return request.route.name if request.route is not None else "no_route"


def _is_static_route(request: Request) -> bool:
    route = request.route
    return route is not None and bool(route.extra.static)


def create_app(settings: Settings | None = None, *, name: str = "spotsigns") -> Sanic:
    settings = settings or Settings.load()
    app = Sanic(name, error_handler=QuietErrorHandler(), configure_logging=False)  # JSON lines via spotsigns.logs
    app.config.REQUEST_MAX_SIZE = settings.max_body_bytes
    app.config.ACCESS_LOG = False  # access logs carry IP addresses
    app.config.FALLBACK_ERROR_FORMAT = "json"
    app.config.KEEP_ALIVE_TIMEOUT = 30
    app.ctx.settings = settings
    # Built with the app (not at server start): bad limits are a startup error, and the counts
    # live as long as the app.
    app.ctx.limiter = RateLimiter(
        storage_url=settings.rate_limit_storage_url,
        per_conversation=settings.rate_limit_conversation,
        per_client=settings.rate_limit_client,
        key=settings.pseudonym_key,
    )

    app.blueprint(rest)
    app.blueprint(twilio)
    app.blueprint(api)
    app.blueprint(openapi)
    app.blueprint(health)
    app.blueprint(public)

    @app.before_server_start
    async def start(app: Sanic) -> None:
        # Database work runs in threads (SQLAlchemy is synchronous); on PostgreSQL a turn waits
        # on the network, so more threads than the default cpu+4 keep the server busy.
        asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(max_workers=settings.db_threads, thread_name_prefix="db"))
        store = build_tip_store(settings)
        app.ctx.store = store
        app.ctx.sms = SmsStore(store.sessions)
        app.ctx.rasa = RasaClient(settings.rasa_url, timeout=settings.rasa_timeout_seconds)
        app.ctx.gateway = ConversationGateway(
            rasa=app.ctx.rasa,
            detector=LanguageDetector(),
            store=store,
            pseudonym_key=settings.pseudonym_key,
            settings=settings,
        )
        app.ctx.gateway.contacts.load()

    @app.after_server_stop
    async def stop(app: Sanic) -> None:
        await app.ctx.rasa.aclose()
        app.ctx.store.close()

    @app.on_response
    async def security_headers(request: Request, response: HTTPResponse) -> None:
        for header, value in SECURITY_HEADERS.items():
            response.headers.setdefault(header, value)

    return app


def serve(settings: Settings | None = None) -> None:
    """Run the gateway in this process (one process: per-sender ordering lives in memory)."""
    settings = settings or Settings.load()
    configure_logging()
    app = create_app(settings)
    app.run(host=settings.host, port=settings.port, single_process=True, access_log=False, motd=False)
