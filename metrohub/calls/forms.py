import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from metrohub.calls.files import KNOWN_TYPES
from metrohub.calls.models import Call, Criterion, Question
from metrohub.calls.permissions import can_assign_reviewers
from metrohub.calls.workflow import Status
from metrohub.core import search_select
from metrohub.core.forms import BootstrapMixin
from metrohub.core.lists import ListFilterSet
from metrohub.core.models import Priorities, Region, action_line_choices
from metrohub.network.models import MembershipPeriod

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CallForm(BootstrapMixin, forms.ModelForm):
    themes = forms.MultipleChoiceField(
        label=_("Thematic priorities"), choices=Priorities.choices, required=False
    )
    action_lines = forms.MultipleChoiceField(
        label=_("Action lines"), choices=action_line_choices, required=False
    )
    eligible_categories = forms.MultipleChoiceField(
        label=_("Membership categories"),
        choices=MembershipPeriod.Category.choices,
        required=False,
        help_text=_("None chosen: any category."),
    )
    eligible_regions = forms.ModelMultipleChoiceField(
        label=_("Regions"),
        queryset=Region.objects.all(),
        required=False,
        help_text=_("None chosen: every region."),
    )
    allowed_file_types = forms.MultipleChoiceField(
        label=_("Allowed file types"), choices=[(t, t) for t in KNOWN_TYPES], required=False
    )

    class Meta:
        model = Call
        fields = [
            "title", "description", "programme", "fund", "themes", "action_lines", "opens_at", "closes_at",
            "published", "requires_good_standing", "eligible_categories", "eligible_regions",
            "one_application_per_organisation", "allowed_file_types", "max_file_size_mb", "max_amount",
        ]  # fmt: skip
        widgets = {
            "opens_at": DATETIME,
            "closes_at": DATETIME,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["eligible_regions"].label_from_instance = lambda region: region.label
        for field in self.fields.values():
            if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):  # ticked boxes
                field.widget = forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"})
                field.widget.choices = field.choices
        for name in ("opens_at", "closes_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]

    def clean(self):
        data = super().clean()
        if data.get("opens_at") and data.get("closes_at") and data["closes_at"] <= data["opens_at"]:
            self.add_error("closes_at", _("A call closes after it opens."))
        return data


class QuestionForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Question
        fields = ["label", "help_text", "kind", "choices", "required"]
        widgets = {"choices": forms.Textarea(attrs={"rows": 2})}


class CriterionForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["name", "description", "weight", "max_score"]


def _calls() -> list[tuple[int, str]]:
    return [(c.pk, c.title) for c in Call.objects.order_by("-closes_at")]


class CallFilter(ListFilterSet):
    programme = django_filters.ChoiceFilter(
        label=_("Programme"), choices=Call.Programme.choices, empty_label=_("Any programme")
    )
    phase = django_filters.ChoiceFilter(
        label=_("Phase"),
        choices=[("upcoming", _("Upcoming")), ("open", _("Open now")), ("closed", _("Closed"))],
        empty_label=_("Any phase"),
        method="in_phase",
    )

    def in_phase(self, queryset, name, value):
        now = timezone.now()
        conditions = {
            "upcoming": {"opens_at__gt": now},
            "open": {"opens_at__lte": now, "closes_at__gt": now},
            "closed": {"closes_at__lte": now},
        }
        return queryset.filter(**conditions[value])


class ApplicationFilter(ListFilterSet):
    call = django_filters.ChoiceFilter(
        label=_("Call"), field_name="call_id", choices=_calls, empty_label=_("Any call")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Status.choices, empty_label=_("Any status")
    )
    programme = django_filters.ChoiceFilter(
        label=_("Programme"),
        field_name="call__programme",
        choices=Call.Programme.choices,
        empty_label=_("Any programme"),
    )


def answers_form(call: Call, *, data=None, initial=None):
    """A form with one field per question of the call (and the amount, for a fund's call)."""
    fields = {}
    for question in call.questions.all():
        common = {"label": question.label, "required": False, "help_text": question.help_text}
        if question.kind == Question.Kind.LONG_TEXT:
            field = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), max_length=10_000, **common)
        elif question.kind == Question.Kind.NUMBER:
            field = forms.DecimalField(**common)
        elif question.kind == Question.Kind.CHOICE:
            field = forms.ChoiceField(choices=[("", "—"), *((o, o) for o in question.options)], **common)
        elif question.kind == Question.Kind.YES_NO:
            field = forms.ChoiceField(choices=[("", "—"), ("yes", _("Yes")), ("no", _("No"))], **common)
        else:
            field = forms.CharField(max_length=500, **common)
        field.question_required = question.required
        fields[question.key] = field
    if call.max_amount is not None:
        fields["amount_requested"] = forms.DecimalField(
            label=_("Amount requested (EUR)"),
            required=False,
            max_digits=14,
            decimal_places=2,
            help_text=_("At most EUR %(cap)s.") % {"cap": f"{call.max_amount:,.0f}"},
        )
        fields["amount_requested"].question_required = True
    form_class = type("AnswersForm", (BootstrapMixin, forms.Form), fields)
    return form_class(data=data, initial=initial)


class AttachmentForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("File"))


class NoteForm(BootstrapMixin, forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


def reviewers():
    from metrohub.accounts.models import User

    return User.objects.filter(groups__name="reviewer", is_active=True).order_by("username")


def _search_reviewers(query: str, limit: int):
    from django.db.models import Q

    found = reviewers().filter(
        Q(username__icontains=query) | Q(first_name__icontains=query) | Q(last_name__icontains=query)
    )
    return [(user.pk, user.get_username()) for user in found[:limit]]


search_select.register(
    "reviewers",
    search_select.Source(
        rule=lambda user: can_assign_reviewers(user),
        search=_search_reviewers,
        labels=lambda values: [(u.pk, u.get_username()) for u in reviewers().filter(pk__in=values)],
    ),
)


class AssignForm(BootstrapMixin, forms.Form):
    # The choices are set on the class, not in __init__: the mixin validates a bound form at once.
    reviewer = forms.ModelChoiceField(
        label=_("Reviewer"), queryset=reviewers(), widget=search_select.SearchSelect("reviewers")
    )

    def __init__(self, *args, exclude=(), **kwargs):
        super().__init__(*args, **kwargs)
        if exclude:
            self.fields["reviewer"].queryset = reviewers().exclude(pk__in=exclude)


class ConflictForm(BootstrapMixin, forms.Form):
    conflict = forms.TypedChoiceField(
        label=_("Do you have a conflict of interest with this application?"),
        choices=[
            ("no", _("No, I have no conflict of interest")),
            ("yes", _("Yes, I have a conflict of interest")),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("If yes, what is it?"), required=False, max_length=2000)


def review_form(criteria, *, data=None, initial=None):
    fields = {
        f"c{criterion.pk}": forms.IntegerField(
            label=f"{criterion.name} (×{criterion.weight})",
            min_value=0,
            max_value=criterion.max_score,
            help_text=" ".join(
                part
                for part in (
                    _("Score from 0 (lowest) to %(max)d (highest).") % {"max": criterion.max_score},
                    criterion.description,
                )
                if part
            ),
        )
        for criterion in criteria
    }
    fields["comment"] = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=10_000
    )
    return type("ReviewForm", (BootstrapMixin, forms.Form), fields)(data=data, initial=initial)
