"""The README's promise: the demo mentor (NIP 197510082000031001) lands on real work —
mentees, confirmed sessions with JP, one session waiting for confirmation — and the
mentee sees their mentor, goals and sessions; HR finds proposed pairs to approve.
Running the demo twice changes nothing."""
from __future__ import annotations

import io

import pytest

from learning.models import JpLedgerEntry, JpLedgerSource
from mentoring.models import MentoringPair, MentoringSession, PairStatus, SessionStatus
from people.demo import DEMO_NIPS, DEMO_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    from competencies import demo as competencies_demo
    from mentoring import demo as mentoring_demo
    from people import demo as people_demo

    out = io.StringIO()
    people_demo.seed_demo(stdout=out)
    competencies_demo.seed_demo(stdout=out)
    mentoring_demo.seed_demo(stdout=out)
    return out.getvalue()


def test_the_demo_mentor_lands_on_real_work(client, demo):
    pairs = MentoringPair.objects.filter(mentor__nip=DEMO_NIPS["mentor"],
                                         status=PairStatus.ACTIVE)
    assert pairs.count() == 3, demo
    sessions = MentoringSession.objects.filter(pair__in=pairs)
    assert sessions.filter(status=SessionStatus.CONFIRMED).count() == 4
    waiting = sessions.get(status=SessionStatus.SUBMITTED)
    credited = JpLedgerEntry.objects.filter(source=JpLedgerSource.MENTORING)
    assert sorted(credited.values_list("source_ref", flat=True)) == sorted(
        sessions.filter(status=SessionStatus.CONFIRMED).values_list("pk", flat=True))
    assert MentoringPair.objects.filter(status=PairStatus.PROPOSED).exists()

    client.login(username=DEMO_NIPS["mentor"], password=DEMO_PASSWORD)
    home = client.get("/").content.decode()
    assert 'data-testid="panel-mentor"' in home
    assert waiting.pair.mentee.name in home
    assert "menunggu konfirmasi" in home
    assert "3 sesi terkonfirmasi · 4 jam · 6 JP" in home

    client.logout()
    client.force_login(waiting.pair.mentee.user)
    mentee_home = client.get("/").content.decode()
    assert 'data-testid="panel-mentee"' in mentee_home
    assert "Dr. Hendra Gunawan" in mentee_home
    assert waiting.topics in mentee_home  # the session to confirm

    before = list(MentoringSession.objects.order_by("pk").values_list("pk", "status"))
    from mentoring import demo as mentoring_demo

    mentoring_demo.seed_demo(stdout=io.StringIO())
    assert list(MentoringSession.objects.order_by("pk").values_list("pk", "status")) == before
