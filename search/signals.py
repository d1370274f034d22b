"""Keep the search index in step with what is published.

Wagtail indexes a page when it is saved, but publishing saves the page before
its inline children (attachments, related pages), so a file attached in the
same edit would be missing from the index until the next save. Indexing again
once publishing is complete closes that gap.
"""

from wagtail.search import index
from wagtail.signals import page_published


def reindex_published_page(sender, instance, **kwargs):
    index.insert_or_update_object(instance)


def connect():
    page_published.connect(reindex_published_page, dispatch_uid="search-reindex-published")
