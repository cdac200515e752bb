"""accord play --handout: the players' situation manual (issue 5)."""

from pathlib import Path

from play_helpers import EXERCISE, play


def test_handout_before_play_shows_only_t0(tmp_path, monkeypatch):
    """Before play the manual holds the T+0 injects only."""
    handout = tmp_path / "h.md"
    assert play(monkeypatch, [], EXERCISE, "--handout", str(handout)) == 0
    text = handout.read_text()
    assert "The treaty enters into force at midnight." in text
    assert "Border patrols" not in text
    assert "Situation as of T+0 (2026-03-01 00:00 UTC)." in text


def test_handout_of_a_journal_shows_what_was_delivered_by_then(tmp_path, monkeypatch):
    """With --resume, the manual covers injects up to the journal's time, grouped by day, never later ones."""
    out = tmp_path / "out"
    assert play(monkeypatch, ["next", "next", "next"], EXERCISE, "--out", str(out)) == 0
    handout = tmp_path / "h.md"
    assert play(monkeypatch, [], "--resume", str(out / "journal.jsonl"), "--handout", str(handout)) == 0
    text = handout.read_text()
    assert "## Day 2 (2026-03-02)" in text
    assert "A second incursion is reported." in text
    assert "*From:* Border police  *To:* bravo, charlie" in text
    assert "Armed units cross the border." not in text
    assert (out / "journal.jsonl").read_text().count("\n") == 4  # the handout does not touch the journal


def test_handout_never_shows_controller_texts(tmp_path, monkeypatch):
    """notes, expected_response and objective of delivered injects stay out of the manual."""
    out = tmp_path / "out"
    lines = [*["advance T+20d"] * 4, "decide attribution unclear", "advance T+20d"]  # advance stops at each inject
    assert play(monkeypatch, lines, EXERCISE, "--out", str(out)) == 0
    handout = tmp_path / "h.md"
    assert play(monkeypatch, [], "--resume", str(out / "journal.jsonl"), "--handout", str(handout)) == 0
    text = handout.read_text()
    assert "Alpha attacks." in text
    for secret in ("Controller only", "Players attribute the violations", "OBJ-1", "severity", "major"):
        assert secret not in text


def test_handout_never_includes_the_description_but_the_players_situation(tmp_path, monkeypatch):
    """The designers' description stays out; the scenario's `situation:` text is the players' opening."""
    handout = tmp_path / "h.md"
    assert play(monkeypatch, [], EXERCISE, "--handout", str(handout)) == 0
    text = handout.read_text()
    assert "Three violations are reported" not in text
    assert "## The situation\n\nThe treaty between Bravo and Charlie enters into force at midnight." in text


def test_bundled_handouts_never_tell_the_story_ahead(tmp_path, monkeypatch):
    """The renewed-attack handout at T+0 says nothing of the attack its description announces."""
    handout = tmp_path / "h.md"
    assert play(monkeypatch, [], "scenarios/renewed_attack.yaml", "--handout", str(handout)) == 0
    text = handout.read_text()
    assert text.startswith("# Players' situation manual\n")  # the designers' title tells the story too
    assert "enters into force at midnight on 1 May 2026" in text
    for spoiler in ("six", "weeks in", "massing", "strikes", "ground assault", "Exercise question"):
        assert spoiler not in text


def test_handout_of_a_session_under_way_summarises_the_situation_so_far(tmp_path, monkeypatch):
    """Resumed: the decisions the players took, what is deployed, the facilitator's injects and narratives."""
    out = tmp_path / "out"
    lines = ["next", "advance 12h", "inject consultations.opened by=bravo", "say Alpha's envoy denies everything.",
             *["advance T+20d"] * 3, "decide attribution adversary", "advance T+20d"]
    assert play(monkeypatch, lines, EXERCISE, "--out", str(out)) == 0
    handout = tmp_path / "h.md"
    assert play(monkeypatch, [], "--resume", str(out / "journal.jsonl"), "--handout", str(handout)) == 0
    text = handout.read_text()
    assert "Situation as of T+5d" in text
    assert "### Decisions taken\n\n- T+2d: Who is responsible for the reported violation? — **The adversary**" in text
    assert "### Deployed\n\n- Collective defence: started T+5d, active" in text
    assert "### Events brought in by the facilitator\n\n- T+12h: consultations.opened, by Bravo" in text
    assert "### 12:00 UTC (T+12h): Message from the facilitator\n\nAlpha's envoy denies everything." in text


def test_handout_shows_scenario_text_as_text(tmp_path, monkeypatch):
    """Markup in the situation and in a narrative is escaped, never live HTML."""
    scenario = tmp_path / "s.yaml"
    scenario.write_text(Path(EXERCISE).read_text().replace(
        "The treaty between Bravo and Charlie enters", "<script>alert(1)</script> The treaty between Bravo and Charlie enters"))
    for pack in ("play_pack.yaml", "mutual_defence.yaml"):
        (tmp_path / pack).write_text((Path(EXERCISE).parent / pack).read_text())
    handout = tmp_path / "h.md"
    assert play(monkeypatch, [], str(scenario), "--handout", str(handout)) == 0
    text = handout.read_text()
    assert "<script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; The treaty" in text
