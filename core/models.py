from django.db import models


class CacheInvalidation(models.Model):
    """A change readers must see, not yet applied to the cache (core.page_cache).

    Written in the transaction of the change itself, so that it exists exactly
    when the change does; deleted once the cache has been told. What is left
    here was missed by the cache (Redis was away) and is applied when it
    returns, or by the scheduler within seconds.
    """

    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "cache invalidation"

    def __str__(self):
        return f"cache invalidation {self.pk} at {self.created_at:%Y-%m-%d %H:%M:%S}"
