"""Who may change what is live: media by role, and which pages a writer may delete.

The rights table is in docs/editors.md. Wagtail's own rules, with two limits:

- Images and documents (``MediaPermissionPolicy``). Writers hold "add" and
  "choose" on the collections: they upload, and they choose any file outside
  a private collection. Wagtail lets an uploader edit and delete their own
  files; here only while no live page uses them, since replacing the file of,
  or deleting, what readers see is for moderators and administrators, who hold
  "change". Moving a file into or out of a private collection is for
  administrators (``MediaFormMixin``).
- Pages (``NewsroomPagePermissionTester``). Without the right to publish, a
  user deletes only pages they own that were never published and are not
  scheduled: their own drafts, not a colleague's, nor one a moderator approved.
"""

from django.core.exceptions import ValidationError
from django.db.models import CharField
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from wagtail.models import PagePermissionTester, Revision
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy

from .media_access import hidden_collection_ids, live

EDITING = {"change", "delete"}


def is_administrator(user):
    """May manage collections: administrators and superusers (newsroom.roles)."""
    return user.is_active and (user.is_superuser or user.has_perm("wagtailcore.change_collection"))


class MediaPermissionPolicy(CollectionOwnershipPermissionPolicy):
    def _may_change_any(self, user, instance):
        return self._check_perm(user, ["change"], collection=instance.collection)

    def _is_live(self, instance):
        return live(type(instance).objects.filter(pk=instance.pk)).exists()

    def user_has_any_permission_for_instance(self, user, actions, instance):
        actions = set(actions)
        if not user.is_active:
            return False
        if user.is_superuser:
            return True
        if "choose" in actions and self._may_choose(user, instance):
            return True
        if actions & EDITING:
            if self._may_change_any(user, instance):
                return True
            owner = getattr(instance, self.owner_field_name)
            return (
                owner == user
                and self._check_perm(user, ["add"], collection=instance.collection)
                and not self._is_live(instance)
            )
        return super().user_has_any_permission_for_instance(user, actions - {"choose"}, instance)

    def _may_choose(self, user, instance):
        if not self._check_perm(user, ["choose"], collection=instance.collection):
            return False
        # Writers choose among the public collections only.
        return self._may_change_any(user, instance) or (
            instance.collection_id not in hidden_collection_ids()
        )

    def instances_user_has_any_permission_for(self, user, actions):
        queryset = super().instances_user_has_any_permission_for(user, actions)
        if not user.is_active or user.is_superuser:
            return queryset
        actions = set(actions)
        changeable = self._collections_with_perm(user, ["change"])
        unrestricted = queryset.filter(collection__in=changeable)
        others = queryset.exclude(collection__in=changeable)
        if actions & EDITING and "choose" not in actions:
            # Their own uploads, while no live page uses them.
            others = others.exclude(pk__in=live(self.model.objects.all()).values("pk"))
        elif "choose" in actions:
            others = others.exclude(collection__in=list(hidden_collection_ids()))
        return unrestricted | others


def crosses_privacy(user, before, after):
    """Whether moving a file from collection ``before`` to ``after`` is refused to ``user``."""
    if before == after or is_administrator(user):
        return False
    hidden = hidden_collection_ids()
    return (before in hidden) != (after in hidden)


CROSSING_REFUSED = _("Only administrators move files into or out of a private collection.")


class MediaFormMixin:
    """The edit forms of images and documents: private collections are for administrators."""

    def __init__(self, *args, **kwargs):
        self.user = kwargs.get("user")
        super().__init__(*args, **kwargs)

    def clean_collection(self):
        collection = self.cleaned_data.get("collection")
        if collection is not None and self.instance.pk and self.user is not None:
            if crosses_privacy(self.user, self.instance.collection_id, collection.pk):
                raise ValidationError(CROSSING_REFUSED)
        return collection


class NewsroomPagePermissionTester(PagePermissionTester):
    def can_delete(self, ignore_bulk=False):
        if not super().can_delete(ignore_bulk=ignore_bulk):
            return False
        if self.user.is_superuser or "publish" in self.permissions:
            return True
        pages = self.page.get_descendants(inclusive=True)
        keys = pages.annotate(key=Cast("pk", CharField())).values("key")
        return not (
            pages.exclude(owner=self.user).exists()
            or pages.filter(first_published_at__isnull=False).exists()
            or Revision.objects.filter(
                object_id__in=keys, approved_go_live_at__isnull=False
            ).exists()
        )
