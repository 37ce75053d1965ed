"""A member's focal point answers the satisfaction survey of a lab their city took part in."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from metrohub.core.access import permission
from metrohub.core.form_pages import bind, finish, submit
from metrohub.programs import services
from metrohub.programs.forms import SurveyAnswerForm
from metrohub.programs.models import Lab, Survey
from metrohub.programs.permissions import survey_answer_rule


@permission(survey_answer_rule)
def survey_answer(request, lab_pk: int):
    lab = get_object_or_404(Lab, pk=lab_pk)
    survey = Survey.objects.filter(lab=lab).first()
    if survey is None:
        raise Http404(_("This lab has no survey yet."))
    answered = services.survey_answered(survey=survey, actor=request.user)
    form = bind(request, SurveyAnswerForm, questions=survey.questions.all())

    def save(data):
        scores, comments = form.answers()
        services.survey_answer(
            actor=request.user, survey=survey, scores=scores, comments=comments, anonymous=data["anonymous"]
        )

    if request.method == "POST":
        outcome = submit(form, save)
        if outcome.done:
            return finish(
                request,
                None,
                success_url=reverse("programs:lab_detail", args=[lab.pk]),
                success_message=_("Thank you: your answers were recorded."),
            )
        if isinstance(outcome.error, services.AlreadyAnswered):
            # 429, as every limit on repeated submissions answers; the page says why.
            context = {
                "lab": lab,
                "survey": survey,
                "form": form,
                "answered": True,
                "refused": outcome.error.message,
            }
            return render(request, "programs/survey_answer.html", context, status=429)
    return render(
        request,
        "programs/survey_answer.html",
        {"lab": lab, "survey": survey, "form": form, "answered": answered},
    )
