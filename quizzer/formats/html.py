"""HTML as plain text, for fields exported by Anki and entities from Open Trivia DB.

A terminal shows text, so markup is dropped: line breaks and block ends become
newlines, entities are decoded, pictures and sounds (which cannot be shown) vanish.
Only the standard library's html.parser is used; nothing is fetched or run.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Tags that end a line of text when they open or close.
_BLOCKS = {
    "address", "article", "blockquote", "dd", "div", "dl", "dt", "figcaption", "footer",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "ol", "p", "pre", "section",
    "table", "tr", "ul",
}  # fmt: skip
_SKIPPED = {"script", "style", "head", "title"}
# Anki's media references, which name a sound or picture file of its collection.
_SOUND = re.compile(r"\[sound:[^\]]*\]")
_TAG = re.compile(r"</?[a-zA-Z][^>]*>|&(?:[a-zA-Z]+|#[0-9]+|#[xX][0-9a-fA-F]+);")
_BLANK_LINES = re.compile(r"\n{3,}")
_SPACES = re.compile(r"[ \t\r\n]+")
# Where a block starts or ends: several in a row (`</div><div>`) make one line break.
_EDGE = "\ue000"
_EDGES = re.compile("[ \ue000]*\ue000[ \ue000]*")


def looks_like_html(text: str) -> bool:
    """Whether a field holds a tag or an entity (how Anki guesses it too)."""
    return _TAG.search(text) is not None


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
        else:
            self.handle_startendtag(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCKS:
            self.parts.append(_EDGE)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS:
            self.parts.append(_EDGE)

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            # In HTML a line break in the source is a space; <br> is a line break.
            self.parts.append(_SPACES.sub(" ", data))


def html_to_text(markup: str) -> str:
    """Plain text of an HTML fragment: `<br>` and block ends as newlines, spaces tidied."""
    parser = _Text()
    parser.feed(_SOUND.sub("", markup))
    parser.close()
    text = _EDGES.sub("\n", "".join(parser.parts)).replace("\xa0", " ")
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
