"""Everything Bangkom holds about one employee, as one ZIP (UU 27/2022 on personal
data protection: the data subject's right of access, and HR answering such a
request; docs/personal-data.md).

`people` is the lowest domain app, so it cannot know the others' tables. Each app
describes its own in a **section** and registers it here from its AppConfig.ready()
(as home/panels.py does for the home page):

    register_personal_data_section(PersonalDataSection(
        key="assessments", title=_("Competency assessments"), order=20,
        rows=lambda employee: Assessment.objects.filter(employee=employee),
        fields=(DataField("competency__name", _("Competency")), ...)))

A section is one table: a queryset of the person's rows and the fields to read from
it (`values_list`, so one query per section whatever the row count), and optionally
the files that belong to those rows (certificate PDFs, proofs of external learning).

The archive holds, per section, `<key>.csv` (the house CSV dialect, config/exports.py)
and the same rows in `data.json` (machine-readable, with stored values rather than
labels), the files under `files/<key>/`, and `README.txt` in Indonesian saying what
is where. It is built in a temporary file, never stored: a second copy of someone's
personal data on disk would need deleting again.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Model, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation

from config.exports import Column, Kind, Table, table_csv
from people.models import Employee, User
from people.roles import employee_for, user_is_hr

# The wagtail log action every download is recorded with (the audit trail).
PERSONAL_DATA_EXPORT_ACTION = "bangkom.personal_data.export"
# Bounds that keep the archive a request's work: a person has tens of certificates
# in a career, not thousands; past these the request refuses rather than running on.
MAX_ROWS_PER_SECTION = 20_000
MAX_FILE_BYTES = 200 * 1024 * 1024


class PersonalDataTooLarge(Exception):
    """The archive would pass MAX_ROWS_PER_SECTION or MAX_FILE_BYTES."""


@dataclass(frozen=True)
class DataField:
    """One column: a `values_list` path, its header, its kind (config.exports.Kind),
    for CHOICE the choices that give its label, for DECIMAL the places shown."""

    path: str
    header: object
    kind: Kind = Kind.TEXT
    choices: object = None
    places: int | None = None


@dataclass(frozen=True)
class PersonalDataSection:
    key: str
    title: object
    order: int
    rows: Callable[[Employee], QuerySet]
    fields: tuple[DataField, ...]
    # (name inside files/<key>/, Django FieldFile) of the files the rows point to.
    files: Callable[[Employee], Iterable[tuple[str, object]]] | None = None
    description: object = ""


_sections: dict[str, PersonalDataSection] = {}


def register_personal_data_section(section: PersonalDataSection) -> PersonalDataSection:
    # Keyed by name so a re-imported module does not register twice.
    _sections[section.key] = section
    return section


def personal_data_sections() -> list[PersonalDataSection]:
    return sorted(_sections.values(), key=lambda s: (s.order, s.key))


# --- who may download whose data -------------------------------------------------------

def personal_data_subject_get_for_requester(*, employee_id: int | None,
                                            user: User) -> tuple[Employee, str] | None:
    """(the employee whose data is asked for, "self" or "hr"), or None when the user
    may not have it. `employee_id` None means the user's own. An employee gets only
    their own; HR any employee's; supervisors and mentors have no access here (they
    see their team's records on the pages made for that, not a full copy)."""
    me = employee_for(user)
    if employee_id is None or (me is not None and me.pk == employee_id):
        return (me, "self") if me is not None else None
    if not user_is_hr(user):
        return None
    employee = Employee.objects.filter(pk=employee_id).first()
    return (employee, "hr") if employee is not None else None


# --- the rows --------------------------------------------------------------------------

@dataclass
class SectionRows:
    section: PersonalDataSection
    rows: list[tuple]
    files: list[tuple[str, object]] = field(default_factory=list)


def _json_value(value: object) -> object:
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def personal_data_rows(*, employee: Employee) -> list[SectionRows]:
    """Each registered section's rows of this employee (one query per section), in
    order. Raises PersonalDataTooLarge past the bounds."""
    result = []
    file_bytes = 0
    for section in personal_data_sections():
        queryset = section.rows(employee)
        if not queryset.query.order_by and not queryset.ordered:
            queryset = queryset.order_by("pk")
        rows = list(queryset.values_list(*(f.path for f in section.fields))
                    [:MAX_ROWS_PER_SECTION + 1])
        if len(rows) > MAX_ROWS_PER_SECTION:
            raise PersonalDataTooLarge(section.key)
        files = [(name, f) for name, f in (section.files(employee) if section.files else [])
                 if f]
        for _name, file in files:
            file_bytes += file.size
        if file_bytes > MAX_FILE_BYTES:
            raise PersonalDataTooLarge(section.key)
        result.append(SectionRows(section=section, rows=rows, files=files))
    return result


def personal_data_json(*, employee: Employee, sections: list[SectionRows],
                       requested_by: str) -> dict:
    """The machine-readable copy: stored values (choice codes, ISO dates in the
    agency's time zone, decimals as strings) keyed by field path."""
    return {
        "format": "bangkom-personal-data/1",
        "employee": {"id": employee.pk, "nip": employee.nip, "name": employee.name},
        "created_at": _json_value(timezone.now()),
        "requested_by": requested_by,
        "sections": {
            s.section.key: {
                "title": str(s.section.title),
                "fields": [f.path for f in s.section.fields],
                "rows": [{f.path: _json_value(v) for f, v in zip(s.section.fields, row,
                                                                 strict=True)}
                         for row in s.rows],
                "files": [f"files/{s.section.key}/{name}" for name, _f in s.files],
            }
            for s in sections
        },
    }


def _section_csv(rows: SectionRows) -> bytes:
    columns = [Column(f.header, f.kind, f.choices, f.places) for f in rows.section.fields]
    return table_csv(Table(rows.section.title, columns, rows.rows))


def personal_data_archive(*, employee: Employee, requested_by: str,
                          language: str = "id") -> tempfile.SpooledTemporaryFile:
    """The ZIP of everything held about `employee`, in a temporary file positioned at
    its start (kept in memory up to 10 MB, on disk past that, deleted when closed).
    Reads only: the caller records the download in the audit trail."""
    with translation.override(language):
        sections = personal_data_rows(employee=employee)
        data = personal_data_json(employee=employee, sections=sections,
                                  requested_by=requested_by)
        archive = tempfile.SpooledTemporaryFile(max_size=10 * 1024 * 1024)
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("README.txt", render_to_string(
                "people/personal_data_readme.txt",
                {"employee": employee, "sections": sections, "now": timezone.now(),
                 "requested_by": requested_by}))
            zf.writestr("data.json", json.dumps(data, cls=DjangoJSONEncoder,
                                                ensure_ascii=False, indent=1))
            for section_rows in sections:
                key = section_rows.section.key
                zf.writestr(f"{key}.csv", _section_csv(section_rows))
                for name, file in section_rows.files:
                    with file.open("rb") as handle:
                        # Certificates and proofs are already compressed (PDF, JPG).
                        with zf.open(f"files/{key}/{name}", "w") as target:
                            while chunk := handle.read(1024 * 1024):
                                target.write(chunk)
    archive.seek(0)
    return archive


def personal_data_filename(employee: Employee) -> str:
    return f"data-pribadi-{employee.nip}-{timezone.localdate():%Y%m%d}.zip"


def personal_data_export_log(*, employee: Employee, user: User, requested_by: str,
                             sections: Iterable[str] = ()) -> None:
    """Record the download in Wagtail's log (the audit trail HR reads)."""
    from wagtail.log_actions import log

    log(instance=employee, action=PERSONAL_DATA_EXPORT_ACTION, user=user,
        data={"by": requested_by, "nip": employee.nip, "sections": list(sections)})


def files_of(rows: Iterable[Model], attribute: str,
             name: Callable[[Model], str]) -> list[tuple[str, object]]:
    """(archive name, file) for each row's file field `attribute` that holds a file:
    the `files` of a section."""
    return [(name(row), getattr(row, attribute)) for row in rows if getattr(row, attribute)]


def file_extension(file: object) -> str:
    return os.path.splitext(getattr(file, "name", "") or "")[1].lower()
