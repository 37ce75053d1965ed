"""The delete and retire services: a record goes with its own parts only; one that other records
depend on is kept for their history, and the refusal names what depends on it."""

import datetime as dt

import pytest

from metrohub.calls import services as calls
from metrohub.calls.models import Call, Question
from metrohub.calls.tests.factories import make_application, make_call
from metrohub.core.errors import DomainError, NotAllowed
from metrohub.core.permissions import SYSTEM
from metrohub.network import services as network
from metrohub.network.models import Organisation
from metrohub.network.tests.factories import MembershipFactory, OrganisationFactory, make_user
from metrohub.people import services as people
from metrohub.people.models import Level
from metrohub.people.tests.factories import LevelFactory, StaffMemberFactory

pytestmark = pytest.mark.django_db


def test_a_call_without_applications_goes_with_its_questions_in_the_actors_name():
    # given a call with questions, and the programmes team
    call = make_call(title="Set up by mistake")
    assert Question.objects.filter(call=call).exists()
    staff = make_user("programs")
    pk = call.pk
    # when they delete it
    calls.call_delete(actor=staff, call=call)
    # then the call and its questions are gone, and history says who
    assert not Call.objects.filter(pk=pk).exists()
    assert not Question.objects.filter(call_id=pk).exists()
    assert Call.history.filter(id=pk, history_type="-").get().history_user == staff


def test_a_call_with_an_application_is_kept_and_the_refusal_says_why(city):
    call = make_call(title="Has applicants")
    make_application(call, city)
    with pytest.raises(DomainError, match="is kept: application"):
        calls.call_delete(actor=make_user("programs"), call=call)
    assert Call.objects.filter(pk=call.pk).exists()


def test_a_call_is_deleted_only_by_those_who_run_calls():
    call = make_call(title="Not yours")
    with pytest.raises(NotAllowed, match="Only the programmes team"):
        calls.call_delete(actor=make_user("finance"), call=call)
    assert Call.objects.filter(pk=call.pk).exists()


def test_a_level_someone_holds_is_kept_and_a_free_one_goes():
    held = StaffMemberFactory().level
    free = LevelFactory()
    with pytest.raises(DomainError, match="is kept: staff member"):
        people.level_delete(actor=SYSTEM, level=held)
    people.level_delete(actor=SYSTEM, level=free)
    assert list(Level.objects.filter(pk__in=[held.pk, free.pk])) == [held]


def test_a_staff_member_retires_once():
    staff = StaffMemberFactory(start=dt.date(2020, 1, 1))
    retired = people.staff_retire(actor=make_user("hr"), staff=staff, end=dt.date(2024, 6, 30))
    assert retired.end == dt.date(2024, 6, 30)
    with pytest.raises(DomainError, match="has already left"):
        people.staff_retire(actor=make_user("hr"), staff=staff, end=dt.date(2024, 7, 1))


def test_a_member_organisation_is_kept_a_mistaken_duplicate_goes():
    member = MembershipFactory().organisation
    duplicate = OrganisationFactory(name="Dakarr")
    with pytest.raises(DomainError, match="is kept: membership"):
        network.organisation_delete(actor=make_user("membership"), organisation=member)
    network.organisation_delete(actor=make_user("membership"), organisation=duplicate)
    assert Organisation.objects.filter(pk=member.pk).exists()
    assert not Organisation.objects.filter(pk=duplicate.pk).exists()
