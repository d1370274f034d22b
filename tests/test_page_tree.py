"""The page tree of the README ("What is in the box") is the only tree an editor can build."""

import pytest
from wagtail.models import Page

from home.models import HomePage, StandardPage
from newsroom.models import (
    AnnouncementIndexPage,
    AnnouncementPage,
    NewsIndexPage,
    NewsPage,
    SponsoredLinkIndexPage,
    SponsoredLinkPage,
)

from .factories import AnnouncementIndexPageFactory, StandardPageFactory

PAGE_TYPES = [
    HomePage,
    StandardPage,
    NewsIndexPage,
    NewsPage,
    AnnouncementIndexPage,
    AnnouncementPage,
    SponsoredLinkIndexPage,
    SponsoredLinkPage,
]

# parent -> the page types an editor may create under it, and nothing else.
ALLOWED_CHILDREN = {
    Page: {HomePage},
    HomePage: {StandardPage, NewsIndexPage, AnnouncementIndexPage, SponsoredLinkIndexPage},
    StandardPage: {StandardPage},
    NewsIndexPage: {NewsPage},
    NewsPage: set(),
    AnnouncementIndexPage: {AnnouncementPage},
    AnnouncementPage: set(),
    SponsoredLinkIndexPage: {SponsoredLinkPage},
    SponsoredLinkPage: set(),
}


@pytest.mark.parametrize("parent", list(ALLOWED_CHILDREN), ids=lambda model: model.__name__)
@pytest.mark.parametrize("child", PAGE_TYPES, ids=lambda model: model.__name__)
def test_child_allowed_only_where_the_design_says(parent, child):
    allowed = child in ALLOWED_CHILDREN[parent]
    assert (child in parent.allowed_subpage_models()) is allowed
    assert (parent in child.allowed_parent_page_models()) is allowed


@pytest.mark.parametrize("model", PAGE_TYPES, ids=lambda model: model.__name__)
def test_every_page_type_is_described_for_editors(model):
    assert model.get_page_description()
    assert model._meta.verbose_name


def test_the_plain_wagtail_page_cannot_be_created_anywhere():
    assert not Page.is_creatable


def test_one_home_page_per_site(home):
    root = Page.get_first_root_node()
    assert not HomePage.can_create_at(root)


def test_several_news_sections_may_exist(home, news_section):
    assert NewsIndexPage.can_create_at(home)


def test_one_announcements_section_per_home_page(home):
    assert AnnouncementIndexPage.can_create_at(home)
    AnnouncementIndexPageFactory(parent=home)
    assert not AnnouncementIndexPage.can_create_at(home)


def test_one_partner_links_section_per_home_page(home, link_section):
    assert not SponsoredLinkIndexPage.can_create_at(home)


def test_standard_pages_nest(home):
    about = StandardPageFactory(parent=home)
    assert StandardPage.can_create_at(about)
    assert not NewsPage.can_create_at(about)
