"""Polite HTTP for `counterclaim watch`: one client (httpx) that names counterclaim in its
User-Agent, asks robots.txt before every URL (once per host per round), waits `delay` seconds
between two requests to one host, cuts every request at `timeout` seconds however slowly the
server answers, and sends the validators of the last answer (If-None-Match, If-Modified-Since)
so that an unchanged feed costs a 304.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from .. import __version__

USER_AGENT = f"counterclaim/{__version__} (claims ledger watcher; +https://github.com/counterclaim/counterclaim)"
ROBOTS_AGENT = "counterclaim"  # the name robots.txt rules are matched against


class FetchError(Exception):
    """A request that gave nothing usable: a network error, a timeout, an HTTP error status, a
    body over the size limit. `status` is the HTTP status when there was one; `transient` says
    whether asking again later may help (timeouts, network errors, 5xx, 429)."""

    def __init__(self, message: str, status: int | None = None, transient: bool = True):
        super().__init__(message)
        self.status, self.transient = status, transient


class Disallowed(FetchError):
    """robots.txt does not let counterclaim fetch this URL."""


@dataclass
class Answer:
    url: str                    # the URL finally answered, after redirects
    status: int                 # 200 or 304
    body: bytes
    etag: str | None
    last_modified: str | None
    content_type: str


class Fetcher:
    """HTTP GETs with robots.txt, a per-host delay, a hard timeout and conditional requests.

    delay: seconds between two requests to one host; timeout: seconds a request may take in all
    (connecting, waiting, reading); max_bytes: the largest body read. Requests say they are
    counterclaim's (USER_AGENT).
    """

    def __init__(self, *, delay: float = 1.0, timeout: float = 20.0, max_bytes: int = 10_000_000):
        self.delay, self.timeout, self.max_bytes = delay, timeout, max_bytes
        self.client = httpx.Client(timeout=timeout, follow_redirects=True, headers={"User-Agent": USER_AGENT})
        self.last: dict[str, float] = {}                       # host -> when its last request ended
        self.robots: dict[str, RobotFileParser | str] = {}     # origin -> rules, or why unreadable

    def close(self) -> None:
        self.client.close()

    def new_round(self) -> None:
        """Forget the robots.txt files read, so each round reads them afresh."""
        self.robots.clear()

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets counterclaim fetch `url`. Raises FetchError when the host's
        robots.txt cannot be read (a timeout, 5xx): nothing is fetched from it this round."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self.robots:
            self.robots[origin] = self._read_robots(origin)
        rules = self.robots[origin]
        if isinstance(rules, str):
            raise FetchError(f"{origin}/robots.txt cannot be read ({rules}); not asking that host this round")
        return rules.can_fetch(ROBOTS_AGENT, url)

    def _read_robots(self, origin: str) -> RobotFileParser | str:
        rules = RobotFileParser(origin + "/robots.txt")
        try:
            answer = self.get(origin + "/robots.txt", check_robots=False)
        except FetchError as e:
            if e.status in (401, 403):   # as urllib.robotparser: forbidden robots.txt forbids all
                rules.disallow_all = True
            elif e.status is not None and 400 <= e.status < 500:   # none there: everything allowed
                rules.allow_all = True
            else:                        # unreachable (RFC 9309: assume everything is disallowed)
                return str(e)
            return rules
        rules.parse(answer.body.decode("utf-8", "replace").splitlines())
        return rules

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
            check_robots: bool = True) -> Answer:
        """GET `url`, sending the validators given; an Answer with status 200 or 304. Raises
        FetchError for anything else, Disallowed when robots.txt forbids it."""
        if check_robots and not self.allowed(url):
            raise Disallowed(f"{url}: disallowed by robots.txt", transient=False)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        host = urlsplit(url).netloc
        wait = self.last.get(host, -1e18) + self.delay - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        started = time.monotonic()
        try:
            with self.client.stream("GET", url, headers=headers) as response:
                body = bytearray()
                if response.status_code == 200:
                    for chunk in response.iter_bytes():
                        body += chunk
                        if len(body) > self.max_bytes:
                            raise FetchError(f"{url}: over {self.max_bytes:,} bytes; not read", transient=False)
                        if time.monotonic() - started > self.timeout:   # a server trickling its answer
                            raise FetchError(f"{url}: no complete answer within {self.timeout:g} s")
                status = response.status_code
                final = str(response.url)
                etag_out, modified = response.headers.get("etag"), response.headers.get("last-modified")
                kind = response.headers.get("content-type", "")
        except httpx.TimeoutException:
            raise FetchError(f"{url}: no answer within {self.timeout:g} s (timed out)") from None
        except httpx.HTTPError as e:
            raise FetchError(f"{url}: {type(e).__name__}: {e}") from None
        finally:
            self.last[host] = time.monotonic()
        if status not in (200, 304):
            raise FetchError(f"{url}: HTTP {status}", status=status, transient=status >= 500 or status == 429)
        return Answer(final, status, bytes(body), etag_out, modified, kind)
