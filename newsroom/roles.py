"""The newsroom's roles and its approval workflow, "Duyệt tin".

Three groups, named as a Vietnamese newsroom names them:

- "Biên tập viên" (editors) write and edit news and announcements in their
  sections and submit them for approval; they cannot publish.
- "Thư ký tòa soạn" (moderators) approve or reject, publish and schedule
  anything on the site, and manage the partner links.
- "Quản trị" (administrators) also manage users, site settings, workflows,
  collections and redirects.

Page permissions are scoped to the tree: editors hold theirs on each news and
announcement section, moderators on each site's home page, administrators on
the root. Every news and announcement section goes through "Duyệt tin": an
editor submits, a moderator approves (which publishes) or rejects with a
comment. A section created later gets the editors' permissions and the
workflow as it is created (``grant_section``).

The functions take an app registry so that the data migration can run them
with historical models; the names below are data, stored as they are.
"""

from django.apps import apps as global_apps

EDITORS = "Biên tập viên"
MODERATORS = "Thư ký tòa soạn"
ADMINISTRATORS = "Quản trị"
WORKFLOW = "Duyệt tin"
APPROVAL_TASK = "Thư ký tòa soạn duyệt"

# Wagtail creates these two on a fresh install, with rights over the whole tree;
# they become ours rather than stay beside them.
WAGTAIL_DEFAULT_GROUPS = {"Editors": EDITORS, "Moderators": MODERATORS}
WAGTAIL_DEFAULT_WORKFLOW = "Moderators approval"

SECTION_MODELS = ("newsindexpage", "announcementindexpage")

PAGE_PERMISSIONS = {
    EDITORS: ["add_page", "change_page"],
    MODERATORS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    ADMINISTRATORS: [
        "add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page"
    ],
}  # fmt: skip

# Images and documents, held on the root collection. Editors upload and choose;
# they edit and delete only their own uploads that no live page uses
# (core.permissions). Changing what readers see is for moderators.
COLLECTION_PERMISSIONS = {
    EDITORS: [
        "wagtailimages.add_image", "wagtailimages.choose_image",
        "wagtaildocs.add_document", "wagtaildocs.choose_document",
    ],
}  # fmt: skip
# Rights an earlier version gave editors, taken back by migration 0007.
REVOKED_COLLECTION_PERMISSIONS = {
    EDITORS: ["wagtailimages.change_image", "wagtaildocs.change_document"],
}
COLLECTION_PERMISSIONS[MODERATORS] = COLLECTION_PERMISSIONS[EDITORS] + [
    "wagtailimages.change_image",
    "wagtaildocs.change_document",
    "wagtailimages.delete_image",
    "wagtaildocs.delete_document",
]
COLLECTION_PERMISSIONS[ADMINISTRATORS] = COLLECTION_PERMISSIONS[MODERATORS]


def _crud(app_label, *models):
    """Add, change and delete permissions of models, e.g. _crud("auth", "user")."""
    verbs = ("add", "change", "delete")
    return [f"{app_label}.{verb}_{model}" for model in models for verb in verbs]


MODEL_PERMISSIONS = {
    EDITORS: ["wagtailadmin.access_admin"],
    MODERATORS: ["wagtailadmin.access_admin", "taggit.change_tag"],
    ADMINISTRATORS: [
        "wagtailadmin.access_admin",
        "core.change_sitesettings",
        *_crud("auth", "user", "group"),
        *_crud("wagtailcore", "collection", "workflow", "task", "site"),
        *_crud("wagtailredirects", "redirect"),
        *_crud("taggit", "tag"),
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
    ],
}


# Permissions of models that moved app (core 0002), by the label they had
# before: the migrations made before the move find them under it.
FORMER_LABELS = {"core.change_sitesettings": "home.change_sitesettings"}


def _permission(apps, label):
    """The Permission named "app_label.codename", e.g. "wagtailimages.add_image"."""
    Permission = apps.get_model("auth", "Permission")
    for name in filter(None, (label, FORMER_LABELS.get(label))):
        app_label, codename = name.split(".")
        found = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
        if found.exists():
            return found.get()
    raise LookupError(f"no permission {label}")


def _group(apps, name):
    """The group called ``name``; Wagtail's default group of that role becomes it, rights reset."""
    Group = apps.get_model("auth", "Group")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    for wagtail_name, ours in WAGTAIL_DEFAULT_GROUPS.items():
        if ours != name or Group.objects.filter(name=name).exists():
            continue
        for group in Group.objects.filter(name=wagtail_name):
            group.name = name
            group.save()
            group.permissions.clear()
            GroupCollectionPermission.objects.filter(group=group).delete()
            GroupPagePermission.objects.filter(group=group).delete()
    return Group.objects.get_or_create(name=name)[0]


def _grant_pages(apps, group, page, codenames):
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    for codename in codenames:
        GroupPagePermission.objects.get_or_create(
            group=group, page_id=page.pk, permission=_permission(apps, f"wagtailcore.{codename}")
        )


def _workflow(apps):
    """The "Duyệt tin" workflow: one approval task, for the moderators."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    workflow, created = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    if created:
        task_type = ContentType.objects.get_or_create(
            app_label="wagtailcore", model="groupapprovaltask"
        )[0]
        task = GroupApprovalTask.objects.create(
            name=APPROVAL_TASK, content_type=task_type, active=True
        )
        task.groups.set([_group(apps, MODERATORS)])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow


def grant_section(page, apps=global_apps):
    """Give editors their rights on a news or announcement section, and put it under approval."""
    _grant_pages(apps, _group(apps, EDITORS), page, PAGE_PERMISSIONS[EDITORS])
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowPage.objects.update_or_create(page_id=page.pk, defaults={"workflow": _workflow(apps)})


def set_up_roles(apps=global_apps):
    """Create or bring up to date the three groups, their rights and the workflow.

    Idempotent: rights only ever get added. Wagtail's default "Editors" and
    "Moderators" groups are renamed and lose their rights over the whole tree.
    """
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")

    groups = {name: _group(apps, name) for name in (EDITORS, MODERATORS, ADMINISTRATORS)}
    root = Page.objects.filter(depth=1).first()
    if root is not None:
        _grant_pages(apps, groups[ADMINISTRATORS], root, PAGE_PERMISSIONS[ADMINISTRATORS])
        # Wagtail's default workflow covered the whole tree; "Duyệt tin" covers the sections.
        WorkflowPage.objects.filter(page=root, workflow__name=WAGTAIL_DEFAULT_WORKFLOW).delete()
    Workflow.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW, workflow_pages__isnull=True).exclude(
        workflow_states__status="in_progress"
    ).update(active=False)

    for name, group in groups.items():
        group.permissions.add(*(_permission(apps, label) for label in MODEL_PERMISSIONS[name]))
        collection = Collection.objects.filter(depth=1).first()
        if collection is not None:
            for label in COLLECTION_PERMISSIONS[name]:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=collection, permission=_permission(apps, label)
                )

    for home in Page.objects.filter(depth=2):
        _grant_pages(apps, groups[MODERATORS], home, PAGE_PERMISSIONS[MODERATORS])
    _workflow(apps)
    for section in Page.objects.filter(
        content_type__app_label="newsroom", content_type__model__in=SECTION_MODELS
    ):
        grant_section(section, apps)


def grant_new_section(sender, instance, created, raw=False, **kwargs):
    """post_save of a section: the editors and the workflow follow it from its first save."""
    if created and not raw:
        grant_section(instance)


def grant_new_home(sender, instance, created, raw=False, **kwargs):
    """post_save of a home page: the moderators' rights cover the new site."""
    if created and not raw and instance.depth == 2:
        moderators = _group(global_apps, MODERATORS)
        _grant_pages(global_apps, moderators, instance, PAGE_PERMISSIONS[MODERATORS])


def revoke_collection_permissions(apps=global_apps):
    """Take back the collection rights a group no longer has (REVOKED_COLLECTION_PERMISSIONS)."""
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    for name, labels in REVOKED_COLLECTION_PERMISSIONS.items():
        GroupCollectionPermission.objects.filter(
            group=_group(apps, name),
            permission__in=[_permission(apps, label) for label in labels],
        ).delete()
