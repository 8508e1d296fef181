"""Learning tests start with an empty cache: the catalog keeps pages and results
in it (learning/catalog/cache.py), and a cache outlives the rollback of the test
database."""
from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _empty_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
