"""Protections of the web app: CSRF tokens, the login rate limit, the request size limit.

- CSRF: a random token in an HttpOnly, SameSite=Strict cookie is also written into every form
  (and returned by the API's login); a state-changing request must carry it back in the form
  field ``csrf_token`` or the header ``X-CSRF-Token`` (the "double submit" pattern of the OWASP
  CSRF Prevention Cheat Sheet), compared in constant time.
- Login rate limit: at most ``login_attempts`` failures per user name and per client address in
  a sliding window; more get HTTP 429 with ``Retry-After``.
- Size limit: a request body above ``max_upload_bytes`` gets HTTP 413, whether announced by
  ``Content-Length`` or streamed.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections import defaultdict, deque
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

CSRF_COOKIE = "hemicycle_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SESSION_COOKIE = "hemicycle_session"

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def new_token() -> str:
    """A random token of 256 bits, URL-safe."""
    return secrets.token_urlsafe(32)


def tokens_match(expected: str | None, given: str | None) -> bool:
    """Constant-time comparison; absent tokens never match.

    >>> tokens_match("abc", "abc"), tokens_match("abc", "abd"), tokens_match(None, None)
    (True, False, False)
    """
    if not expected or not given:
        return False
    return hmac.compare_digest(expected.encode(), given.encode())


class LoginLimiter:
    """Counts failed logins per key (a name or an address) in a sliding window.

    >>> limiter = LoginLimiter(attempts=2, window=60, clock=lambda: 0.0)
    >>> limiter.fail("ada"); limiter.fail("ada"); limiter.retry_after("ada")
    60
    >>> limiter.reset("ada"); limiter.retry_after("ada")
    0
    """

    def __init__(
        self, *, attempts: int, window: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.attempts = attempts
        self.window = window
        self._clock = clock
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _prune(self, key: str, now: float) -> deque[float]:
        failures = self._failures[key]
        while failures and failures[0] <= now - self.window:
            failures.popleft()
        return failures

    def retry_after(self, key: str) -> int:
        """Seconds until ``key`` may try again; 0 if it may now."""
        with self._lock:
            now = self._clock()
            failures = self._prune(key, now)
            if len(failures) < self.attempts:
                return 0
            return max(1, int(failures[0] + self.window - now + 0.999))

    def fail(self, key: str) -> None:
        """Record a failed attempt."""
        with self._lock:
            now = self._clock()
            self._prune(key, now).append(now)

    def reset(self, key: str) -> None:
        """Forget the failures of ``key`` (after a successful login)."""
        with self._lock:
            self._failures.pop(key, None)


class BodyTooLargeError(Exception):
    """Raised inside the app when a streamed body passes the limit."""


class BodySizeLimit:
    """ASGI middleware answering 413 to requests whose body exceeds ``limit`` bytes."""

    def __init__(self, app: ASGIApp, *, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await _too_large(send, self.limit)
            return
        received = 0
        exceeded = False
        answered = False

        async def counting_receive() -> Message:
            nonlocal received, exceeded
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    exceeded = True
                    raise BodyTooLargeError
            return message

        async def watching_send(message: Message) -> None:
            # The framework may catch the error raised while it reads the body (FastAPI turns
            # any failure of form parsing into 400 "error parsing the body"): once the limit is
            # passed, whatever the app answers is replaced by the 413.
            nonlocal answered
            if exceeded:
                if not answered:
                    answered = True
                    await _too_large(send, self.limit)
                return
            if message["type"] == "http.response.start":
                answered = True
            await send(message)

        try:
            await self.app(scope, counting_receive, watching_send)
        except BodyTooLargeError:
            if not answered:
                await _too_large(send, self.limit)


async def _too_large(send: Send, limit: int) -> None:
    body = f"request body too large: the limit is {limit:,} bytes\n".encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


__all__ = [
    "CSRF_COOKIE",
    "CSRF_FIELD",
    "CSRF_HEADER",
    "SESSION_COOKIE",
    "BodySizeLimit",
    "BodyTooLargeError",
    "LoginLimiter",
    "new_token",
    "tokens_match",
]
