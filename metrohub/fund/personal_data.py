"""No personal data in the fund (see core/privacy.py): its parties are organisations."""

from metrohub.core.privacy import not_personal

not_personal("fund.Fund", "name")
not_personal("fund.ProgressReport", "title")
