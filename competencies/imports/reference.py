"""Import and export of reference data HR maintains in spreadsheets: the competency
dictionary and the per-position job standards. Small files (hundreds of rows), but
held to the same contract as the result imports: all-or-nothing, row-numbered errors,
re-import updates by natural key (competency code; position + competency)."""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from competencies.imports.columns import ColumnMap
from competencies.imports.parsing import CellError
from competencies.imports.readers import SheetRows
from competencies.imports.report import (
    AlreadyImported,
    ErrorList,
    ImportReport,
    batch_lock_for_write,
    report_from_finished_batch,
)
from competencies.models import (
    Competency,
    CompetencyLevel,
    CompetencyType,
    ImportKind,
    JobStandard,
)
from config.exports import Column, Kind, Table, table_csv, table_xlsx
from people.models import Employee, Position

_TYPE_WORDS = {
    "manajerial": CompetencyType.MANAGERIAL,
    "managerial": CompetencyType.MANAGERIAL,
    "sosial kultural": CompetencyType.SOCIOCULTURAL,
    "sosiokultural": CompetencyType.SOCIOCULTURAL,
    "socio cultural": CompetencyType.SOCIOCULTURAL,
    "sociocultural": CompetencyType.SOCIOCULTURAL,
    "teknis": CompetencyType.TECHNICAL,
    "technical": CompetencyType.TECHNICAL,
}
TYPE_EXPORT_WORDS = {
    CompetencyType.MANAGERIAL: "Manajerial",
    CompetencyType.SOCIOCULTURAL: "Sosial Kultural",
    CompetencyType.TECHNICAL: "Teknis",
}
INDICATOR_SEPARATOR = " | "


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value if value is not None else "").strip()


def _type_parse(value: Any) -> str:
    words = re.sub(r"[^a-z]+", " ", _text(value).lower()).strip()
    found = _TYPE_WORDS.get(words) or (
        CompetencyType(words.upper()) if words.upper() in CompetencyType.values else None
    )
    if found is None:
        raise CellError(
            _("“%(value)s” is not a competency type: write Manajerial, Sosial Kultural or "
              "Teknis.") % {"value": value}
        )
    return found.value


def _yes_no(value: Any) -> bool:
    words = _text(value).lower()
    if words in ("", "ya", "y", "yes", "1", "true", "aktif"):
        return True
    if words in ("tidak", "t", "no", "n", "0", "false", "nonaktif", "tidak aktif"):
        return False
    raise CellError(_("Write “ya” or “tidak”, not “%(value)s”.") % {"value": value})


def _required_level(value: Any) -> int:
    text = _text(value).replace(",", ".")
    if not re.fullmatch(r"[1-5](\.0)?", text):
        raise CellError(
            _("The required level must be a whole number from 1 to 5, not “%(value)s”.")
            % {"value": value}
        )
    return int(float(text))


def _cell(row: list[Any], columns: ColumnMap, name: str) -> Any:
    position = columns.index.get(name)
    return None if position is None or position >= len(row) else row[position]


def _dictionary_import(
    *, sheet: SheetRows, columns: ColumnMap, report: ImportReport, errors: ErrorList,
    progress: Callable[[int], None],
) -> None:
    label = columns.label
    existing_names = {
        name.lower(): code for code, name in Competency.objects.values_list("code", "name")
    }
    rows: list[tuple] = []
    seen_codes: dict[str, int] = {}
    seen_names: dict[str, int] = {}
    for number, row in sheet.rows:
        progress(number)
        ok = True
        code = _text(_cell(row, columns, "kode")).upper()
        name = _text(_cell(row, columns, "nama"))
        if not code or len(code) > 20:
            errors.add(number, label["kode"], _("The code must have 1 to 20 characters."))
            ok = False
        if not name or len(name) > 200:
            errors.add(number, label["nama"], _("The name must have 1 to 200 characters."))
            ok = False
        values: dict[str, Any] = {}
        for key, parse in (("jenis", _type_parse), ("aktif", _yes_no)):
            if key == "aktif" and not columns.has("aktif"):
                values[key] = True
                continue
            try:
                values[key] = parse(_cell(row, columns, key))
            except CellError as exc:
                errors.add(number, label[key], str(exc))
                ok = False
        if code and code in seen_codes:
            errors.add(number, label["kode"], _("The code %(code)s already appears in row "
                                                "%(row)d.") % {"code": code,
                                                               "row": seen_codes[code]})
            ok = False
        if name and name.lower() in seen_names:
            errors.add(number, label["nama"], _("The name already appears in row %(row)d.")
                       % {"row": seen_names[name.lower()]})
            ok = False
        owner = existing_names.get(name.lower())
        if owner and owner != code:
            errors.add(number, label["nama"], _("Competency %(code)s already has this name.")
                       % {"code": owner})
            ok = False
        seen_codes.setdefault(code, number)
        seen_names.setdefault(name.lower(), number)
        levels = {}
        for n in range(1, 6):
            description = _text(_cell(row, columns, f"level_{n}"))
            indicators = [
                part.strip()
                for part in re.split(r"\s*\|\s*|\n", _text(_cell(row, columns,
                                                                 f"indikator_level_{n}")))
                if part.strip()
            ]
            if description:
                levels[n] = (description, indicators)
            elif indicators:
                errors.add(number, label[f"indikator_level_{n}"],
                           _("Indicators need the level's description too."))
                ok = False
        if ok:
            rows.append((code, name, values["jenis"], _text(_cell(row, columns, "definisi")),
                         values["aktif"], levels, columns.has("definisi")))
    if errors or not rows:
        if not rows and not errors:
            errors.add(1, "", _("The file has no data rows below the header."))
        return
    with transaction.atomic():
        for code, name, type_, definition, active, levels, has_definition in rows:
            defaults: dict[str, Any] = {"name": name, "type": type_, "is_active": active}
            if has_definition:
                defaults["definition"] = definition
            competency, created = Competency.objects.update_or_create(
                code=code, defaults=defaults
            )
            report.created += int(created)
            report.updated += int(not created)
            for level, (description, indicators) in levels.items():
                CompetencyLevel.objects.update_or_create(
                    competency=competency, level=level,
                    defaults={"description": description, "indicators": indicators},
                )


def _standards_import(
    *, sheet: SheetRows, columns: ColumnMap, report: ImportReport, errors: ErrorList,
    progress: Callable[[int], None],
) -> None:
    from competencies.imports.services.lookups import competency_lookup

    label = columns.label
    positions = {name.lower(): pk for pk, name in Position.objects.values_list("pk", "name")}
    competencies = competency_lookup()
    parsed: list[tuple[int, int, int]] = []
    seen: dict[tuple[int, int], int] = {}
    for number, row in sheet.rows:
        progress(number)
        ok = True
        position_name = _text(_cell(row, columns, "jabatan"))
        position_id = positions.get(position_name.lower())
        if position_id is None:
            errors.add(number, label["jabatan"],
                       _("No position is called “%(value)s”.") % {"value": position_name})
            ok = False
        raw = _text(_cell(row, columns, "kompetensi"))
        competency_id = competencies.get(raw.lower(), 0)
        if not competency_id:
            message = (
                _("The competency “%(value)s” is no longer active.")
                if competency_id is None
                else _("No competency has the code or name “%(value)s”.")
            )
            errors.add(number, label["kompetensi"], message % {"value": raw})
            ok = False
        try:
            level = _required_level(_cell(row, columns, "level_standar"))
        except CellError as exc:
            errors.add(number, label["level_standar"], str(exc))
            ok = False
        if ok:
            first = seen.setdefault((position_id, competency_id), number)
            if first != number:
                errors.add(number, label["kompetensi"],
                           _("This position and competency already appear in row %(row)d.")
                           % {"row": first})
                continue
            parsed.append((position_id, competency_id, level))  # type: ignore[arg-type]
    if errors or not parsed:
        if not parsed and not errors:
            errors.add(1, "", _("The file has no data rows below the header."))
        return
    batch = report.batch
    with transaction.atomic():
        before = JobStandard.objects.count()
        JobStandard.objects.bulk_create(
            [
                JobStandard(position_id=p, competency_id=c, required_level=lvl,
                            import_batch=batch)
                for p, c, lvl in parsed
            ],
            update_conflicts=True,
            unique_fields=["position", "competency"],
            update_fields=["required_level", "import_batch", "updated_at"],
            batch_size=2000,
        )
        report.created = JobStandard.objects.count() - before
        report.updated = len(parsed) - report.created
        # Everyone holding these positions has a new standard: recompute their gaps.
        report.employee_ids = list(
            Employee.objects.filter(position_id__in={p for p, _c, _l in parsed})
            .values_list("pk", flat=True)
        )
        if report.employee_ids:
            from competencies.imports.services.importer import gaps_recompute_after_commit

            gaps_recompute_after_commit(report.employee_ids)


def reference_import(
    *, sheet: SheetRows, columns: ColumnMap, report: ImportReport, errors: ErrorList,
    progress: Callable[[int], None], finish: Callable[..., ImportReport],
) -> ImportReport:
    """Import a dictionary or job-standard file (called by results_import once it
    has told the kind from the headers)."""
    run = _dictionary_import if columns.kind == ImportKind.DICTIONARY else _standards_import
    try:
        with transaction.atomic():
            batch_lock_for_write(report.batch)
            run(sheet=sheet, columns=columns, report=report, errors=errors, progress=progress)
            return finish(report=report, errors=errors)
    except AlreadyImported:
        return report_from_finished_batch(report)


# --- Export --------------------------------------------------------------------------


def dictionary_rows() -> tuple[list[str], list[list[Any]]]:
    """The dictionary as header + rows, in the import's own column layout."""
    headers = ["kode", "nama", "jenis", "definisi", "aktif"]
    headers += [f"level_{n}" for n in range(1, 6)]
    headers += [f"indikator_level_{n}" for n in range(1, 6)]
    rows = []
    for competency in Competency.objects.prefetch_related("levels").order_by("type", "code"):
        levels = {lvl.level: lvl for lvl in competency.levels.all()}
        row = [
            competency.code, competency.name, TYPE_EXPORT_WORDS[competency.type],
            competency.definition, "ya" if competency.is_active else "tidak",
        ]
        row += [levels[n].description if n in levels else "" for n in range(1, 6)]
        row += [
            INDICATOR_SEPARATOR.join(levels[n].indicators) if n in levels else ""
            for n in range(1, 6)
        ]
        rows.append(row)
    return headers, rows


def standards_rows() -> tuple[list[str], list[list[Any]]]:
    """Per-position job standards as header + rows, in the import's column layout."""
    headers = ["jabatan", "kompetensi", "nama_kompetensi_info", "level_standar"]
    rows = [
        [s.position.name, s.competency.code, s.competency.name, s.required_level]
        for s in JobStandard.objects.select_related("position", "competency").order_by(
            "position__name", "competency__code"
        )
    ]
    return headers, rows


def reference_table(*, headers: list[str], rows: list[list[Any]],
                    title: str | None = None) -> Table:
    """The rows as a table for the one export helper (config.exports), headers kept as
    the import's own column names so the file imports again. A column whose values are
    all whole numbers is a number column; the rest is text."""
    columns = [
        Column(header, Kind.INTEGER if rows and all(
            isinstance(row[i], int) and not isinstance(row[i], bool) for row in rows)
            else Kind.TEXT)
        for i, header in enumerate(headers)
    ]
    return Table(title or _("Data"), columns, rows)


def table_export(*, headers: list[str], rows: list[list[Any]], fmt: str) -> bytes:
    """CSV or XLSX bytes (the management commands' --export)."""
    table = reference_table(headers=headers, rows=rows)
    return table_csv(table) if fmt == "csv" else table_xlsx(table)
