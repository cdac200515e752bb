"""Times shown to people follow one rule (SPEC §2.1): a `T+` text and its calendar instant are
both made from the tick and truncated to the minute, in every place that shows them."""

from datetime import UTC, datetime

from engine.analyse.briefing import briefing
from engine.read.durations import to_hours
from engine.render.handout import render_handout
from engine.render.msel import msel_rows
from engine.simulate.timefmt import calendar, scenario_time, t_plus

START = datetime(2026, 5, 1, tzinfo=UTC)
LATE_IN_A_MINUTE = to_hours(5 * 86_400 + 9 * 3600 + 37 * 60 + 45)  # T+5d9h37m45s


def test_offset_and_instant_name_the_same_minute():
    """45 seconds into a minute is that minute in both texts (it was once T+…38m beside …:37Z)."""
    assert scenario_time(START, LATE_IN_A_MINUTE) == "T+5d9h37m (2026-05-06 09:37Z)"
    assert t_plus(LATE_IN_A_MINUTE) == "T+5d9h37m"
    assert calendar(START, LATE_IN_A_MINUTE) == "2026-05-06 09:37Z"


def test_the_msel_and_the_handout_use_the_same_rule(load_world):
    """An inject 45 seconds into a minute shows that minute in the MSEL and the players' handout."""
    world = load_world("""\
        until: 10d
        injects: [{id: I-1, at: 2026-03-06T09:37:45Z, event: ping, title: Late in a minute}]
        """)
    assert msel_rows(world)[0].time == "T+5d9h37m (2026-03-06 09:37Z)"
    # the handout as the inject is about to be delivered (opening: due injects included)
    handout = render_handout(world, briefing(world, [], [], world.injects[0].t, opening=True))
    assert "### 09:37 UTC (T+5d9h37m): Late in a minute" in handout
    assert "Situation as of T+5d9h37m (2026-03-06 09:37 UTC)." in handout
