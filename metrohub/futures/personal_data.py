"""No personal data in Metro Futures (see core/privacy.py): cities, indicators and files."""

from metrohub.core.privacy import not_personal

not_personal("futures.Dimension", "name")
not_personal("futures.CityIndicator", "name")
not_personal("futures.City", "name")
not_personal("futures.Import", "file_name")
not_personal("futures.Strategy", "title")
