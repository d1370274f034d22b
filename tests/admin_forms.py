"""What the admin's page forms are sent, as an editor's browser sends them.

Helpers for the tests that drive the admin: the add and edit addresses, a
complete article form, and an editor's draft submitted to the workflow.
"""

from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from newsroom.models import NewsPage


def add_url(model, parent):
    return reverse(
        "wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, parent.pk]
    )


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def body(*blocks):
    return streamfield(list(blocks) or [("paragraph", rich_text("<p>Nội dung.</p>"))])


def article_data(title, **extra):
    data = {
        "title": title,
        "slug": "",
        "date": "2021-01-29",
        "lead": "Liên hiệp Hội tổ chức Hội thảo với các Sở, ban ngành của tỉnh.",
        "byline": "Cao Hồng Kỳ, Chủ tịch Liên hiệp Hội Hà Giang",
        "tags": "Chỉ thị 42, hội thảo",
        "body": body(),
        "related_pages": inline_formset([]),
        "action-publish": "publish",
    }
    data.update(extra)
    return nested_form_data(data)


def draft_by_editor(client, section, title="Hội thảo chè Shan tuyết"):
    """The editor writes an article and presses every button an editor has."""
    response = client.post(add_url(NewsPage, section), article_data(title))
    assert response.status_code == 302
    return NewsPage.objects.child_of(section).get(title=title)


def submit(client, page):
    data = article_data(page.title, slug=page.slug)
    data.pop("action-publish")
    data["action-submit"] = "submit"
    response = client.post(edit_url(page), data)
    assert response.status_code == 302
    page.refresh_from_db()
    return page.current_workflow_task_state


def schema_errors(validator, instance):
    """What a JSON Schema validator finds wrong with an instance, one line each."""
    return [
        f"{list(error.absolute_path)}: {error.message[:200]}"
        for error in validator.iter_errors(instance)
    ]
