"""The enrollment demo: the demo employee enrolled, waitlisted and pending approval
for the demo supervisor; running it twice changes nothing."""
from __future__ import annotations

import io

import pytest

from learning.models import Enrollment, EnrollmentStatus

pytestmark = pytest.mark.django_db


def test_demo_is_complete_and_idempotent():
    from learning import demo as learning_demo
    from learning import demo_enrollment
    from people import demo as people_demo

    out = io.StringIO()
    people_demo.seed_demo(stdout=out)
    learning_demo.seed_demo(stdout=out)
    demo_enrollment.seed_demo(stdout=out)
    nip = people_demo.DEMO_NIPS["employee"]
    mine = Enrollment.objects.filter(employee__nip=nip)
    statuses = sorted(mine.values_list("status", flat=True))
    assert statuses.count(EnrollmentStatus.ENROLLED) == 2, (statuses, out.getvalue())
    assert statuses.count(EnrollmentStatus.WAITLISTED) == 1, statuses
    pending = Enrollment.objects.filter(
        status=EnrollmentStatus.PENDING_APPROVAL,
        employee__supervisor__nip=people_demo.DEMO_NIPS["supervisor"])
    assert pending.count() == 1
    before = list(Enrollment.objects.order_by("pk").values_list("pk", "status"))
    demo_enrollment.seed_demo(stdout=out)
    assert list(Enrollment.objects.order_by("pk").values_list("pk", "status")) == before
