"""The newsroom's additions to the Wagtail admin."""

from wagtail import hooks

from .admin_views import (
    AnnouncementListingViewSet,
    AnnouncementPageViewSet,
    MyDraftsPanel,
    NewsListingViewSet,
    NewsPageViewSet,
)


@hooks.register("register_admin_viewset")
def register_article_listings():
    return [
        NewsListingViewSet(),
        AnnouncementListingViewSet(),
        NewsPageViewSet(),
        AnnouncementPageViewSet(),
    ]


@hooks.register("construct_homepage_panels")
def add_my_drafts_panel(request, panels):
    panels.append(MyDraftsPanel(request))
