"""The shared throttle: N hits per key and period, never one more, whoever races for the last."""

import threading

import pytest
import time_machine

from metrohub.core.throttle import Rate, Throttled, throttle_hit


def hit(key="203.0.113.1", rate="3/hour"):
    throttle_hit(scope="test", key=key, rate=rate, message="Too many tries.")


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("5/hour", Rate(5, 3600)),
        ("120/min", Rate(120, 60)),
        ("1/d", Rate(1, 86400)),
        ("10/15m", Rate(10, 900)),
    ],
)
def test_rates_read_as_written(text, rate):
    assert Rate.parse(text) == rate


@pytest.mark.parametrize("text", ["5", "five/hour", "5/fortnight", ""])
def test_a_bad_rate_is_a_configuration_error_said_at_once(text):
    with pytest.raises(ValueError, match="Not a rate"):
        Rate.parse(text)


def test_past_the_limit_a_key_is_refused_until_the_next_period_others_go_on():
    with time_machine.travel("2024-05-01 10:00:00", tick=False):
        for _ in range(3):
            hit()
        with pytest.raises(Throttled, match="Too many tries") as refused:
            hit()
        assert refused.value.retry_after == 3601
        hit(key="198.51.100.2")  # another client is not held back
    with time_machine.travel("2024-05-01 11:00:01", tick=False):
        hit()  # a new period


def test_no_limit_when_the_rate_is_empty():
    for _ in range(50):
        hit(rate="")


def test_threads_racing_for_the_last_slots_get_exactly_the_limit():
    granted, refused = [], []
    start = threading.Barrier(12)

    def race():
        start.wait()
        try:
            hit(key="racer", rate="5/hour")
            granted.append(1)
        except Throttled:
            refused.append(1)

    threads = [threading.Thread(target=race) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert (len(granted), len(refused)) == (5, 7)
