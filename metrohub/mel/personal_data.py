"""No personal data in MEL (see core/privacy.py)."""

from metrohub.core.privacy import not_personal

not_personal("mel.Outcome", "title")
not_personal("mel.Indicator", "title")
not_personal("mel.LearningEntry", "title")
