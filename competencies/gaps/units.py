"""The unit tree rollup moved to people.units (the socialization and JP reports use it
too); kept here so the gap code's imports stay short."""
from people.units import UnitRollup, UnitRow, unit_rollup  # noqa: F401
