from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config.exports import export_response
from people.roles import employee_for, user_is_hr
from people.units import UnitRollup, unit_rollup_or_404
from socialization import exports
from socialization.forms import AnswerForm, QuestionForm
from socialization.selectors import (
    REPORT_STRAGGLERS_SHOWN,
    _employee_in_audience,
    policy_get_for_hr,
    policy_get_for_reader,
    policy_is_visible_to,
    policy_pages_for_hr,
    policy_read_rates,
    policy_report,
    question_get_for_hr,
    question_list_for_hr,
)
from socialization.services import (
    ApplicationError,
    policy_acknowledge,
    policy_question_answer,
    policy_question_ask,
)


# --- Wagtail page serving ---------------------------------------------------------------
def login_required_for_page(request: HttpRequest) -> HttpResponse | None:
    """Everything under /sosialisasi/ needs a login (internal policies, audiences)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return None


def policy_page_serve(request, *, page, serve, args, kwargs) -> HttpResponse:
    denied = login_required_for_page(request)
    if denied:
        return denied
    if not policy_is_visible_to(page=page, user=request.user):
        raise Http404
    return serve(request, *args, **kwargs)


# --- employee actions -------------------------------------------------------------------
def _reader_page(request: HttpRequest, page_id: int):
    page = policy_get_for_reader(page_id=page_id, user=request.user)
    if page is None:
        raise Http404
    return page


@login_required
@require_POST
def acknowledge(request: HttpRequest, page_id: int) -> HttpResponse:
    page = _reader_page(request, page_id)
    employee = employee_for(request.user)
    if employee is None or not _employee_in_audience(page=page, employee=employee):
        raise Http404
    try:
        _ack, created = policy_acknowledge(page=page, employee=employee)
    except ApplicationError as exc:
        messages.error(request, str(exc))
        return redirect(page.url)
    if created:
        messages.success(request, _("Thank you. Your acknowledgement has been recorded."))
    else:
        messages.info(request, _("You had already acknowledged this policy."))
    return redirect(page.url)


@login_required
@require_POST
def question_ask(request: HttpRequest, page_id: int) -> HttpResponse:
    page = _reader_page(request, page_id)
    employee = employee_for(request.user)
    if employee is None or not _employee_in_audience(page=page, employee=employee):
        raise Http404
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            policy_question_ask(page=page, author=request.user,
                                text=form.cleaned_data["question"])
        except ApplicationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Your question has been sent to HR."))
    else:
        messages.error(request, _("Please write your question (at most 2000 characters)."))
    return redirect(page.url + "#tanya-jawab")


# --- HR ---------------------------------------------------------------------------------
def _require_hr(request: HttpRequest) -> None:
    if not user_is_hr(request.user):
        raise PermissionDenied


def _hr_page(request: HttpRequest, page_id: int):
    _require_hr(request)
    page = policy_get_for_hr(page_id=page_id, user=request.user)
    if page is None:
        raise Http404
    return page


@login_required
def report_index(request: HttpRequest) -> HttpResponse:
    _require_hr(request)
    pages = list(policy_pages_for_hr())
    rates = policy_read_rates(pages=pages)
    for page in pages:
        page.read_rate = rates.get(page.pk)
    return render(request, "socialization/report_index.html", {"pages": pages})


def _rollup_from(request: HttpRequest) -> UnitRollup:
    """?unit=<id> opens a unit; a unit that does not exist (forged or stale) is a 404."""
    return unit_rollup_or_404(request.GET.get("unit"))


@login_required
def report(request: HttpRequest, page_id: int) -> HttpResponse:
    page = _hr_page(request, page_id)
    data = policy_report(page=page, rollup=_rollup_from(request))
    return render(request, "socialization/report.html", {
        "report": data,
        "stragglers": data.stragglers.only(
            "nip", "name", "unit__name", "position__name")[:REPORT_STRAGGLERS_SHOWN],
        "more": max(0, data.pending - REPORT_STRAGGLERS_SHOWN),
    })


@login_required
def report_export(request: HttpRequest, page_id: int, fmt: str) -> HttpResponse:
    page = _hr_page(request, page_id)
    data = policy_report(page=page, rollup=_rollup_from(request))
    name = f"laporan-{slugify(page.slug)[:40]}"
    return export_response(tables=exports.report_tables(report=data), filename=name,
                           fmt=fmt)


@login_required
@require_POST
def reminders_send(request: HttpRequest, page_id: int) -> HttpResponse:
    from socialization.tasks import policy_reminders_send_task

    page = _hr_page(request, page_id)
    policy_reminders_send_task.delay_on_commit(page.pk)
    messages.success(
        request,
        _("Reminders are being sent. Each employee gets at most one reminder per day."),
    )
    return redirect("socialization:report", page_id=page.pk)


@login_required
def question_list(request: HttpRequest) -> HttpResponse:
    _require_hr(request)
    return render(request, "socialization/question_list.html",
                  {"questions": question_list_for_hr()[:500]})


@login_required
def question_answer(request: HttpRequest, question_id: int) -> HttpResponse:
    _require_hr(request)
    question = question_get_for_hr(question_id=question_id, user=request.user)
    if question is None:
        raise Http404
    if request.method == "POST":
        form = AnswerForm(request.POST)
        if form.is_valid():
            try:
                policy_question_answer(
                    question=question, answer=form.cleaned_data["answer"],
                    answered_by=request.user, publish=form.cleaned_data["publish"],
                )
            except ApplicationError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("The answer has been saved."))
                return redirect("socialization:question_list")
    else:
        form = AnswerForm(initial={"answer": question.answer, "publish": question.is_published})
    return render(request, "socialization/question_answer.html",
                  {"question": question, "form": form})
