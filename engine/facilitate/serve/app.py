"""The exercise console's web application (Starlette, served by uvicorn).

Addresses, each under its role's token (``access``): ``/<role>/<token>`` the page,
``…/events`` its live updates (server-sent events: the page's regions redrawn on the
server), ``…/timeline.svg`` the chart of the session so far (facilitator and evaluator),
``/facilitator/<token>/command`` and ``/evaluator/<token>/observe`` the forms (POST,
form-encoded). A wrong token is 403 and shows nothing; the players' token reads only.

Safety: no cookies, so a form is only ever accepted with the role's secret token in its
address (the token is the anti-forgery token), and a POST from another origin is refused
besides (``Origin``/``Sec-Fetch-Site``); every page is drawn with escaping; every response
carries a Content-Security-Policy that allows no inline script or style, only the console's
own two files, and no framing; the token never leaves in a Referer.
"""

import asyncio
import contextlib
import json
import urllib.parse
from collections.abc import AsyncIterator, Callable
from importlib import resources

from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from engine.facilitate.feed import Message as Said
from engine.facilitate.outcome import record_so_far
from engine.facilitate.serve.access import ROLES, Access
from engine.facilitate.serve.forms import FormError, evaluator_line, facilitator_line
from engine.facilitate.serve.room import Reply, Room
from engine.facilitate.serve.snapshot import Snapshot
from engine.facilitate.serve.views import Views

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
SECURITY = {
    "content-security-policy": CSP, "x-content-type-options": "nosniff", "referrer-policy": "no-referrer",
    "x-frame-options": "DENY", "cache-control": "no-store", "cross-origin-opener-policy": "same-origin",
}
STATIC = {"console.css": "text/css; charset=utf-8", "console.js": "text/javascript; charset=utf-8"}
KEEPALIVE = 15.0  # seconds between comments on an idle event stream, so proxies keep it open
MAX_FORM = 64 * 1024  # bytes: a form is a few lines of text
CHART_ROLES = ("facilitator", "evaluator")


class SecurityHeaders:
    """Adds ``SECURITY`` to every response that does not set its own."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)


class Hub:
    """Wakes the pages' event streams when the room publishes a snapshot (from its thread)."""

    def __init__(self) -> None:
        self.loop: asyncio.AbstractEventLoop | None = None
        self.queues: set[asyncio.Queue[int]] = set()

    def notify(self, serial: int) -> None:
        """Called on the session's thread: hand the news to the event loop."""
        if self.loop is not None:
            with contextlib.suppress(RuntimeError):  # the loop closed while shutting down
                self.loop.call_soon_threadsafe(self._wake, serial)

    def _wake(self, serial: int) -> None:
        for q in list(self.queues):
            q.put_nowait(serial)

    def close(self) -> None:
        """End every stream (the server is stopping)."""
        self._wake(-1)


async def no_icon(_request: Request) -> Response:
    """The console has no icon: 204, which browsers take quietly (a 403 or 404 is logged as an
    error in the page's console)."""
    return Response(status_code=204)


def create_app(room: Room, views: Views, access: Access) -> Starlette:
    """The console's application for ``room``; its pages are drawn by ``views``."""
    console = Console(room, views, access)
    routes = [
        Route("/", console.landing),
        Route("/static/{name}", console.static),
        Route("/favicon.ico", no_icon),  # asked by every browser; as /{role} it was a 403 in every console
        Route("/facilitator/{token}/command", console.command, methods=["POST"]),
        Route("/evaluator/{token}/observe", console.observe, methods=["POST"]),
        Route("/{role}/{token}", console.page),
        Route("/{role}", console.no_token),  # a link without its token: refused, as a wrong token is
        Route("/{role}/{token}/events", console.events),
        Route("/{role}/{token}/timeline.svg", console.timeline),
    ]
    app = Starlette(routes=routes, lifespan=console.lifespan)
    app.add_middleware(SecurityHeaders)
    return app


class Console:
    """The handlers of the console's addresses, over one room."""

    def __init__(self, room: Room, views: Views, access: Access) -> None:
        self.room, self.views, self.access = room, views, access
        self.hub = Hub()
        self.charts: dict[int, bytes] = {}  # the timeline of the latest state version

    @contextlib.asynccontextmanager
    async def lifespan(self, _: Starlette) -> AsyncIterator[None]:
        """Listen to the room while the server runs; end the event streams when it stops."""
        self.hub.loop = asyncio.get_running_loop()
        stop = self.room.listen(self.hub.notify)
        try:
            yield
        finally:
            stop()
            self.hub.close()

    def current(self) -> Snapshot:
        """The room's latest snapshot (it is started before the server)."""
        snap = self.room.snapshot
        assert snap is not None
        return snap

    def allowed(self, request: Request, roles: tuple[str, ...] = ROLES) -> str | None:
        """The role of the address, if its token is that role's and the role is one of ``roles``."""
        role, token = request.path_params["role"], request.path_params["token"]
        return role if role in roles and self.access.allows(role, token) else None

    async def landing(self, _: Request) -> Response:
        """The bare address: says to use a role link, shows nothing."""
        return HTMLResponse(self.views.landing("accord exercise console", "Open the link you were given for "
                                               "your role: facilitator, players or evaluator."))

    async def static(self, request: Request) -> Response:
        """The console's stylesheet and script."""
        name = request.path_params["name"]
        if name not in STATIC:
            return Response("not found", status_code=404)
        body = resources.files("engine.facilitate.serve").joinpath("static").joinpath(name).read_bytes()
        return Response(body, media_type=STATIC[name])

    async def page(self, request: Request) -> Response:
        """A role's page."""
        role = self.allowed(request)
        if role is None:
            return _refused(self.views)
        return HTMLResponse(self.views.page(role, self.current(), _audience(request)))

    async def no_token(self, _request: Request) -> Response:
        """A role's address without its token (``/facilitator``, ``/players/``): 403, no page."""
        return _refused(self.views)

    async def events(self, request: Request) -> Response:
        """A role's live updates: the regions of its page, after every change."""
        role = self.allowed(request)
        if role is None:
            return _refused(self.views)
        return StreamingResponse(self._stream(role, _audience(request)), media_type="text/event-stream",
                                 headers={"x-accel-buffering": "no"})

    async def _stream(self, role: str, audience: str | None) -> AsyncIterator[str]:
        q: asyncio.Queue[int] = asyncio.Queue()
        self.hub.queues.add(q)
        try:
            snap = self.current()
            yield "retry: 1000\n\n" + _event(self.views, role, snap, audience)
            while True:
                try:
                    serial = await asyncio.wait_for(q.get(), KEEPALIVE)
                except TimeoutError:
                    yield ": still here\n\n"
                    continue
                if serial < 0:
                    return
                if self.current().serial != snap.serial:
                    snap = self.current()
                    yield _event(self.views, role, snap, audience)
        finally:
            self.hub.queues.discard(q)

    async def timeline(self, request: Request) -> Response:
        """The chart of the session so far (drawn on the session's thread, once per version)."""
        if self.allowed(request, CHART_ROLES) is None:
            return _refused(self.views)
        version = self.current().version
        if version not in self.charts:
            svg = await asyncio.wrap_future(self.room.call(lambda: _chart(self.room)))
            self.charts = {version: svg}
        return Response(self.charts[version], media_type="image/svg+xml",
                        headers={"content-security-policy": "default-src 'none'; style-src 'unsafe-inline'"})

    async def command(self, request: Request) -> Response:
        """A facilitator's control: every one carries the state version its page showed."""
        return await self._act(request, "facilitator", lambda form: facilitator_line(form, self.views.world),
                               checked=True)

    async def observe(self, request: Request) -> Response:
        """An evaluator's observation (never stale)."""
        return await self._act(request, "evaluator", lambda form: evaluator_line(form, self.views.world),
                               checked=False)

    async def _act(self, request: Request, role: str, line: Callable[[dict[str, str]], str], *,
                   checked: bool) -> Response:
        if not self.access.allows(role, request.path_params["token"]) or not _same_origin(request):
            return _refused(self.views)
        form = await _form(request)
        try:
            if form is None:
                raise FormError("the form could not be read")
            text = line(form)
            version = _version(form) if checked else None
        except FormError as exc:
            refusal = Reply(False, (Said("error", str(exc)),), self.current().version)
            return self._answer(request, role, refusal, 400)
        reply = await asyncio.wrap_future(self.room.submit(text, version))
        return self._answer(request, role, reply, 200, text)

    def _answer(self, request: Request, role: str, reply: Reply, status: int, command: str = "") -> Response:
        """JSON for the page's script. A browser without it: back to the page (a redirect) when
        the command was carried out; the page itself with the refusal on it (status 400) when
        not, since a redirect would lose what went wrong."""
        if "application/json" in request.headers.get("accept", ""):
            messages = [{"level": m.level, "text": m.text} for m in reply.messages]
            return JSONResponse({"ok": reply.ok, "command": command, "messages": messages, "version": reply.version},
                                status_code=status)
        if reply.ok:
            return RedirectResponse(f"/{role}/{self.access.tokens[role]}", status_code=303)
        return HTMLResponse(self.views.page(role, self.current(), feedback=reply.messages), status_code=400)


def _chart(room: Room) -> bytes:
    """The timeline of the session so far, as SVG (on the session's thread)."""
    from engine.render.charts.timeline import timeline_svg  # noqa: PLC0415 - matplotlib when a chart is asked for

    return timeline_svg(record_so_far(room.session), room.session.world).encode("utf-8")


def _event(views: Views, role: str, snap: Snapshot, audience: str | None) -> str:
    data = {"serial": snap.serial, "version": snap.version, "regions": views.regions(role, snap, audience)}
    return f"id: {snap.serial}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def _audience(request: Request) -> str | None:
    return request.query_params.get("audience") or None


def _refused(views: Views) -> Response:
    return HTMLResponse(views.landing("Not allowed", "This link is not valid for this exercise or this action."),
                        status_code=403)


def _same_origin(request: Request) -> bool:
    """A browser's POST from this console's own pages (other clients send no Origin).

    A form posted without the page's script, from a page whose referrer policy is
    ``no-referrer`` (ours), carries ``Origin: null``: it is ours when the browser also says
    ``Sec-Fetch-Site: same-origin`` (a header no page can set); a null origin without it is
    refused (a sandboxed frame or a ``data:`` page of another site)."""
    site = request.headers.get("sec-fetch-site")
    if site is not None and site not in ("same-origin", "none"):
        return False
    origin = request.headers.get("origin")
    host = request.headers.get("host", "")
    if origin == "null":
        return site == "same-origin"
    return origin is None or origin in (f"http://{host}", f"https://{host}")


async def _form(request: Request) -> dict[str, str] | None:
    """The fields of a form-encoded body (first value of each), None if it is not one."""
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/x-www-form-urlencoded":
        return None
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM:
            return None
    try:
        pairs = urllib.parse.parse_qsl(body.decode("utf-8"), keep_blank_values=True, max_num_fields=200)
    except (UnicodeDecodeError, ValueError):
        return None
    form: dict[str, str] = {}
    for key, value in pairs:
        form.setdefault(key, value)
    return form


def _version(form: dict[str, str]) -> int:
    try:
        return int(form.get("version", ""))
    except ValueError:
        raise FormError("the form carries no state version: reload the page") from None
