import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    """allauth keeps its rate-limit counters in the cache: start every test clean."""
    cache.clear()
    yield
    cache.clear()
