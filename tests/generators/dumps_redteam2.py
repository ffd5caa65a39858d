"""Second red team for the text-dump cleaner: dumps produced MECHANICALLY from independent HTML pages.

Input: the article pages of tests/fixtures/redteam/pages and tests/fixtures/redteam2/pages (written by two other
engineers, with the expected row of each page). Output: tests/fixtures/dumps_redteam2/<flavour>/<name>.txt, the page
as a naive HTML-to-text step prints it, and <name>.json, what ``clean_text_dump`` should make of it.

Run: .venv/bin/python tests/generators/dumps_redteam2.py [OUT_DIR]   (default tests/fixtures/dumps_redteam2;
deterministic: same pages, same bytes; regenerate after tests/generators/redteam*_pages.py)

Flavours (all naive: no CSS, so hidden elements are printed; <head>, script, style, noscript, template dropped):
- ``innertext``: roughly a browser's innerText, in the spirit of the seed dump: every block element (p, div,
  h1-h6, figure, figcaption, blockquote, section, article, header, footer, aside, nav, table, form ...) is
  separated from the next by a blank line; <li>, <tr>, <br> and an image's alt text start a new line without a
  blank line (the seed's teaser alt "Lockheed Martin" sits right above its "Top image credit:" line); inline
  elements are joined; whitespace is collapsed.
- ``textcontent``: lxml ``text_content()`` per block: one line per block, NO blank lines anywhere, <br> is not a
  line break, images contribute nothing.
- ``spaced``: like innertext but a blank line after every line (li, br and alt lines too).
- ``wrapped``: the innertext dump hard-wrapped at 72 columns, like lynx/html2text.

Expectations (the "fair" row, per dump). A dump only carries what a page prints in its <body>:
- title / subtitle: the page's value when it is printed as a line of the dump, else None (a headline only in
  <title>/og:title, a dek only in og:description, carry nothing).
- article_type / section: the page's values when the dump has a "<Type> | <Section>" line (the only form
  rs-site.md documents); None when neither value is printed as a line; otherwise (e.g. a lone section link,
  a type printed on its own line) the field is ambiguous and listed in "_skip".
- image_credit: the page's value when the dump prints it with a label ("Photo: X", "Top photo credit: X") or
  inside a caption "(Photo by X)"; None when it is not printed at all; a credit printed bare (no label) is
  ambiguous -> "_skip".
- text: the page's text when every paragraph of it is printed in the dump; otherwise (body only in a script /
  JSON-LD) "_skip". Text is compared as its word sequence ("_text_compare": "words"): no naive flavour can say
  where a block ends for sure -- innertext prints a <br> inside a paragraph and a list item alike (one newline),
  a list item wrapped in <p> like a paragraph; textcontent and spaced show no block ends at all; wrapped breaks
  lines itself. Order, missing and extra words (any leaked caption, credit, byline, teaser) still count. The test
  also reports the strict paragraph-exact figure for innertext.
"_noise" (the page's own captions, credits, teasers, next-article strings) is copied for the leak test.
"""

# ruff: noqa: E501  (page markup and sample text: a long line here is a line of the data it writes)

from __future__ import annotations

import json
import re
import sys
import textwrap
from pathlib import Path

import lxml.html

ROOT = Path(__file__).resolve().parents[1]
SETS = ("redteam", "redteam2")
DEST = ROOT / "fixtures" / "dumps_redteam2"
FLAVOURS = ("innertext", "textcontent", "spaced", "wrapped")
FIELDS = ("title", "subtitle", "article_type", "section", "image_credit", "text")

DROP = {
    "script",
    "style",
    "noscript",
    "template",
    "head",
    "title",
    "meta",
    "link",
    "iframe",
    "svg",
    "object",
    "embed",
    "video",
    "audio",
    "canvas",
    "select",
    "button",
    "input",
    "textarea",
}
BLOCK = {
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "figure",
    "figcaption",
    "blockquote",
    "section",
    "article",
    "header",
    "footer",
    "aside",
    "nav",
    "main",
    "ul",
    "ol",
    "dl",
    "dd",
    "dt",
    "table",
    "tbody",
    "thead",
    "tfoot",
    "form",
    "address",
    "pre",
    "hr",
    "fieldset",
    "details",
    "summary",
    "center",
    "body",
    "html",
    "caption",
    "amp-story",
    "picture",
}
LINE = {"li", "tr", "br"}  # a new line, no blank line (innertext)
_WS = re.compile(r"[ \t\r\n\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ZW = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.I)


def decode(raw: bytes, encoding: str | None) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", "replace")
    if not encoding:
        m = _META_CHARSET.search(raw[:4096])
        encoding = m.group(1).decode() if m else "utf-8"
    try:
        return raw.decode(encoding, "replace")
    except LookupError:
        return raw.decode("utf-8", "replace")


def parse(raw: bytes, encoding: str | None):
    text = decode(raw, encoding)
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    return lxml.html.document_fromstring(text)


class Walker:
    """Emit a stream of strings and break markers; breaks coalesce to the strongest one pending."""

    def __init__(self, block_brk: int, line_brk: int, br_brk: int, alt: bool, text_content_mode: bool):
        self.block_brk, self.line_brk, self.br_brk = block_brk, line_brk, br_brk
        self.alt, self.tc = alt, text_content_mode
        self.out: list = []  # str or int (break: 1 newline, 2 blank line)

    def brk(self, n: int) -> None:
        if n <= 0:
            return
        if self.out and isinstance(self.out[-1], int):
            self.out[-1] = max(self.out[-1], n)
        else:
            self.out.append(n)

    def text(self, s: str | None) -> None:
        if s:
            self.out.append(s)

    def walk(self, el) -> None:
        tag = el.tag if isinstance(el.tag, str) else None
        if tag is None:  # comment / processing instruction
            self.text(el.tail)
            return
        tag = tag.lower().split(":")[-1]
        if tag in DROP:
            self.text(el.tail)
            return
        if tag == "br":
            if self.br_brk:
                self.brk(self.br_brk)
            else:
                self.text(" ")
            self.text(el.tail)
            return
        if tag in ("img", "amp-img"):
            alt = el.get("alt")
            if self.alt and alt and alt.strip():
                self.brk(self.line_brk)
                self.text(alt)
                self.brk(self.line_brk)
            self.text(el.tail)
            return
        if tag == "td" or tag == "th":
            self.text(" ")
        cls = (el.get("class") or "").lower()
        block = tag in BLOCK or tag == "small" and any(k in cls for k in ("caption", "credit", "image-media"))
        brk = self.block_brk if block else self.line_brk if tag in LINE else 0
        self.brk(brk)
        self.text(el.text)
        for child in el:
            self.walk(child)
        self.brk(brk)
        self.text(el.tail)

    def render(self) -> str:
        lines: list[str] = []
        buf: list[str] = []
        pending = 0

        def flush():
            line = _WS.sub(" ", _ZW.sub("", "".join(buf))).strip()
            buf.clear()
            return line

        for item in self.out:
            if isinstance(item, int):
                line = flush()
                if line:
                    if lines and pending == 2:
                        lines.append("")
                    lines.append(line)
                    pending = item
                else:
                    pending = max(pending, item)
            else:
                buf.append(item)
        line = flush()
        if line:
            if lines and pending == 2:
                lines.append("")
            lines.append(line)
        return "\n".join(lines) + "\n"


def render(doc, flavour: str) -> str:
    body = doc.find("body")
    root = body if body is not None else doc
    if flavour == "innertext":
        w = Walker(2, 1, 1, True, False)
    elif flavour == "textcontent":
        w = Walker(1, 1, 0, False, True)
    elif flavour == "spaced":
        w = Walker(2, 2, 2, True, False)
    elif flavour == "wrapped":
        w = Walker(2, 1, 1, True, False)
    else:
        raise ValueError(flavour)
    w.walk(root)
    out = w.render()
    if flavour == "wrapped":
        wrapped = []
        for line in out.split("\n"):
            wrapped.extend(textwrap.wrap(line, 72, break_long_words=False, break_on_hyphens=False) or [""])
        out = "\n".join(wrapped).rstrip("\n") + "\n"
    return out


# ---------------------------------------------------------------------------------------------------- expectations
_CREDIT_LABEL = re.compile(
    r"^(?:photos? by\s+|(?:top\s+(?:photo|image)\s+credit|(?:lead\s+|featured\s+)?(?:photo|image)\s+credit"
    r"|photos?|images?|credit)\s*:\s*)",
    re.I,
)


def _c(s: str) -> str:
    return _WS.sub(" ", _ZW.sub("", s)).strip()


def expectations(spec: dict, dump_innertext: str) -> dict:
    """The fair row for one page, judged on its innertext dump (every flavour prints the same strings; the
    expectation differs only in how text is compared)."""
    lines = [_c(ln) for ln in dump_innertext.split("\n") if _c(ln)]
    blocks = [_c(b) for b in re.split(r"\n\s*\n", dump_innertext) if _c(b)]
    lineset = set(lines) | set(blocks)  # a headline with a <br> in it is one block of two lines
    flat = " ".join(lines)
    exp: dict = {}
    skip: list[str] = []

    def printed_line(v: str | None) -> bool:
        if not v:
            return False
        v = _c(v)
        return v in lineset or any(ln.startswith(v + " |") or ln.startswith(v + " -") for ln in lines)

    exp["title"] = spec.get("title") if printed_line(spec.get("title")) else None
    exp["subtitle"] = spec.get("subtitle") if printed_line(spec.get("subtitle")) else None

    typ, sec = spec.get("article_type"), spec.get("section")
    ts_lines = [ln for ln in lines if ln.count("|") == 1 and len(ln) <= 80]
    pairs = [tuple(_c(x) for x in ln.split("|")) for ln in ts_lines]
    if typ and sec and (typ, sec) in pairs:
        exp["article_type"], exp["section"] = typ, sec
    else:
        for key, v in (("article_type", typ), ("section", sec)):
            if not v:
                exp[key] = None
            elif v in lineset or any(v in p for p in pairs):
                exp[key] = v
                skip.append(key)  # printed, but not as a "<Type> | <Section>" line: ambiguous
            else:
                exp[key] = None

    credit = spec.get("image_credit")
    if not credit:
        exp["image_credit"] = None
    else:
        cr = _c(credit)
        labelled = any(_CREDIT_LABEL.match(ln) and _CREDIT_LABEL.sub("", ln) == cr for ln in lines)
        in_caption = re.search(
            r"\((?:photos?|images?)\s+(?:by|courtesy of|via|credit:?)\s+" + re.escape(cr) + r"\)", flat, re.I
        )
        exp["image_credit"] = credit
        if not (labelled or in_caption):
            if cr in flat:
                skip.append("image_credit")
            else:
                exp["image_credit"] = None

    text = spec.get("text") or ""
    units = [_c(u) for u in re.split(r"\n+", text) if _c(u)]
    if not units:
        exp["text"] = None if not text else text
        if text:
            skip.append("text")
    else:
        exp["text"] = text
        if not all(u in flat for u in units):
            skip.append("text")
    exp["_skip"] = sorted(set(skip))
    exp["_noise"] = spec.get("_noise") or []
    return exp


def build(out: Path = DEST, pages_root: Path = ROOT / "fixtures") -> int:
    pages = []
    for s in SETS:
        for j in sorted((pages_root / s / "pages").glob("*.json")):
            spec = json.loads(j.read_text(encoding="utf-8"))
            if spec.get("not_article"):
                continue
            pages.append((f"{s}-{j.stem}", j.with_suffix(".html"), spec))
    for flavour in FLAVOURS:
        d = out / flavour
        d.mkdir(parents=True, exist_ok=True)
        for old in d.glob("*"):
            old.unlink()
    for name, html, spec in pages:
        doc = parse(html.read_bytes(), (spec.get("_request") or {}).get("encoding"))
        dumps = {f: render(doc, f) for f in FLAVOURS}
        exp = expectations(spec, dumps["innertext"])
        for f in FLAVOURS:
            (out / f / f"{name}.txt").write_text(dumps[f], encoding="utf-8")
            row = dict(exp)
            row["_text_compare"] = "words"
            (out / f / f"{name}.json").write_text(
                json.dumps(row, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
            )
    print(f"{len(pages)} pages x {len(FLAVOURS)} flavours -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(build(Path(sys.argv[1]) if len(sys.argv) > 1 else DEST))
