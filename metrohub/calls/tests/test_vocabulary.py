"""Calls, the fund, labs and the MEL framework speak of the same action lines and thematic
priorities: core's one definition, named as the 2024 report names them."""

from django.urls import reverse
from django.utils import translation

from metrohub.calls.forms import CallForm
from metrohub.calls.tests.factories import make_call
from metrohub.core.models import ActionLine, ActionLines, Priorities, ThematicPriority
from metrohub.fund.forms import CopyForm
from metrohub.fund.models import Fund


def test_core_seeds_the_tables_from_its_one_list_of_codes_and_names(db):
    with translation.override(None):
        lines = [(str(code), str(name)) for code, name in ActionLines.choices]
        priorities = [(str(code), str(name)) for code, name in Priorities.choices]
    assert list(ActionLine.objects.values_list("code", "name")) == lines
    assert list(ThematicPriority.objects.values_list("code", "name")) == priorities
    assert (
        ActionLine.objects.get(code="AL1").name
        == "The Power of the Network: Membership and Institutional Relations"
    )
    assert ThematicPriority.objects.get(code="gender-equality").name == "Gender Equality"


def test_the_names_are_read_in_the_readers_language(db):
    with translation.override("fr"):
        assert ActionLine.objects.get(code="AL2").label == "Ressources pour les membres : programmes"
        assert ThematicPriority.objects.get(code="social-cohesion").label == "Cohésion sociale"
    with translation.override("es"):
        assert str(ActionLine.objects.get(code="AL4")) == "AL4 · Comunicación"


def test_a_call_shows_the_report_names_of_its_action_lines_and_priorities(client, programs_staff):
    call = make_call(title="Care Lab", themes=["gender-equality"], action_lines=["AL1", "AL5"])
    client.force_login(programs_staff)
    page = client.get(reverse("calls:call", args=[call.pk])).content.decode()
    assert "AL1 · The Power of the Network: Membership and Institutional Relations" in page
    assert "AL5 · Living Our Shared Values" in page
    assert "Gender Equality" in page
    assert "Action line 1" not in page


def test_the_call_and_fund_forms_offer_cores_codes_with_their_names():
    with translation.override("en"):
        call_form = CallForm()
        assert (
            dict(call_form.fields["action_lines"].choices)["AL3"]
            == "AL3 · Shaping the Global Environment: Policy"
        )
        assert list(dict(call_form.fields["themes"].choices)) == list(Priorities.values)
        assert [code for code, _ in CopyForm().fields["priority"].choices][1:] == list(Priorities.values)
    assert Fund(priority="metropolitan-futures").get_priority_display() == "Metropolitan Futures"
