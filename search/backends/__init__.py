"""Search backends that fold Vietnamese diacritics.

Pages index folded copies of their text (``folded_title``, ``folded_text``);
these backends fold every query the same way before handing it to Wagtail's
own backend, so "dang doan" finds "Đảng đoàn" in the reader's search, the API
and the admin alike, on any backend.
"""

from core.folding import fold


class FoldingBackendMixin:
    """Fold plain-string queries before searching or autocompleting."""

    def search(self, query, model_or_queryset, *args, **kwargs):
        return super().search(_fold_query(query), model_or_queryset, *args, **kwargs)

    def autocomplete(self, query, model_or_queryset, *args, **kwargs):
        return super().autocomplete(_fold_query(query), model_or_queryset, *args, **kwargs)


def _fold_query(query):
    return fold(query) if isinstance(query, str) else query
