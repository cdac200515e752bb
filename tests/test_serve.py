"""accord serve over HTTP (issue 17): role links and tokens, refusals, state versions, one
journal, the end, kill and resume. The browser tests (test_serve_browser.py) drive the pages."""

import json
import re
import signal
import socket
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from play_helpers import EXERCISE, play
from serve_helpers import Server, journal_commands

from engine.cli import main
from engine.errors import OutputError
from engine.facilitate.serve.access import load, new_access, save, sidecar


@pytest.fixture
def server(tmp_path):
    """A console of the play exercise, its files in tmp_path/out."""
    started = Server(EXERCISE, "--out", str(tmp_path / "out"))
    yield started
    started.stop()


def test_three_role_links_on_this_machine_only(server):
    """The command prints the facilitator's, players' and evaluators' links, on 127.0.0.1."""
    assert set(server.links) == {"facilitator", "players", "evaluator"}
    for role, link in server.links.items():
        assert link.startswith(f"http://127.0.0.1:{server.port}/{role}/")
    tokens = {link.rsplit("/", 1)[1] for link in server.links.values()}
    assert len(tokens) == 3
    assert all(len(t) >= 24 for t in tokens)


@pytest.mark.parametrize("path", ["/facilitator/nottheone", "/players/nottheone", "/evaluator/nottheone",
                                  "/facilitator/nottheone/events", "/facilitator/nottheone/timeline.svg"])
def test_a_wrong_token_is_refused_and_shows_nothing(server, path):
    """Without its role's token a page is 403 and says nothing of the exercise."""
    status, _, body = server.get(f"http://127.0.0.1:{server.port}{path}")
    assert status == 403
    assert "Violations" not in body
    assert "Entry into force" not in body


def test_the_browsers_icon_request_is_answered_quietly(server):
    """/favicon.ico, which every browser asks for, is 204 (it was a 403 logged in every page)."""
    status, _, body = server.get(f"http://127.0.0.1:{server.port}/favicon.ico")
    assert status == 204
    assert body == ""


def test_another_roles_token_opens_no_page(server):
    """The players' token does not open the facilitator's page, nor the evaluator's the players'."""
    players = server.link("players").rsplit("/", 1)[1]
    evaluator = server.link("evaluator").rsplit("/", 1)[1]
    base = f"http://127.0.0.1:{server.port}"
    assert server.get(f"{base}/facilitator/{players}")[0] == 403
    assert server.get(f"{base}/players/{evaluator}")[0] == 403


def test_only_the_facilitator_token_acts(server, tmp_path):
    """Commands with no token, the players' or the evaluator's are refused (403); nothing is journaled."""
    base = f"http://127.0.0.1:{server.port}"
    for role in ("players", "evaluator"):
        token = server.link(role).rsplit("/", 1)[1]
        status, _ = server.post(f"{base}/facilitator/{token}/command", {"do": "next", "version": "0"})
        assert status == 403
    status, _ = server.post(f"{base}/facilitator/x/command", {"do": "next", "version": "0"})
    assert status == 403
    status, _ = server.post(server.link("players") + "/command", {"do": "next", "version": "0"})
    assert status in (404, 405)
    assert journal_commands(tmp_path / "out" / "journal.jsonl") == []


def test_a_form_from_another_site_is_refused(server, tmp_path):
    """With the right token but from another origin (a forged form), a command is refused."""
    status, _ = server.post(server.link("facilitator") + "/command", {"do": "next", "version": "0"},
                            headers={"Origin": "http://evil.example", "Sec-Fetch-Site": "cross-site"})
    assert status == 403
    assert journal_commands(tmp_path / "out" / "journal.jsonl") == []


def test_every_response_forbids_inline_script(server):
    """Pages, updates and the chart carry a CSP with scripts and styles from the console only."""
    for url in (server.link("facilitator"), server.link("players"), server.link("evaluator"),
                f"http://127.0.0.1:{server.port}/"):
        status, headers, html = server.get(url)
        assert status == 200
        csp = headers["content-security-policy"]
        assert "script-src 'self'" in csp
        assert "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert headers["referrer-policy"] == "no-referrer"
        assert "<script>" not in html
        assert "<script src=\"/static/console.js\" defer></script>" in html or url.endswith("/")


def test_commands_are_journaled_before_they_are_answered(server, tmp_path):
    """A control's reply comes after its line is in the journal; the reply carries the new version."""
    reply = server.command("next")
    assert reply["ok"] is True
    assert reply["version"] == 1
    assert journal_commands(tmp_path / "out" / "journal.jsonl") == ["next"]


def test_a_stale_command_is_refused_with_a_message(server, tmp_path):
    """A move made against an older state version is refused, says why, and is not journaled."""
    assert server.command("next", version=0)["ok"]
    reply = server.command("next", version=0)
    assert reply["ok"] is False
    assert "the session has moved on since your page showed it (version 0, now 1)" in reply["messages"][0]["text"]
    assert journal_commands(tmp_path / "out" / "journal.jsonl") == ["next"]


def test_notes_are_never_stale(server, tmp_path):
    """A note made against an older version is kept (it changes nothing another facilitator did)."""
    server.command("next", version=0)
    assert server.command("note", version=0, text="the cell is quiet")["ok"]
    assert journal_commands(tmp_path / "out" / "journal.jsonl") == ["next", "note the cell is quiet"]


def test_two_facilitators_at_once_step_once(server, tmp_path):
    """Eight `next` made against the same version at the same moment: one is carried out, seven refused."""
    replies: list[dict] = []
    barrier = threading.Barrier(8)

    def click() -> None:
        barrier.wait()
        replies.append(server.command("next", version=0))

    threads = [threading.Thread(target=click) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r["ok"] for r in replies) == [False] * 7 + [True]
    assert journal_commands(tmp_path / "out" / "journal.jsonl") == ["next"]


def test_commands_from_two_facilitators_are_applied_in_order_never_lost(server, tmp_path):
    """Notes sent at once by many facilitators are all journaled, each once."""
    texts = [f"note from facilitator {i}" for i in range(10)]
    threads = [threading.Thread(target=server.command, args=("note",), kwargs={"version": 0, "text": t[5:]})
               for t in texts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(journal_commands(tmp_path / "out" / "journal.jsonl")) == sorted(texts)


def test_observation_needs_the_evaluator_token_and_lands_in_the_aar(server, tmp_path):
    """The evaluator's form records an observation (journaled as `observe`); it is in the AAR at the end."""
    server.command("next")
    form = {"objective": "OBJ-1", "rating": "S", "inject": "I-01", "response": "", "text": "slow\nto convene"}
    facilitator_token = server.link("facilitator").rsplit("/", 1)[1]
    status, _ = server.post(f"http://127.0.0.1:{server.port}/evaluator/{facilitator_token}/observe", form)
    assert status == 403
    status, reply = server.post(server.link("evaluator") + "/observe", form)
    assert (status, reply["ok"]) == (200, True)
    assert server.command("end", confirm="yes")["ok"]
    out = tmp_path / "out"
    assert journal_commands(out / "journal.jsonl") == ["next", "observe OBJ-1 S inject=I-01 slow\\nto convene", "end"]
    assert "| OBJ-1 | S | inject I-01 | slow<br>to convene |" in (out / "report.md").read_text()


def test_an_evaluator_form_cannot_carry_another_command(server, tmp_path):
    """Field values that are not ids of the World are refused before any command line is made."""
    status, reply = server.post(server.link("evaluator") + "/observe", {
        "objective": "OBJ-1 P x\nend", "rating": "P", "text": "x"})
    assert status == 400
    assert "unknown objective" in reply["messages"][0]["text"]
    status, reply = server.post(server.link("evaluator") + "/observe", {
        "objective": "OBJ-1", "rating": "P", "inject": "I-01 response=x", "text": "x"})
    assert status == 400
    assert journal_commands(tmp_path / "out" / "journal.jsonl") == []


def test_end_writes_the_files_of_play(server, tmp_path, monkeypatch):
    """`end` from the console writes what `accord play` writes for the same commands."""
    lines = ["next", "next", "note seen", "next", "next", "decide attribution adversary",
             "inject consultations.opened by=bravo", "say Alpha denies.", "rate OBJ-1 S slow", "advance T+20d"]
    for line in lines:
        assert server.line(line)["ok"], line
    reply = server.command("end", confirm="yes")
    assert reply["ok"]
    out = tmp_path / "out"
    assert any(m["text"] == f"wrote {out / 'results.json'}" for m in reply["messages"])
    played = tmp_path / "played"
    assert play(monkeypatch, [*lines, "end"], EXERCISE, "--out", str(played)) == 0
    assert {p.name for p in out.iterdir() if not p.name.startswith("journal")} == \
        {p.name for p in played.iterdir() if not p.name.startswith("journal")}
    for name in ("results.json", "facilitation.json", "events.csv", "msel.csv"):
        assert (out / name).read_text() == (played / name).read_text(), name
    assert server.line("next")["messages"][0]["text"] == "the exercise has ended"


def test_end_needs_its_box_ticked(server, tmp_path):
    """The End control without its confirmation box does nothing."""
    reply = server.command("end")
    assert reply["ok"] is False
    assert "tick the box" in reply["messages"][0]["text"]
    assert journal_commands(tmp_path / "out" / "journal.jsonl") == []


def test_killed_server_resumes_at_the_same_address_with_the_same_links(tmp_path):
    """kill -9, then --resume: same port and tokens (kept beside the journal, mode 0600), same state."""
    out = tmp_path / "out"
    first = Server(EXERCISE, "--out", str(out))
    for line in ["next", "next", "note kept", "next"]:
        first.line(line)
    version = first.version()
    _, _, before = first.get(first.link("players"))
    first.kill()
    kept = sidecar(str(out / "journal.jsonl"))
    assert Path(kept).stat().st_mode & 0o777 == 0o600
    assert set(load(kept).tokens.values()) == {link.rsplit("/", 1)[1] for link in first.links.values()}
    second = Server("--resume", str(out / "journal.jsonl"), port=first.port)
    try:
        assert second.links == first.links
        assert second.version() == version
        _, _, after = second.get(second.link("players"))
        assert re.sub(r'data-serial="\d+"', "", after) == re.sub(r'data-serial="\d+"', "", before)
        assert second.line("next")["ok"]
    finally:
        second.stop()
    assert journal_commands(out / "journal.jsonl") == ["next", "next", "note kept", "next", "next"]


def test_stopped_before_end_says_how_to_carry_on(tmp_path):
    """Ctrl-C keeps the session in its journal, says how to resume it and exits 130."""
    server = Server(EXERCISE, "--out", str(tmp_path / "out"))
    server.line("next")
    assert server.stop() == 130
    assert "accord serve --resume" in "".join(server.err)
    assert not (tmp_path / "out" / "results.json").exists()
    assert journal_commands(tmp_path / "out" / "journal.jsonl") == ["next"]


def test_sigterm_stops_the_server_in_order_with_exit_143(tmp_path):
    """SIGTERM: the same orderly stop as Ctrl-C (journal kept), exit 143."""
    server = Server(EXERCISE, "--out", str(tmp_path / "out"))
    server.line("next")
    assert server.stop(signal.SIGTERM) == 143
    assert "accord serve --resume" in "".join(server.err)
    assert journal_commands(tmp_path / "out" / "journal.jsonl") == ["next"]


def test_listening_on_every_interface_warns(tmp_path):
    """--host 0.0.0.0 prints a warning; the links name an address others can reach."""
    server = Server(EXERCISE, "--out", str(tmp_path / "out"), "--host", "0.0.0.0")
    try:
        assert "warning: listening on 0.0.0.0" in "".join(server.err)
        assert not server.link("players").startswith("http://0.0.0.0")
    finally:
        server.stop()


def test_a_port_in_use_is_a_clear_error(server, tmp_path):
    """A second server on the same port stops at once with exit 2 and says so."""
    with pytest.raises(AssertionError, match=r"cannot listen on 127\.0\.0\.1"):
        Server(EXERCISE, "--out", str(tmp_path / "other"), port=server.port)


def test_timeline_chart_of_the_session_so_far(server):
    """The facilitator's chart is an SVG of the session so far; the players have none."""
    server.line("next")
    status, headers, svg = server.get(server.link("facilitator") + "/timeline.svg?v=1")
    assert status == 200
    assert headers["content-type"] == "image/svg+xml"
    assert svg.lstrip().startswith("<?xml") or "<svg" in svg[:500]
    assert server.get(server.link("players") + "/timeline.svg")[0] == 403


def test_live_updates_are_server_sent_events(server):
    """The events address streams the role's regions as JSON with the serial and state version."""
    with urllib.request.urlopen(server.link("players") + "/events", timeout=10) as stream:
        assert stream.headers["content-type"].startswith("text/event-stream")
        lines = [stream.readline().decode() for _ in range(4)]
    data = json.loads(next(x for x in lines if x.startswith("data: "))[6:])
    assert set(data) == {"serial", "version", "regions"}
    assert set(data["regions"]) == {"clock", "players"}


def test_players_see_only_what_players_may_know(server):
    """The players' page holds delivered injects' public texts and the situation: never the
    scenario's title or description, controller texts, payloads or later injects."""
    for _ in range(2):
        server.line("next")
    _, _, html = server.get(server.link("players"))
    assert "First violation" in html
    assert "The treaty between Bravo and Charlie enters into force at midnight." in html
    for secret in ("Violations, then an attack", "Three violations are reported", "Controller only",
                   "violation.reported", "severity", "Second violation", "OBJ-1"):
        assert secret not in html, secret


def test_a_players_link_can_show_one_audience(server):
    """?audience= shows the injects addressed to that audience, to all, or to no one in particular."""
    for _ in range(3):
        server.line("next")
    _, _, bravo = server.get(server.link("players") + "?audience=bravo")
    _, _, alpha = server.get(server.link("players") + "?audience=alpha")
    assert "First violation" in bravo  # to: [bravo, charlie]
    assert "First violation" not in alpha
    for html in (bravo, alpha):
        assert "Entry into force" in html  # to: [all]
        assert "Second violation" in html  # no audience named
    assert 'data-events="' + server.link("players").split(str(server.port))[1] + '/events?audience=alpha"' in alpha


def test_undo_from_the_console(server, tmp_path):
    """The Undo control takes the last step back for every screen; it is journaled as undo."""
    server.line("next")
    server.line("next")
    reply = server.command("undo")
    assert reply["ok"]
    assert reply["messages"][0]["text"] == "undone: 'next'; the session is back at T+0"
    _, _, players = server.get(server.link("players"))
    assert "Entry into force" in players
    assert "First violation" not in players
    assert journal_commands(tmp_path / "out" / "journal.jsonl") == ["next", "next", "undo"]


def test_end_with_a_decision_waiting_from_the_console(server, tmp_path):
    """End while a decision waits: the files are written, the decision unresolved."""
    for _ in range(4):
        server.line("next")
    assert "Decision waiting" in server.get(server.link("facilitator"))[2]
    assert server.command("end", confirm="yes")["ok"]
    results = json.loads((tmp_path / "out" / "results.json").read_text())
    assert results["decisions"] == [{"decision": "attribution", "t": 48.0, "option": None, "how": "unresolved"}]


def test_a_held_inject_is_released_from_the_console(server, tmp_path):
    """The console offers the held injects not yet released; the players see one only once it
    is released, and then the console offers none; the release is journaled."""
    server.line("next")
    _, _, console = server.get(server.link("facilitator"))
    assert '<option value="I-06">I-06 — Press leak</option>' in console
    assert "Press leak" not in server.get(server.link("players"))[2]
    assert server.command("release", inject="I-06")["ok"]
    _, _, players = server.get(server.link("players"))
    assert "A newspaper reports that Alpha&#39;s troops massed at the border for weeks." in players
    assert "Contingency - release" not in players
    _, _, console = server.get(server.link("facilitator"))
    assert '<option value="I-06">' not in console
    assert "Every held inject has been released." in console
    assert journal_commands(tmp_path / "out" / "journal.jsonl") == ["next", "release I-06"]


def test_forecast_in_the_console_runs_and_is_journaled(server, tmp_path):
    """`forecast 40` typed into the console forecasts the session as it stands (on spawned
    workers: tests/test_local_pool checks what spawn means): the objectives' odds come back and the
    forecast is journaled (as a forecast, not a command to replay) for the after-action report."""
    server.line("next")
    reply = server.line("forecast 40")
    text = "\n".join(m["text"] for m in reply["messages"])
    assert "forecast from T+" in text
    assert "(40 runs)" in text
    entries = [json.loads(line) for line in (tmp_path / "out" / "journal.jsonl").read_text().splitlines()[1:]]
    assert [e.get("cmd", "(forecast)" if "forecast" in e else None) for e in entries] == ["next", "(forecast)"]
    assert entries[-1]["forecast"]["runs"] == 40


def test_the_console_has_a_forecast_button(server, tmp_path):
    """The facilitator's page offers Forecast; its form (the play command `forecast 200`) brings
    the objectives' odds back."""
    _, _, console = server.get(server.link("facilitator"))
    assert '<input type="hidden" name="line" value="forecast 200"><button type="submit"' in console
    server.line("next")
    reply = server.command("line", line="forecast 200")
    assert "(200 runs)" in "\n".join(m["text"] for m in reply["messages"])


def test_a_port_out_of_range_is_a_usage_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as info:
        main(["serve", EXERCISE, "--port", "99999", "--out", str(tmp_path / "out")])
    assert info.value.code == 2
    assert "--port" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_a_port_in_use_leaves_no_journal_behind(tmp_path, capsys):
    """The port is bound before the session is set up: after "give another --port" the same
    command with another port starts a new session (no "a journal already exists here")."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = taken.getsockname()[1]
        assert main(["serve", EXERCISE, "--port", str(busy), "--out", str(tmp_path / "out")]) == 2
    assert f"cannot listen on 127.0.0.1:{busy}" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_a_role_address_without_its_token_is_403(server):
    """/facilitator and /players with no token are refused like a wrong token (403), not 404."""
    for role in ("facilitator", "players", "evaluator"):
        status, _, page = server.get(f"http://127.0.0.1:{server.port}/{role}")
        assert status == 403, role
        assert "Next stop" not in page


def test_the_console_settings_are_not_written_through_a_symbolic_link(tmp_path):
    """journal.serve.json holds the role tokens: a link there is refused like any writer's target."""
    target = tmp_path / "elsewhere.json"
    target.write_text("keep", encoding="utf-8")
    link = tmp_path / "journal.serve.json"
    link.symlink_to(target)
    with pytest.raises(OutputError):
        save(str(link), new_access("127.0.0.1", 8000))
    assert target.read_text(encoding="utf-8") == "keep"
    assert link.is_symlink()


def post_form(url: str, fields: dict[str, str]) -> tuple[int, str, str]:
    """POST a form as a browser without JavaScript does (no JSON asked for), not following a
    redirect: the status, the Location header and the body."""
    data = urllib.parse.urlencode(fields).encode()
    request = urllib.request.Request(url, data=data, method="POST",
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=60) as r:
            return r.status, r.headers.get("location", ""), r.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("location", ""), exc.read().decode()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects are not followed: the test reads the 303 itself."""

    def redirect_request(self, *args, **kwargs):
        return None


def test_without_javascript_a_refused_command_returns_the_page_with_the_error(server):
    """A form refused by the session (an unknown command) answers 400 with the console page, the error on it."""
    status, _, html = post_form(server.link("facilitator") + "/command",
                                {"do": "line", "line": "jump <now>", "version": str(server.version())})
    assert status == 400
    assert re.search(r'<ul id="feedback"[^>]*><li class="error">jump &lt;now&gt;: unknown command', html)
    assert 'id="now"' in html  # the console itself, its controls to try again


def test_without_javascript_a_form_error_returns_the_page_with_the_error(server):
    """A form that makes no command (End without its box ticked) answers 400 with the page and why."""
    status, _, html = post_form(server.link("facilitator") + "/command", {"do": "end", "version": "0"})
    assert status == 400
    assert '<li class="error">tick the box to confirm the end of the exercise</li>' in html


def test_without_javascript_a_refused_observation_returns_the_evaluators_page(server):
    """The evaluator's form refused (no text): 400 with the evaluator's page and the error."""
    status, _, html = post_form(server.link("evaluator") + "/observe", {"objective": "OBJ-1", "text": " "})
    assert status == 400
    assert '<li class="error">&#39;text&#39; is empty</li>' in html
    assert "Record an observation" in html


def test_without_javascript_a_command_carried_out_redirects_to_the_page(server):
    """A command carried out answers 303 back to the console (reloading it does not repeat it)."""
    status, location, _ = post_form(server.link("facilitator") + "/command", {"do": "next", "version": "0"})
    assert (status, location) == (303, "/facilitator/" + server.link("facilitator").rsplit("/", 1)[1])


def test_a_form_with_a_null_origin_is_ours_only_when_the_browser_says_same_origin(server):
    """`Origin: null` (a no-referrer page's form) is accepted with `Sec-Fetch-Site: same-origin`, refused without."""
    url = server.link("facilitator") + "/command"
    status, _ = server.post(url, {"do": "note", "text": "x", "version": "0"},
                            headers={"Origin": "null", "Sec-Fetch-Site": "same-origin"})
    assert status == 200
    status, _ = server.post(url, {"do": "note", "text": "y", "version": "0"}, headers={"Origin": "null"})
    assert status == 403


SAID = "The minister calls:\r\n  hold the line.\r\n\r\n<b>Then</b> she hangs up. C:\\new"  # as a text box sends it


def test_say_from_the_text_box_is_journaled_with_its_line_breaks(server, tmp_path):
    """The say text box's line breaks reach the journal as `\\n` in the one-line command."""
    assert server.command("say", text=SAID)["ok"]
    said = journal_commands(tmp_path / "out" / "journal.jsonl")[-1]
    assert said == "say The minister calls:\\nhold the line.\\n\\n<b>Then</b> she hangs up. C:\\\\new"


def test_say_from_the_text_box_reaches_the_record_with_its_line_breaks(server, tmp_path):
    """The narrative event's text in results.json is what was typed, line breaks and backslash included."""
    assert server.command("say", text=SAID)["ok"]
    assert server.command("end", confirm="yes")["ok"]
    events = json.loads((tmp_path / "out" / "results.json").read_text())["events"]
    (said,) = [e["with"]["text"] for e in events if e["type"] == "inject.narrative"]
    assert said == "The minister calls:\nhold the line.\n\n<b>Then</b> she hangs up. C:\\new"


def test_say_with_line_breaks_is_shown_escaped_with_its_breaks_on_the_players_screen(server):
    """On the projector: one paragraph per blank-line part, line breaks kept, markup shown as text."""
    assert server.command("say", text=SAID)["ok"]
    _, _, html = server.get(server.link("players"))
    assert '<p class="narrative">The minister calls:\nhold the line.</p>' in html
    assert '<p class="narrative">&lt;b&gt;Then&lt;/b&gt; she hangs up. C:\\new</p>' in html


def test_a_note_from_the_text_box_keeps_its_line_breaks(server, tmp_path):
    """A note typed on two lines is kept on two lines in facilitation.json."""
    assert server.command("note", text="first\r\nsecond")["ok"]
    assert server.command("end", confirm="yes")["ok"]
    facilitation = json.loads((tmp_path / "out" / "facilitation.json").read_text())
    assert facilitation["observations"][-1]["text"] == "first\nsecond"
