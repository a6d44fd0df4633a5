"""Refuse request bodies over a limit before anyone reads them (HTTP 413), logged in or not."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class _TooLarge(Exception):
    pass


class BodyLimit:
    """ASGI middleware: a declared or streamed body over `limit` bytes gets 413 and is not read further."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on, counting its body."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._refuse(scope, send)
            return
        received, started, overflow, refused = 0, False, False, False

        async def counted() -> Message:
            nonlocal received, overflow
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    overflow = True
                    raise _TooLarge
            return message

        async def watched(message: Message) -> None:
            # A framework that catches the overflow while parsing answers 400; the answer is 413 instead.
            nonlocal started, refused
            if overflow and not started:
                if not refused:
                    refused = True
                    await self._refuse(scope, send)
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except _TooLarge:
            if not started and not refused:
                await self._refuse(scope, send)

    async def _refuse(self, scope: Scope, send: Send) -> None:
        megabytes = self.limit // (1 << 20)
        detail = f"het verzoek is groter dan {megabytes} MB; bestanden mogen hoogstens 50 MB zijn"
        problem = {"type": "https://novex.example/problemen/413", "title": "Te groot", "status": 413,
                   "detail": detail, "instance": scope.get("path", "")}  # fmt: skip
        body = json.dumps(problem, ensure_ascii=False).encode()
        headers = [(b"content-type", b"application/problem+json"), (b"content-length", str(len(body)).encode()),
                   (b"connection", b"close")]  # fmt: skip
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})
