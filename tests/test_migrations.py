"""Migrating a database of the previous layout keeps everything editors made.

core 0002 and home 0006 moved SiteSettings and PagePreview from the home app
to core. The test takes the database back to the schema before the move
(where the models, their content types and the settings permission belonged
to home), fills it as the site would have been, migrates forward and finds
every page, revision, image, setting, preview, click count and group right.
"""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from core.models import PagePreview, SiteSettings
from newsroom.models import NewsPage, SponsoredLinkClicks

from .conftest import make_home
from .factories import (
    ImageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    SponsoredLinkIndexPageFactory,
    SponsoredLinkPageFactory,
)

BEFORE_THE_MOVE = [("core", "0001_initial"), ("home", "0005_live_children_index")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    ContentType.objects.clear_cache()


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.fixture
def previous_schema(transactional_db):
    migrate(BEFORE_THE_MOVE)
    yield
    migrate(latest())


def test_migrating_from_the_previous_layout_keeps_everything(previous_schema):
    # The database as the previous main left it: the settings model was home's.
    settings_type = ContentType.objects.get(model="sitesettings")
    assert settings_type.app_label == "home"
    administrators = Group.objects.get_or_create(name="Quản trị")[0]
    administrators.permissions.add(
        Permission.objects.get(content_type=settings_type, codename="change_sitesettings")
    )
    home = make_home()
    section = NewsIndexPageFactory(parent=home, slug="tin-tuc")
    image = ImageFactory(title="Toàn cảnh hội thảo")
    article = NewsPageFactory(parent=section, title="Hội thảo chè Shan tuyết", listing_image=image)
    article.title = "Hội thảo chè Shan tuyết (bản nháp)"
    article.save_revision()
    link = SponsoredLinkPageFactory(parent=SponsoredLinkIndexPageFactory(parent=home))
    SponsoredLinkClicks.objects.create(link=link, count=42)
    site = home.get_site()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO home_sitesettings (site_id, organisation_name, address, phone, email,"
            " working_hours, facebook_url, youtube_url, zalo_url, logo_id)"
            " VALUES (%s, 'Liên hiệp Hội', 'Hà Giang', '0219 3860 000', '', '', '', '', '', %s)",
            [site.pk, image.pk],
        )
        cursor.execute(
            "INSERT INTO home_pagepreview (token, user_id, page_key, content_type_id, content,"
            " expires_at) VALUES ('abc', NULL, %s, %s, '{}', %s)",
            [
                str(article.pk),
                ContentType.objects.get_for_model(NewsPage).pk,
                timezone.now() + datetime.timedelta(minutes=20),
            ],
        )
    pages = set(Page.objects.values_list("pk", "title"))
    revisions = Revision.objects.count()

    migrate(latest())

    assert set(Page.objects.values_list("pk", "title")) == pages
    assert Revision.objects.count() == revisions
    assert (
        NewsPage.objects.get(pk=article.pk)
        .get_latest_revision_as_object()
        .title.endswith("(bản nháp)")
    )
    assert NewsPage.objects.get(pk=article.pk).listing_image == get_image_model().objects.get(
        title="Toàn cảnh hội thảo"
    )
    assert SponsoredLinkClicks.objects.get(link=link).count == 42
    settings = SiteSettings.for_site(site)
    assert (settings.organisation_name, settings.phone, settings.logo) == (
        "Liên hiệp Hội",
        "0219 3860 000",
        image,
    )
    assert PagePreview.objects.get(token="abc").page_key == str(article.pk)
    # The content types moved, and the administrators' right with them.
    moved = ContentType.objects.get_for_model(SiteSettings)
    assert (moved.pk, moved.app_label) == (settings_type.pk, "core")
    assert not ContentType.objects.filter(app_label="home", model="sitesettings").exists()
    assert administrators.permissions.filter(
        content_type=moved, codename="change_sitesettings"
    ).exists()


def test_a_new_database_has_the_models_in_core(db):
    assert ContentType.objects.get_for_model(SiteSettings).app_label == "core"
    assert SiteSettings._meta.db_table == "home_sitesettings"
    assert PagePreview._meta.db_table == "home_pagepreview"
