"""The admin and Wagtail's own views, held to core.permissions and core.media_access."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from wagtail import hooks

from . import media_access
from .permissions import crosses_privacy


@hooks.register("before_serve_document")
def embargoed_documents_are_not_found(document: Any, request: HttpRequest) -> None:
    """A document no reader may see yet answers 404, except to editors who may choose it.

    Wagtail has already refused the documents of private collections (a login
    or password) by then.
    """
    if media_access.is_public_now(type(document), document.pk):
        return None
    if media_access.may_choose(request.user, document):
        return None
    raise Http404


@hooks.register("before_bulk_action")
def private_collections_are_for_administrators(
    request: HttpRequest, action_type: str, objects: Iterable[Any], action_class: type[Any]
) -> None:
    """The bulk "add to collection" of images and documents follows the edit form's rule."""
    if action_type != "add_to_collection":
        return None
    destination = request.POST.get("collection")
    if not destination or not destination.isdigit():
        return None
    if any(crosses_privacy(request.user, obj.collection_id, int(destination)) for obj in objects):
        raise PermissionDenied
    return None


@hooks.register("after_bulk_action")
def moved_files_change_what_readers_see(
    request: HttpRequest, action_type: str, objects: Iterable[Any], action_class: type[Any]
) -> None:
    """A bulk move updates rows without saving them: the caches are told here instead."""
    if action_type == "add_to_collection":
        from .page_cache import invalidate

        invalidate()
