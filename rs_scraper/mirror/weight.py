"""Real page weight for the mirror (``MirrorSite(weight="real")``): what makes a real RebelMouse article page
~440 KB although its text is a few KB — inline scripts and JSON (the platform's widget and ad settings, a
bundled library, analytics), inline styles and an SVG icon sprite (site-facts §5.11: "a real page was 440 KB of HTML,
most of it inline scripts and JSON"). The same for every page of a site, as on a real site; built once per seed.

Nothing here is text of the page, nor any structured data the parser reads (no JSON-LD, no bootstrap post): it is
weight the parser must carry, so that speed and memory are measured at a realistic size.
"""

from __future__ import annotations

import functools
import json
import random

TARGET_BYTES = 400_000  # on top of a light page (25-60 KB)


@functools.lru_cache(maxsize=8)
def filler(seed: int) -> tuple[str, str]:
    """(scripts and styles for <head>, an inline SVG sprite for the top of <body>)."""
    rng = random.Random(f"{seed}/weight")
    settings = {
        "site": {"id": 20516474, "widgets": [_widget(rng, i) for i in range(420)]},
        "ads": [
            {
                "slot": f"/1234567/rs_{i}",
                "sizes": [[300, 250], [728, 90]],
                "targeting": {"section": rng.choice(("mideast", "asia", "europe", "dc", "mic")), "pos": i},
            }
            for i in range(160)
        ],
    }
    settings_js = f"<script>window.__RM_SETTINGS__ = {json.dumps(settings, separators=(',', ':'))};</script>"
    lib = "".join(_function(rng, i) for i in range(900))
    library = f"<script>(function(w,d){{'use strict';{lib}}})(window,document);</script>"
    analytics = (
        '<script type="application/json" id="analytics-config">'
        + json.dumps({"events": [{"name": f"evt_{i}", "params": {"p": "x" * 40, "n": i}} for i in range(300)]})
        + "</script>"
    )
    css = "".join(
        f".w{i}{{margin:{i % 7}px auto;padding:{i % 11}px;color:#{rng.randrange(0xFFFFFF):06x}}}" for i in range(1500)
    )
    head = "\n".join((settings_js, library, analytics, f"<style>{css}</style>"))
    symbols = "".join(
        f'<symbol id="icon-{i}" viewBox="0 0 24 24"><path d="{_path(rng)}"/></symbol>' for i in range(120)
    )
    sprite = f'<svg xmlns="http://www.w3.org/2000/svg" style="display:none">{symbols}</svg>'
    # Top up with a second settings blob to the target weight (the real pages vary by tens of KB).
    missing = TARGET_BYTES - len(head) - len(sprite)
    if missing > 0:
        cache = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(missing))
        blob = json.dumps({"cache": cache})
        head += f'\n<script type="application/json" id="rm-cache">{blob}</script>'
    return head, sprite


def _widget(rng: random.Random, i: int) -> dict:
    return {
        "id": 1000 + i,
        "type": rng.choice(("posts-custom", "ad", "newsletter", "share", "html")),
        "settings": {
            "layout": rng.choice(("list", "grid", "carousel")),
            "count": rng.randint(3, 12),
            "source": rng.choice(("current_post", "current_page", "filtered_parent_site", "tag")),
            "classes": "post-head " + rng.choice(("scroll-post", "main-post-head", "teaser")),
            "template": '<div class="w{{id}}">{{headline}}</div>' * 3,
        },
    }


def _function(rng: random.Random, i: int) -> str:
    a, b = rng.randint(1, 99), rng.randint(100, 999)
    return (
        f"function rm_{i}(e,t){{var n=d.querySelectorAll('.w{i}');for(var r=0;r<n.length;r++){{"
        f"if(n[r].offsetTop>{a}*t){{n[r].classList.add('is-'+e);}}else{{n[r].style.opacity={b}/1e3;}}}}"
        f"return n.length>{a}?rm_{max(0, i - 1)}(e,t-1):null;}}"
    )


def _path(rng: random.Random) -> str:
    return (
        "M"
        + " L".join(
            f"{rng.randint(0, 24)}.{rng.randint(0, 9)} {rng.randint(0, 24)}.{rng.randint(0, 9)}" for _ in range(40)
        )
        + " Z"
    )
