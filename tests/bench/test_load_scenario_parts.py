"""The load scenario's own parts, with a fake clock: pacing and the visitors' questions."""

import random
import urllib.parse

from bench import load_traffic as loadtest


class FakeClock:
    def __init__(self):
        self.now = 100.0
        self.slept: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 6))
        self.now += seconds


def test_the_pacer_spaces_calls_and_makes_up_for_at_most_two_seconds():
    clock = FakeClock()
    pacer = loadtest.Pacer(rate=10, clock=clock.monotonic, sleep=clock.sleep)
    for _ in range(3):
        pacer.wait()
    assert clock.slept == [0.0, 0.1, 0.1]  # one call every 0.1 s

    clock.now += 5.0  # every thread was held up for 5 s (an outage)
    clock.slept.clear()
    for _ in range(25):
        pacer.wait()
    # 2 s' worth of missed slots (20) go at once, then the pace resumes
    assert clock.slept[:21] == [0.0] * 21
    assert clock.slept[21:] == [0.1] * 4


def test_an_unpaced_pacer_never_waits():
    clock = FakeClock()
    pacer = loadtest.Pacer(rate=0, clock=clock.monotonic, sleep=clock.sleep)
    for _ in range(5):
        pacer.wait()
    assert clock.slept == []


def test_visitors_ask_many_questions_the_popular_ones_most():
    rng = random.Random(5)
    asked = [loadtest.search_query(rng) for _ in range(4000)]
    parsed = [dict(urllib.parse.parse_qsl(q)) for q in asked]
    assert all("" not in p.values() for p in parsed)  # empty values are left out, as the page's links do
    assert len(set(asked)) > 150
    terms = [p.get("q", "") for p in parsed]
    assert terms.count(loadtest.SEARCH_TERMS[0]) > terms.count(loadtest.SEARCH_TERMS[-1]) * 5
    assert {p.get("region", "") for p in parsed} == {r for r, _w in loadtest.SEARCH_REGIONS}
    assert {int(p.get("page", 0)) for p in parsed} == {1, 2, 3}
