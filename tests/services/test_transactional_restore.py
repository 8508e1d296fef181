"""Two transactional tests in a row both see the rows data migrations seed."""
import pytest

from people.models import Rank


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("run", [1, 2])
def test_seeded_ranks_survive_transactional_tests(run):
    assert Rank.objects.filter(employment_type="PNS").count() == 17
    Rank.objects.all().delete()
