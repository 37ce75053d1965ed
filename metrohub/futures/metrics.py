"""Metro Futures metrics, matched to what the 2024 report declared (declared-futures.csv).

Synthetic demo rows never count: a figure compared with a report counts real records only.
"""

from django.urls import reverse

from metrohub.core.metrics import metric
from metrohub.futures.models import City, CityIndicator, Strategy


@metric(key="futures.cities", title="Cities with data on Metro Futures", unit="cities",
        records_url=lambda period: reverse("futures:home"))  # fmt: skip
def cities(period: int):
    """Cities with at least one real (not synthetic) observation in the drafts."""
    return City.objects.filter(observations__synthetic=False).distinct()


@metric(key="futures.strategies", title="Strategies on Metro Futures", unit="strategies",
        records_url=lambda period: reverse("futures:strategies"))  # fmt: skip
def strategies(period: int):
    """Real (not synthetic) local and metropolitan strategies in the drafts."""
    return Strategy.objects.filter(synthetic=False)


@metric(key="futures.indicators", title="Indicators on Metro Futures", unit="indicators",
        records_url=lambda period: reverse("futures:home"))  # fmt: skip
def indicators(period: int):
    """Indicators of the catalogue that are not part of metrohub's demo catalogue."""
    return CityIndicator.objects.filter(synthetic=False)
