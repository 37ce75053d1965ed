import datetime as dt

from metrohub.core.metrics import REGISTRY
from metrohub.network.services import membership_change
from metrohub.network.tests.factories import MembershipFactory, OrganisationFactory


def test_member_counts_follow_the_records(membership_staff):
    # given two members, one joined in 2024 and one associate joined in 2024
    MembershipFactory(organisation=OrganisationFactory(), joined_year=2010)
    newcomer = MembershipFactory(organisation=OrganisationFactory(), joined_year=2024)
    MembershipFactory(organisation=OrganisationFactory(), joined_year=2024, period__category="associate")
    total, new, associates = (
        REGISTRY[k].compute
        for k in ("network.members.total", "network.members.new", "network.associates.new")
    )
    assert (total(2024).value, new(2024).value, associates(2024).value) == (3, 1, 1)
    # when the newcomer withdraws from 2025 on
    membership_change(actor=membership_staff, membership=newcomer, on=dt.date(2025, 1, 1), status="withdrawn")
    # then it still counts for 2024, and no longer for 2025
    assert total(2024).value == 3
    assert total(2025).value == 2
    assert set(total(2025).records.values_list("pk", flat=True)) == {
        m.organisation_id for m in (newcomer.__class__.objects.exclude(pk=newcomer.pk))
    }


def test_a_member_who_joins_later_is_not_counted_for_an_earlier_year(membership_staff):
    MembershipFactory(organisation=OrganisationFactory(), period__start=dt.date(2025, 5, 1))
    assert REGISTRY["network.members.total"].compute(2024).value == 0
    assert REGISTRY["network.members.total"].compute(2025).value == 1
