"""A member's focal point answers the satisfaction survey of a lab their city took part in."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from metrohub.core.access import permission
from metrohub.core.errors import DomainError
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
    form = SurveyAnswerForm(request.POST or None, questions=survey.questions.all())
    if request.method == "POST" and form.is_valid():
        scores, comments = form.answers()
        try:
            services.survey_answer(
                actor=request.user,
                survey=survey,
                scores=scores,
                comments=comments,
                anonymous=form.cleaned_data["anonymous"],
            )
        except services.AlreadyAnswered as exc:
            # 429, as every limit on repeated submissions answers; the page says why.
            context = {"lab": lab, "survey": survey, "form": form, "answered": True, "refused": exc.message}
            return render(request, "programs/survey_answer.html", context, status=429)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Thank you: your answers were recorded."))
            return redirect("programs:lab_detail", lab_pk=lab.pk)
    return render(
        request,
        "programs/survey_answer.html",
        {"lab": lab, "survey": survey, "form": form, "answered": answered},
    )
