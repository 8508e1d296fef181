"""The HR publishing workflow for every CMS page (policies and the workshop catalog).

- "HR Editor": may add and edit pages under /sosialisasi/ and /pelatihan/, not publish;
- "HR Approver": may also publish there, and approves the "Persetujuan HR" workflow;
- the workflow is assigned to the home page, so it covers every page below it.

Both groups get Wagtail admin access and image/document permissions. People in them
are HR staff and must also be in the base "HR" group (people.roles.user_is_hr).

Every function takes an app registry so the data migration (historical models) and
runtime code (`django.apps.apps`) share one implementation. All are idempotent."""
from __future__ import annotations

EDITOR_GROUP = "HR Editor"
APPROVER_GROUP = "HR Approver"
WORKFLOW_NAME = "Persetujuan HR"
TASK_NAME = "Persetujuan HR Approver"
SECTION_MODELS = [("socialization", "policyindexpage"), ("learning", "workshopindexpage")]
EDITOR_PAGE_PERMS = ["add_page", "change_page"]
APPROVER_PAGE_PERMS = ["add_page", "change_page", "publish_page"]
MEDIA_PERMS = {
    ("wagtailimages", "image"): ["add_image", "choose_image"],
    ("wagtaildocs", "document"): ["add_document", "choose_document"],
}


def _permission(apps, app_label: str, model: str, codename: str):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename,
        defaults={"name": codename.replace("_", " ").capitalize()},
    )
    return permission


def publishing_groups_ensure(apps):
    """Create the two groups with admin access and media permissions."""
    Group = apps.get_model("auth", "Group")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    access = _permission(apps, "wagtailadmin", "admin", "access_admin")
    root_collection = Collection.objects.filter(depth=1).first()
    groups = []
    for name in (EDITOR_GROUP, APPROVER_GROUP):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(access)
        for (app_label, model), codenames in MEDIA_PERMS.items():
            for codename in codenames:
                permission = _permission(apps, app_label, model, codename)
                if root_collection is not None:
                    GroupCollectionPermission.objects.get_or_create(
                        group=group, collection=root_collection, permission=permission
                    )
        groups.append(group)
    return groups


def section_permissions_grant(apps, *, page_ids: list[int]) -> None:
    """Give the editor and approver groups their rights on the given section pages."""
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    editor = Group.objects.get(name=EDITOR_GROUP)
    approver = Group.objects.get(name=APPROVER_GROUP)
    for page_id in page_ids:
        for group, codenames in ((editor, EDITOR_PAGE_PERMS), (approver, APPROVER_PAGE_PERMS)):
            for codename in codenames:
                GroupPagePermission.objects.get_or_create(
                    group=group, page_id=page_id,
                    permission=_permission(apps, "wagtailcore", "page", codename),
                )


def section_page_ids(apps) -> list[int]:
    """Ids of the existing section pages (/sosialisasi/, /pelatihan/)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    content_types = [
        ct.pk for app_label, model in SECTION_MODELS
        if (ct := ContentType.objects.filter(app_label=app_label, model=model).first())
    ]
    return list(Page.objects.filter(content_type_id__in=content_types).values_list("pk", flat=True))


def publishing_workflow_ensure(apps) -> None:
    """Groups, section permissions, and the "Persetujuan HR" workflow on the home page."""
    Group = apps.get_model("auth", "Group")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    publishing_groups_ensure(apps)
    section_permissions_grant(apps, page_ids=section_page_ids(apps))

    approver = Group.objects.get(name=APPROVER_GROUP)
    task_ct, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME, content_type=task_ct, active=True)
    task.groups.add(approver)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    home = Page.objects.filter(depth=2).order_by("path").first()
    if home is not None:
        WorkflowPage.objects.get_or_create(page=home, defaults={"workflow": workflow})
    separated_task_ensure(apps)


def separated_task_ensure(apps) -> None:
    """Make the workflow's step an HrApprovalTask (separation of duties: whoever
    submitted a page cannot approve it), replacing Wagtail's plain group approval task
    of the same name. Skipped for app registries that predate the model (migration
    0002 runs before it exists; 0004 calls this again)."""
    try:
        HrApprovalTask = apps.get_model("socialization", "HrApprovalTask")
    except LookupError:
        return
    Group = apps.get_model("auth", "Group")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    task_ct, _ = ContentType.objects.get_or_create(
        app_label="socialization", model="hrapprovaltask")
    task = HrApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = HrApprovalTask.objects.create(name=TASK_NAME, content_type=task_ct, active=True)
    task.groups.add(Group.objects.get(name=APPROVER_GROUP))
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is None:
        return
    old = GroupApprovalTask.objects.filter(name=TASK_NAME)
    for link in WorkflowTask.objects.filter(workflow=workflow, task__in=old):
        if not WorkflowTask.objects.filter(workflow=workflow, task=task).exists():
            WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=link.sort_order)
        link.delete()
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    # Keep the old task (task states may point to it) but out of the way.
    old.update(active=False, name=TASK_NAME + " (lama)")
