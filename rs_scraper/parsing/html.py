"""Bytes -> str -> lxml tree, once per page. Charset precedence follows the WHATWG sniffing order:
BOM, then the transport (HTTP header, ``encoding=``), then <meta charset>, then UTF-8, then windows-1252,
with two corrections: a page declared Latin-1/windows-1252 whose bytes are valid, non-ASCII UTF-8 is UTF-8
(a frequent server misconfiguration; cp1252 text practically never forms valid UTF-8 sequences); and a page
declared (or sniffed) UTF-8 with a few invalid bytes stays UTF-8 with U+FFFD for those bytes — only a page that
is clearly not UTF-8 (no valid multi-byte sequence, or more invalid bytes than valid ones) is read as cp1252."""

from __future__ import annotations

import codecs
import re

import lxml.html
from lxml import etree

from rs_scraper.parsing.errors import NotArticle

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_:.-]+)""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_LATIN = {"latin-1", "iso8859-1", "cp1252", "ascii"}
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_PARSER = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, default_doctype=False)


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        canon = codecs.lookup(name.strip().strip("\"'").lower()).name
    except LookupError:
        return None
    # WHATWG: Latin-1 and ASCII labels mean windows-1252 (curly quotes at 0x91-0x94).
    return "cp1252" if canon in ("latin-1", "iso8859-1", "ascii") else canon


def _try(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _utf8_lenient(data: bytes) -> str | None:
    """UTF-8, with U+FFFD for a few invalid bytes (a stray Latin-1 byte pasted into a UTF-8 page must not turn the
    whole page into mojibake); None when the bytes are clearly not UTF-8: no valid multi-byte sequence at all (then
    windows-1252 reads the page losslessly) or more invalid bytes than valid non-ASCII characters."""
    text = _try(data, "utf-8")
    if text is not None:
        return text
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    good = len(text) - len(text.encode("ascii", "ignore")) - text.count("\ufffd")
    if good and (bad <= 3 or bad <= good):
        return text
    return None


def decode(data: bytes | str, encoding: str | None = None) -> str:
    return decode_info(data, encoding)[0]


def decode_info(data: bytes | str, encoding: str | None = None) -> tuple[str, bool]:
    """(text, whether ``text`` is exactly the bytes read as strict UTF-8)."""
    if isinstance(data, str):
        return data.lstrip("\ufeff"), False
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace"), False
    declared = [c for c in (_codec(encoding), _meta_charset(data)) if c]
    for codec in declared:  # the transport first, then <meta charset>: the first that fits wins
        if codec == "cp1252" or codec in _LATIN:
            utf = _try(data, "utf-8")
            if utf is not None and not utf.isascii():
                return utf, True
        if codec.startswith("utf-8"):
            found = _utf8_lenient_info(data)
            if found is not None:
                return found
            continue  # declared UTF-8, clearly is not: a mislabelled page
        text = _try(data, codec)
        if text is not None:
            return text, text.isascii() and len(text) == len(data)
    found = _utf8_lenient_info(data)
    if found is not None:
        return found
    return data.decode("cp1252", errors="replace"), False


def _utf8_lenient_info(data: bytes) -> tuple[str, bool] | None:
    text = _try(data, "utf-8")
    if text is not None:
        return text, True
    text = _utf8_lenient(data)
    return (text, False) if text is not None else None


def _meta_charset(data: bytes) -> str | None:
    m = _META_CHARSET.search(data[:4096])
    return _codec(m.group(1).decode("ascii", "ignore")) if m else None


_UTF8_PARSER = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, default_doctype=False, encoding="utf-8")
# Every element an HtmlElement, chosen in C: lxml.html's own lookup (a Python call per element proxy, to pick
# form and input classes we never use) cost ~10 % of a parse of a generic page, trafilatura's passes included.
_LOOKUP = etree.ElementDefaultClassLookup(
    element=lxml.html.HtmlElement,
    comment=lxml.html.HtmlComment,
    pi=lxml.html.HtmlProcessingInstruction,
    entity=lxml.html.HtmlEntity,
)
for _parser in (_PARSER, _UTF8_PARSER):
    _parser.set_element_class_lookup(_LOOKUP)


_XML_DECL_BYTES = re.compile(rb"^\s*<\?xml[^>]*\?>")
_UTF8_LABELS = {"utf-8", "utf_8", "cp1252"}  # labels under which valid UTF-8 bytes are read as UTF-8 (see decode)


def _utf8_first(data: bytes, encoding: str | None) -> bool:
    """Whether the bytes are read as UTF-8 whenever they are valid UTF-8: no BOM, no NUL, no XML declaration, and
    every declared charset (transport, <meta>) is UTF-8 or a Latin label (WHATWG and the rule above: valid
    non-ASCII UTF-8 under a Latin label is UTF-8, and ASCII is the same in both)."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in data:
        return False
    if _XML_DECL_BYTES.match(data[:200]):
        return False
    return all(c in _UTF8_LABELS or c in _LATIN for c in (_codec(encoding), _meta_charset(data)) if c)


def _no_markup(head: str, text_has_lt: bool) -> bool:
    return not text_has_lt or head.lstrip().lower().startswith(("{", "["))


def parse(data: bytes | str, encoding: str | None = None) -> lxml.html.HtmlElement:
    """The page as an lxml tree; NotArticle("not_html") when it is not a web page at all.

    Bytes that may be UTF-8 are given to libxml2 as they are (no str copy of a page of hundreds of KB: the
    decode cost as much as a third of the parse): when libxml2 reports no invalid byte, the tree is exactly the
    bytes read as strict UTF-8. Otherwise the page is decoded by ``decode_info``'s rules and parsed as text."""
    if isinstance(data, (bytes, bytearray, memoryview)):
        data = bytes(data)
        utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
        if data[:5] == b"%PDF-" or b"\x00" in data[:1024] and not utf16:
            raise NotArticle("not_html", "binary content")
        if _utf8_first(data, encoding):
            if _no_markup(data[:2048].decode("utf-8", "replace"), b"<" in data):
                raise NotArticle("not_html", "no markup")
            try:
                root = lxml.html.document_fromstring(data, parser=_UTF8_PARSER)
            except (etree.ParserError, ValueError, TypeError) as exc:
                raise NotArticle("not_html", str(exc)[:80]) from None
            if not any(e.type_name == "ERR_INVALID_ENCODING" for e in _UTF8_PARSER.error_log):
                return _checked(root)
            # not strict UTF-8: decoded below (a few bad bytes as U+FFFD, or windows-1252)
    elif not isinstance(data, str):
        raise NotArticle("not_html", f"unsupported input type {type(data).__name__}")
    text, _strict = decode_info(data, encoding)
    text = _XML_DECL.sub("", text, count=1).replace("\x00", "")
    if _no_markup(text[:2048], "<" in text):
        raise NotArticle("not_html", "no markup")
    try:
        root = lxml.html.document_fromstring(text, parser=_PARSER)
    except (etree.ParserError, ValueError, TypeError) as exc:
        raise NotArticle("not_html", str(exc)[:80]) from None
    return _checked(root)


# Characters XML 1.0 forbids. libxml2's HTML parser keeps some of them in text (a control byte of a broken page),
# but lxml refuses to assign them back, which drop_tree does when it joins an element's tail to its neighbour.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def drop(el) -> None:
    """``el.drop_tree()`` (the element goes, its tail stays in the text), safe on text holding a character XML
    forbids: those characters are removed from the two texts being joined, and nothing else changes."""
    try:
        el.drop_tree()
    except ValueError:
        el.tail = _NOT_XML.sub("", el.tail or "") or None
        previous = el.getprevious()
        if previous is not None:
            previous.tail = _NOT_XML.sub("", previous.tail or "") or None
        elif el.getparent() is not None:
            parent = el.getparent()
            parent.text = _NOT_XML.sub("", parent.text or "") or None
        el.drop_tree()


def _checked(root):
    if root is None or root.tag != "html" and root.find(".//body") is None:
        raise NotArticle("not_html", "no document")
    return root
