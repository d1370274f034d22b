"""Roles and approval: editors write and submit, moderators approve or reject, all audited.

Every step goes through the admin's own views, as each role would click it.
"""

import pytest
from bs4 import BeautifulSoup
from bs4.element import NavigableString, TemplateString
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import GroupPagePermission, PageLogEntry, Workflow, WorkflowPage

from newsroom import roles
from newsroom.models import AnnouncementPage, NewsPage, SponsoredLinkPage

from .admin_forms import add_url, article_data, draft_by_editor, edit_url, submit


def visible_text(response):
    """The text of an admin page, its dialogs included, whitespace collapsed."""
    body = BeautifulSoup(response.content, "html.parser").body
    for hidden in body.find_all(["script", "style"]):
        hidden.decompose()
    # Dialogs wait in <template> elements until the editor opens them.
    return " ".join(body.get_text(" ", types=(NavigableString, TemplateString)).split())


def act(client, page, action, comment=""):
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])
    return client.post(url, {"comment": comment})


def test_the_data_migration_created_the_three_groups(db):
    names = set(Group.objects.values_list("name", flat=True))
    assert {"Biên tập viên", "Thư ký tòa soạn", "Quản trị"} <= names
    assert not names & {"Editors", "Moderators"}, "Wagtail's English groups were renamed"
    workflow = Workflow.objects.get(name="Duyệt tin")
    assert [task.name for task in workflow.tasks] == ["Thư ký tòa soạn duyệt"]
    assert [group.name for group in workflow.tasks[0].specific.groups.all()] == ["Thư ký tòa soạn"]


def test_sections_get_the_editors_and_the_workflow_as_they_are_created(
    news_section, announcement_section, link_section
):
    editors = Group.objects.get(name=roles.EDITORS)
    scoped = GroupPagePermission.objects.filter(group=editors).values_list("page", flat=True)
    assert set(scoped) == {news_section.pk, announcement_section.pk}
    assert WorkflowPage.objects.get(page=news_section).workflow.name == "Duyệt tin"
    assert WorkflowPage.objects.get(page=announcement_section).workflow.name == "Duyệt tin"
    assert not WorkflowPage.objects.filter(page=link_section).exists()


def test_editors_write_only_in_news_and_announcement_sections(
    editor_member, home, news_section, announcement_section, link_section
):
    _, client = editor_member
    assert client.get(add_url(NewsPage, news_section)).status_code == 200
    assert client.get(add_url(AnnouncementPage, announcement_section)).status_code == 200
    assert client.get(add_url(SponsoredLinkPage, link_section)).status_code != 200
    assert client.get(edit_url(home)).status_code != 200


def test_an_editor_cannot_publish_and_submits_for_approval(editor_member, news_section, client):
    _, editor = editor_member
    page = draft_by_editor(editor, news_section)
    assert not page.live, "the publish button of an editor saves a draft"
    assert client.get(f"/tin-tuc/{page.slug}/").status_code == 404

    task_state = submit(editor, page)
    assert task_state.task.name == "Thư ký tòa soạn duyệt"
    assert task_state.status == "in_progress"

    act(editor, page, "approve")
    page.refresh_from_db()
    assert not page.live, "an editor cannot approve their own article"
    assert page.current_workflow_task_state.status == "in_progress"


def test_a_moderator_sees_the_article_waiting_and_approval_publishes_it(
    editor_member, moderator_member, news_section, client
):
    _, editor = editor_member
    _, moderator = moderator_member
    page = draft_by_editor(editor, news_section)
    submit(editor, page)

    dashboard = moderator.get(reverse("wagtailadmin_home")).content.decode()
    assert "Đang chờ bạn duyệt" in dashboard
    assert "Hội thảo chè Shan tuyết" in dashboard

    response = act(moderator, page, "approve", comment="Đồng ý đăng.")
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live
    assert client.get(f"/tin-tuc/{page.slug}/").status_code == 200


def test_a_rejection_comes_back_to_the_editor_with_its_comment(
    editor_member, moderator_member, news_section, client
):
    _, editor = editor_member
    _, moderator = moderator_member
    page = draft_by_editor(editor, news_section)
    submit(editor, page)

    act(moderator, page, "reject", comment="Cần bổ sung ảnh và nguồn tin.")
    page.refresh_from_db()
    assert not page.live
    assert page.current_workflow_state.status == "needs_changes"
    assert client.get(f"/tin-tuc/{page.slug}/").status_code == 404

    # The editor finds the comment in the status panel of the article's editor.
    status = visible_text(editor.get(edit_url(page)))
    assert "Trần Thị Bình đã yêu cầu sửa đổi kèm bình luận" in status
    assert "Cần bổ sung ảnh và nguồn tin." in status
    assert "vừa mới đây" in status and " now " not in status
    # Fixed, the article goes back to the moderators.
    assert submit(editor, page).status == "in_progress"


def test_moderators_publish_directly_and_manage_partner_links(
    moderator_member, news_section, link_section, client
):
    _, moderator = moderator_member
    response = moderator.post(add_url(NewsPage, news_section), article_data("Tin đăng ngay"))
    assert response.status_code == 302
    assert NewsPage.objects.get(title="Tin đăng ngay").live

    assert moderator.get(add_url(SponsoredLinkPage, link_section)).status_code == 200


def test_the_page_history_shows_who_created_edited_approved_and_published(
    editor_member, moderator_member, news_section
):
    editor_user, editor = editor_member
    moderator_user, moderator = moderator_member
    page = draft_by_editor(editor, news_section)
    submit(editor, page)
    act(moderator, page, "approve", comment="Đồng ý đăng.")

    entries = {(entry.action, entry.user_id) for entry in PageLogEntry.objects.filter(page=page)}
    assert ("wagtail.create", editor_user.pk) in entries
    assert ("wagtail.edit", editor_user.pk) in entries
    assert ("wagtail.workflow.start", editor_user.pk) in entries
    assert ("wagtail.workflow.approve", moderator_user.pk) in entries
    assert ("wagtail.publish", moderator_user.pk) in entries

    history = moderator.get(reverse("wagtailadmin_pages:history", args=[page.pk]))
    assert history.status_code == 200
    html = visible_text(history)
    for text in ("Nguyễn Văn An", "Trần Thị Bình", "Đã tạo", "Đã duyệt", "Đã xuất bản"):
        assert text in html, text
    assert "Vừa xong" in html
    assert "minutes" not in html


ADMINISTRATION = {
    "users": reverse("wagtailusers_users:index"),
    "groups": reverse("wagtailusers_groups:index"),
    "site settings": reverse("wagtailsettings:edit", args=["core", "sitesettings"]),
    "workflows": reverse("wagtailadmin_workflows:index"),
    "redirects": reverse("wagtailredirects:index"),
    "sites": reverse("wagtailsites:index"),
}


@pytest.mark.parametrize("screen", ADMINISTRATION)
def test_only_administrators_manage_users_settings_and_workflows(
    screen, home, administrator_member, moderator_member, editor_member
):
    url = ADMINISTRATION[screen]
    _, administrator = administrator_member
    response = administrator.get(url, follow=True)  # site settings: on to the site's own
    assert response.status_code == 200
    assert response.request["PATH_INFO"].startswith(url)

    for _, client in (moderator_member, editor_member):
        response = client.get(url, follow=False)
        assert response.status_code in (302, 403), screen
        if response.status_code == 302:
            assert response["Location"] == reverse("wagtailadmin_home")
