"""What both importers share: the preview they return (core's, every row checked, nothing
written) and the matching of a file's spellings to cities and indicators (codes, names, the
registry's aliases).
"""

import pyarrow as pa

from metrohub.core.imports import Preview
from metrohub.core.text import normalise_name
from metrohub.futures.models import City, CityIndicator

SAMPLE_ROWS = 20

__all__ = ["SAMPLE_ROWS", "Preview", "city_keys", "indicator_keys", "spellings_to_ids"]


def city_keys() -> dict[str, int]:
    keys: dict[str, int] = {}
    for pk, code, name in City.objects.values_list("pk", "code", "name"):
        keys[normalise_name(name)] = pk
        keys[code.lower()] = pk
    from metrohub.network.models import OrganisationAlias

    by_organisation = dict(
        City.objects.filter(organisation__isnull=False).values_list("organisation_id", "pk")
    )
    for organisation_id, key in OrganisationAlias.objects.values_list("organisation_id", "key"):
        if organisation_id in by_organisation:
            keys.setdefault(key, by_organisation[organisation_id])
    return keys


def indicator_keys() -> dict[str, int]:
    keys: dict[str, int] = {}
    for pk, code, name in CityIndicator.objects.values_list("pk", "code", "name"):
        keys[code.lower()] = pk
        keys[normalise_name(name)] = pk
    return keys


def spellings_to_ids(con, column: str, keys: dict[str, int]) -> pa.Table:
    """Map each distinct spelling in `column` to a record id (NULL when unknown)."""
    spellings = [row[0] for row in con.execute(f"SELECT DISTINCT {column} FROM raw").fetchall()]
    ids = [keys.get(s.strip().lower()) or keys.get(normalise_name(s)) for s in spellings]
    return pa.table({"spelling": pa.array(spellings, pa.string()), "id": pa.array(ids, pa.int64())})
