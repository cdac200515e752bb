"""accord serve in real browsers (headless Chromium via Playwright), one context per role
(issue 17): the facilitator drives (and releases a held inject), the players' projector follows within a second and never
shows what players may not know, the evaluator's observation reaches the AAR, a killed
server resumes under the open pages, hostile scenario text stays text, and the same
session through the browser and through `accord play` gives the same results.json.

Screenshots of each view at 1366×768 and 1920×1080 are taken into the test's folder, and
into docs/serve/ with ACCORD_SCREENSHOTS=1 (the README shows those)."""

import contextlib
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from play_helpers import EXERCISE, play
from playwright import sync_api  # the dev extra installs it; a missing package must fail, not skip
from playwright.sync_api import expect
from serve_helpers import ROOT, Server, journal_commands

from tests.hostile import HOSTILE, IMG

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (CI installs it: apt-get install chromium)")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SECRETS = ("Controller only", "Players attribute the violations", "OBJ-1", "severity", "violation.reported",
           "Three violations are reported")  # controller texts, payloads, the designers' description
LATER = {"I-02": "First violation", "I-03": "Second violation", "I-04": "Third violation", "I-05": "Attack",
         "I-06": "Press leak"}  # I-06 is held: the players see it only once it is released


@pytest.fixture(scope="module")
def browser() -> Iterator[sync_api.Browser]:
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS, chromium_sandbox=False)
        try:
            yield b
        finally:
            b.close()


@contextlib.contextmanager
def pages(browser: sync_api.Browser, server: Server, *roles: str, width: int = 1366,
          height: int = 768) -> Iterator[dict[str, sync_api.Page]]:
    """One browser context per role, each with its page open and live."""
    contexts = []
    opened = {}
    try:
        for role in roles:
            context = browser.new_context(viewport={"width": width, "height": height})
            contexts.append(context)
            page = context.new_page()
            page.goto(server.link(role.rstrip("0123456789")))
            expect(page.locator("#connection")).to_have_text("live")
            opened[role] = page
        yield opened
        for page in opened.values():
            assert page.evaluate("typeof window.__pwned") == "undefined"
    finally:
        for context in contexts:
            context.close()


@pytest.fixture
def server(tmp_path) -> Iterator[Server]:
    started = Server(EXERCISE, "--out", str(tmp_path / "out"))
    yield started
    started.stop()


def click_and_wait(page: sync_api.Page, selector: str) -> None:
    """Click a control and wait for the server's answer in the feedback list."""
    page.locator("#feedback").evaluate("list => list.replaceChildren()")
    page.locator(selector).first.click()
    expect(page.locator("#feedback li").first).to_be_visible()


def answer(page: sync_api.Page) -> str:
    return page.locator("#feedback").inner_text()


def command(page: sync_api.Page, line: str) -> str:
    """Type a line into the facilitator's command box and send it; the answer."""
    page.fill('input[name="line"]', line)
    click_and_wait(page, "form.line button")
    return answer(page)


def players_know_nothing_more(players: sync_api.Page, delivered: set[str]) -> None:
    text = players.locator("body").inner_text()
    for secret in SECRETS:
        assert secret not in text, secret
    for inject, title in LATER.items():
        if inject not in delivered:
            assert title not in text, title


def test_roles_follow_one_session(browser, server, tmp_path):
    """The facilitator steps, decides, injects, says and rates; the projector shows each inject
    within a second and nothing players may not know; the second facilitator sees the same; the
    evaluator's observation reaches the after-action report."""
    with pages(browser, server, "facilitator", "facilitator2", "players", "evaluator") as p:
        f, players = p["facilitator"], p["players"]
        delivered: set[str] = set()
        for inject, title in [("I-01", "Entry into force"), ("I-02", "First violation"),
                              ("I-03", "Second violation"), ("I-04", "Third violation")]:
            click_and_wait(f, "button:has-text('Next stop')")
            delivered.add(inject)
            expect(players.locator(".latest h1")).to_have_text(title, timeout=1000)
            expect(p["facilitator2"].locator("#now .card h2")).to_have_text(title, timeout=1000)
            players_know_nothing_more(players, delivered)
        expect(f.locator(".decision h2")).to_contain_text("Who is responsible for the reported violation?")
        click_and_wait(f, "button.option:has-text('The adversary')")
        expect(players.locator(".context")).to_contain_text("The adversary", timeout=1000)
        f.locator("summary:has-text('Ad-hoc inject')").click()
        f.select_option("#inject-event", "attack")
        f.select_option('fieldset[data-event="attack"] select[name="field.scale"]', "limited")
        f.select_option('form:has(#inject-event) select[name="by"]', "alpha")
        click_and_wait(f, "button:has-text('Inject now')")
        assert "done: inject attack scale=limited by=alpha" in answer(f)
        players_know_nothing_more(players, delivered)
        f.select_option("#held select[name=inject]", "I-06")
        click_and_wait(f, "button:has-text('Release now')")
        delivered.add("I-06")
        expect(players.locator(".latest h1")).to_have_text("Press leak", timeout=1000)
        expect(f.locator("#held")).to_contain_text("Every held inject has been released.")
        f.fill('textarea[name="text"] >> nth=0', "The minister calls: hold the line.")
        click_and_wait(f, "button:has-text('Say')")
        expect(players.locator(".latest")).to_contain_text("The minister calls: hold the line.", timeout=1000)
        f.locator("summary:has-text('Rate an objective')").click()
        f.check('input[name="rating"][value="S"]')
        f.fill('input[name="comment"]', "slow mandate")
        click_and_wait(f, "button:has-text('Rate')")
        e = p["evaluator"]
        e.select_option('select[name="inject"]', "I-04")
        e.check('input[name="rating"][value="M"]')
        e.fill('textarea[name="text"]', "The cell argued for an hour before attributing.")
        click_and_wait(e, "button:has-text('Record')")
        expect(e.locator("#evaluations")).to_contain_text("The cell argued for an hour", timeout=1000)
        players_know_nothing_more(players, delivered)
        f.check('input[name="confirm"]')
        click_and_wait(f, "button:has-text('End exercise')")
        expect(players.locator(".ended-note")).to_be_visible(timeout=1000)
    out = tmp_path / "out"
    assert journal_commands(out / "journal.jsonl")[-4:] == [
        "say The minister calls: hold the line.", "rate OBJ-1 S slow mandate",
        "observe OBJ-1 M inject=I-04 The cell argued for an hour before attributing.", "end"]
    assert "The cell argued for an hour before attributing." in (out / "report.md").read_text()
    assert "The cell argued for an hour before attributing." in (out / "report.html").read_text()


def test_a_stale_click_is_refused_in_the_page(browser, server, tmp_path):
    """A facilitator clicking on a page that had not caught up is told so; the step is done once."""
    with pages(browser, server, "facilitator", "facilitator2") as p:
        click_and_wait(p["facilitator"], "button:has-text('Next stop')")
        expect(p["facilitator2"].locator("#now .card h2")).to_have_text("Entry into force")
        p["facilitator2"].evaluate("document.querySelectorAll('input[name=version]').forEach(i => i.value = '0')")
        click_and_wait(p["facilitator2"], "button:has-text('Next stop')")
        assert "the session has moved on since your page showed it" in answer(p["facilitator2"])
    assert journal_commands(tmp_path / "out" / "journal.jsonl") == ["next"]


def test_hostile_text_is_shown_as_text(browser, tmp_path):
    """A `<script>` in an inject's title, narrative and the situation shows as text on every page and never runs."""
    data = Path(EXERCISE).parent
    scenario = Path(EXERCISE).read_text(encoding="utf-8")
    scenario = scenario.replace("title: Entry into force", f"title: '{HOSTILE} {IMG}'", 1)
    scenario = scenario.replace("narrative: The treaty enters into force at midnight.", f"narrative: '{HOSTILE}'", 1)
    scenario = scenario.replace("situation: |\n", f"situation: |\n  {IMG}\n", 1)
    for pack in ("play_pack.yaml", "mutual_defence.yaml"):
        (tmp_path / pack).write_text((data / pack).read_text(encoding="utf-8"), encoding="utf-8")
    path = tmp_path / "hostile.yaml"
    path.write_text(scenario, encoding="utf-8")
    server = Server(str(path), "--out", str(tmp_path / "out"))
    try:
        with pages(browser, server, "facilitator", "players", "evaluator") as p:
            click_and_wait(p["facilitator"], "button:has-text('Next stop')")
            expect(p["players"].locator(".latest h1")).to_contain_text(HOSTILE, timeout=1000)
            expect(p["facilitator"].locator("#now .card h2")).to_contain_text(HOSTILE)
            expect(p["evaluator"].locator("#objectives")).to_contain_text(HOSTILE)
            assert IMG in p["players"].locator(".context").inner_text()
            for page in p.values():
                assert page.locator("script:not([src])").count() == 0
                assert page.locator("img[src=x]").count() == 0
    finally:
        server.stop()


def test_a_killed_server_resumes_under_the_open_pages(browser, tmp_path):
    """kill -9 mid-session, resume: the pages, never reloaded, reconnect and carry on from the same state."""
    out = tmp_path / "out"
    first = Server(EXERCISE, "--out", str(out))
    with pages(browser, first, "facilitator", "players") as p:
        f, players = p["facilitator"], p["players"]
        for _ in range(2):
            click_and_wait(f, "button:has-text('Next stop')")
        expect(players.locator(".latest h1")).to_have_text("First violation")
        first.kill()
        expect(players.locator("#connection")).to_have_text("reconnecting…")
        second = Server("--resume", str(out / "journal.jsonl"), port=first.port)
        try:
            expect(players.locator("#connection")).to_have_text("live", timeout=10_000)
            expect(f.locator("#connection")).to_have_text("live", timeout=10_000)
            expect(players.locator(".latest h1")).to_have_text("First violation")
            expect(players.locator(".bar .tplus")).to_have_text("T+1d")
            click_and_wait(f, "button:has-text('Next stop')")
            assert "done: next" in answer(f)
            expect(players.locator(".latest h1")).to_have_text("Second violation", timeout=1000)
        finally:
            second.stop()
    assert journal_commands(out / "journal.jsonl") == ["next", "next", "next"]


def test_the_browser_and_the_terminal_give_the_same_results(browser, server, tmp_path, monkeypatch):
    """The same session played with the console's controls and typed into `accord play` ends in
    the same results.json, facilitation.json and journal lines."""
    typed = ["next", "next", "note players ask who is behind it", "next", "next", "decide attribution adversary",
             "inject consultations.opened", "advance 1d", "rate OBJ-1 S slow mandate", "next", "next",
             "advance T+20d", "end"]
    with pages(browser, server, "facilitator") as p:
        f = p["facilitator"]
        for _ in range(2):
            click_and_wait(f, "button:has-text('Next stop')")
        f.locator("summary:has-text('Note')").click()
        f.fill("form:has(input[value=note]) textarea", "players ask who is behind it")
        click_and_wait(f, "button:has-text('Keep note')")
        for _ in range(2):
            click_and_wait(f, "button:has-text('Next stop')")
        click_and_wait(f, "button.option:has-text('The adversary')")
        f.locator("summary:has-text('Ad-hoc inject')").click()
        f.select_option("#inject-event", "consultations.opened")
        click_and_wait(f, "button:has-text('Inject now')")
        f.fill('input[name="to"]', "1d")
        click_and_wait(f, "button:has-text('Go')")
        f.locator("summary:has-text('Rate an objective')").click()
        f.check('input[name="rating"][value="S"]')
        f.fill('input[name="comment"]', "slow mandate")
        click_and_wait(f, "button:has-text('Rate')")
        for _ in range(2):
            click_and_wait(f, "button:has-text('Next stop')")
        f.fill('input[name="to"]', "T+20d")
        click_and_wait(f, "button:has-text('Go')")
        f.check('input[name="confirm"]')
        click_and_wait(f, "button:has-text('End exercise')")
    browser_out, terminal_out = tmp_path / "out", tmp_path / "terminal"
    assert play(monkeypatch, typed, EXERCISE, "--out", str(terminal_out)) == 0
    assert journal_commands(browser_out / "journal.jsonl") == typed
    for name in ("results.json", "facilitation.json"):
        assert json.loads((browser_out / name).read_text()) == json.loads((terminal_out / name).read_text()), name


SHOTS = [("facilitator", "decision waiting"), ("players", "the projector"), ("evaluator", "observations")]


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (1920, 1080)])
def test_each_view_fits_the_screen(browser, tmp_path, width, height):
    """At a laptop's 1366×768 and a projector's 1920×1080, with the renewed-attack scenario at a
    waiting decision: the facilitator sees the decision's options and the inject's title, the
    players the latest inject whole, the evaluator the form's button, all without scrolling.
    Screenshots go to the test's folder (and docs/serve/ with ACCORD_SCREENSHOTS=1)."""
    server = Server(str(ROOT / "scenarios" / "renewed_attack.yaml"), "--out", str(tmp_path / "out"))
    try:
        for line in ["next", "next", "advance T+30d"]:  # then us_backstop waits
            assert server.line(line)["ok"], line
        evaluator_form = {"objective": "OBJ-4", "rating": "S", "inject": "I-02", "response": "",
                          "text": "The coordination group tracked every national procedure."}
        assert server.post(server.link("evaluator") + "/observe", evaluator_form)[1]["ok"]
        with pages(browser, server, "facilitator", "players", "evaluator", width=width, height=height) as p:
            in_view = {
                "facilitator": ["#now .decision button.option >> nth=-1", "#now .card h2"],
                "players": [".latest h1", ".latest .narrative"],
                "evaluator": ["button:has-text('Record')", "#evaluations td >> nth=-1"],
            }
            for role, selectors in in_view.items():
                for selector in selectors:
                    box = p[role].locator(selector).bounding_box()
                    assert box is not None, (role, selector)
                    assert box["y"] >= 0, (role, selector, box)
                    assert box["y"] + box["height"] <= height, (role, selector, box)
            folder = ROOT / "docs" / "serve" if os.environ.get("ACCORD_SCREENSHOTS") == "1" else tmp_path
            folder.mkdir(parents=True, exist_ok=True)
            for role, _ in SHOTS:
                path = folder / f"{role}-{width}x{height}.png"
                p[role].screenshot(path=str(path))
                assert path.stat().st_size > 20_000
    finally:
        server.stop()


def test_without_the_token_the_console_cannot_act(browser, server, tmp_path):
    """The facilitator's address with another token is 403 with no controls, and a command sent
    from it is 403 too: nothing is journaled."""
    context = browser.new_context()
    try:
        page = context.new_page()
        base = server.link("facilitator").rsplit("/", 1)[0]
        response = page.goto(base + "/not-the-token")
        assert response is not None
        assert response.status == 403
        assert page.locator("form").count() == 0
        status = page.evaluate("""async (url) => (await fetch(url, {method: "POST",
            headers: {"Content-Type": "application/x-www-form-urlencoded"}, body: "do=next&version=0"})).status""",
                               base + "/not-the-token/command")
        assert status == 403
    finally:
        context.close()
    assert journal_commands(tmp_path / "out" / "journal.jsonl") == []


def test_without_javascript_a_refused_command_is_shown_on_the_page(browser, server, tmp_path):
    """With JavaScript off, the command box's unknown command comes back as the console with the
    error above the controls (status 400), and the page screenshot shows it."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(server.link("facilitator"))
        page.fill('form.line input[name="line"]', "jump")
        with page.expect_navigation() as navigation:
            page.locator("form.line button").click()
        assert navigation.value.status == 400
        expect(page.locator("#feedback li.error")).to_contain_text("jump: unknown command 'jump'")
        page.screenshot(path=str(tmp_path / "facilitator-nojs-error.png"))
    finally:
        context.close()


def test_without_javascript_a_bad_decision_is_shown_on_the_page(browser, server):
    """With JavaScript off, a decision sent while none waits is refused on the page, not silently."""
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(server.link("facilitator"))
        page.fill('form.line input[name="line"]', "decide attribution adversary")
        page.locator("form.line button").click()
        expect(page.locator("#feedback li.error")).to_contain_text("no decision is waiting")
    finally:
        context.close()


def test_without_javascript_next_stop_steps_the_session(browser, server):
    """With JavaScript off, *Next stop* posts the form and comes back to the console at the new stop."""
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(server.link("facilitator"))
        page.locator("button:has-text('Next stop')").click()
        expect(page.locator("#now .card h2")).to_have_text("Entry into force")
        assert page.url == server.link("facilitator")
    finally:
        context.close()


def test_a_message_typed_on_two_lines_is_on_two_lines_on_the_projector(browser, server, tmp_path):
    """The say box's two lines reach the players' screen as two lines (the text, not markup)."""
    with pages(browser, server, "facilitator", "players") as p:
        f, players = p["facilitator"], p["players"]
        f.fill('textarea[name="text"] >> nth=0', "The minister calls:\n<b>hold</b> the line.")
        click_and_wait(f, "button:has-text('Say')")
        latest = players.locator(".latest .narrative")
        expect(latest).to_have_text("The minister calls:\n<b>hold</b> the line.", timeout=1000)
        assert latest.inner_text() == "The minister calls:\n<b>hold</b> the line."
        players.screenshot(path=str(tmp_path / "players-two-lines.png"))


def test_without_javascript_the_page_says_it_is_not_live(browser, server):
    """With JavaScript off nothing updates the page by itself: it says to reload, not "connecting…" forever."""
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(server.link("players"))
        expect(page.locator("#connection")).to_have_text("not live: reload the page for news")
    finally:
        context.close()
