from django import forms
from django.utils.translation import gettext_lazy as _

from metrohub.core.forms import BootstrapMixin
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

LAB_SORTS = [
    ("-year", _("Newest")),
    ("title", _("Title")),
    ("cities", _("Cities")),
    ("participants", _("Participants")),
]


class FilterMixin:
    def filters(self) -> dict:
        """The valid filters; an invalid one is dropped (and shown as an error beside its field)."""
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if name not in self.errors}
        return {name: value for name, value in data.items() if value not in (None, "")}


class LabFilterForm(FilterMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    priority = forms.ChoiceField(label=_("Thematic priority"), required=False)
    action_line = forms.ChoiceField(label=_("Action line"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    sort = forms.CharField(required=False, max_length=20)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["priority"].choices = [
            ("", _("Any priority")),
            *((p.code, p.label) for p in ThematicPriority.objects.all()),
        ]
        self.fields["action_line"].choices = [
            ("", _("Any action line")),
            *((a.code, str(a)) for a in ActionLine.objects.all()),
        ]
        self.fields["year"].choices = [("", _("Any year")), *((y, y) for y in years)]


class ParticipantFilterForm(FilterMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    lab = forms.TypedChoiceField(label=_("Lab"), required=False, coerce=int, empty_value=None)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2100)
    gender = forms.ChoiceField(
        label=_("Gender"), required=False, choices=[("", _("Any gender")), *Participant.Gender.choices]
    )
    sort = forms.CharField(required=False, max_length=20)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lab"].choices = [("", _("Any lab")), *((lab.pk, str(lab)) for lab in Lab.objects.all())]


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
