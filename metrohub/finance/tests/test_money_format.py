from decimal import Decimal

from django.utils import translation

from metrohub.finance.templatetags.finance import money


def test_money_is_written_as_the_readers_language_writes_numbers():
    amount = Decimal("1010120.5")
    expected = {"en": "EUR 1,010,120.50", "fr": "EUR 1\xa0010\xa0120,50", "es": "EUR 1\xa0010\xa0120,50"}
    for language, text in expected.items():
        with translation.override(language):
            assert money(amount, "EUR") == text
