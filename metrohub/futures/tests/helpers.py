"""Files for the tests, written as a user would write them."""


def tidy_csv(rows: list[tuple]) -> bytes:
    lines = ["city,indicator,year,value,unit,boundary,method,source,note"]
    lines += [",".join(str(v) for v in row) for row in rows]
    return ("\n".join(lines) + "\n").encode()


GOOD_ROWS = [
    ("dakar-test", "pm25", 2022, 30.5, "µg/m³", "municipal", "measured", "test", ""),
    ("dakar-test", "pm25", 2023, 28.0, "", "", "", "test", ""),
    ("Lisbon Test", "pm25", 2023, 9.0, "µg/m³", "municipal", "estimated", "test", ""),
    ("elsewhere", "pm25", 2023, 60.0, "", "", "", "test", ""),
    ("dakar-test", "unemployment", 2023, 12.0, "%", "", "", "test", ""),
]

SDMX_CSV = b"""DATAFLOW,REF_AREA,INDICATOR,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,OBS_STATUS,COMMENT
METRO:FUTURES(1.0),dakar-test,pm25,2021,31.2,\xc2\xb5g/m\xc2\xb3,A,
METRO:FUTURES(1.0),lisbon-test,pm25,2021,10.4,\xc2\xb5g/m\xc2\xb3,E,estimate from the model
METRO:FUTURES(1.0),lisbon-test,broadband,2021,81,%,A,
"""


def revise_an_observation(by: float = 1.0) -> None:
    """A correction to the drafts (one observation's value), so that the next release changes something."""
    from django.db.models import F

    from metrohub.futures.models import Observation

    first = Observation.objects.order_by("pk").first()
    Observation.objects.filter(pk=first.pk).update(value=F("value") + by)
