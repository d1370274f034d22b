"""OpenSearch (``opensearch-py`` 3), folding diacritics, for sites that outgrow the database.

Selected by ``OPENSEARCH_URL`` (site_project/settings/base.py). The folded
fields are plain ASCII, so OpenSearch's standard analyzer needs no
asciifolding filter; run ``manage.py update_index`` after switching.
"""

from modelsearch.backends.opensearch3 import OpenSearch3SearchBackend

from . import FoldingBackendMixin


class SearchBackend(FoldingBackendMixin, OpenSearch3SearchBackend):
    pass
