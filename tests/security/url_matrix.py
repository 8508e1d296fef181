"""The declared URL × role matrix: who may do what, per URL (docs/access.md).

tests/security/test_url_matrix.py requests every URL pattern of the project as each
role, on objects that belong to someone else (tests/security/world.py), and compares
the outcome with this file. A URL pattern without an entry fails the test, naming it.

Adding a URL = adding one line to ENTRIES, keyed by the URL's name as you would
`reverse()` it:

    "learning:plan_detail": Entry(OWNER_ONLY, kwargs={"plan_id": lambda w: w.plan.pk}),

- The first argument says what a GET gives each role; `post=` what a POST gives (give
  it for every view that acts on POST: refused roles are then checked to have changed
  nothing in the database).
- URL arguments named in ARGUMENTS are filled in automatically (with an object of
  unit B's employee); anything else goes in `kwargs=` as `lambda world: value`. Add the
  object to world.py when the URL needs a new kind of object, owned by unit B.
- Outcomes: OK (2xx), REDIRECT (3xx elsewhere than the login, e.g. after a POST),
  LOGIN (sent to the login page), DENIED (403), MISSING (404: also what a view answers
  for an object the user may not know exists), NOT_ALLOWED (405: wrong method),
  REACHED (admin prefixes: past the admin's gate; see PREFIX_RULES).

Wagtail's and Django's admin URLs are covered by PREFIX_RULES: every pattern under the
prefix gets the prefix's row (GET with placeholder arguments), unless ENTRIES names it.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tests.security.world import ROLES

OK = "ok"
REDIRECT = "redirect"
LOGIN = "login"
DENIED = "403"
MISSING = "404"
NOT_ALLOWED = "405"
UNPROCESSABLE = "422"
# Sent to set up (or enter) a second factor first: /akun/2fa/… (people.second_factor).
SECOND_FACTOR = "2fa"
# Admin prefixes only: the admin let the user in (any answer but the login page or the
# admin's 403); finer permissions inside are Wagtail's/Django's own and tested there.
REACHED = "reached"


def roles(default: str, **overrides: str) -> dict[str, str]:
    """A row of the matrix: `default` for every role but those named. HR without a
    second factor is sent to set one up (SECOND_FACTOR) unless named: everything but
    their own account pages is closed to them (see OWN_ACCOUNT)."""
    unknown = set(overrides) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles {sorted(unknown)}; roles are {ROLES}")
    return {role: overrides.get(role, SECOND_FACTOR if role == "hr_no_mfa" else default)
            for role in ROLES}


def own_account(row: dict[str, str]) -> dict[str, str]:
    """A row for the account pages (/akun/…, the language switch) that stay open to HR
    without a second factor, to set one up: they get what HR gets."""
    return {**row, "hr_no_mfa": row["hr"]}


# --- common rows ------------------------------------------------------------------------
PUBLIC = roles(OK)
LOGGED_IN = roles(OK, anonymous=LOGIN)
# The user's own records: needs an employee record (the superuser account has none).
EMPLOYEE_OWN = roles(OK, anonymous=LOGIN, superuser=DENIED)  # people.decorators.employee_required
HR_ONLY = roles(DENIED, anonymous=LOGIN, hr=OK, superuser=OK)
HR_ONLY_REDIRECT = roles(DENIED, anonymous=LOGIN, hr=REDIRECT, superuser=REDIRECT)
POST_ONLY = roles(NOT_ALLOWED, anonymous=LOGIN)
NOBODY = roles(MISSING)


@dataclass(frozen=True)
class Entry:
    get: dict[str, str]
    post: dict[str, str] | None = None
    kwargs: dict[str, Callable] = field(default_factory=dict)
    # The POST body; a value may be `lambda world: value` (an object's id).
    data: dict[str, object] = field(default_factory=dict)
    # Roles whose POST must change nothing although the answer is not a refusal (a
    # redirect with an error message); refused roles are always checked.
    unchanged: tuple[str, ...] = ()
    query: str = ""
    # A library's pattern that an earlier project pattern answers instead (a login or
    # password form routed to allauth's): the test checks it stays unreachable.
    shadowed: bool = False


SHADOWED = Entry(roles(MISSING), shadowed=True)


# URL arguments filled in by name, each with an object of unit B (world.py).
ARGUMENTS: dict[str, Callable] = {
    "page_id": lambda w: w.policy.pk,
    "question_id": lambda w: w.question.pk,
    "employee_id": lambda w: w.owner.pk,
    "session_id": lambda w: w.session.pk,
    "enrollment_id": lambda w: w.enrollment.pk,
    "external_id": lambda w: w.external.pk,
    "job_id": lambda w: w.gap_job.pk,
    "batch_id": lambda w: w.import_batch.pk,
    "recommendation_id": lambda w: w.recommendation.pk,
    "plan_id": lambda w: w.plan.pk,
    "item_id": lambda w: w.plan_item.pk,
    "certificate_id": lambda w: w.certificate.pk,
    "template_id": lambda w: w.certificate_template.pk,
    "program_id": lambda w: w.program.pk,
    "pair_id": lambda w: w.pair.pk,
}

# Rows shared by the features below.
OTHERS_MISSING = roles(MISSING, anonymous=LOGIN)
HR_OR_MISSING = roles(MISSING, anonymous=LOGIN, hr=OK, superuser=OK)
MENTORING_SESSION = {"session_id": lambda w: w.mentoring_session.pk}
# What only the pair's mentor or mentee may do: 404 for others; HR, who may see the
# pair, is refused with 403.
PAIR_ACTION = roles(MISSING, anonymous=LOGIN, hr=DENIED, superuser=DENIED)

SENT_ON = roles(REDIRECT, anonymous=LOGIN)

# A URL whose answer depends on the object (Wagtail's page view) takes a list.
ENTRIES: dict[str, Entry | list[Entry]] = {
    # --- project: people and home ---------------------------------------------------
    "home:hr_dashboard": Entry(HR_ONLY),
    "people:team": Entry(roles(DENIED, anonymous=LOGIN, supervisor=OK, hr=OK, superuser=OK)),
    "people:employee_import": Entry(
        HR_ONLY, post=roles(DENIED, anonymous=LOGIN, hr=OK, superuser=OK)),
    "people:employee_import_sample": Entry(HR_ONLY),
    # The personal-data archive (docs/personal-data.md): one's own; HR anyone's;
    # supervisors and mentors no one else's. A POST: each download is audited.
    "people:personal_data_mine": Entry(
        POST_ONLY, post=roles(OK, anonymous=LOGIN, superuser=DENIED)),
    "people:personal_data_employee": Entry(POST_ONLY, post=HR_OR_MISSING),
    # HR deactivates (and may end the login of) unit B's owner; others change nothing.
    "people:employee_status": Entry(HR_ONLY, post=HR_ONLY_REDIRECT,
                                    data={"action": "deactivate", "end_login": "on"}),
    "people:employee_import_status": Entry(
        HR_ONLY, kwargs={"job_id": lambda w: w.employee_import_job.pk}),
    # Wagtail's login goes through allauth's (rate-limited); 403 once logged in.
    "cms_login": Entry(roles(DENIED, anonymous=LOGIN)),
    # --- socialization ---------------------------------------------------------------
    # Policy pages under /sosialisasi/ are Wagtail pages: the policy is unit B's only.
    "catalog_page_serve": [
        Entry(roles(MISSING, anonymous=LOGIN, hr=OK, superuser=OK),
              kwargs={"path": lambda w: w.policy.url.strip("/") + "/"}),
        Entry(LOGGED_IN, kwargs={"path": lambda w: "sosialisasi/"}),
        Entry(PUBLIC, kwargs={"path": lambda w: "pelatihan/"}),
        Entry(PUBLIC, kwargs={"path": lambda w: w.workshop.url.strip("/") + "/"}),
        Entry(PUBLIC, kwargs={"path": lambda w: ""}),
    ],
    # Wagtail's own page view answers only what catalog_page_serve leaves: _util/….
    "wagtail_serve": Entry(NOBODY, kwargs={"path": lambda w: "_util/tidak-ada/"}),
    "socialization:acknowledge": Entry(POST_ONLY, post=roles(MISSING, anonymous=LOGIN)),
    "socialization:question_ask": Entry(POST_ONLY, post=roles(MISSING, anonymous=LOGIN),
                                        data={"question": "Apakah berlaku untuk saya?"}),
    "socialization:report_index": Entry(HR_ONLY),
    "socialization:report": Entry(HR_ONLY),
    "socialization:report_csv": Entry(HR_ONLY),
    "socialization:report_xlsx": Entry(HR_ONLY),
    "socialization:reminders_send": Entry(POST_ONLY, post=HR_ONLY_REDIRECT),
    "socialization:question_list": Entry(HR_ONLY),
    "socialization:question_answer": Entry(
        HR_ONLY, post=HR_ONLY_REDIRECT, data={"answer": "Mulai 1 Januari.", "publish": "on"}),
    # Attachments of a restricted policy follow the page (login, audience).
    "wagtaildocs_serve": [
        Entry(roles(MISSING, anonymous=LOGIN, hr=OK, superuser=OK), kwargs={
            "document_id": lambda w: w.document.pk,
            "document_filename": lambda w: w.document.filename}),
        Entry(PUBLIC, kwargs={"document_id": lambda w: w.loose_document.pk,
                              "document_filename": lambda w: w.loose_document.filename}),
    ],
    # Wagtail's view-restriction password forms, answered by the same views wrapped in
    # a throttle (people.views.view_restriction_password_throttled).
    "wagtaildocs_authenticate_with_password": SHADOWED,
    "wagtailcore_authenticate_with_password": SHADOWED,
    "documents/authenticate_with_password/<int:restriction_id>/": Entry(
        NOBODY, kwargs={"restriction_id": lambda w: 999}),
    "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/": Entry(
        NOBODY, kwargs={"page_view_restriction_id": lambda w: 999,
                        "page_id": lambda w: w.policy.pk}),
    # Wagtail's front-end login is answered by a redirect to allauth's (rate-limited).
    "wagtailcore_login": SHADOWED,
    "_util/login/": Entry(roles(LOGIN)),
    # --- competencies -----------------------------------------------------------------
    "competencies:my_profile": Entry(EMPLOYEE_OWN),
    "competencies:employee_profile": Entry(roles(MISSING, anonymous=LOGIN, hr=OK, superuser=OK)),
    # Supervisors only (docs/competencies-gaps.md); HR has the analysis pages.
    "competencies:team": Entry(roles(DENIED, anonymous=LOGIN, supervisor=OK)),
    "competencies:analysis": Entry(HR_ONLY),
    "competencies:analysis_export": Entry(HR_ONLY, kwargs={"fmt": lambda w: "csv"}),
    "competencies:gap_list_export": Entry(HR_ONLY),
    "competencies:recompute_start": Entry(POST_ONLY, post=HR_ONLY_REDIRECT),
    "competencies:recompute_status": Entry(HR_ONLY),
    "competencies:results_import": Entry(HR_ONLY, post=HR_ONLY),
    "competencies:import_status": Entry(HR_ONLY),
    "competencies:import_sample": Entry(HR_ONLY, kwargs={"name": lambda w: "asesmen-kompetensi"}),
    "competencies:reference_export": Entry(
        HR_ONLY, kwargs={"what": lambda w: "kamus", "fmt": lambda w: "csv"}),
    # --- learning: catalog and enrollment ---------------------------------------------
    "learning:session_ics": Entry(LOGGED_IN),
    "learning:calendar_settings": Entry(EMPLOYEE_OWN, post=roles(
        REDIRECT, anonymous=LOGIN, superuser=DENIED), data={"action": "regenerate"}),
    # The feed is authenticated by its secret token, not by a login (calendar apps).
    "learning:calendar_feed": Entry(PUBLIC, kwargs={"token": lambda w: w.calendar_token.token}),
    "learning:bench_bare": Entry(NOBODY),
    # Anyone with an employee record may ask for a seat in a live session; whether the
    # session admits them is the service's answer (a message, not an access rule).
    # (Here nobody is eligible: the workshop is for unit B, so nothing may change.)
    "learning:enrollment_create": Entry(POST_ONLY, post=roles(
        REDIRECT, anonymous=LOGIN, superuser=DENIED), unchanged=ROLES),
    "learning:enrollment_bulk": Entry(HR_ONLY, post=HR_ONLY, data={"nips": "x"}),
    # GET shows the confirmation page, to the owner only.
    "learning:enrollment_cancel": Entry(roles(DENIED, anonymous=LOGIN),
                                        post=roles(DENIED, anonymous=LOGIN)),
    "learning:enrollment_mine": Entry(roles(OK, anonymous=LOGIN, superuser=DENIED)),
    "learning:enrollment_approvals": Entry(LOGGED_IN),
    # The owner's supervisor decides; HR only for employees without one.
    "learning:enrollment_decide": Entry(POST_ONLY, post=roles(DENIED, anonymous=LOGIN),
                                        data={"decision": "approve"}),
    # --- learning: attendance, JP, evaluation, HR -------------------------------------
    "learning:attendance_roster": Entry(
        roles(DENIED, anonymous=LOGIN, hr=OK, superuser=OK),
        post=roles(DENIED, anonymous=LOGIN, hr=REDIRECT, superuser=REDIRECT)),
    "learning:attendance_qr": Entry(roles(DENIED, anonymous=LOGIN, hr=OK, superuser=OK)),
    "learning:post_test_import": Entry(POST_ONLY, post=roles(
        DENIED, anonymous=LOGIN, hr=REDIRECT, superuser=REDIRECT)),
    # A forged check-in token is refused for everyone (403 with the reason).
    "learning:attendance_checkin": Entry(
        roles(DENIED, anonymous=LOGIN), post=roles(DENIED, anonymous=LOGIN),
        kwargs={"token": lambda w: "palsu"}),
    "learning:jp_history": Entry(EMPLOYEE_OWN),
    # A team member's JP and enrollments: their supervisors and HR; 404 for others.
    "learning:employee_jp": Entry(roles(MISSING, anonymous=LOGIN, hr=OK, superuser=OK)),
    "learning:employee_enrollments": Entry(
        roles(MISSING, anonymous=LOGIN, hr=OK, superuser=OK)),
    "learning:external_proof": Entry(roles(MISSING, anonymous=LOGIN, hr=OK, superuser=OK)),
    "learning:evaluation_form": Entry(roles(MISSING, anonymous=LOGIN),
                                      post=roles(MISSING, anonymous=LOGIN),
                                      data={"material": 5, "facilitator": 5, "organization": 5}),
    "learning:external_verification": Entry(HR_ONLY),
    "learning:external_decide": Entry(POST_ONLY, post=HR_ONLY_REDIRECT,
                                      data={"action": "verify"}),
    "learning:report_sessions": Entry(HR_ONLY),
    "learning:report_units": Entry(HR_ONLY),
    # --- learning: recommendations (docs/recommendations.md) -------------------------
    # Enroll/dismiss: only the employee the suggestion is for; 404 for anyone else.
    "learning:recommendation_enroll": Entry(POST_ONLY, post=OTHERS_MISSING),
    "learning:recommendation_dismiss": Entry(POST_ONLY, post=OTHERS_MISSING,
                                             data={"reason": "NOT_RELEVANT"}),
    # Assign: supervisors, for their own team (404 for someone else's); 403 otherwise.
    "learning:recommendation_assign": Entry(
        POST_ONLY, post=roles(DENIED, anonymous=LOGIN, supervisor=MISSING)),
    "learning:recommendation_team": Entry(roles(DENIED, anonymous=LOGIN, supervisor=OK)),
    "learning:recommendation_catalog_gaps": Entry(HR_ONLY),
    "learning:recommendation_catalog_gaps_export": Entry(HR_ONLY, kwargs={"fmt": lambda w: "csv"}),
    "learning:recommendation_draft_workshop": Entry(
        POST_ONLY, post=HR_ONLY_REDIRECT,
        data={"competency": lambda w: w.competency.pk, "level": 3}),
    "learning:recommendation_recompute_start": Entry(POST_ONLY, post=HR_ONLY_REDIRECT),
    "learning:recommendation_recompute_status": Entry(
        HR_ONLY, kwargs={"job_id": lambda w: w.reco_job.pk}),
    # --- learning: development plans (docs/plans.md) ---------------------------------
    "learning:plan_mine": Entry(EMPLOYEE_OWN),
    # Always into the requesting employee's own plan (no plan in the request).
    "learning:plan_item_add_workshop": Entry(POST_ONLY, post=roles(
        REDIRECT, anonymous=LOGIN, superuser=MISSING), data={
            "workshop": lambda w: w.workshop.pk, "competency": lambda w: w.competency.pk}),
    "learning:plan_item_delete": Entry(POST_ONLY, post=OTHERS_MISSING),
    "learning:plan_item_edit": Entry(OTHERS_MISSING, post=OTHERS_MISSING),
    # The owner is sent to plan_mine; their direct supervisor and HR see it.
    "learning:plan_detail": Entry(HR_OR_MISSING),
    "learning:plan_submit": Entry(POST_ONLY, post=OTHERS_MISSING),
    # The direct supervisor decides; HR only for employees without one (403 here).
    "learning:plan_decide": Entry(POST_ONLY, post=roles(
        MISSING, anonymous=LOGIN, hr=DENIED, superuser=DENIED), data={"decision": "approve"}),
    "learning:plan_team": Entry(roles(DENIED, anonymous=LOGIN, supervisor=OK, hr=OK,
                                      superuser=OK)),
    "learning:plan_report": Entry(HR_ONLY),
    # --- certificates (docs/certificates.md) -----------------------------------------
    # Verification is public (rate-limited per client address).
    "certificates:verify_upload": Entry(PUBLIC, post=PUBLIC),
    "certificates:verify": Entry(PUBLIC, kwargs={"code": lambda w: w.certificate.code}),
    # Needs an employee record (403 for the superuser, who has none).
    "certificates:mine": Entry(roles(OK, anonymous=LOGIN, superuser=DENIED)),
    # The owner's PDF: the owner or HR; 404 for everyone else.
    "certificates:download": Entry(HR_OR_MISSING),
    "certificates:hr_index": Entry(HR_ONLY),
    "certificates:hr_session": Entry(HR_ONLY, post=HR_ONLY_REDIRECT, data={"action": "zip"}),
    "certificates:hr_job_status": Entry(
        HR_ONLY, kwargs={"job_id": lambda w: w.certificate_job.pk}),
    "certificates:hr_job_download": Entry(
        HR_ONLY, kwargs={"job_id": lambda w: w.certificate_job.pk}),
    "certificates:hr_certificate": Entry(HR_ONLY),
    # HR's gate comes before the method check: 403 for a GET by anyone else.
    "certificates:hr_revoke": Entry(
        roles(DENIED, anonymous=LOGIN, hr=NOT_ALLOWED, superuser=NOT_ALLOWED),
        post=HR_ONLY_REDIRECT, data={"reason": "Salah nama", "kind": "DATA_ERROR"}),
    "certificates:hr_regenerate": Entry(
        roles(DENIED, anonymous=LOGIN, hr=NOT_ALLOWED, superuser=NOT_ALLOWED),
        post=HR_ONLY_REDIRECT),
    "certificates:template_preview": Entry(HR_ONLY),
    # --- mentoring (docs/mentoring.md) -----------------------------------------------
    "mentoring:home": Entry(EMPLOYEE_OWN),
    # Any employee may offer to mentor in a program (their own opt-in row).
    "mentoring:program_opt_in": Entry(POST_ONLY, post=roles(
        REDIRECT, anonymous=LOGIN, superuser=DENIED)),
    # A supervisor nominates a direct report: unit B's owner is nobody's here.
    "mentoring:program_nominate": Entry(POST_ONLY, post=roles(DENIED, anonymous=LOGIN),
                                        data={"employee": lambda w: w.owner.pk}),
    # A pair and its sessions: its mentor, its mentee and HR; 404 for anyone else.
    "mentoring:pair_detail": Entry(HR_OR_MISSING),
    "mentoring:goal_add": Entry(POST_ONLY, post=PAIR_ACTION,
                                data={"competency": lambda w: w.competency.pk}),
    "mentoring:pair_fit": Entry(POST_ONLY, post=PAIR_ACTION, data={"fit": "yes"}),
    "mentoring:pair_complete": Entry(PAIR_ACTION, post=PAIR_ACTION),
    "mentoring:session_log": Entry(PAIR_ACTION, post=PAIR_ACTION),
    "mentoring:session_detail": Entry(HR_OR_MISSING, kwargs=MENTORING_SESSION),
    "mentoring:session_edit": Entry(PAIR_ACTION, post=PAIR_ACTION, kwargs=MENTORING_SESSION),
    "mentoring:session_confirm": Entry(POST_ONLY, post=PAIR_ACTION, kwargs=MENTORING_SESSION,
                                       data={"rating": 5}),
    "mentoring:session_dispute": Entry(POST_ONLY, post=PAIR_ACTION, kwargs=MENTORING_SESSION,
                                       data={"reason": "Tidak pernah bertemu"}),
    "mentoring:session_evidence": Entry(HR_OR_MISSING, kwargs=MENTORING_SESSION),
    "mentoring:hr_programs": Entry(HR_ONLY),
    "mentoring:hr_program": Entry(HR_ONLY),
    "mentoring:hr_people": Entry(HR_ONLY),
    "mentoring:hr_run_start": Entry(POST_ONLY, post=HR_ONLY_REDIRECT),
    "mentoring:hr_run_status": Entry(HR_ONLY),
    "mentoring:hr_approve": Entry(POST_ONLY, post=HR_ONLY_REDIRECT),
    "mentoring:hr_pair_add": Entry(POST_ONLY, post=HR_ONLY_REDIRECT),
    "mentoring:hr_nominate": Entry(POST_ONLY, post=HR_ONLY_REDIRECT),
    "mentoring:hr_report": Entry(HR_ONLY),
    "mentoring:hr_pair_swap": Entry(POST_ONLY, post=HR_ONLY_REDIRECT),
    "mentoring:hr_pair_remove": Entry(POST_ONLY, post=HR_ONLY_REDIRECT),
    # --- accounts (allauth), language --------------------------------------------------
    "account_login": Entry(own_account(roles(REDIRECT, anonymous=OK))),
    "account_logout": Entry(own_account(roles(OK, anonymous=REDIRECT))),
    "account_inactive": Entry(own_account(PUBLIC)),
    "account_signup": Entry(own_account(roles(REDIRECT, anonymous=OK))),
    "account_reauthenticate": Entry(own_account(LOGGED_IN)),
    "account_email": Entry(own_account(LOGGED_IN)),
    "account_email_verification_sent": Entry(own_account(PUBLIC)),
    "account_change_password": Entry(own_account(LOGGED_IN)),
    "account_set_password": Entry(own_account(roles(REDIRECT, anonymous=LOGIN))),
    "account_reset_password": Entry(own_account(PUBLIC)),
    "account_confirm_login_code": Entry(own_account(roles(REDIRECT, anonymous=LOGIN))),
    "account_confirm_email": Entry(own_account(PUBLIC), kwargs={"key": lambda w: "kunci-palsu"}),
    "account_reset_password_from_key_done": Entry(own_account(PUBLIC)),
    "account_reset_password_from_key": Entry(own_account(PUBLIC), kwargs={
        "uidb36": lambda w: "1", "key": lambda w: "kunci-palsu"}),
    "account_reset_password_done": Entry(own_account(PUBLIC)),
    "set_language": Entry(own_account(roles(REDIRECT)), post=own_account(roles(REDIRECT)),
                          data={"language": "en"}),
    "javascript-catalog": Entry(own_account(PUBLIC)),
    # --- two-factor (allauth.mfa) and sessions (allauth.usersessions) ----------------
    # One's own authenticators, open without a second factor (to set one up). Most of
    # allauth's views first ask a force_login session to log in again (REDIRECT to
    # /akun/reauthenticate/), or answer 404 for what the user has none of (recovery
    # codes, an app to deactivate); hr and superuser have an authenticator app.
    "mfa_index": Entry(own_account(LOGGED_IN)),
    # Only between the password and the code of a login: everyone else is sent on.
    "mfa_authenticate": Entry(own_account(SENT_ON)),
    "mfa_reauthenticate": Entry(roles(REDIRECT, anonymous=LOGIN, hr=OK, superuser=OK,
                                      hr_no_mfa=REDIRECT)),
    "mfa_activate_totp": Entry(own_account(SENT_ON)),
    "mfa_deactivate_totp": Entry(roles(MISSING, anonymous=LOGIN, hr=REDIRECT,
                                       superuser=REDIRECT, hr_no_mfa=MISSING)),
    "mfa_view_recovery_codes": Entry(own_account(OTHERS_MISSING)),
    "mfa_generate_recovery_codes": Entry(own_account(SENT_ON)),
    "mfa_download_recovery_codes": Entry(own_account(OTHERS_MISSING)),
    "mfa_list_webauthn": Entry(own_account(LOGGED_IN)),
    "mfa_add_webauthn": Entry(own_account(SENT_ON)),
    "mfa_reauthenticate_webauthn": Entry(own_account(SENT_ON)),
    # unit B's owner's security key: nobody else's request may change it.
    "mfa_remove_webauthn": Entry(own_account(SENT_ON), post=own_account(SENT_ON),
                                 unchanged=ROLES, kwargs={"pk": lambda w: w.owner_key.pk}),
    "mfa_edit_webauthn": Entry(own_account(SENT_ON), post=own_account(SENT_ON),
                               unchanged=ROLES, kwargs={"pk": lambda w: w.owner_key.pk},
                               data={"name": "Kunci"}),
    # One's own sessions; POST ends one's own other sessions.
    "usersessions_list": Entry(own_account(LOGGED_IN), post=own_account(
        roles(REDIRECT, anonymous=LOGIN)), data={"action": "logout"}),
    "people:my_logins": Entry(LOGGED_IN),
    # HR: a person's sessions and logins; POST ends them all.
    "people:employee_sessions": Entry(HR_ONLY, post=HR_ONLY_REDIRECT),
}


@dataclass(frozen=True)
class PrefixRule:
    """The row for every URL pattern under an admin prefix (GET, placeholder
    arguments). Patterns named in ENTRIES override it."""

    row: dict[str, str]
    why: str


# Admin patterns that answer differently from their prefix's row (keyed like ENTRIES:
# by URL name, or by route when the pattern has no name).
ENTRIES.update({
    # Bangkom's redirect to allauth's login; 403 for a logged-in user (no loop).
    "django-admin/login/": Entry(roles(DENIED, anonymous=LOGIN)),
    # Django's LogoutView: POST only; for a non-staff session it just redirects.
    "admin:logout": Entry(roles(REDIRECT, superuser=NOT_ALLOWED)),
    # Without its query parameters Django's autocomplete refuses even a superuser.
    "admin:autocomplete": Entry(roles(DENIED, anonymous=LOGIN)),
    # The audit trail report (docs/audit.md): HR only, also within the admin.
    "audit_trail": Entry(HR_ONLY),
    "audit_trail_results": Entry(HR_ONLY),
    # Wagtail's public admin assets.
    "wagtailadmin_sprite": Entry(PUBLIC),
    "wagtailadmin_javascript_catalog": Entry(PUBLIC),
    # Password forms go to allauth's (rate-limited); Wagtail's own reset is switched
    # off (WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False, docs/foundation.md "Logins").
    "cms/password_reset/": Entry(roles(REDIRECT)),
    "django-admin/password_change/": Entry(roles(REDIRECT)),
    "wagtailadmin_password_reset": SHADOWED,
    "wagtailadmin_password_reset_done": Entry(NOBODY),
    "wagtailadmin_password_reset_confirm": Entry(NOBODY, kwargs={
        "uidb64": lambda w: "MQ", "token": lambda w: "palsu"}),
    "wagtailadmin_password_reset_complete": Entry(NOBODY),
})

PREFIX_RULES: dict[str, PrefixRule] = {
    # Wagtail admin: only HR (the HR group holds wagtailadmin.access_admin) and
    # superusers get past the gate; anyone else is sent to the login, which Bangkom
    # answers with 403 for a logged-in user (people.views.admin_login_redirect).
    "cms/": PrefixRule(roles(DENIED, anonymous=LOGIN, hr=REACHED, superuser=REACHED),
                       "Wagtail admin: HR and superusers"),
    # Django admin: staff only (the superuser); HR works in the Wagtail admin.
    "django-admin/": PrefixRule(roles(DENIED, anonymous=LOGIN, superuser=REACHED),
                                "Django admin: superusers only"),
}
