import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Page, Site

from .factories import (
    AnnouncementIndexPageFactory,
    HomePageFactory,
    NewsIndexPageFactory,
    SponsoredLinkIndexPageFactory,
)


@pytest.fixture
def home(db):
    """The site's home page, in place of Wagtail's placeholder "Welcome" page."""
    site = Site.objects.get(is_default_site=True)
    placeholder = site.root_page
    home = HomePageFactory()
    site.root_page = home
    site.save()
    Page.objects.filter(pk=placeholder.pk).delete()
    return home


@pytest.fixture
def news_section(home):
    return NewsIndexPageFactory(parent=home, slug="tin-tuc")


@pytest.fixture
def announcement_section(home):
    return AnnouncementIndexPageFactory(parent=home, slug="thong-bao")


@pytest.fixture
def link_section(home):
    return SponsoredLinkIndexPageFactory(parent=home, slug="lien-ket")


@pytest.fixture
def admin_user(db):
    return get_user_model().objects.create_superuser("quantri", password="mat-khau-thu")


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def editor(home):
    """A newsroom editor: admin access and add/edit/publish rights on the site's pages."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission

    group = Group.objects.create(name="Biên tập thử nghiệm")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for permission_type in ("add", "change", "publish"):
        GroupPagePermission.objects.create(group=group, page=home, permission_type=permission_type)
    user = get_user_model().objects.create_user("bientap", password="mat-khau-thu")
    user.groups.add(group)
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
