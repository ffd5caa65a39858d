"""An offline mirror of Responsible Statecraft: a generated RebelMouse-style site with ground truth.

    from rs_scraper.mirror import MirrorSite, MirrorServer
    site = MirrorSite(articles=72, seed=1)
    with MirrorServer(site) as srv:
        ...  # crawl srv.base_url; compare with site.expected_rows(srv.base_url)

The markup follows docs/site-facts.md ([RS] facts as seen, [RM] facts as the first guess, [?] facts varied
across pages). Everything is a pure function of (articles, seed, options): same inputs, same bytes.

OPTIONS AND VARIANTS. ``variants=True`` (default) spreads page variants deterministically; each has a minimum count
so a 72-article site shows all of them. Shares of all articles, roughly:
- URL shapes: before 2023-03 (WordPress era) 75% /YYYY/MM/DD/slug/, 15% /slug, 10% /slug-<10-digit id>; after,
  55% /slug (half linked with a trailing slash) and 45% /slug-<id>. 40% of slugs are unrelated to the headline.
- layouts: rebelmouse ~65%; rm-widgets (the article drawn by posts-custom current_post widgets, scroll posts with
  full bodies, dates as text, /u/ author pages: site-facts §5, see rs_scraper.mirror.widgets)
  a quarter of the RebelMouse pages with JSON-LD; wordpress (entry-title/entry-content, long "(Photo by
  …/NurPhoto)" caption above the headline) ~35% of WordPress-URL pages; redesign (classes renamed: story__title,
  story__content…) ~5%; bare (no chrome: headline then body) ~3%.
- metadata on RebelMouse pages: full og + JSON-LD + meta dates ~60%, og + meta without JSON-LD ~13%, JSON-LD only
  ~11%, nothing machine-readable ~8% (min 2); REBELMOUSE_BOOTSTRAP_DATA on ~35%; JSON-LD sometimes in an @graph,
  sometimes ASCII-escaped; times written -04:00/-05:00 (~50%), Z, or +00:00.
- windows-1252 pages ~7% (min 2), declared in the header, the meta tag, or both; dek missing ~15%; 2-3 authors
  ~25%; modified dates ~25% of pages that can show them; headline printed twice ~35%, "google cta" labels ~30%,
  next article appended (infinite scroll) ~20%, lead credit as the body's last paragraph ~25% of RebelMouse
  pages; hero alt = file name / short caption / headline 40/35/25%; ~15% have no lead credit.
``variants=False``: every page RebelMouse, UTF-8, full metadata, with a dek. ``layout=`` forces one layout for every
page. ``weight="real"`` gives every article page ~400 KB more of inline scripts, JSON, styles and an SVG sprite
(rs_scraper.mirror.weight), the weight of a real page, for speed and memory measurements. ``traps=True`` adds
a robots-disallowed URL (/res/preview/…), https://offsite.invalid/x, an article-like
URL that answers 404, and one real article that answers 500 twice, then 200 (a fault the server installs).
Two video pages (a few words), tag/region/section/author pages, /about/ and / are not articles
(``non_article_paths``).

GROUND TRUTH RULES (``MirrorArticle.expected``): the row a perfect extractor produces *from the page it is
served*, under the conventions of ``rs_scraper.items``:

- url: base_url + the canonical path (no trailing slash, no query), whatever form the site links.
- title: the headline, without " | Responsible Statecraft". subtitle: the dek when the page shows one, else None
  (og:description is then an excerpt of the body, not a dek). rm-widgets pages show no dek and no type label.
- authors / tags / article_type / section: as shown on the page, in page order. Pages with no chrome at all
  ("bare": headline then body) show none of these: [], [], None, None, and no lead image or credit.
- published_at: the machine-readable publication time when the page carries one (meta
  article:published_time, JSON-LD datePublished, <time datetime>, bootstrap created_ts — always the same instant,
  written with offsets such as -04:00, Z or +00:00), converted to UTC. The visible date is the same instant's
  calendar day in US Eastern time, so near midnight it can differ from the UTC day. Pages with NO machine-readable
  date print only the visible day (the generator makes the article's time exactly 00:00 UTC of it); for those,
  published_at is the instant that day begins in New York.
- published_precision: "day" for those pages, "minute" for the others; published_date: the day the page prints.
- author_urls: parallel to authors, base_url + /author/<username> (the byline links, canonical: no trailing slash);
  base_url + /u/<username> on rm-widgets pages.
- modified_at: set only when the page shows a modification time in machine form (JSON-LD dateModified,
  article:modified_time, bootstrap updated_ts, WordPress <time class="updated">); update_article always makes it
  shown. Otherwise None.
- text: body paragraphs, subheadings, source block quotes and lists only, in order, per items.py. In-body
  images and their captions/credits, pull quotes, newsletter boxes and [shortcode-…] lines, embeds (a tweet's
  blockquote is not body), "RELATED:" lines, empty paragraphs and a trailing lead-credit paragraph are not body.
  The teasers, author bios and the infinitely-scrolled next article are not body either.
- image_url: the hero image, absolute, with only ``id`` kept. image_credit: the lead photo credit without its
  label ("Photos:", "Top photo credit:", "Top image credit:", "Photo credit:"); on WordPress-era pages the
  credit is the name inside the caption's "(Photo by …)". None when no credit is shown.
- language: "en". word_count: len(text.split()). content_hash: sha256 hex of the text in UTF-8.
"""

from rs_scraper.mirror.server import Fault, MirrorServer, RequestRecord
from rs_scraper.mirror.site import MirrorArticle, MirrorSite

__all__ = ["MirrorSite", "MirrorServer", "MirrorArticle", "Fault", "RequestRecord"]
