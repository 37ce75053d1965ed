"""MEL pages: the dashboard of targets against results, an indicator's history, the learning
log, the CSV and IATI exports, and the reconciliation of declared and computed figures."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.utils.translation import pgettext

from metrohub.core.access import permission, public
from metrohub.core.exports import as_attachment, csv_response
from metrohub.core.form_pages import form_page
from metrohub.core.lists import Column, Listing
from metrohub.core.metrics import reconcile
from metrohub.core.models import DeclaredFigure
from metrohub.mel import charts, iati, services
from metrohub.mel.forms import LearningEntryForm, LearningFilter, ResultForm, TargetForm
from metrohub.mel.models import Indicator, LearningEntry
from metrohub.mel.permissions import (
    can_add_learning,
    can_manage_mel,
    learning_add_rule,
    mel_manager_rule,
    mel_rule,
)
from metrohub.mel.selectors import (
    activity_by_action_line,
    declared_url,
    indicator_history,
    periods,
    status_rule,
)
from metrohub.mel.selectors import dashboard as dashboard_figures
from metrohub.network.permissions import registry_rule


def _year(request) -> int:
    years = periods()
    try:
        year = int(request.GET.get("year") or 0)
    except ValueError:
        year = 0
    return year if year in years else min(timezone.now().year, years[-1])


@permission(mel_rule)
def dashboard(request):
    year = _year(request)
    lines = dashboard_figures(year)
    activity = activity_by_action_line(year)
    context = {
        "year": year,
        "activity": activity,
        "activity_spec": charts.activity(activity),
        "years": periods(),
        "lines": lines,
        "progress_rows": charts.progress_rows(lines),
        "progress_spec": charts.progress(lines),
        "status_rule": status_rule(),
    }
    return render(request, "mel/dashboard.html", context)


def _plain(value) -> str:
    return "" if value is None else f"{value.normalize():f}"


def _csv_rows(base: str):
    """One row per indicator and year (the whole), then one per dimension's value."""
    for year in periods():
        for line in dashboard_figures(year):
            for row in line.rows:
                indicator, result = row.indicator, row.result
                common = [
                    line.action_line.code,
                    indicator.outcome.code,
                    indicator.code,
                    indicator.title,
                    indicator.get_kind_display(),
                    indicator.metric_key,
                    indicator.unit,
                    year,
                ]
                if result is not None:
                    where = base + result.url
                else:
                    where = "" if row.available else _("metric not available yet")
                target = _plain(row.target.value) if row.target else ""
                narrative = result.narrative if result else ""
                yield [*common, "", "", target, _plain(result.value) if result else "", narrative, where]
                for part in row.parts:
                    url = base + part.records_url if part.records_url else ""
                    yield [*common, part.dimension, part.code, "", _plain(part.value), "", url]
                for part in row.target_parts:
                    value = _plain(part.value)
                    yield [*common, part.dimension, part.dimension_value, value, "", "", part.source]


@permission(mel_rule)
def results_csv(request):
    """Every indicator, every year: target and result, with where each figure comes from."""
    header = [
        _("Action line"),
        pgettext("results framework", "Outcome"),
        _("Indicator"),
        _("Title"),
        _("Kind"),
        _("Metric"),
        _("Unit"),
        _("Year"),
        _("Dimension"),
        _("Dimension value"),
        _("Target"),
        _("Result"),
        _("Narrative"),
        _("Records or source"),
    ]
    base = request.build_absolute_uri("/")[:-1]
    return csv_response(filename="metrohub-mel-results", header=header, rows=_csv_rows(base))


@public
def iati_export(request):
    """The IATI file is published: donors and aggregators read it without an account."""
    root = iati.document()
    response = HttpResponse(iati.to_bytes(root), content_type="application/xml; charset=utf-8")
    as_attachment(response, "metrohub-iati-results", "xml")
    return response


@permission(mel_rule)
def indicator(request, code: str):
    # the history reads the targets and results once for every year, from the prefetched rows
    indicators = Indicator.objects.select_related("outcome__action_line").prefetch_related(
        "targets", "results"
    )
    found = get_object_or_404(indicators, code=code)
    history = indicator_history(found)
    context = {
        "indicator": found,
        "history": history,
        "targets": found.targets.all(),
        "results": found.results.all(),
        "learning": found.learning.all(),
        "can_manage": can_manage_mel(request.user),
        "declared": [
            (figure, declared_url(figure))
            for figure in DeclaredFigure.objects.filter(key=found.metric_key).order_by("period")
        ]
        if found.metric_key
        else [],
    }
    return render(request, "mel/indicator.html", context)


def _record(request, code: str, *, form_class, write, title: str, done: str):
    """A form that writes one figure of an indicator through a service, then returns to it."""
    found = get_object_or_404(Indicator, code=code)
    return form_page(
        request,
        form_class,
        initial={"period": timezone.now().year},
        save=lambda data: write(actor=request.user, indicator=found, **data),
        template="mel/record_form.html",
        context={"indicator": found, "title": title},
        success_url=reverse("mel:indicator", args=[found.code]),
        success_message=done,
    )


@permission(mel_manager_rule)
def result_add(request, code: str):
    return _record(
        request,
        code,
        form_class=ResultForm,
        write=services.result_record,
        title=_("Record a result"),
        done=_("The result was recorded."),
    )


@permission(mel_manager_rule)
def target_add(request, code: str):
    return _record(
        request,
        code,
        form_class=TargetForm,
        write=services.target_set,
        title=_("Set a target"),
        done=_("The target was set."),
    )


LEARNING = Listing(
    name="learning-log",
    queryset=lambda request: LearningEntry.objects.prefetch_related("indicators"),
    filterset=LearningFilter,
    default_sort="-period",
    tiebreak=("-created_at", "-pk"),
    columns=[
        Column("title", _l("Title"), sort="title"),
        Column("kind", _l("Kind"), value="get_kind_display", sort="kind"),
        Column("period", _l("Year"), sort="period", numeric=True),
        Column("text", _l("Text")),
        Column("indicators", _l("Indicators"), value=lambda e: [i.code for i in e.indicators.all()]),
        Column("evidence", _l("Evidence")),
        Column("source", _l("Source")),
    ],
)


@permission(mel_rule)
def learning(request):
    return LEARNING.render(request, "mel/learning.html", {"can_add": can_add_learning(request.user)})


@permission(learning_add_rule)
def learning_add(request):
    return form_page(
        request,
        LearningEntryForm,
        initial={"period": timezone.now().year},
        save=lambda data: services.learning_entry_add(actor=request.user, **data),
        template="mel/learning_form.html",
        success_url=reverse("mel:learning"),
        success_message=_("The entry was added to the learning log."),
    )


@permission(registry_rule)
def reconciliation(request):
    years = list(DeclaredFigure.objects.order_by("-period").values_list("period", flat=True).distinct())
    try:
        year = int(request.GET.get("year") or (years[0] if years else timezone.now().year))
    except ValueError:
        year = years[0] if years else timezone.now().year
    rows = reconcile(period=year)
    context = {
        "year": year,
        "years": years,
        "rows": rows,
        "differences": sum(1 for row in rows if not row.agrees),
    }
    return render(request, "mel/reconciliation.html", context)
