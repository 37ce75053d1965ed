"""Metro Futures metrics, matched to what the 2024 report declared (declared-futures.csv).

Each counts what the platform held for the year asked, never later: observations of that year or
before, strategies adopted by then (an unknown year of adoption counts as "before"). Synthetic demo
rows never count: a figure compared with a report counts real records only.
"""

from django.db.models import Q
from django.urls import reverse

from metrohub.core.metrics import metric
from metrohub.futures.models import City, CityIndicator, Observation, Strategy


def _observations_until(period: int):
    return Observation.objects.filter(synthetic=False, year__lte=period)


@metric(key="futures.cities", title="Cities with data on Metro Futures", unit="cities",
        records_url=lambda period: reverse("futures:home"))  # fmt: skip
def cities(period: int):
    """Cities with at least one real (not synthetic) observation of the year or an earlier one."""
    return City.objects.filter(pk__in=_observations_until(period).values("city_id"))


@metric(key="futures.strategies", title="Strategies on Metro Futures", unit="strategies",
        records_url=lambda period: reverse("futures:strategies"))  # fmt: skip
def strategies(period: int):
    """Real (not synthetic) local and metropolitan strategies adopted by the end of the year (an
    unknown year of adoption counts as adopted before)."""
    return Strategy.objects.filter(
        Q(year_adopted__isnull=True) | Q(year_adopted__lte=period), synthetic=False
    )


@metric(key="futures.indicators", title="Indicators on Metro Futures", unit="indicators",
        records_url=lambda period: reverse("futures:home"))  # fmt: skip
def indicators(period: int):
    """Indicators of the catalogue, not metrohub's demo ones, with real data of the year or an
    earlier one: an indicator is on the platform once it holds a value."""
    return CityIndicator.objects.filter(
        synthetic=False, pk__in=_observations_until(period).values("indicator_id")
    )
