"""Read-side rules for policy socialization: who is in a policy's audience, what
an employee still has to read, and HR's acknowledgement report.

Audience rule (documented in docs/socialization.md): "all employees", or else the
employee must match every criterion HR filled in — be in one of the chosen units or
below it (when units are chosen) and hold one of the chosen position kinds (when
kinds are chosen). A policy with "all employees" unticked and nothing chosen
reaches nobody but HR."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict

from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from people.models import Employee, Unit, User
from people.roles import employee_for, user_is_hr
from people.units import UnitRollup, unit_rollup
from socialization.models import Acknowledgement, PolicyPage, PolicyQuestion

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations
    from wagtail.documents.models import AbstractDocument
    from wagtail.query import PageQuerySet

    class _Acknowledged(TypedDict):
        acknowledged: bool


# --- units ----------------------------------------------------------------------------------
def _unit_parents() -> dict[int, int | None]:
    # One query for the whole tree: a regency has a few hundred units at most, and it
    # keeps every page's query count independent of the tree's depth.
    return dict(Unit.objects.values_list("id", "parent_id"))


def unit_ancestor_ids(*, unit_id: int, parents: dict[int, int | None] | None = None) -> set[int]:
    """The unit and every unit above it."""
    parents = _unit_parents() if parents is None else parents
    found: set[int] = set()
    node: int | None = unit_id
    while node is not None and node not in found:
        found.add(node)
        node = parents.get(node)
    return found


def unit_subtree_ids(*, unit_ids: Iterable[int],
                     parents: dict[int, int | None] | None = None) -> set[int]:
    """The given units and every unit below them."""
    parents = _unit_parents() if parents is None else parents
    children: dict[int | None, list[int]] = {}
    for child, parent in parents.items():
        children.setdefault(parent, []).append(child)
    found: set[int] = set()
    frontier = list(unit_ids)
    while frontier:
        node = frontier.pop()
        if node in found:
            continue
        found.add(node)
        frontier.extend(children.get(node, []))
    return found


# --- audience -------------------------------------------------------------------------------
def policy_audience_includes(*, page: PolicyPage, employee: Employee,
                             unit_ancestors: set[int], page_unit_ids: set[int]) -> bool:
    """Whether `employee` is in the page's audience (see the module docstring).

    `unit_ancestors` is the employee's unit and those above it; `page_unit_ids` the
    units HR chose. Pure function: no queries."""
    if not employee.is_active:
        return False
    if page.audience_all:
        return True
    kinds = set(page.audience_position_kinds or [])
    if not page_unit_ids and not kinds:
        return False
    if page_unit_ids and not (unit_ancestors & page_unit_ids):
        return False
    return not (kinds and employee.position.kind not in kinds)


def policy_audience_employees(*, page: PolicyPage) -> QuerySet[Employee]:
    """The active employees a policy is addressed to (two queries to build)."""
    employees = Employee.objects.active()
    if page.audience_all:
        return employees
    unit_ids = set(page.audience_units.values_list("pk", flat=True))
    kinds = list(page.audience_position_kinds or [])
    if not unit_ids and not kinds:
        return employees.none()
    if unit_ids:
        employees = employees.filter(unit_id__in=unit_subtree_ids(unit_ids=unit_ids))
    if kinds:
        employees = employees.filter(position__kind__in=kinds)
    return employees


def _not_expired(now: dt.datetime) -> Q:
    return Q(expire_at__isnull=True) | Q(expire_at__gt=now)


def _with_ack_revision(pages: QuerySet[PolicyPage]) -> QuerySet[PolicyPage]:
    # Before the first publish signal has run (e.g. pages imported by a fixture),
    # the live revision is the one to acknowledge.
    return pages.annotate(
        ack_revision_id=Coalesce(F("ack_state__revision_id"), F("live_revision_id"))
    )


def _visible_pages_for_employee(*, employee: Employee | None,
                                pages: PageQuerySet) -> list[PolicyPage]:
    """Filter live, unexpired pages down to the employee's audience: 3 queries."""
    if employee is None:
        return []
    parents = _unit_parents()
    ancestors = unit_ancestor_ids(unit_id=employee.unit_id, parents=parents)
    now = timezone.now()
    candidates = (
        _with_ack_revision(pages.live().filter(_not_expired(now)))
        .annotate(
            acknowledged=Exists(
                Acknowledgement.objects.filter(
                    employee=employee, page=OuterRef("pk"), revision_id=OuterRef("ack_revision_id")
                )
            )
        )
        .prefetch_related("audience_units")
    )
    visible = []
    for page in candidates:
        unit_ids = {unit.pk for unit in page.audience_units.all()}
        if policy_audience_includes(page=page, employee=employee, unit_ancestors=ancestors,
                                    page_unit_ids=unit_ids):
            visible.append(page)
    return visible


def policy_todo_for_employee(*, employee: Employee) -> list[PolicyPage]:
    """Mandatory policies in the employee's audience they have not yet acknowledged
    (in their current acknowledgement revision), soonest deadline first.

    Constant number of queries (3) whatever the number of pages or employees."""
    pages = _visible_pages_for_employee(
        employee=employee, pages=PolicyPage.objects.filter(is_mandatory=True)
    )
    todo = [page for page in pages if not page.acknowledged]
    far = dt.date.max
    return sorted(todo, key=lambda p: (p.deadline or far, p.title))


def policy_list_for_user(*, user: User, query: str | None = None) -> list[PolicyPage]:
    """The policies `user` may see (HR: every live one), optionally matching a
    search query. Out-of-audience, unpublished and expired pages never appear."""
    pages = PolicyPage.objects.all()
    if query:
        # The search backend does the matching; visibility is applied on top, so a
        # search can never reveal a page the listing would hide.
        matching = [p.pk for p in PolicyPage.objects.live().search(query)]
        pages = pages.filter(pk__in=matching)
    if user_is_hr(user):
        # HR sees every live policy; if HR staff are employees too, their own
        # acknowledgement status is still shown.
        employee = employee_for(user)
        acked = (
            Exists(Acknowledgement.objects.filter(
                employee=employee, page=OuterRef("pk"), revision_id=OuterRef("ack_revision_id")))
            if employee else Exists(Acknowledgement.objects.none())
        )
        return list(
            _with_ack_revision(pages.live().filter(_not_expired(timezone.now())))
            .annotate(acknowledged=acked)
            .order_by("title")
        )
    visible = _visible_pages_for_employee(employee=employee_for(user), pages=pages)
    return sorted(visible, key=lambda p: (not (p.is_mandatory and not p.acknowledged),
                                          p.title))


def policy_is_visible_to(*, page: PolicyPage, user: User) -> bool:
    """Whether `user` may read `page` at all: HR always; an employee only when the
    page is live, not expired and they are in its audience."""
    if user_is_hr(user):
        return True
    employee = employee_for(user)
    if employee is None or not page.live:
        return False
    if page.expire_at and page.expire_at <= timezone.now():
        return False
    parents = _unit_parents()
    return policy_audience_includes(
        page=page, employee=employee,
        unit_ancestors=unit_ancestor_ids(unit_id=employee.unit_id, parents=parents),
        page_unit_ids=page_audience_unit_ids(page=page),
    )


def policy_get_for_reader(*, page_id: int, user: User) -> PolicyPage | None:
    """The policy page if `user` may read it, else None (callers answer 404, so an
    out-of-audience page is indistinguishable from a missing one)."""
    page = PolicyPage.objects.filter(pk=page_id).select_related("ack_state").first()
    if page is None or not policy_is_visible_to(page=page, user=user):
        return None
    return page


def policy_get_for_hr(*, page_id: int, user: User) -> PolicyPage | None:
    """The policy page for HR's report; None when it does not exist. Callers check
    user_is_hr first (403 for others)."""
    return PolicyPage.objects.filter(pk=page_id).first()


def policy_ack_revision_id(*, page: PolicyPage) -> int | None:
    """The revision employees must currently have acknowledged."""
    state = getattr(page, "ack_state", None) if _has_ack_state(page) else None
    return state.revision_id if state else page.live_revision_id


def _has_ack_state(page: PolicyPage) -> bool:
    from socialization.models import PolicyAckState

    try:
        page.ack_state  # noqa: B018  (cached by select_related when available)
    except PolicyAckState.DoesNotExist:
        return False
    return True


def policy_page_context(*, page: PolicyPage, user: User) -> dict:
    """What the policy page shows beyond its content: the reader's acknowledgement,
    published questions and answers, and the reader's own pending questions."""
    employee = employee_for(user)
    revision_id = policy_ack_revision_id(page=page)
    acknowledgement = None
    if employee is not None and revision_id is not None:
        acknowledgement = Acknowledgement.objects.filter(
            employee=employee, page=page, revision_id=revision_id
        ).first()
    in_audience = employee is not None and _employee_in_audience(page=page, employee=employee)
    published = page.questions.filter(is_published=True).order_by("answered_at")
    mine = (
        page.questions.filter(author=user, is_published=False) if user.is_authenticated else []
    )
    return {
        "acknowledgement": acknowledgement,
        "can_acknowledge": in_audience and acknowledgement is None,
        "in_audience": in_audience,
        "published_questions": list(published),
        "my_questions": list(mine),
        "is_hr": user_is_hr(user),
    }


def page_audience_unit_ids(*, page: PolicyPage) -> set[int]:
    """The ids of the units HR chose. Works on a page built from a revision too
    (a draft preview): there `audience_units` is modelcluster's in-memory relation,
    which has no `values_list("pk")`, so iterate it (one query on a saved page)."""
    return {unit.pk for unit in page.audience_units.all()}


def _employee_in_audience(*, page: PolicyPage, employee: Employee) -> bool:
    parents = _unit_parents()
    return policy_audience_includes(
        page=page, employee=employee,
        unit_ancestors=unit_ancestor_ids(unit_id=employee.unit_id, parents=parents),
        page_unit_ids=page_audience_unit_ids(page=page),
    )


# --- HR report ------------------------------------------------------------------------------
@dataclass(frozen=True)
class UnitRate:
    unit_name: str
    total: int
    acknowledged: int
    unit_id: int | None = None
    has_children: bool = False  # HR can drill into it

    @property
    def rate(self) -> float:
        return round(100 * self.acknowledged / self.total, 1) if self.total else 0.0


@dataclass(frozen=True)
class PolicyReport:
    page: PolicyPage
    units: list[UnitRate]
    stragglers: QuerySet[Employee]
    rollup: UnitRollup | None = None  # the open unit and the trail back up

    @property
    def total(self) -> int:
        return sum(u.total for u in self.units)

    @property
    def acknowledged(self) -> int:
        return sum(u.acknowledged for u in self.units)

    @property
    def rate(self) -> float:
        return round(100 * self.acknowledged / self.total, 1) if self.total else 0.0

    @property
    def pending(self) -> int:
        return self.total - self.acknowledged


# The HTML report lists at most this many stragglers; the exports list everyone.
REPORT_STRAGGLERS_SHOWN = 200


def _audience_with_ack(*, page: PolicyPage) -> QuerySet[WithAnnotations[Employee, _Acknowledged]]:
    revision_id = policy_ack_revision_id(page=page)
    return policy_audience_employees(page=page).annotate(
        acknowledged=Exists(
            Acknowledgement.objects.filter(
                # None (a page never published) matches no acknowledgement.
                employee=OuterRef("pk"), page=page,
                revision_id=revision_id,  # type: ignore[misc]
            )
        )
    )


def policy_stragglers(*, page: PolicyPage) -> QuerySet[Employee]:
    """Audience members who have not acknowledged the current revision."""
    return (
        _audience_with_ack(page=page)
        .filter(acknowledged=False)
        .select_related("unit", "position")
        .order_by("unit__name", "name")
    )


def policy_report(*, page: PolicyPage, rollup: UnitRollup | None = None) -> PolicyReport:
    """Acknowledgement rate per unit along the unit tree (the top-level units, each
    counting its whole subtree, or the units below the one HR opened), aggregated in
    the database, and the lazy list of stragglers within it. A constant number of
    queries whatever the audience size or the tree's depth."""
    rollup = rollup or unit_rollup()
    totals: dict[int, list[int]] = {}
    for r in (_audience_with_ack(page=page).values("unit_id")
              .annotate(total=Count("pk"), done=Count("pk", filter=Q(acknowledged=True)))
              .order_by()):
        index = rollup.group(r["unit_id"])
        if index is None:
            continue
        sums = totals.setdefault(index, [0, 0])
        sums[0] += r["total"]
        sums[1] += r["done"]
    units = [
        UnitRate(unit_name=row.label, unit_id=row.unit_id, has_children=row.has_children,
                 total=totals[i][0], acknowledged=totals[i][1])
        for i, row in enumerate(rollup.rows) if i in totals
    ]
    stragglers = policy_stragglers(page=page)
    if rollup.within is not None:
        stragglers = stragglers.filter(unit_id__in=rollup.unit_ids())
    return PolicyReport(page=page, units=units, stragglers=stragglers, rollup=rollup)


def policy_read_rates(*, pages: list[PolicyPage]) -> dict[int, UnitRate]:
    """Each policy's audience and how many of it acknowledged the current revision, for
    HR's report index. Four queries whatever the number of policies: active employees
    counted per (unit, position kind), acknowledgements per (page, unit, position kind),
    the pages' chosen units and the unit tree; the audience rule is applied to those
    groups here."""
    if not pages:
        return {}
    parents = _unit_parents()
    people = list(Employee.objects.active().values("unit_id", "position__kind")
                  .annotate(n=Count("pk")).order_by())
    acks: dict[tuple[int, int, str], int] = {}
    for r in (Acknowledgement.objects.filter(
            page__in=pages, employee__is_active=True,
            revision_id=F("page__ack_state__revision_id"))
            .values("page_id", "employee__unit_id", "employee__position__kind")
            .annotate(n=Count("pk")).order_by()):
        acks[(r["page_id"], r["employee__unit_id"], r["employee__position__kind"])] = r["n"]
    chosen: dict[int, set[int]] = {}
    for page_id, unit_id in PolicyPage.audience_units.through.objects.filter(
            policypage__in=pages).values_list("policypage_id", "unit_id"):
        chosen.setdefault(page_id, set()).add(unit_id)
    ancestors = {unit_id: unit_ancestor_ids(unit_id=unit_id, parents=parents)
                 for unit_id in parents}
    rates = {}
    for page in pages:
        kinds = set(page.audience_position_kinds or [])
        units = chosen.get(page.pk, set())
        total = done = 0
        for group in people:
            unit_id, kind = group["unit_id"], group["position__kind"]
            if not page.audience_all:
                if not units and not kinds:
                    continue
                if units and not (ancestors.get(unit_id, {unit_id}) & units):
                    continue
                if kinds and kind not in kinds:
                    continue
            total += group["n"]
            done += acks.get((page.pk, unit_id, kind), 0)
        rates[page.pk] = UnitRate(unit_name=page.title, total=total, acknowledged=done)
    return rates


def policy_pages_for_hr() -> QuerySet[PolicyPage]:
    """Every policy page (drafts too), for HR's report index."""
    return PolicyPage.objects.order_by("-live", "title")


def question_list_for_hr() -> QuerySet[PolicyQuestion]:
    return PolicyQuestion.objects.select_related("page", "author").order_by(
        "is_published", "-created_at"
    )


def question_get_for_hr(*, question_id: int, user: User) -> PolicyQuestion | None:
    if not user_is_hr(user):
        return None
    return PolicyQuestion.objects.select_related("page", "author").filter(pk=question_id).first()


# --- attachments -----------------------------------------------------------------------------
def policy_document_readable_by(*, document: AbstractDocument, user: User) -> bool | None:
    """Whether `user` may download `document` (a Wagtail document) as a policy
    attachment: None when no policy page uses it (Wagtail's own rules then apply);
    else True for HR, for a reader of one of those policies, or when a live page of
    another kind uses it too (that page's rules govern it). "Uses" is Wagtail's
    reference index (StreamField blocks and rich-text links; the page's latest draft
    included), so an attachment follows the page: login and audience."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page, ReferenceIndex

    page_type = ContentType.objects.get_for_model(Page)
    page_ids = {
        int(ref.object_id)
        for ref in ReferenceIndex.get_references_to(document).filter(
            base_content_type=page_type)
    }
    if not page_ids:
        return None
    pages = Page.objects.filter(pk__in=page_ids)
    policy_type = ContentType.objects.get_for_model(PolicyPage)
    policy_ids = set(pages.filter(content_type=policy_type).values_list("pk", flat=True))
    if not policy_ids:
        return None
    if user_is_hr(user) or pages.exclude(pk__in=policy_ids).live().exists():
        return True
    policies = PolicyPage.objects.filter(pk__in=policy_ids).prefetch_related("audience_units")
    return any(policy_is_visible_to(page=page, user=user) for page in policies)
