"""The rights table of docs/editors.md, cell by cell, through the admin's own URLs.

Each role signs in (a real session; CSRF checked as in a browser: the token is
read from the form first), then POSTs what the admin's buttons would. What is
allowed happens; what is refused changes nothing on disk or in the database.
"""

import datetime
import hashlib
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction, Page

from newsroom import roles

from .conftest import member
from .factories import DocumentFactory, ImageFactory, NewsPageFactory, in_use, jpeg_bytes

Image = get_image_model()
ROLES = {"writer": roles.EDITORS, "moderator": roles.MODERATORS, "admin": roles.ADMINISTRATORS}


class Browser:
    """A signed-in admin user, as a browser is: CSRF enforced, the token taken from each form."""

    def __init__(self, user):
        self.client = Client(enforce_csrf_checks=True)
        self.client.force_login(user)

    def post(self, url, data):
        """POST as the form would; a form refused to this user is posted all the same."""
        form = self.client.get(url)
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.content.decode())
        if found:
            token = found.group(1)
        else:  # refused: the session's token, as any other admin page gives it
            self.client.get(reverse("wagtailadmin_home"))
            token = self.client.cookies["csrftoken"].value
        response = self.client.post(url, {"csrfmiddlewaretoken": token, **data})
        assert response.status_code != 403 or b"CSRF" not in response.content, "CSRF refused"
        return response


@pytest.fixture
def people(db, home):
    made = {
        role: member(group, f"{role}", "Nguyễn Văn", role.title())[0]
        for role, group in ROLES.items()
    }
    made["other writer"] = member(roles.EDITORS, "writer2", "Trần Thị", "Hai")[0]
    return made


@pytest.fixture
def private_collection(db):
    collection = Collection.get_first_root_node().add_child(name="Nội bộ")
    CollectionViewRestriction.objects.create(collection=collection, restriction_type="login")
    return collection


def snapshot(obj):
    """What a refused request must not change: the row and the bytes of its file."""
    obj = type(obj).objects.get(pk=obj.pk)
    with obj.file.open("rb") as handle:
        digest = hashlib.sha256(handle.read()).hexdigest()
    return (obj.title, obj.collection_id, obj.file.name, digest)


def edit_url(obj):
    if isinstance(obj, Image):
        return reverse("wagtailimages:edit", args=[obj.pk])
    return reverse("wagtaildocs:edit", args=[obj.pk])


def delete_url(obj):
    if isinstance(obj, Image):
        return reverse("wagtailimages:delete", args=[obj.pk])
    return reverse("wagtaildocs:delete", args=[obj.pk])


def edit_data(obj, **changes):
    data = {"title": obj.title, "collection": obj.collection_id, "tags": ""}
    data.update(changes)
    return data


def new_file(obj):
    if isinstance(obj, Image):
        return SimpleUploadedFile("thay.jpg", jpeg_bytes(80, 60, "#cc0000"), "image/jpeg")
    return SimpleUploadedFile("thay.pdf", b"%PDF-1.4\n% thay the\n%%EOF\n", "application/pdf")


def did_change(obj, action, before):
    if not type(obj).objects.filter(pk=obj.pk).exists():
        return action == "delete"
    title, collection, _, digest = snapshot(obj)
    return {
        "edit": title != before[0],
        "replace file": digest != before[3],
        "delete": False,
        "move to a private collection": collection != before[1],
    }[action]


MEDIA = {
    "image": lambda owner: ImageFactory(uploaded_by_user=owner),
    "document": lambda owner: DocumentFactory(uploaded_by_user=owner),
}

# (action, role, the file is used by a live page) -> allowed?
MEDIA_RIGHTS = {
    ("edit", "writer", False): True,
    ("edit", "writer", True): False,
    ("edit", "moderator", True): True,
    ("edit", "admin", True): True,
    ("replace file", "writer", False): True,
    ("replace file", "writer", True): False,
    ("replace file", "moderator", True): True,
    ("replace file", "admin", True): True,
    ("delete", "writer", False): True,
    ("delete", "writer", True): False,
    ("delete", "moderator", True): True,
    ("delete", "admin", True): True,
    ("move to a private collection", "writer", False): False,
    ("move to a private collection", "moderator", True): False,
    ("move to a private collection", "moderator", False): False,
    ("move to a private collection", "admin", True): True,
}


@pytest.mark.parametrize("kind", MEDIA)
@pytest.mark.parametrize(("action", "role", "used"), list(MEDIA_RIGHTS))
def test_media_rights(people, news_section, private_collection, kind, action, role, used):
    allowed = MEDIA_RIGHTS[action, role, used]
    obj = MEDIA[kind](people["writer"])  # a writer's upload
    if used:
        in_use(obj, parent=news_section)
    before = snapshot(obj)
    browser = Browser(people[role])

    if action == "edit":
        response = browser.post(edit_url(obj), edit_data(obj, title="Tiêu đề đã sửa"))
    elif action == "replace file":
        response = browser.post(edit_url(obj), edit_data(obj, file=new_file(obj)))
    elif action == "delete":
        response = browser.post(delete_url(obj), {})
    else:
        response = browser.post(edit_url(obj), edit_data(obj, collection=private_collection.pk))
    changed = did_change(obj, action, before)

    assert response.status_code in (200, 302, 403)
    assert changed == allowed, f"{role} {action} a {'used' if used else 'unused'} {kind}"
    if not allowed:
        assert snapshot(obj) == before, "nothing changed, on disk or in the database"


@pytest.mark.parametrize("kind", MEDIA)
def test_moving_out_of_a_private_collection_is_for_administrators(people, private_collection, kind):
    obj = MEDIA[kind](people["moderator"])
    obj.collection = private_collection
    obj.save()
    root = Collection.get_first_root_node()
    for role, allowed in (("writer", False), ("moderator", False), ("admin", True)):
        Browser(people[role]).post(edit_url(obj), edit_data(obj, collection=root.pk))
        obj.refresh_from_db()
        assert (obj.collection_id == root.pk) == allowed, role


def test_writers_do_not_edit_a_colleague_s_upload(people):
    image = ImageFactory(uploaded_by_user=people["other writer"])
    before = snapshot(image)
    Browser(people["writer"]).post(edit_url(image), edit_data(image, title="Của người khác"))
    assert snapshot(image) == before


def test_writers_choose_public_files_but_not_private_ones(people, private_collection):
    public = ImageFactory(title="Ảnh công khai")
    private = ImageFactory(title="Ảnh nội bộ", collection=private_collection)
    chooser = reverse("wagtailimages_chooser:choose")
    for role, sees_private in (("writer", False), ("moderator", True)):
        html = Browser(people[role]).client.get(chooser).json()["html"]
        assert public.title in html, role
        assert (private.title in html) == sees_private, role
    chosen = reverse("wagtailimages_chooser:chosen", args=[private.pk])
    assert Browser(people["writer"]).client.get(chosen).status_code in (302, 403)


def test_the_bulk_move_follows_the_same_rule(people, private_collection):
    image = ImageFactory(uploaded_by_user=people["moderator"])
    url = reverse("wagtail_bulk_action", args=["wagtailimages", "image", "add_to_collection"])
    url += f"?id={image.pk}"
    Browser(people["moderator"]).post(url, {"collection": private_collection.pk})
    image.refresh_from_db()
    assert image.collection_id != private_collection.pk


# --- Pages -------------------------------------------------------------------


def page_delete(browser, page):
    return browser.post(reverse("wagtailadmin_pages:delete", args=[page.pk]), {})


@pytest.fixture
def pages(people, news_section):
    own = NewsPageFactory(parent=news_section, owner=people["writer"], publish=False)
    colleague = NewsPageFactory(parent=news_section, owner=people["other writer"], publish=False)
    scheduled = NewsPageFactory(parent=news_section, owner=people["writer"], publish=False)
    scheduled.save_revision(
        user=people["moderator"],
        approved_go_live_at=timezone.now() + datetime.timedelta(days=1),
    )
    was_live = NewsPageFactory(parent=news_section, owner=people["writer"])
    was_live.unpublish()
    live = NewsPageFactory(parent=news_section, owner=people["writer"])
    return {
        "own draft": own,
        "colleague's draft": colleague,
        "scheduled page": scheduled,
        "own unpublished page": was_live,
        "live page": live,
    }


PAGE_RIGHTS = {
    ("writer", "own draft"): True,
    ("writer", "colleague's draft"): False,
    ("writer", "scheduled page"): False,
    ("writer", "own unpublished page"): False,
    ("writer", "live page"): False,
    ("moderator", "colleague's draft"): True,
    ("moderator", "scheduled page"): True,
    ("moderator", "live page"): True,
    ("admin", "live page"): True,
}


@pytest.mark.parametrize(("role", "which"), list(PAGE_RIGHTS))
def test_page_deletion_rights(people, pages, role, which):
    page = pages[which]
    page_delete(Browser(people[role]), page)
    assert (not Page.objects.filter(pk=page.pk).exists()) == PAGE_RIGHTS[role, which]
