"""What a watched source lists: the article links of an RSS or Atom feed (feedparser), the pages
of a sitemap, or the sitemaps of a sitemap index (the sitemaps protocol, gzipped or not). The kind
is read from the content, not the URL; anything else is a ValueError naming the first bytes."""
from __future__ import annotations

import gzip
import io
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
MAX_UNZIPPED = 50_000_000  # the sitemaps protocol's limit is 50 MB uncompressed


@dataclass
class Listing:
    kind: str                                    # feed | sitemap | sitemapindex
    articles: list[str] = field(default_factory=list)
    sitemaps: list[tuple[str, str | None]] = field(default_factory=list)   # (url, lastmod) of an index


def read_listing(body: bytes, url: str) -> Listing:
    """The links in a feed or sitemap fetched from `url` (relative links resolved against it);
    only http(s) links are kept, each once, in document order."""
    if body[:2] == b"\x1f\x8b":
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(body)) as f:
                body = f.read(MAX_UNZIPPED + 1)
        except (OSError, EOFError) as e:
            raise ValueError(f"gzipped, but cannot be unpacked ({e})") from None
        if len(body) > MAX_UNZIPPED:
            raise ValueError(f"unpacks to over {MAX_UNZIPPED:,} bytes")
    head = body.lstrip()[:2000]
    if b"<urlset" in head or b"<sitemapindex" in head:
        return _sitemap(body, url)
    return _feed(body, url)


def _feed(body: bytes, url: str) -> Listing:
    import feedparser

    parsed = feedparser.parse(body)
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        why = f"; {problem}" if problem else ""
        raise ValueError(f"not RSS, Atom or a sitemap (first bytes: {body[:40]!r}{why})")
    links = [_absolute(url, entry.get("link")) for entry in parsed.entries]
    return Listing("feed", _unique(links))


def _sitemap(body: bytes, url: str) -> Listing:
    from lxml import etree

    # no entities, no network: a sitemap is data from a stranger
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError as e:
        raise ValueError(f"sitemap is not valid XML ({e})") from None
    tag = etree.QName(root).localname
    entries = []
    for element in root:
        if not isinstance(element.tag, str):
            continue
        loc = lastmod = None
        for child in element:
            if isinstance(child.tag, str) and etree.QName(child).localname == "loc":
                loc = (child.text or "").strip()
            elif isinstance(child.tag, str) and etree.QName(child).localname == "lastmod":
                lastmod = (child.text or "").strip() or None
        link = _absolute(url, loc)
        if link:
            entries.append((link, lastmod))
    if tag == "sitemapindex":
        seen: set[str] = set()
        return Listing("sitemapindex", sitemaps=[(u, m) for u, m in entries if not (u in seen or seen.add(u))])
    if tag != "urlset":
        raise ValueError(f"XML root <{tag}> is neither <urlset> nor <sitemapindex>")
    return Listing("sitemap", _unique(u for u, _ in entries))


def _absolute(base: str, link: str | None) -> str | None:
    if not link:
        return None
    link = urljoin(base, link.strip()).split("#", 1)[0]
    return link if urlsplit(link).scheme in ("http", "https") else None


def _unique(links) -> list[str]:
    seen: set[str] = set()
    return [u for u in links if u and not (u in seen or seen.add(u))]

