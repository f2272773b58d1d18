"""Tiny HTML helpers for server-side tests: text of elements, without a browser."""

from __future__ import annotations

import re
from html.parser import HTMLParser


class _Collector(HTMLParser):
    def __init__(self, tag: str, attrs: dict[str, str] | None) -> None:
        super().__init__(convert_charrefs=True)
        self.tag, self.attrs = tag, attrs or {}
        self.depth = 0
        self.found: list[str] = []
        self._buffer: list[str] = []

    def handle_starttag(self, tag, attrs):
        if self.depth:
            self._buffer.append(" ")  # element boundaries separate words, as a browser shows them
            if tag == self.tag:
                self.depth += 1
            return
        if tag == self.tag and all(dict(attrs).get(k) == v for k, v in self.attrs.items()):
            self.depth = 1
            self._buffer = []

    def handle_endtag(self, tag):
        if self.depth:
            self._buffer.append(" ")
        if self.depth and tag == self.tag:
            self.depth -= 1
            if not self.depth:
                self.found.append(squash("".join(self._buffer)))

    def handle_data(self, data):
        if self.depth:
            self._buffer.append(data)


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def texts(html: str | bytes, tag: str, **attrs: str) -> list[str]:
    """The text content of every `tag` element whose attributes include `attrs`."""
    if isinstance(html, bytes):
        html = html.decode()
    collector = _Collector(tag, {k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()})
    collector.feed(html)
    return collector.found


def text(html: str | bytes, tag: str = "body", **attrs: str) -> str:
    found = texts(html, tag, **attrs)
    assert found, f"no <{tag} {attrs}> in the page"
    return " ".join(found)
