"""HR's pair editor and approval through the pages: rules re-checked on every change
and a break explained; approval tells both sides in Indonesian; the gap-offer
provider answers many employees in constant queries."""
from __future__ import annotations

import pytest
from django.core import mail
from django.templatetags.static import static
from django.urls import reverse

from learning.recommendations.providers import gap_offers_for
from mentoring.models import MentoringPair, PairStatus
from tests.factories import PASSWORD, make_hr_user
from tests.mentoring.world import active_pair, competency, mentee, person, program, recompute

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr_client(client):
    hr = make_hr_user("hr.editor")
    client.login(username=hr.username, password=PASSWORD)
    return client


@pytest.fixture
def w():
    comp = competency("T.ED")
    boss = person("Kepala Seksi", levels={comp: 4}, golongan="III/d")
    prog = program([comp], supervisor_rule="EXCLUDED", max_mentees_per_mentor=1)
    good = person("Mentor Baik", levels={comp: 5}, golongan="IV/a")
    weak = person("Mentor Lemah", levels={comp: 2})
    learner = mentee("Staf Baru", needs={comp: (3, 1.5)}, supervisor=boss)
    other = mentee("Staf Lain", needs={comp: (3, 2.0)})
    recompute(learner, other)
    return {"prog": prog, "comp": comp, "boss": boss, "good": good, "weak": weak,
            "learner": learner, "other": other}


def add(client, prog, mentor, mentee_):
    return client.post(reverse("mentoring:hr_pair_add", args=[prog.pk]),
                       {"mentor": mentor.nip, "mentee": mentee_.nip}, follow=True)


def test_adding_a_pair_that_breaks_a_rule_is_refused_with_the_reason(hr_client, w):
    page = add(hr_client, w["prog"], w["boss"], w["learner"]).content.decode()
    assert "atasan langsung mentee" in page  # supervisor excluded, explained in Indonesian
    page = add(hr_client, w["prog"], w["weak"], w["learner"]).content.decode()
    assert "level 3" in page
    assert not MentoringPair.objects.exists()
    page = add(hr_client, w["prog"], w["good"], w["learner"]).content.decode()
    assert "Pasangan ditambahkan." in page
    pair = MentoringPair.objects.get()
    assert pair.made_by_hand and pair.status == PairStatus.PROPOSED and pair.explanation
    # Capacity 1: the same mentor cannot take a second mentee.
    page = add(hr_client, w["prog"], w["good"], w["other"]).content.decode()
    assert "batas maksimum program" in page


def test_swap_rechecks_and_an_approved_pair_is_kept_as_history(hr_client, w,
                                                               django_capture_on_commit_callbacks):
    pair = active_pair(w["prog"], w["good"], w["learner"])
    url = reverse("mentoring:hr_pair_swap", args=[pair.pk])
    page = hr_client.post(url, {"mentor": w["boss"].nip}, follow=True).content.decode()
    assert "melanggar aturan program" in page
    third = person("Mentor Ketiga", levels={w["comp"]: 4.5})
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        hr_client.post(url, {"mentor": third.nip})
    pair.refresh_from_db()
    assert pair.status == PairStatus.ENDED
    new = MentoringPair.objects.get(status=PairStatus.ACTIVE)
    assert new.mentor == third and new.mentee == w["learner"]
    assert {m.to[0] for m in mail.outbox} == {third.email, w["learner"].email}


def test_approve_activates_proposed_pairs_and_emails_both_sides_in_indonesian(
    hr_client, w, django_capture_on_commit_callbacks
):
    add(hr_client, w["prog"], w["good"], w["learner"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = hr_client.post(reverse("mentoring:hr_approve", args=[w["prog"].pk]),
                                  follow=True)
    assert "1 pasangan disetujui" in response.content.decode()
    assert MentoringPair.objects.get().status == PairStatus.ACTIVE
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects == [f"Mentee Anda: {w['learner'].name}", f"Mentor Anda: {w['good'].name}"]
    # A second click approves nothing and sends nothing.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        hr_client.post(reverse("mentoring:hr_approve", args=[w["prog"].pk]))
    assert mail.outbox == []


def test_remove_deletes_a_proposal(hr_client, w):
    add(hr_client, w["prog"], w["good"], w["learner"])
    pair = MentoringPair.objects.get()
    hr_client.post(reverse("mentoring:hr_pair_remove", args=[pair.pk]))
    assert not MentoringPair.objects.exists()


def test_program_page_shows_why_each_pair(hr_client, w):
    add(hr_client, w["prog"], w["good"], w["learner"])
    page = hr_client.get(reverse("mentoring:hr_program", args=[w["prog"].pk])).content.decode()
    assert "T.ED" in page and "kesenjangan 1,5" in page and "mentor di level 5" in page
    pair = MentoringPair.objects.get()
    page = hr_client.get(reverse("mentoring:pair_detail", args=[pair.pk])).content.decode()
    assert "Alasan pasangan ini" in page and "mentor di level 5" in page


def test_gap_offers_in_constant_queries(w, django_assert_num_queries):
    pair = active_pair(w["prog"], w["good"], w["learner"])
    many = [w["learner"].pk, w["other"].pk] + [person(f"P{i}").pk for i in range(10)]
    with django_assert_num_queries(2):
        offers = gap_offers_for(employee_ids=many, competency_ids=[w["comp"].pk])
    mine = offers[(w["learner"].pk, w["comp"].pk)]
    assert [o.kind for o in mine] == ["mentoring"]
    assert w["good"].name in mine[0].title
    assert "nominate" in offers[(w["other"].pk, w["comp"].pk)][0].reason or \
        "mengusulkan" in offers[(w["other"].pk, w["comp"].pk)][0].reason
    assert pair.pk


def test_hr_edits_programs_in_the_cms_with_indonesian_labels(hr_client, w):
    add_url = "/cms/snippets/mentoring/mentoringprogram/add/"
    page = hr_client.get(add_url).content.decode()
    assert "Syarat mentor" in page and "Golongan mentor paling rendah" in page
    response = hr_client.post(add_url, {
        "name": "Program dari CMS", "description": "", "start_date": "2026-07-01",
        "end_date": "2026-12-31", "status": "DRAFT", "competencies": [w["comp"].pk],
        "target_sessions": "6", "target_hours": "6", "jp_per_session": "2",
        "max_sessions_per_month": "2", "idle_reminder_weeks": "3", "min_rank": "",
        "min_years_of_service": "5", "min_mentor_level": "3.5",
        "max_mentees_per_mentor": "2", "require_good_predicate": "on",
        "require_opt_in": "on", "supervisor_rule": "EXCLUDED", "unit_rule": "DIFFERENT",
        "mentor_senior_rank": "on", "propose_from_gaps": "on",
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    from mentoring.models import MentoringProgram

    created = MentoringProgram.objects.get(name="Program dari CMS")
    assert list(created.competencies.all()) == [w["comp"]]
    assert created.min_years_of_service == 5 and created.unit_rule == "DIFFERENT"


def test_hr_dashboard_links_the_programs_and_beat_runs_reminders(hr_client, settings):
    html = hr_client.get(reverse("home:hr_dashboard")).content.decode()
    assert reverse("mentoring:hr_programs") in html
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "mentoring.tasks.mentoring_reminders_send_task" in tasks


def test_the_pair_editor_picks_people_by_name_not_typed_nips(hr_client, w):
    """Issue 17: HR searches people by name (or NIP) and picks a suggestion; the page
    no longer asks for NIPs."""
    page = hr_client.get(reverse("mentoring:hr_program", args=[w["prog"].pk])).content.decode()
    assert "NIP Mentor" not in page and "Mentor's NIP" not in page
    assert page.count("data-person-picker") >= 2 and static("mentoring/person_picker.js") in page
    found = hr_client.get(reverse("mentoring:hr_people"), {"q": "mentor b"}).json()["results"]
    assert [r["label"] for r in found] == [f"Mentor Baik · {w['good'].nip}"]
    by_nip = hr_client.get(reverse("mentoring:hr_people"),
                           {"q": w["learner"].nip[:10]}).json()["results"]
    assert f"Staf Baru · {w['learner'].nip}" in [r["label"] for r in by_nip]
    # The chosen suggestion is what the form posts.
    page = hr_client.post(reverse("mentoring:hr_pair_add", args=[w["prog"].pk]), {
        "mentor": found[0]["label"], "mentee": f"Staf Baru · {w['learner'].nip}"},
        follow=True).content.decode()
    assert "Pasangan ditambahkan." in page
    assert MentoringPair.objects.get().mentor == w["good"]
    page = hr_client.post(reverse("mentoring:hr_pair_add", args=[w["prog"].pk]), {
        "mentor": "Tidak Ada Orangnya", "mentee": "Staf Lain"}, follow=True).content.decode()
    assert "Pilih pegawai aktif dari saran" in page


def test_people_search_is_for_hr_only(client, w):
    client.login(username=w["good"].user.username, password=PASSWORD)
    assert client.get(reverse("mentoring:hr_people"), {"q": "Staf"}).status_code == 403


def test_swapping_to_the_same_mentor_says_nothing_changed(hr_client, w):
    pair = active_pair(w["prog"], w["good"], w["learner"])
    page = hr_client.post(reverse("mentoring:hr_pair_swap", args=[pair.pk]),
                          {"mentor": f"Mentor Baik · {w['good'].nip}"},
                          follow=True).content.decode()
    assert "Mentor diganti" not in page
    assert "Tidak ada yang berubah: Mentor Baik sudah menjadi mentor Staf Baru." in page
    pair.refresh_from_db()
    assert pair.status == PairStatus.ACTIVE and MentoringPair.objects.count() == 1
