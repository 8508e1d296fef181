"""Ranked, explained training recommendations from competency gaps (docs/recommendations.md)."""
