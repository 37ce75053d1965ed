"""Eligibility rules, evaluated and explained: each rule of a call says whether an organisation
meets it and why, so the portal can tell a city why it may not apply."""

from dataclasses import dataclass
from functools import cached_property

from django.utils import timezone
from django.utils.translation import gettext as _

from metrohub.network.models import MembershipPeriod, Organisation


@dataclass(frozen=True)
class Check:
    ok: bool
    rule: str
    explanation: str


@dataclass(frozen=True)
class Eligibility:
    checks: list[Check]

    @property
    def eligible(self) -> bool:
        return all(check.ok for check in self.checks)

    @property
    def reasons(self) -> list[str]:
        return [check.explanation for check in self.checks if not check.ok]

    def __bool__(self) -> bool:
        return self.eligible


def _current_period(organisation: Organisation) -> MembershipPeriod | None:
    return MembershipPeriod.objects.filter(membership__organisation=organisation, end__isnull=True).first()


def _dues_in_arrears(organisation: Organisation) -> list[int]:
    # finance owns the rule of what counts as arrears (open, past due, credit notes deducted).
    from metrohub.finance.dues.selectors import years_in_arrears

    return years_in_arrears(organisation.pk, today=timezone.localdate())


class Standing:
    """An organisation's membership facts the rules read, each looked up once, when first read:
    the portal evaluates every open call for one organisation with one Standing."""

    def __init__(self, organisation: Organisation) -> None:
        self.organisation = organisation

    @cached_property
    def period(self) -> MembershipPeriod | None:
        return _current_period(self.organisation)

    @cached_property
    def arrears(self) -> list[int]:
        return _dues_in_arrears(self.organisation)


def evaluate(call, organisation: Organisation, standing: Standing | None = None) -> Eligibility:
    """Every rule of the call, met or not, with the reason in words."""
    name = organisation.name
    standing = standing or Standing(organisation)
    period = standing.period
    checks = []
    if call.requires_good_standing:
        rule = _("Membership in good standing")
        arrears = standing.arrears
        if period is None:
            checks.append(Check(False, rule, _("%(name)s is not a member of the network.") % {"name": name}))
        elif period.status != MembershipPeriod.Status.ACTIVE:
            checks.append(
                Check(
                    False,
                    rule,
                    _("The membership of %(name)s is %(status)s.")
                    % {"name": name, "status": period.get_status_display().lower()},
                )
            )
        elif arrears:
            checks.append(
                Check(
                    False,
                    rule,
                    _("%(name)s has membership dues in arrears (%(years)s).")
                    % {"name": name, "years": ", ".join(map(str, arrears))},
                )
            )
        else:
            checks.append(
                Check(True, rule, _("%(name)s is an active member with no dues in arrears.") % {"name": name})
            )
    if call.eligible_categories:
        rule = _("Membership category")
        allowed = ", ".join(
            str(MembershipPeriod.Category(c).label)
            for c in call.eligible_categories
            if c in MembershipPeriod.Category.values
        )
        if period is not None and period.category in call.eligible_categories:
            checks.append(
                Check(
                    True,
                    rule,
                    _("%(name)s is a member of the category %(category)s.")
                    % {"name": name, "category": period.get_category_display()},
                )
            )
        else:
            checks.append(Check(False, rule, _("This call is open to: %(allowed)s.") % {"allowed": allowed}))
    regions = list(call.eligible_regions.all())
    if regions:
        rule = _("Region")
        allowed = ", ".join(region.label for region in regions)
        if organisation.region_id in {region.pk for region in regions}:
            checks.append(
                Check(
                    True,
                    rule,
                    _("%(name)s is in %(region)s.") % {"name": name, "region": organisation.region.label},
                )
            )
        else:
            checks.append(
                Check(
                    False,
                    rule,
                    _("This call is open to organisations of: %(allowed)s; %(name)s is in %(region)s.")
                    % {
                        "allowed": allowed,
                        "name": name,
                        "region": organisation.region.label if organisation.region else _("no region"),
                    },
                )
            )
    return Eligibility(checks)
