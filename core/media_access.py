"""Which images and documents readers may see: the embargo on media.

A file is public when both hold:

- something readers can see uses it: a live page that anyone may read (no
  login or password on it or above it), as its listing image, in its body, as
  an attachment or as a partner's logo; or the site settings (the logo).
  Wagtail's reference index records every such use of a page's published
  content, as it is saved (the settings' own fields are read directly);
- its collection has no view restriction (a login or password "private"
  collection).

Everything else is embargoed: the photo uploaded for an article still in
draft, a document attached to an announcement not yet published, any file of
a private collection. An embargoed file is absent from /api/v2/images/ and
/api/v2/documents/, answers 404 at its addresses (/media/…, /documents/…) to
everyone but signed-in users who may choose it in the admin, and is left out
of the pages that would show it. It becomes public the moment the page that
uses it is published (the cache of these answers follows the page cache's
generation, which every publish renews).
"""

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction, Page, ReferenceIndex
from wagtail.permissions import policy_registry


def restricted_collections():
    """Every collection under a view restriction, with the restrictions that cover it."""
    restrictions = list(CollectionViewRestriction.objects.select_related("collection"))
    if not restrictions:
        return {}
    by_path = {restriction.collection.path: restriction for restriction in restrictions}
    covered = Collection.objects.filter(
        Q(*(Q(path__startswith=path) for path in by_path), _connector=Q.OR)
    ).values_list("id", "path")
    return {
        pk: [restriction for prefix, restriction in by_path.items() if path.startswith(prefix)]
        for pk, path in covered
    }


def _anonymous_hidden():
    """What nobody signed out may open, cached until the next change (page cache generation)."""
    from .page_cache import generation

    key = f"media-hidden-collections:{generation()}"
    hidden = cache.get(key)
    if hidden is None:
        hidden = frozenset(restricted_collections())
        cache.set(key, hidden, 300)
    return hidden


def hidden_collection_ids(request=None):
    """Collections whose files ``request`` may not open (every restricted one without a request).

    A reader who is signed in, or who gave a collection's password, is asked
    restriction by restriction; the answer is kept on the request.
    """
    user = getattr(request, "user", None)
    passed = (
        request.session.get(CollectionViewRestriction.passed_view_restrictions_session_key)
        if request is not None and hasattr(request, "session")
        else None
    )
    if not passed and not (user is not None and user.is_authenticated):
        return _anonymous_hidden()
    found = getattr(request, "_hidden_collection_ids", None)
    if found is None:
        found = request._hidden_collection_ids = frozenset(
            pk
            for pk, restrictions in restricted_collections().items()
            if not all(restriction.accept_request(request) for restriction in restrictions)
        )
    return found


def readable(obj, request=None):
    """Whether a reader (``request``, or anyone without one) may open this image or document."""
    return obj is not None and obj.collection_id not in hidden_collection_ids(request)


def _setting_models():
    from django.apps import apps

    return [
        model
        for model in apps.get_models()
        if issubclass(model, (BaseSiteSetting, BaseGenericSetting))
    ]


def _used_by(queryset, pages):
    """The files of ``queryset`` that one of ``pages`` uses, or the site settings (their logo)."""
    model = queryset.model
    used_by_pages = ReferenceIndex.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id__in=pages.values("reference_key"),
        to_content_type=ContentType.objects.get_for_model(model),
    ).values("to_object_id")
    in_settings = Q(pk__in=[])
    for setting in _setting_models():
        for field in setting._meta.get_fields():
            if field.many_to_one and field.related_model is model:
                in_settings |= Q(pk__in=setting.objects.values(field.attname))
    # Subqueries, answered by the database in the query that uses them. (Search
    # backends cannot take them: the API searches among the files outside
    # private collections, then keeps the public ones, api.views.MediaEndpoint.)
    return queryset.annotate(reference_key=Cast("pk", CharField())).filter(
        Q(reference_key__in=used_by_pages) | in_settings
    )


def _keyed(pages):
    return pages.annotate(reference_key=Cast("pk", CharField()))


def live(queryset):
    """The images or documents of ``queryset`` that a live page (or the settings) uses."""
    return _used_by(queryset, _keyed(Page.objects.live()))


def public(queryset):
    """The images or documents of ``queryset`` that are public (see the module's docstring)."""
    readers_pages = _keyed(Page.objects.live().public())
    return _used_by(queryset, readers_pages).exclude(collection__in=list(hidden_collection_ids()))


def is_public(obj):
    return public(type(obj).objects.filter(pk=obj.pk)).exists()


def is_public_now(model, pk):
    """Whether the image or document ``pk`` is public, cached until the next publish."""
    from .page_cache import generation

    key = f"media-public:{generation()}:{model._meta.label_lower}:{pk}"
    answer = cache.get(key)
    if answer is None:
        answer = public(model.objects.filter(pk=pk)).exists()
        cache.set(key, answer, 300)
    return answer


def may_choose(user, obj):
    """Whether a signed-in user may pick ``obj`` in the admin (and so see it before readers)."""
    if obj is None or user is None or not user.is_authenticated:
        return False
    policy = policy_registry.get_by_type(type(obj))
    return policy.user_has_any_permission_for_instance(user, ["choose", "change"], obj)


def image_of_file(path):
    """The id of the image whose original or rendition is stored at ``path``, or None.

    Cached until the next change of media (the page cache's generation).
    """
    from .page_cache import generation

    key = f"media-file:{generation()}:{path}"
    pk = cache.get(key)
    if pk is None:
        Image = get_image_model()
        pk = (
            Image.objects.filter(file=path).values_list("pk", flat=True).first()
            or Image.get_rendition_model()
            .objects.filter(file=path)
            .values_list("image_id", flat=True)
            .first()
            or 0
        )
        cache.set(key, pk, 300)
    return pk or None
