"""Signals people sends for writes that bypass model signals.

The employee import writes with bulk_create and UPDATE … FROM (VALUES …), which send
no post_save; apps that derive data from employees (the catalog caches, the gap
analysis) listen here instead. people imports none of them, so the apps stay free of
import cycles."""
from __future__ import annotations

from django.dispatch import Signal

# Sent once after an employee import commits (never for a dry run or a rejected
# file), with `employee_ids`: the employees it created or changed (a list of ints).
employees_imported = Signal()
