"""Which requests are a person reading: what partner-link clicks (and view counts) count.

Counted: a GET from a browser (its User-Agent starts "Mozilla/", as every
browser's does) that is a navigation to a document, or sends no Sec-Fetch
headers at all (older browsers).

Not counted: HEAD and other methods; prefetches and prerenders (``Sec-Purpose``,
``Purpose``, ``X-Purpose``, ``X-Moz``); requests a page makes for itself
(``Sec-Fetch-Mode`` other than ``navigate``, ``Sec-Fetch-Dest`` other than
``document``); scripts and command-line clients; and known crawlers, bots,
link-preview fetchers and auditing tools, by their User-Agent.
"""

import re

from django.http import HttpRequest

# Tokens of the User-Agents of crawlers, bots, link previews and audits.
AUTOMATED = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|scrap|archiver|facebookexternalhit|facebookcatalog"
    r"|meta-external|embedly|preview|whatsapp|telegram|skype|discord|slack|linkedin"
    r"|pinterest|vkshare|qwantify|bingpreview|google-inspectiontool|google-read-aloud"
    r"|lighthouse|pagespeed|gtmetrix|pingdom|uptime|monitor|headless|phantomjs|python"
    r"|curl|wget|httpie|okhttp|go-http|java/|libwww|axios|node-fetch|feed|rss",
    re.IGNORECASE,
)
PREFETCH_HEADERS = ("HTTP_SEC_PURPOSE", "HTTP_PURPOSE", "HTTP_X_PURPOSE", "HTTP_X_MOZ")


def is_reader(request: HttpRequest) -> bool:
    """Whether ``request`` is a person's browser opening the page (see the module's docstring)."""
    if request.method != "GET":
        return False
    meta = request.META
    if any(meta.get(header) for header in PREFETCH_HEADERS):
        return False
    if meta.get("HTTP_SEC_FETCH_MODE", "navigate") != "navigate":
        return False
    if meta.get("HTTP_SEC_FETCH_DEST", "document") != "document":
        return False
    agent = meta.get("HTTP_USER_AGENT", "")
    return agent.startswith("Mozilla/") and not AUTOMATED.search(agent)
