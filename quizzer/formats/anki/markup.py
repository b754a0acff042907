"""Rendered Anki cards as terminal text: pictures named, lists and tables kept readable.

The text itself comes from quizzer.formats.html (the HTML handling every importer
shares); this module first rewrites what that would drop or run together: an
`<img>` becomes `[image: name.png]`, list items get `- ` or `1. `, table cells are
separated by ` | `, ruby text is put in brackets, and spoken text (`<tts>`) is left
out. The private-use markers of cloze blanks and type boxes pass through untouched.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from quizzer.formats.html import html_to_text

# Where Anki's back template shows the answer (`<hr id=answer>`): what follows is the back.
_ANSWER_RULE = re.compile(r"<hr\b[^>]*\bid\s*=\s*[\"']?answer\b[^>]*>", re.IGNORECASE)
_SOUND = re.compile(r"\[sound:[^\]]*\]")
_IMAGE = re.compile(r"\[image: [^\]]*\]")
# Elements whose text is never shown: spoken text, and ruby's fallback brackets.
_UNSHOWN = {"tts", "rp"}
# The tags _Rewriter changes; HTML without them goes straight to html_to_text.
_REWRITTEN = re.compile(r"<(?:img|li|td|th|tr|rt|rp|tts)\b", re.IGNORECASE)
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


class _Rewriter(HTMLParser):
    """Re-emits a fragment as bare tags and escaped text, with the additions above."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.lists: list[list[int]] = []  # per open list: [is ordered, items so far]
        self.cells: list[int] = []  # per open table row: cells so far
        self.unshown = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _UNSHOWN:
            self.unshown += 1
        if self.unshown:
            return
        if tag == "img":
            source = dict(attrs).get("src") or ""
            name = " ".join(source.split())
            self.out.append(html.escape(f"[image: {name}]") if name else "")
            return
        if tag in ("ul", "ol"):
            self.lists.append([tag == "ol", 0])
        elif tag == "tr":
            self.cells.append(0)
        self.out.append(f"<{tag}>")
        if tag == "li" and self.lists:
            self.lists[-1][1] += 1
            ordered, count = self.lists[-1]
            self.out.append(f"{count}. " if ordered else "- ")
        elif tag in ("td", "th") and self.cells:
            self.out.append(" | " if self.cells[-1] else "")
            self.cells[-1] += 1
        elif tag == "rt":
            self.out.append("(")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _UNSHOWN:
            self.unshown = max(0, self.unshown - 1)
            return
        if self.unshown:
            return
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        elif tag == "tr" and self.cells:
            self.cells.pop()
        elif tag == "rt":
            self.out.append(")")
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if not self.unshown:
            self.out.append(html.escape(data, quote=False))


def to_text(fragment: str) -> str:
    """Plain text of rendered card HTML (see the module docstring for what is kept)."""
    if not _REWRITTEN.search(fragment):
        return html_to_text(fragment)  # nothing to rewrite: spare a second parse
    rewriter = _Rewriter()
    rewriter.feed(fragment)
    rewriter.close()
    return html_to_text("".join(rewriter.out))


def one_line(text: str) -> str:
    """Text with every run of spaces and line breaks made one space (for typed answers)."""
    return " ".join(text.split())


def after_answer_rule(back: str) -> str | None:
    """The part of a back after its `<hr id=answer>`, or None when it has none."""
    found = _ANSWER_RULE.search(back)
    return back[found.end() :] if found else None


def has_media(fragment: str) -> bool:
    """Whether rendered HTML shows a picture or plays a sound."""
    return "<img" in fragment.lower() or _SOUND.search(fragment) is not None


def without_media(text: str) -> str:
    """Text with its `[image: ...]` names taken out: what is left to read without them."""
    return _IMAGE.sub("", text).strip()
