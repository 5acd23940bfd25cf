"""The city team's workbench: the inbox, the jury (set-up, scoring, result), the council
export and report, and the charts. Reads are ideas.evaluation's selectors, writes its services."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Sector
from challenges.models import Challenge
from core.errors import StateConflict
from frontend import workbench_forms as forms
from frontend.charts import challenge_charts
from frontend.forms import apply_service_errors
from frontend.views._helpers import city_staff_required, error_text, safe_next
from frontend.views.challenges import get_challenge
from ideas.evaluation import selectors, services
from ideas.evaluation.events import INBOX_STREAM
from ideas.models import Idea

INBOX_PAGE_SIZE = 50


# --- The inbox ---------------------------------------------------------------------------------


@city_staff_required
@require_GET
def staff_inbox(request: HttpRequest) -> HttpResponse:
    filter_form = forms.InboxFilterForm(request.GET or None)
    filters = filter_form.filters()
    page = selectors.inbox_page(filters, number=request.GET.get("page"), size=INBOX_PAGE_SIZE)
    assignees = list(selectors.inbox_assignees())
    departments = list(selectors.inbox_departments())
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "frontend/workbench/inbox.html",
        {
            "filter_form": filter_form,
            "page": page,
            "ideas": page.object_list,
            "counts": selectors.inbox_counts(filters),
            "assignees": assignees,
            "departments": departments,
            "bulk_form": forms.BulkStatusForm(),
            "query": query.urlencode(),
            "inbox_stream": INBOX_STREAM,
        },
    )


def _back_to_inbox(request: HttpRequest) -> HttpResponse:
    return redirect(safe_next(request, reverse("frontend:staff_inbox")))


@city_staff_required
@require_POST
def staff_inbox_status(request: HttpRequest) -> HttpResponse:
    """One official response and status for the ideas ticked in the inbox."""
    form = forms.BulkStatusForm(request.POST)
    try:
        ids = [int(pk) for pk in request.POST.getlist("ideas")]
        ideas = selectors.ideas_by_ids(ids)
    except (ValueError, Idea.DoesNotExist):
        ideas = None
    if not ideas:
        messages.error(request, _("Please tick the ideas the response is for."))
    elif not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    else:
        try:
            services.ideas_set_status_bulk(
                actor=request.user,
                ideas=ideas,
                status=form.cleaned_data["status"],
                response=form.cleaned_data["response"],
            )
        except (ValidationError, StateConflict) as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(
                request,
                _("%(n)d ideas have been answered.") % {"n": len(ideas)},
            )
    return _back_to_inbox(request)


@city_staff_required
@require_POST
def staff_idea_assign(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        (idea,) = selectors.ideas_by_ids([pk])
    except Idea.DoesNotExist as exc:
        raise Http404(_("This idea does not exist.")) from exc
    assignees, departments = selectors.inbox_assignees(), selectors.inbox_departments()
    form = forms.AssignForm(request.POST, assignees=assignees, departments=departments)
    if not form.is_valid():
        messages.error(request, _("Please choose a colleague or department from the lists."))
        return _back_to_inbox(request)
    try:
        services.idea_assign(
            actor=request.user,
            idea=idea,
            assignee=selectors.staff_member(int(form.cleaned_data["assignee"] or 0)),
            department=selectors.department(int(form.cleaned_data["department"] or 0)),
        )
    except (ValidationError, StateConflict) as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("“%(title)s” has been assigned.") % {"title": idea.title})
    return _back_to_inbox(request)


# --- The jury: set-up and result (staff) -------------------------------------------------------


def _jury_context(challenge: Challenge, **forms_given) -> dict:
    evaluation = selectors.evaluation_get(challenge)
    ideas = list(selectors.challenge_ideas_for_jury(challenge))
    criteria = selectors.evaluation_criteria(evaluation)
    return {
        "challenge": challenge,
        "evaluation": evaluation,
        "criteria": criteria,
        "frozen": selectors.scoring_has_begun(evaluation),
        "jurors": selectors.evaluation_jurors(evaluation),
        "results": selectors.jury_results(evaluation),
        "published": selectors.result_published(challenge),
        "criterion_form": forms_given.get("criterion_form")
        or forms.CriterionForm(prefix="criterion"),
        "juror_form": forms_given.get("juror_form") or forms.JurorForm(ideas=ideas, prefix="juror"),
        "publish_form": forms_given.get("publish_form")
        or forms.PublishForm(ideas=ideas, prefix="publish"),
    }


def _jury_page(request: HttpRequest, challenge: Challenge, status: int = 200, **forms_given):
    return render(
        request,
        "frontend/workbench/jury.html",
        _jury_context(challenge, **forms_given),
        status=status,
    )


def _to_jury(challenge: Challenge) -> HttpResponse:
    return redirect("frontend:staff_jury", pk=challenge.pk)


@city_staff_required
@require_GET
def staff_jury(request: HttpRequest, pk: int) -> HttpResponse:
    return _jury_page(request, get_challenge(request, pk))


def _jury_form_post(request, challenge, form, *, key: str, act, done: str) -> HttpResponse:
    """One of the jury page's forms: `act(cleaned_data)` calls the service. Bad input comes
    back beside the fields (400), a state that forbids it above the form (409)."""
    if form.is_valid():
        try:
            act(form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except StateConflict as exc:
            form.add_error(None, exc.message)
            return _jury_page(request, challenge, status=409, **{key: form})
        else:
            messages.success(request, done)
            return _to_jury(challenge)
    return _jury_page(request, challenge, status=400, **{key: form})


@city_staff_required
@require_POST
def staff_jury_criterion(request: HttpRequest, pk: int) -> HttpResponse:
    challenge = get_challenge(request, pk, for_write=True)
    return _jury_form_post(
        request,
        challenge,
        forms.CriterionForm(request.POST, prefix="criterion"),
        key="criterion_form",
        act=lambda data: services.criterion_add(actor=request.user, challenge=challenge, **data),
        done=_("The criterion has been added."),
    )


@city_staff_required
@require_POST
def staff_jury_criterion_remove(request: HttpRequest, pk: int, criterion_pk: int) -> HttpResponse:
    """Take a criterion away again, as long as nobody has scored (409 after, as the API)."""
    challenge = get_challenge(request, pk, for_write=True)
    criterion = selectors.criterion_of(challenge, criterion_pk)
    if criterion is None:
        raise Http404(_("This criterion does not exist."))
    try:
        services.criterion_remove(actor=request.user, criterion=criterion)
    except StateConflict as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("The criterion “%(name)s” has been removed.") % {"name": criterion.name}
        )
    return _to_jury(challenge)


@city_staff_required
@require_POST
def staff_jury_juror(request: HttpRequest, pk: int) -> HttpResponse:
    challenge = get_challenge(request, pk, for_write=True)
    ideas = list(selectors.challenge_ideas_for_jury(challenge))
    form = forms.JurorForm(request.POST, ideas=ideas, prefix="juror")

    def act(data: dict) -> None:
        person = selectors.person_by_email(data["email"])
        if person is None:
            raise ValidationError({"email": [_("Nobody has an account with this address.")]})
        chosen = {int(i) for i in data["ideas"]}
        services.juror_add(
            actor=request.user,
            challenge=challenge,
            user=person,
            ideas=[i for i in ideas if i.pk in chosen],
        )

    return _jury_form_post(
        request, challenge, form, key="juror_form", act=act, done=_("The juror has been invited.")
    )


@city_staff_required
@require_POST
def staff_jury_close(request: HttpRequest, pk: int) -> HttpResponse:
    challenge = get_challenge(request, pk, for_write=True)
    try:
        services.evaluation_close(actor=request.user, challenge=challenge)
    except StateConflict as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The evaluation is closed: no more scores."))
    return _to_jury(challenge)


@city_staff_required
@require_POST
def staff_jury_publish(request: HttpRequest, pk: int) -> HttpResponse:
    challenge = get_challenge(request, pk, for_write=True)
    ideas = list(selectors.challenge_ideas_for_jury(challenge))
    by_id = {i.pk: i for i in ideas}
    return _jury_form_post(
        request,
        challenge,
        forms.PublishForm(request.POST, ideas=ideas, prefix="publish"),
        key="publish_form",
        act=lambda data: services.evaluation_publish(
            actor=request.user,
            challenge=challenge,
            ideas=[by_id[int(i)] for i in data["ideas"]],
            statement=data["statement"],
        ),
        done=_("The result has been published."),
    )


# --- Scoring (jurors) --------------------------------------------------------------------------


@login_required
@require_GET
def jury_home(request: HttpRequest) -> HttpResponse:
    return render(
        request, "frontend/workbench/jury_home.html", {"seats": selectors.jury_seats(request.user)}
    )


def _juror_page(request, challenge, *, bound: dict | None = None, status: int = 200):
    assignments = selectors.juror_assignments(user=request.user, challenge=challenge)
    if not assignments:
        raise PermissionDenied(_("You are not on the jury of this challenge."))
    evaluation = assignments[0].juror.evaluation
    criteria = selectors.evaluation_criteria(evaluation)
    names = {c.pk: c.name for c in criteria}
    peers = selectors.peer_sheets(user=request.user, assignments=assignments)
    rows = []
    for assignment in assignments:
        form = None
        if assignment.submitted_at is None and not evaluation.is_closed:
            form = (bound or {}).get(assignment.idea_id) or forms.ScoreForm(
                criteria=criteria, prefix=f"i{assignment.idea_id}"
            )
        own = [(names.get(s.criterion_id, ""), s.value) for s in assignment.scores.all()]
        others = [
            {
                "juror": sheet.juror.user,
                "comment": sheet.comment,
                "scores": [(names.get(s.criterion_id, ""), s.value) for s in sheet.scores.all()],
            }
            for sheet in peers.get(assignment.idea_id, [])
        ]
        rows.append(
            {
                "assignment": assignment,
                "idea": assignment.idea,
                "form": form,
                "own": own,
                "others": others,
            }
        )
    return render(
        request,
        "frontend/workbench/jury_juror.html",
        {"challenge": challenge, "evaluation": evaluation, "criteria": criteria, "rows": rows},
        status=status,
    )


@login_required
@require_GET
def jury_challenge(request: HttpRequest, pk: int) -> HttpResponse:
    return _juror_page(request, get_challenge(request, pk))


@login_required
@require_POST
def jury_score(request: HttpRequest, pk: int, idea_pk: int) -> HttpResponse:
    challenge = get_challenge(request, pk, for_write=True)
    assignments = selectors.juror_assignments(user=request.user, challenge=challenge)
    assignment = next((a for a in assignments if a.idea_id == idea_pk), None)
    if assignment is None:
        raise PermissionDenied(_("Only the jurors this idea was given to score it."))
    criteria = selectors.evaluation_criteria(assignment.juror.evaluation)
    form = forms.ScoreForm(request.POST, criteria=criteria, prefix=f"i{idea_pk}")
    if form.is_valid():
        try:
            services.jury_score(
                juror=request.user,
                idea=assignment.idea,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except StateConflict as exc:
            messages.error(request, exc.message)
            return redirect("frontend:jury_challenge", pk=challenge.pk)
        else:
            messages.success(
                request, _("Your scores for “%(title)s” are in.") % {"title": assignment.idea.title}
            )
            return redirect(
                reverse("frontend:jury_challenge", kwargs={"pk": challenge.pk}) + f"#idea-{idea_pk}"
            )
    return _juror_page(request, challenge, bound={idea_pk: form}, status=400)


# --- Charts ------------------------------------------------------------------------------------


@city_staff_required
@require_GET
def staff_challenge_charts(request: HttpRequest, pk: int) -> HttpResponse:
    challenge = get_challenge(request, pk)
    context = challenge_charts(selectors.challenge_figures(challenge))
    context["challenge"] = challenge
    return render(request, "frontend/workbench/charts.html", context)


# --- For the council ---------------------------------------------------------------------------


class _Echo:
    """A file-like object whose write returns the line, for streaming csv rows."""

    def write(self, value: str) -> str:
        return value


def export_rows(challenge: Challenge) -> Iterator[list]:
    """The council table of a challenge: one row per idea, German headers."""
    results = {r.idea_id: r for r in selectors.jury_results(selectors.evaluation_get(challenge))}
    published = selectors.result_published(challenge)
    selected = {idea.pk for idea in published[1]} if published else set()
    sector_names = dict(Sector.choices)
    status_names = dict(Idea.Status.choices)
    yield [
        _("Idea"),
        _("Title"),
        _("Summary"),
        _("Sector"),
        _("On behalf of"),
        _("Topics"),
        _("Status"),
        _("Submitted"),
        _("For"),
        _("Against"),
        _("Score"),
        _("Comments"),
        _("Latest official response"),
        _("Answered"),
        _("Jury average"),
        _("Jury spread"),
        _("Jury rank"),
        _("Selected by the jury"),
    ]
    for idea in selectors.export_ideas(challenge):
        changes = list(idea.status_changes.all())
        last = changes[-1] if changes else None
        result = results.get(idea.pk)
        yield [
            idea.pk,
            idea.title,
            idea.summary,
            sector_names.get(idea.sector, idea.sector),
            idea.organisation.name if idea.organisation_id else "",
            ", ".join(t.name for t in idea.topics.all()),
            status_names.get(idea.status, idea.status),
            timezone.localtime(idea.created_at).strftime("%Y-%m-%d %H:%M"),
            idea.up_count,
            idea.down_count,
            idea.score,
            idea.comment_count,
            last.response if last else "",
            timezone.localtime(last.created_at).strftime("%Y-%m-%d %H:%M") if last else "",
            f"{float(result.average):.2f}".replace(".", ",") if result and result.sheets else "",
            f"{float(result.spread):.2f}".replace(".", ",") if result and result.sheets else "",
            result.rank if result and result.rank else "",
            _("yes") if idea.pk in selected else "",
        ]


@city_staff_required
@require_GET
def staff_challenge_export(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    """The challenge's ideas as CSV for the council (German, `;`-separated as German
    spreadsheets expect, with a BOM so Excel reads UTF-8), streamed row by row."""
    challenge = get_challenge(request, pk)
    writer = csv.writer(_Echo(), delimiter=";")

    def lines() -> Iterator[str]:
        yield "\ufeff"
        with translation.override("de"):
            for row in export_rows(challenge):
                yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="challenge-{challenge.pk}.csv"'
    return response


@city_staff_required
@require_GET
def staff_challenge_report(request: HttpRequest, pk: int) -> HttpResponse:
    """A printable German report for council papers (the browser prints it to paper or PDF)."""
    challenge = get_challenge(request, pk)
    with translation.override("de"):
        rows = list(export_rows(challenge))
        context = challenge_charts(selectors.challenge_figures(challenge))
        context.update(
            challenge=challenge,
            header=rows[0],
            # Each value with its column's name: narrow screens stack the cells with labels.
            rows=[list(zip(rows[0], row, strict=True)) for row in rows[1:]],
            published=selectors.result_published(challenge),
            printed_at=timezone.now(),
        )
        response = render(request, "frontend/workbench/report.html", context)
    return response
