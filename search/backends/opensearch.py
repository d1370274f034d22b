"""OpenSearch 2 (``opensearch-py``), folding diacritics, for sites that outgrow the database.

``WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.opensearch",
"URLS": ["https://search.internal:9200"], "INDEX_PREFIX": "newsroom_"}}``

The folded fields are plain ASCII, so OpenSearch's standard analyzer needs no
asciifolding filter; run ``manage.py update_index`` after switching.
"""

from modelsearch.backends.opensearch2 import OpenSearch2SearchBackend

from . import FoldingBackendMixin


class SearchBackend(FoldingBackendMixin, OpenSearch2SearchBackend):
    pass
