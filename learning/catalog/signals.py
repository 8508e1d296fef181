"""Side effects of catalog changes: the sessions' calendar SEQUENCE on publish, and
invalidating the catalog caches (learning.catalog.cache) whenever something a
catalog page shows changes through a model save or delete.

Changes about people (accounts, groups and permissions, employees, units,
positions, golongan) also end the viewers' cached facts (`people=True`).

Writes that send no model signal (queryset update(), bulk_create) call
cache.catalog_changed() themselves, or send a signal of their own (the employee
import's people.signals.employees_imported, enrollment's
learning.enrollment.signals.session_enrollments_ended); anything else is bounded by
cache.MAX_AGE."""
from __future__ import annotations

from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from competencies.models import Competency
from learning.catalog.cache import catalog_changed
from learning.enrollment.signals import session_enrollments_ended
from learning.models import (
    Enrollment,
    LearningForm,
    SessionSeats,
    WorkshopIndexPage,
    WorkshopPage,
    WorkshopSession,
)
from people.models import Employee, Position, Rank, Unit, User
from people.signals import employees_imported


@receiver(page_published, sender=WorkshopPage, dispatch_uid="learning_catalog_calendar_sync")
def workshop_published(sender, instance: WorkshopPage, **kwargs) -> None:
    from learning.catalog.services import calendar_states_sync

    calendar_states_sync(workshop=instance)


def _catalog_changed(sender, **kwargs) -> None:
    catalog_changed(using=kwargs.get("using"))


def _people_changed(sender, **kwargs) -> None:
    # Also ends the viewers' cached facts (name, roles, employee record).
    catalog_changed(using=kwargs.get("using"), people=True)


# Publishing and unpublishing a catalog page.
for _name, _signal in (("published", page_published), ("unpublished", page_unpublished)):
    for _page_model in (WorkshopPage, WorkshopIndexPage):
        _signal.connect(_catalog_changed, sender=_page_model,
                        dispatch_uid=f"catalog_cache_{_name}_{_page_model.__name__}")
# Moving any page may change a catalog page's URL (a move under the index, or of an
# ancestor of it).
post_page_move.connect(_catalog_changed, dispatch_uid="catalog_cache_page_move")
# Saved or deleted: what the pages show (the pages themselves, who may see them,
# sessions, seats, enrollments: waitlist places; forms and competencies on the
# cards).
_SAVED_OR_DELETED = (
    WorkshopPage, WorkshopIndexPage, WorkshopSession, SessionSeats, Enrollment,
    LearningForm, Competency, PageViewRestriction,
)
for _model in _SAVED_OR_DELETED:
    post_save.connect(_catalog_changed, sender=_model,
                      dispatch_uid=f"catalog_cache_save_{_model.__name__}")
    post_delete.connect(_catalog_changed, sender=_model,
                        dispatch_uid=f"catalog_cache_delete_{_model.__name__}")
# And what names, roles and eligibility come from (the employee record: name, unit,
# position, golongan, supervisor for "My team"; units, positions, golongan), which
# the pages (rules in words, "eligible for me") and the viewers' facts both show.
for _model in (Employee, Unit, Position, Rank):
    post_save.connect(_people_changed, sender=_model,
                      dispatch_uid=f"catalog_cache_save_{_model.__name__}")
    post_delete.connect(_people_changed, sender=_model,
                        dispatch_uid=f"catalog_cache_delete_{_model.__name__}")


@receiver(post_save, sender=User, dispatch_uid="catalog_cache_save_User")
def user_saved(sender, instance: User, update_fields=None, **kwargs) -> None:
    # A viewer's cached facts (cache.py) hold their name and roles. Every login
    # saves last_login: that changes nothing the catalog shows.
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    catalog_changed(using=kwargs.get("using"), people=True)


@receiver(post_delete, sender=User, dispatch_uid="catalog_cache_delete_User")
def user_deleted(sender, **kwargs) -> None:
    catalog_changed(using=kwargs.get("using"), people=True)


def _memberships_changed(sender, action: str, **kwargs) -> None:
    # Groups (HR, Mentor) change the navigation and the HR-only controls; groups'
    # and users' permissions the Wagtail editor's bar: all in the viewers' facts.
    if action in {"post_add", "post_remove", "post_clear"}:
        catalog_changed(using=kwargs.get("using"), people=True)


for _through in (User.groups.through, User.user_permissions.through,
                 Group.permissions.through):
    m2m_changed.connect(_memberships_changed, sender=_through,
                        dispatch_uid=f"catalog_cache_m2m_{_through.__name__}")


@receiver(employees_imported, dispatch_uid="catalog_cache_employees_imported")
def employees_imported_received(sender, **kwargs) -> None:
    # Names, units, positions, golongan and supervisors may have changed in bulk.
    catalog_changed(people=True)


# A cancelled session's enrollments and seats, ended with queryset updates.
session_enrollments_ended.connect(_catalog_changed,
                                  dispatch_uid="catalog_cache_session_enrollments_ended")
