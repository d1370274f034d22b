"""URLs to pages: the home page finds a page by its URL path, not level by level.

Whatever the shortcut, readers must get what Wagtail's own routing gives them:
the live page at its current URL, 404 for drafts and unknown paths, the login
page for private ones, and a section's own sub-routes (its feed).
"""

from wagtail.models import PageViewRestriction

from .factories import NewsIndexPageFactory, NewsPageFactory, StandardPageFactory


def test_pages_at_every_level_are_served(client, home, news_section):
    about = StandardPageFactory(parent=home, title="Giới thiệu", slug="gioi-thieu")
    article = NewsPageFactory(parent=news_section, title="Hội thảo khoa học", slug="hoi-thao")

    assert client.get("/").status_code == 200
    assert client.get(about.url).status_code == 200
    assert client.get(news_section.url).status_code == 200
    response = client.get("/tin-tuc/hoi-thao/")
    assert response.status_code == 200
    assert response.context["page"] == article


def test_a_sections_feed_is_still_routed(client, news_section):
    NewsPageFactory(parent=news_section, title="Tin mới")

    response = client.get("/tin-tuc/feed/")

    assert response.status_code == 200
    assert b"Tin m\xe1\xbb\x9bi" in response.content


def test_unknown_paths_are_404(client, home, news_section):
    NewsPageFactory(parent=news_section, slug="co-that")

    for url in [
        "/khong-co/",
        "/tin-tuc/khong-co/",
        "/tin-tuc/co-that/them-nua/",
        "/khong-co/co-that/",
        "/tin-tuc/tin-tuc/",
    ]:
        assert client.get(url).status_code == 404, url


def test_drafts_and_unpublished_pages_are_404(client, news_section):
    NewsPageFactory(parent=news_section, slug="ban-nhap", publish=False)
    withdrawn = NewsPageFactory(parent=news_section, slug="da-go")
    withdrawn.unpublish()

    assert client.get("/tin-tuc/ban-nhap/").status_code == 404
    assert client.get("/tin-tuc/da-go/").status_code == 404


def test_private_pages_still_ask_for_a_login(client, news_section):
    article = NewsPageFactory(parent=news_section, slug="noi-bo")
    PageViewRestriction.objects.create(page=article, restriction_type="login")

    response = client.get("/tin-tuc/noi-bo/")

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"] or "login" in response["Location"]


def test_a_moved_or_renamed_page_is_served_at_its_new_url(client, home, news_section):
    other = NewsIndexPageFactory(parent=home, slug="khoa-hoc")
    article = NewsPageFactory(parent=news_section, slug="bai-viet")

    article.move(other, pos="last-child")
    assert client.get("/khoa-hoc/bai-viet/").status_code == 200
    # Wagtail leaves a permanent redirect at the old address.
    old = client.get("/tin-tuc/bai-viet/")
    assert (old.status_code, old["Location"]) == (301, "/khoa-hoc/bai-viet/")

    article.refresh_from_db()
    article.slug = "bai-viet-moi"
    article.save_revision().publish()
    assert client.get("/khoa-hoc/bai-viet-moi/").status_code == 200
    # Renamed from code, no redirect is left: the old path is simply gone.
    assert client.get("/khoa-hoc/bai-viet/").status_code == 404


def test_a_restriction_on_a_section_covers_its_articles(client, home):
    private = NewsIndexPageFactory(parent=home, slug="noi-bo")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")

    article = NewsPageFactory(parent=private, slug="bien-ban", lead="Nội dung mật.")
    response = client.get("/noi-bo/bien-ban/")

    # Wagtail's password form, not the article.
    assert response.status_code == 200
    assert "wagtailcore/password_required.html" in [t.name for t in response.templates]
    assert article.lead not in response.content.decode()


def test_an_alias_answers_to_its_sources_restriction(client, home, news_section):
    source = NewsPageFactory(parent=news_section, slug="goc")
    other = NewsIndexPageFactory(parent=home, slug="khoa-hoc")
    alias = source.create_alias(parent=other, update_slug="ban-sao")
    PageViewRestriction.objects.create(page=source, restriction_type="login")

    assert alias.url == "/khoa-hoc/ban-sao/"
    for url in ("/tin-tuc/goc/", "/khoa-hoc/ban-sao/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "login" in response["Location"]
