"""Signals enrollment sends for writes that bypass model signals (queryset update()).

Parts of learning/ above enrollment that derive data from enrollments and seats (the
catalog caches) listen here; enrollment imports none of them (learning/'s parts
depend downward only, docs/architecture.md), as people.signals does for the apps."""
from __future__ import annotations

from django.dispatch import Signal

# Sent when a cancelled session's live enrollments were ended and its seats given back
# with queryset updates, inside the caller's transaction, with `session_id`.
session_enrollments_ended = Signal()
