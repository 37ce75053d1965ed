import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from metrohub.core.forms import BootstrapMixin
from metrohub.core.lists import IntegerFilter, ListFilterSet
from metrohub.core.models import ActionLine, ThematicPriority
from metrohub.network.models import Organisation, Person
from metrohub.programs.models import (
    CohortMember,
    CourseEdition,
    Lab,
    Participant,
    Question,
    Session,
)
from metrohub.programs.selectors import lab_list, lab_years, participant_list


def _priorities() -> list[tuple[str, str]]:
    return [(p.code, p.label) for p in ThematicPriority.objects.all()]


def _action_lines() -> list[tuple[str, str]]:
    return [(a.code, str(a)) for a in ActionLine.objects.all()]


def _lab_years() -> list[tuple[int, int]]:
    return [(year, year) for year in lab_years()]


def _labs() -> list[tuple[int, str]]:
    return [(lab.pk, str(lab)) for lab in Lab.objects.all()]


class SelectorFilter(ListFilterSet):
    """Filters the API shares: the form checks each value (an invalid one is dropped and shown
    beside its field), and the rows are the selector's, which the API calls too, given the valid
    values; so the page, its twins and the API cannot come to mean different things by a filter."""

    @staticmethod
    def select(**filters) -> QuerySet:
        raise NotImplementedError

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        return self.select(**{name: data[name] for name in self.filters if data.get(name) not in (None, "")})


class LabFilter(SelectorFilter):
    q = django_filters.CharFilter(
        label=_("Search"), max_length=100, widget=forms.TextInput(attrs={"type": "search"})
    )
    priority = django_filters.ChoiceFilter(
        label=_("Thematic priority"), choices=_priorities, empty_label=_("Any priority")
    )
    action_line = django_filters.ChoiceFilter(
        label=_("Action line"), choices=_action_lines, empty_label=_("Any action line")
    )
    year = django_filters.ChoiceFilter(label=_("Year"), choices=_lab_years, empty_label=_("Any year"))
    select = staticmethod(lab_list)


class ParticipantFilter(SelectorFilter):
    q = django_filters.CharFilter(
        label=_("Search"), max_length=100, widget=forms.TextInput(attrs={"type": "search"})
    )
    lab = django_filters.ChoiceFilter(label=_("Lab"), choices=_labs, empty_label=_("Any lab"))
    year = IntegerFilter(label=_("Year"), min_value=1900, max_value=2100)
    gender = django_filters.ChoiceFilter(
        label=_("Gender"), choices=Participant.Gender.choices, empty_label=_("Any gender")
    )
    select = staticmethod(participant_list)


class LabForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Lab
        fields = ["title", "year", "priorities", "action_lines", "description", "source"]
        widgets = {
            "priorities": forms.CheckboxSelectMultiple,
            "action_lines": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("priorities", "action_lines"):
            self.fields[name].widget.attrs["class"] = "form-check-input"


class CourseEditionForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = CourseEdition
        fields = [
            "number",
            "year",
            "month",
            "start",
            "end",
            "place",
            "enrolment",
            "attendance",
            "attendance_note",
            "source",
        ]
        widgets = {
            "start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }


class CohortForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = CohortMember
        fields = ["organisation", "role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.exclude(kind=Organisation.Kind.PARTNER)


class SessionForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Session
        fields = ["title", "mode", "place", "date"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class ParticipantForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Participant
        fields = ["person", "name", "organisation", "role", "gender", "gender_description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(erased_at__isnull=True)
        self.fields["person"].required = False
        self.fields["organisation"].queryset = Organisation.objects.exclude(kind=Organisation.Kind.PARTNER)

    def clean(self):
        data = super().clean()
        if not data.get("name") and not data.get("person"):
            self.add_error("name", _("Give the participant's name or choose a person."))
        return data


class AttendanceForm(forms.Form):
    participants = forms.ModelMultipleChoiceField(
        label=_("Present"),
        queryset=Participant.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, session: Session, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = session.lab.participants.select_related("person").order_by(
            "name"
        )
        if not self.is_bound:
            self.initial["participants"] = list(session.attendance.values_list("participant_id", flat=True))


class QuestionForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Question
        fields = ["text", "kind"]


SCORES = [(str(n), str(n)) for n in range(1, 6)]


class SurveyAnswerForm(forms.Form):
    """One field per question: `score_<id>` (1–5, optional) or `comment_<id>`."""

    anonymous = forms.BooleanField(
        label=_("Answer anonymously"),
        required=False,
        help_text=_("Your name and your city will not be stored with your answers."),
    )

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            if question.kind == Question.Kind.SCALE:
                self.fields[f"score_{question.pk}"] = forms.TypedChoiceField(
                    label=question.text,
                    choices=SCORES,
                    coerce=int,
                    empty_value=None,
                    required=False,
                    widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                    help_text=_("1 = not at all satisfied, 5 = very satisfied"),
                )
            else:
                self.fields[f"comment_{question.pk}"] = forms.CharField(
                    label=question.text,
                    required=False,
                    max_length=2000,
                    widget=forms.Textarea(attrs={"rows": 3}),
                )
        self.order_fields(
            [f"{'score' if q.kind == Question.Kind.SCALE else 'comment'}_{q.pk}" for q in self.questions]
            + ["anonymous"]
        )

    def answers(self) -> tuple[dict[int, int | None], dict[int, str]]:
        scores, comments = {}, {}
        for question in self.questions:
            if question.kind == Question.Kind.SCALE:
                scores[question.pk] = self.cleaned_data.get(f"score_{question.pk}")
            else:
                comments[question.pk] = self.cleaned_data.get(f"comment_{question.pk}", "")
        return scores, comments
