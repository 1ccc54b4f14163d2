"""The public pages: a demo council page with the chat widget, and the assets they use."""

from __future__ import annotations

from pathlib import Path

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, html

from spotsigns.config import REPO_ROOT
from web_form.templates_env import render, reporter_context

STATIC = Path(__file__).resolve().parent / "static"
GOVUK_DIST = REPO_ROOT / "node_modules" / "govuk-frontend" / "dist" / "govuk"

public = Blueprint("public")
public.static("/static", STATIC, name="static")
public.static("/assets", GOVUK_DIST / "assets", name="govuk_assets")
public.static("/static/govuk/govuk-frontend.min.js", GOVUK_DIST / "govuk-frontend.min.js", name="govuk_js")


@public.get("/")
async def home(request: Request) -> HTTPResponse:
    settings = request.app.ctx.settings
    form_available = any(route.path == "report" for route in request.app.router.routes)
    return html(render("index.html", **reporter_context(settings), form_available=form_available))
