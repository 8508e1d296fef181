"""A searchable unit tree for choosing units (a regency has 100+ units: a flat list of
checkboxes is unusable). Plain HTML checkboxes nested as the tree, so the form posts
exactly what CheckboxSelectMultiple posts; a small static script filters by name."""
from __future__ import annotations

from django import forms
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from people.models import Unit


class UnitTreeSelectMultiple(forms.CheckboxSelectMultiple):
    class Media:
        css = {"all": ["people/unit_tree.css"]}
        js = ["people/unit_tree.js"]

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in (value or [])}
        units = list(Unit.objects.values_list("pk", "name", "parent_id").order_by("name"))
        known = {pk for pk, _name, _parent in units}
        children: dict[int | None, list[tuple[int, str]]] = {}
        for pk, unit_name, parent_id in units:
            children.setdefault(parent_id if parent_id in known else None, []).append(
                (pk, unit_name))

        def branch(parent_id, depth: int = 0, seen: frozenset = frozenset()) -> list[dict]:
            nodes = []
            for pk, unit_name in children.get(parent_id, []):
                if pk in seen:  # a stored cycle must not loop
                    continue
                nodes.append({"pk": pk, "name": unit_name, "checked": str(pk) in chosen,
                              "children": branch(pk, depth + 1, seen | {pk})})
            return nodes

        widget_id = (attrs or {}).get("id") or f"id_{name}"
        return mark_safe(render_to_string("people/widgets/unit_tree.html", {  # noqa: S308
            "name": name, "id": widget_id, "nodes": branch(None),
        }))
