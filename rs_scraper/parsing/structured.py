"""Layer (a): what the page states about itself in machine-readable form.

Sources, read in one pass over <head>-ish elements: JSON-LD (NewsArticle, also inside @graph or lists, with
@id references), og:/article: meta tags, link rel=canonical, <html lang>, and RebelMouse's
``window.REBELMOUSE_BOOTSTRAP_DATA`` post. Every reader is defensive: malformed JSON is skipped, odd shapes
(str vs list vs dict) are normalised. Nothing here raises on bad input.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import lxml.html

from rs_scraper.parsing.text import collapse

ARTICLE_TYPES = frozenset(
    {
        "NewsArticle",
        "Article",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "BackgroundNewsArticle",
        "ReviewNewsArticle",
        "BlogPosting",
        "LiveBlogPosting",
        "ScholarlyArticle",
        "Report",
        "TechArticle",
        "SatiricalArticle",
    }
)
# The page node a CMS describes an article's page with when it prints no article node (Yoast's graph has a
# WebPage holding the post's author and dates): the page's own metadata, read only for authors and dates.
WEB_PAGE_TYPES = frozenset({"WebPage", "MedicalWebPage"})
_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_BOOTSTRAP_KEY = "REBELMOUSE_BOOTSTRAP_DATA"  # site-facts §4.12, §5.8
BOOTSTRAP_MARK = _BOOTSTRAP_KEY.encode("ascii")
_TAGS_RE = re.compile(r"<[^>]+>")


@dataclass
class Structured:
    """Candidate values per source; the layout decides precedence."""

    jsonld: dict = field(default_factory=dict)  # the article node, references resolved
    jsonld_types: set[str] = field(default_factory=set)
    page_ld: dict = field(default_factory=dict)  # the WebPage node when there is no article node (resolved)
    meta: dict[str, list[str]] = field(default_factory=dict)  # lower-cased property/name -> contents
    canonical: str | None = None
    lang: str | None = None
    post: dict = field(default_factory=dict)  # the RebelMouse bootstrap post
    # RebelMouse's per-post <script class="post-context" type="application/json"> (site-facts §5.8): (the script's
    # parent, its author/tags/date normalised); ``post_context`` is the page's own (the first, unless a layout knows
    # better).
    post_contexts: list = field(default_factory=list)
    post_context: dict = field(default_factory=dict)

    def m(self, *keys: str) -> str | None:
        for k in keys:
            for v in self.meta.get(k, ()):
                v = collapse(v)
                if v:
                    return v
        return None

    def ms(self, key: str) -> list[str]:
        return [collapse(v) for v in self.meta.get(key, ()) if collapse(v)]


def read(root: lxml.html.HtmlElement, bootstrap: bool = True) -> Structured:
    """``bootstrap=False``: the page's source has no REBELMOUSE_BOOTSTRAP_DATA, so the text of its plain scripts
    (hundreds of KB on a real page) is never read."""
    st = Structured()
    st.lang = root.get("lang") or root.get("xml:lang")
    ld_nodes: list = []
    for el in root.iter("script", "meta", "link"):
        tag = el.tag
        if tag == "meta":
            key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
            content = el.get("content")
            if key and content is not None:
                st.meta.setdefault(key, []).append(content)
            elif el.get("http-equiv", "").lower() == "content-language" and content:
                st.meta.setdefault("content-language", []).append(content)
        elif tag == "link":
            rel = (el.get("rel") or "").lower().split()
            if "canonical" in rel and el.get("href") and st.canonical is None:
                st.canonical = el.get("href").strip()
        else:
            typ = (el.get("type") or "").lower()
            if "json" not in typ:
                if bootstrap and not st.post:
                    body = el.text or ""
                    if _BOOTSTRAP_KEY in body:
                        st.post = _bootstrap_post(body)
                continue
            body = el.text or ""
            if "ld+json" in typ:
                data = _loads(body)
                if data is not None:
                    ld_nodes.append(data)
            elif "post-context" in (el.get("class") or "") and "json" in typ:
                ctx = post_context_of(_loads(body))
                if ctx:
                    st.post_contexts.append((el.getparent(), ctx))
    if ld_nodes:
        st.jsonld, st.jsonld_types, st.page_ld = _article_node(ld_nodes)
    if st.post_contexts:
        st.post_context = st.post_contexts[0][1]
    return st


def post_context_of(data) -> dict:
    """{"author": ..., "tags": [...], "date": ...} from a post-context JSON of whatever key names it uses."""
    if not isinstance(data, dict):
        return {}
    for key in ("post", "context", "data"):
        if isinstance(data.get(key), dict) and not any(k in data for k in ("author", "authors", "tags")):
            data = data[key]
    out: dict = {}
    for k, v in data.items():
        key = str(k).lower()
        if "author" in key and "author" not in out and v:
            out["author"] = v
        elif key in ("tags", "public_tags", "keywords") and "tags" not in out and v:
            out["tags"] = v if isinstance(v, list) else [x for x in str(v).split(",")]
        elif (
            ("date" in key or key.endswith("_ts") or key in ("created", "published"))
            and "date" not in out
            and v
            and "modif" not in key
            and "update" not in key
        ):
            out["date"] = v
    return out


def _loads(text: str):
    text = text.strip().removeprefix("<!--").removesuffix("-->").strip().rstrip(";")
    if text.startswith("//<![CDATA["):
        text = text[len("//<![CDATA[") :].rsplit("//]]>", 1)[0]
    if not text:
        return None
    try:
        return json.loads(text, strict=False)
    except ValueError:
        try:
            return json.loads(_TRAILING_COMMA.sub(r"\1", text), strict=False)
        except ValueError:
            return None


def _types(node: dict) -> set[str]:
    t = node.get("@type")
    if isinstance(t, str):
        return {t.rsplit("/", 1)[-1]}
    if isinstance(t, list):
        return {x.rsplit("/", 1)[-1] for x in t if isinstance(x, str)}
    return set()


def _flatten(data, out: list[dict], depth: int = 0) -> None:
    if depth > 6:
        return
    if isinstance(data, list):
        for x in data:
            _flatten(x, out, depth + 1)
    elif isinstance(data, dict):
        out.append(data)
        if "@graph" in data:
            _flatten(data["@graph"], out, depth + 1)
        for key in ("mainEntity", "mainEntityOfPage", "hasPart"):
            if isinstance(data.get(key), (dict, list)):
                _flatten(data[key], out, depth + 1)


def _article_node(ld_nodes: list) -> tuple[dict, set[str], dict]:
    """(the article node, every type seen, the WebPage node when there is no article node), references resolved."""
    nodes: list[dict] = []
    for data in ld_nodes:
        _flatten(data, nodes)
    all_types: set[str] = set()
    by_id = {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str)}
    article = web_page = None
    for n in nodes:
        types = _types(n)
        all_types |= types
        if article is None and types & ARTICLE_TYPES:
            article = n
        if web_page is None and types & WEB_PAGE_TYPES and ("author" in n or "datePublished" in n):
            web_page = n
    if article is None:
        return {}, all_types, _resolved(web_page, by_id) if web_page is not None else {}
    return _resolved(article, by_id), all_types, {}


def _resolved(node: dict, by_id: dict) -> dict:
    resolved = dict(node)
    for key in ("author", "image", "publisher"):  # resolve {"@id": ...} references against the graph
        resolved[key] = _resolve(resolved.get(key), by_id)
    return resolved


def _resolve(value, by_id: dict):
    if isinstance(value, dict) and set(value) <= {"@id"} and value.get("@id") in by_id:
        return by_id[value["@id"]]
    if isinstance(value, list):
        return [_resolve(v, by_id) for v in value]
    return value


def _bootstrap_post(script: str) -> dict:
    i = script.find(_BOOTSTRAP_KEY)
    j = script.find("=", i)
    k = script.find("{", j)
    if j < 0 or k < 0:
        return {}
    try:
        data, _ = json.JSONDecoder(strict=False).raw_decode(script, k)
    except ValueError:
        return {}
    return _find_post(data) or {}


def _find_post(data, depth: int = 0) -> dict | None:
    """The post object: a dict with a headline and a body, timestamps or authors; preferred under 'post'.

    Where a post key holds an object, that object decides: a post without a headline means the bootstrap carries
    no full post (real RebelMouse pages: only id, sections, shareUrl, status, tags), and the rest of the blob (the
    site's configuration, ~80 KB) is not searched: that walk was a fifth of a real page's parse."""
    if depth > 5:
        return None
    if isinstance(data, dict):
        if "headline" in data and any(k in data for k in ("body", "created_ts", "authors", "subheadline")):
            return data
        keyed = False
        for key in ("post", "current_post", "currentPost", "entry", "article"):
            value = data.get(key)
            keyed = keyed or isinstance(value, dict)
            found = _find_post(value, depth + 1)
            if found:
                return found
        if keyed:
            return None
        for v in data.values():
            if isinstance(v, (dict, list)):
                found = _find_post(v, depth + 1)
                if found:
                    return found
    elif isinstance(data, list):
        for v in data[:50]:
            found = _find_post(v, depth + 1)
            if found:
                return found
    return None


# --- normalisers for JSON values --------------------------------------------------------------------------


def plain(value) -> str | None:
    """A display string from a JSON value that may carry markup."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return None
    if isinstance(value, dict):
        for k in ("title", "name", "display_name", "text", "value"):
            if isinstance(value.get(k), str):
                return plain(value[k])
        return None
    if not isinstance(value, str):
        return None
    if "<" in value and ">" in value:
        value = _TAGS_RE.sub(" ", value)
    if "&" in value:
        import html as _html

        value = _html.unescape(value)
    return collapse(value) or None


def names(value) -> list[str]:
    """Names from str / dict / list shapes (authors, tags, sections); Organizations are not authors."""
    out: list[str] = []
    items = value if isinstance(value, list) else [value]
    for it in items:
        if isinstance(it, dict) and "Organization" in _types(it):
            continue
        s = plain(it)
        if s:
            out.append(s)
    return out


def author_links(value) -> dict[str, str]:
    """name (case-folded) -> url of the JSON-LD authors (Person objects) that give one."""
    links: dict[str, str] = {}
    for it in value if isinstance(value, list) else [value]:
        if isinstance(it, dict) and "Organization" not in _types(it):
            name, url = plain(it.get("name")), it.get("url")
            if name and isinstance(url, str) and url.strip():
                links.setdefault(name.casefold(), url.strip())
    return links


def image_of(value) -> tuple[str | None, str | None]:
    """(url, credit) from a JSON-LD image value or a bootstrap image field."""
    if isinstance(value, list):
        for v in value:
            url, credit = image_of(v)
            if url:
                return url, credit
        return None, None
    if isinstance(value, str):
        return value.strip() or None, None
    if isinstance(value, dict):
        url = next(
            (
                value[k]
                for k in ("url", "contentUrl", "src", "original", "@id")
                if isinstance(value.get(k), str) and value[k].strip()
            ),
            None,
        )
        credit = next(
            (plain(value[k]) for k in ("creditText", "copyrightHolder", "credit", "author") if value.get(k)), None
        )
        return url, credit
    return None, None


def keywords(value) -> list[str]:
    if isinstance(value, str):
        return [collapse(x) for x in value.split(",") if collapse(x)]
    if isinstance(value, list):
        out: list[str] = []
        for v in value:
            out.extend(keywords(v) if isinstance(v, str) else names(v))
        return out
    return []
