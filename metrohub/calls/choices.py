"""The network's thematic priorities and the action lines of its 2024-2026 Strategic Action Plan.

Core does not define them (yet), so calls does: the 2024 report lists the five priorities on the
Solutions Labs page and tags its pages "AL 1" to "AL 5" without naming the lines.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Theme(models.TextChoices):
    FUTURES = "metropolitan-futures", _("Metropolitan Futures")
    ECOSYSTEMS = "metropolitan-ecosystems", _("Metropolitan Ecosystems")
    COHESION = "social-cohesion", _("Social Cohesion")
    INSTITUTIONS = "metropolitan-institutions", _("Metropolitan Institutions")
    GENDER = "gender-equality", _("Gender Equality")


class ActionLine(models.TextChoices):
    AL1 = "AL1", _("Action line 1")
    AL2 = "AL2", _("Action line 2")
    AL3 = "AL3", _("Action line 3")
    AL4 = "AL4", _("Action line 4")
    AL5 = "AL5", _("Action line 5")


def labels(choices: type[models.TextChoices], values) -> list[str]:
    known = dict(choices.choices)
    return [str(known[value]) for value in values if value in known]
