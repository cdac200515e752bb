"""accord play --handout: the players' situation manual (issue 5)."""

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
