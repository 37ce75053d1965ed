"""No personal data in finance (see core/privacy.py): its parties are organisations."""

from metrohub.core.privacy import not_personal

not_personal("finance.Agreement", "title")
