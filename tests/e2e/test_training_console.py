"""Training mode on the real console (docs/training.md, "The scripted caller"), by keys.

The console runs on the sandbox of a run of the shipped `change-of-address` scenario: the
banner and theme show on every screen, the screens announce what the handler asks and the
caller pane answers from the script, the cue file follows, and normal mode shows none of it.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from custinfo_tui.composition import make_app, open_sandbox, sandbox_settings
from custinfo_tui.domain.training.scenario import Scenario
from custinfo_tui.domain.wrap_up import CallToFinish
from custinfo_tui.services import wrap_up
from custinfo_tui.services.scenarios import load_scenarios
from custinfo_tui.services.training import sandbox_path
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.breach_report import ReportBreachScreen
from custinfo_tui.tui.screens.complaint import RaiseComplaintScreen
from custinfo_tui.tui.screens.consent import ConsentScreen
from custinfo_tui.tui.screens.edit import EditScreen
from custinfo_tui.tui.screens.readback import ReadBackScreen
from custinfo_tui.tui.screens.record import RecordScreen
from custinfo_tui.tui.screens.wrap_up import WrapUpScreen
from custinfo_tui.tui.training_mode import TRAINING_THEME
from custinfo_tui.tui.unsaved_work import LeaveScreen
from custinfo_tui.tui.widgets.caller_pane import CallerPane
from custinfo_tui.tui.widgets.training_banner import TrainingBanner
from tests.support.actors import actor_for
from tests.support.console_page import ConsolePage
from tests.support.role_play import training_console
from tests.support.screen import (
    confirm_leaving,
    focus_out_of_view,
    press,
    region_text,
    screen_text,
    settle,
    typed_in_one_go,
    until,
    words,
)

SIZE = (80, 24)
SCENARIOS = Path(__file__).resolve().parents[2] / "src" / "custinfo_tui" / "data" / "scenarios"
BANNER = "TRAINING · sandbox data, not live customers · role-play run 1"


def change_of_address(**changes: object) -> Scenario:
    """The shipped scenario, with `changes` made to its caller."""
    data = tomllib.loads((SCENARIOS / "change-of-address.toml").read_text(encoding="utf-8"))
    data["id"] = "change-of-address"
    data["caller"].update(changes)
    return Scenario.model_validate(data)


@pytest.fixture
def cue_file(tmp_path: Path) -> Path:
    return tmp_path / "run-1.cue.json"


def pane(app: CustinfoApp) -> str:
    """The caller pane as one line of text, its border title (the caller) first."""
    region = app.screen.query_one("#caller-pane").region
    rows = screen_text(app).splitlines()[region.y : region.y + region.height]
    text = " ".join(row[region.x : region.x + region.width] for row in rows)
    text = "".join(ch for ch in text if not 0x2500 <= ord(ch) <= 0x259F)  # the border
    return words(text)


def cue_in(cue_file: Path) -> dict[str, str]:
    cue: dict[str, str] = json.loads(cue_file.read_text(encoding="utf-8"))["cue"]
    return cue


async def test_a_role_play_call_shows_the_banner_and_the_callers_scripted_answers(
    demo_settings: Settings, cue_file: Path
) -> None:
    app = training_console(demo_settings, change_of_address(), cue_file)
    async with app.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await settle(pilot)
        assert BANNER in screen_text(app)  # on the login screen
        assert app.theme == TRAINING_THEME.name
        assert cue_in(cue_file) == {"kind": "opening", "key": ""}

        await page.log_in()
        assert BANNER in screen_text(app)  # the lookup
        assert "Caller: John Smith" in pane(app) and "the customer" not in pane(app)
        assert "I've moved house" in pane(app)  # the opening line
        assert "F12 hides" in screen_text(app)  # on the pane's border

        await page.call("john smith se1")
        assert BANNER in screen_text(app)  # the record, in a call
        # The date of birth is the check highlighted: the caller answers it.
        assert 'Date of birth: "Twelfth of April, nineteen sixty-three."' in pane(app)
        assert cue_in(cue_file) == {"kind": "check", "key": "date_of_birth"}
        await page.keys("down")  # the postcode check
        assert "Ess ee one, seven tee ex." in pane(app)
        assert cue_in(cue_file) == {"kind": "check", "key": "postcode"}
        await page.keys("down")  # address line 1: not in the script
        assert 'Address line 1: "Erm, I\'m not sure, sorry." (unscripted)' in pane(app)
        written = json.loads(cue_file.read_text(encoding="utf-8"))
        assert "interaction.started" in written["recent_actions"]

        await page.keys("f12")  # hidden, and back
        assert not app.screen.query(CallerPane)
        # On the banner, whole at 80 columns ("... F12 shows the caller · role-pla…").
        assert "not live customers · run 1 · F12 shows the caller" in screen_text(app)
        await page.keys("f12")
        assert "Erm, I'm not sure" in pane(app)
        assert "F12 shows the caller" not in screen_text(app)

        await page.keys("ctrl+q")  # ends the run, asking first
        assert "End the role-play?" in screen_text(app)
        await page.keys("down", "enter")
    assert app.return_code == 0


async def test_the_pane_never_tells_the_trainee_who_the_caller_really_is(
    demo_settings: Settings, cue_file: Path
) -> None:
    """Its border said "· an impostor posing as the customer": the very thing the trainee
    is to find out by verifying the caller (MP-08)."""
    app = training_console(demo_settings, change_of_address(**{"is": "impostor"}), cue_file)
    async with app.run_test(size=SIZE) as pilot:
        await ConsolePage(pilot).log_in()
        assert "Caller: John Smith" in pane(app)
        assert "impostor" not in pane(app) and "posing" not in screen_text(app)
        assert "A change of address" not in screen_text(app)  # the title is not the banner


async def test_also_says_lines_come_one_per_step_of_the_call(
    demo_settings: Settings,
) -> None:
    scenario = change_of_address(also_says=["By the way, my wife moved too.", "That's all."])
    app = training_console(demo_settings, scenario)
    async with app.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        assert "my wife" not in pane(app)
        await page.call("john smith se1")  # the call started
        assert '(volunteers) "By the way, my wife moved too."' in pane(app)
        assert "That's all" not in pane(app)
        await page.answer("12/04/1963")
        await page.answer("SE1 7TX")  # verified
        assert "That's all." in pane(app)


async def test_the_caller_answers_the_consent_script_in_the_pane_over_it(
    demo_settings: Settings,
) -> None:
    """The persona's consent answer reached no one: the pane stayed behind the consent
    dialog saying nothing of it, yet the new-customer scenario scores MP-06 on it."""
    said = "Yes for the account. You can e-mail me offers, but no texts or calls, please."
    app = training_console(demo_settings, change_of_address(consent=said))
    async with app.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.keys("f6", "enter")  # a new customer by phone: the consent script first
        assert "Consent before taking details" in screen_text(app)
        assert f'» Consent: "{said}"' in pane(app)
        assert "F12 hides" in screen_text(app)


async def test_capture_questions_and_a_read_back_correction_get_the_callers_words(
    demo_settings: Settings,
) -> None:
    scenario = change_of_address(
        name="Jo [bold]Smith[/bold]",
        customer=None,  # a new customer: the address is all the script knows of them
        read_back_corrections=[{"field": "postcode", "says": "No: four dee ee, not four ee dee."}],
    )
    app = training_console(demo_settings, scenario)
    async with app.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        # Customer text is data: the persona's name shows as typed, never as markup.
        assert "Caller: Jo [bold]Smith[/bold]" in pane(app)

        await page.start_capture("Wilhelmina")
        await page.keys("tab", *"Quarrington", "tab", *"03/09/1971", "tab", *"07700 900777")
        await page.keys("tab", *"w.q@example.com", "tab")  # address line 1 asked
        assert 'Address line 1: "Fourteen Harbour Road."' in pane(app)
        await page.keys(*"14 Harbour Road", "tab", "tab", *"Whitby", "tab")
        assert 'Postcode: "Why oh twenty-two, four dee ee."' in pane(app)
        await page.keys(*"YO22 4ED", "ctrl+s")  # as he first said it, by mistake
        await page.save_without_notes()
        assert isinstance(app.screen, ReadBackScreen)
        assert 'Read back: Given name: "Yes, that\'s right."' in pane(app)
        await page.keys(*["enter"] * 7)  # every line confirmed up to the postcode
        assert 'Read back: Postcode: "No: four dee ee, not four ee dee."' in pane(app)


async def test_a_value_typed_wrong_is_objected_to_at_read_back_until_it_is_right(
    demo_settings: Settings, cue_file: Path
) -> None:
    """Found by a tester: the caller said "Yes, that's right." to a town typed wrong, so
    read-back practice never caught a typing slip. The trainer's terminal is told too,
    through the cue file, which never holds the value."""
    app = training_console(demo_settings, change_of_address(customer=None), cue_file)
    async with app.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.start_capture("Wilhelmina")
        await page.keys("tab", *"Quarrington", "tab", *"03/09/1971", "tab", *"07700 900777")
        await page.keys("tab", "tab", *"14 Harbour Road", "tab", "tab", *"Whitbt", "tab")
        await page.keys(*"YO22 4DE", "ctrl+s")
        await page.save_without_notes()
        assert isinstance(app.screen, ReadBackScreen)
        await page.keys(*["enter"] * 5)  # up to the town
        assert 'Read back: Town: "No, that\'s not right. I said: Whitby."' in pane(app)
        written = json.loads(cue_file.read_text(encoding="utf-8"))
        assert (written["cue"], written["objects"]) == ({"kind": "read_back", "key": "town"}, True)
        assert "Whitbt" not in cue_file.read_text(encoding="utf-8")

        await page.keys("ctrl+e")  # back to the form at the town, typed again
        await page.keys("ctrl+u", *"Whitby", "ctrl+s")
        assert isinstance(app.screen, ReadBackScreen)
        assert 'Read back: Town: "Yes, that\'s right."' in pane(app)
        assert json.loads(cue_file.read_text(encoding="utf-8"))["objects"] is False


async def test_lines_checked_against_paperwork_are_not_answered_by_the_caller(
    demo_settings: Settings,
) -> None:
    """Opened as back-office work, the change's read-back is "check each line against the
    source": the caller pane answered it "Yes, that's right." as if read to the caller."""
    app = training_console(demo_settings, change_of_address())
    async with app.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.open_back_office("john smith se1")
        await page.keys("f6")
        app.screen.query_one("#town-input").focus()
        await page.keys("ctrl+u", *"Whitby", "tab", "enter", "down", "enter", "ctrl+s")
        assert isinstance(app.screen, ReadBackScreen)
        assert "Check each line against the source" in screen_text(app)
        assert "Read back:" not in pane(app)


async def test_with_the_pane_open_the_wrap_ups_last_box_comes_into_view_as_it_is_reached(
    demo_settings: Settings,
) -> None:
    """With the caller pane under it, the wrap-up's "Their words" box was hidden under the
    pane, and what was typed there could not be seen."""
    app = training_console(demo_settings, change_of_address())
    async with app.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith se1")
        wrap_up = await page.end_call_to_wrap_up()
        words = wrap_up.query_one("#wrap-words")
        words.focus()
        await settle(pilot)
        await page.keys(*"Moving to Whitby")
        await settle(pilot)
        assert "Moving to Whitby" in screen_text(app)
        pane_top = app.screen.query_one("#caller-pane").region.y
        assert words.region.y + words.region.height <= pane_top


async def test_a_dialog_shows_the_training_banner_too(demo_settings: Settings) -> None:
    """ "How is the new customer in touch?" and "End the call?" covered the banner of the
    screen under them: nothing on screen said the console was in training mode."""
    app = training_console(demo_settings, change_of_address())
    async with app.run_test(size=SIZE) as pilot:
        await ConsolePage(pilot).log_in()
        await press(pilot, "f6")
        assert "How is the new customer in touch?" in screen_text(app)
        assert screen_text(app).splitlines()[0].strip() == BANNER


async def test_normal_mode_has_no_banner_no_pane_and_no_pane_key(console: CustinfoApp) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith se1")
        await page.keys("f12")
        shown = screen_text(console)
        assert "TRAINING" not in shown and "f12" not in shown and "^q Quit" in shown
        assert not console.screen.query(CallerPane) and not console.screen.query(TrainingBanner)
        assert console.theme != TRAINING_THEME.name


async def test_changing_details_in_a_call_asks_each_fields_question_and_the_caller_answers(
    demo_settings: Settings,
) -> None:
    app = training_console(demo_settings, change_of_address())
    async with app.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith se1")
        await page.answer("12/04/1963")
        await page.answer("SE1 7TX")
        # The panel moves to the security answer itself: High, which changes need, names it.
        await page.answer("Brook Lane Primary")
        await page.keys("f6")
        assert isinstance(app.screen, EditScreen)
        app.screen.query_one("#address_line1-input").focus()
        await settle(pilot)
        assert 'Ask: "What is the first line' in screen_text(app)  # MP-02, in a call
        assert 'Address line 1: "Fourteen Harbour Road."' in pane(app)
        # A field the caller is not changing: they say so, not "not sure" of their own name.
        app.screen.query_one("#given_name-input").focus()
        await settle(pilot)
        assert '» Given name: "No, that one stays the same."' in pane(app)


async def test_f12_hides_the_caller_over_the_consent_script_too(
    demo_settings: Settings, cue_file: Path
) -> None:
    """Found in a role-play: the pane over the consent dialog said "F12 hides", and F12
    did nothing there (a dialog leaves the app's own keys out unless they come first)."""
    app = training_console(demo_settings, change_of_address(), cue_file)
    async with app.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await settle(pilot)
        await page.log_in()
        await page.keys("f6", "enter")  # a new customer by phone: the consent script
        assert "F12 hides" in screen_text(app)
        await page.keys("f12")
        assert not app.screen.query(CallerPane)
        assert "F12 hides" not in screen_text(app)
        await page.keys("escape")  # back to the form: the pane stays hidden there too
        assert not app.screen.query(CallerPane)


async def tab_through(page: ConsolePage, stops: int) -> list[str]:
    """Tab `stops` times round the form on show; why each box reached was not in view."""
    hidden = []
    for _ in range(stops):
        await page.keys("tab")
        if (why := focus_out_of_view(page.pilot.app)) is not None:
            hidden.append(why)
    return hidden


async def leave(page: ConsolePage) -> None:
    """Escape from a form, losing what was typed if it asks, back to the call's record."""
    await page.keys("escape")
    if isinstance(page.pilot.app.screen, LeaveScreen):
        await confirm_leaving(page.pilot)
    assert isinstance(page.pilot.app.screen, RecordScreen)


async def test_with_the_pane_open_every_in_call_form_scrolls_to_the_box_that_has_the_focus(
    demo_settings: Settings,
) -> None:
    """Found in a role-play: with the caller pane open, Tab Tab Tab on the complaint form
    went to step 3 "Put it right", under the pane, and the trainee typed blind until F12
    hid it. Every form of a call keeps the box with the focus in view above the pane."""
    app = training_console(demo_settings, change_of_address())
    async with app.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith se1")
        for answer in ("12/04/1963", "SE1 7TX", "Brook Lane Primary"):  # High: edit, consent
            await page.answer(answer)

        await page.keys("f10")  # the complaint: category, said, apology, then "Put it right"
        assert isinstance(app.screen, RaiseComplaintScreen)
        await page.keys("tab", "tab", "tab", *"A first visit of the day")
        assert focus_out_of_view(app) is None
        assert "A first visit of the day" in screen_text(app)
        assert app.screen.query_one(CallerPane)  # with the pane open, not behind F12
        assert await tab_through(page, 6) == []
        await leave(page)

        for key, form in (("ctrl+b", ReportBreachScreen), ("f6", EditScreen)):
            await page.keys(key)
            assert isinstance(app.screen, form)
            assert await tab_through(page, 22) == [], form.__name__
            await leave(page)
        await page.keys("f9")  # the consent script: the one dialog under the pane
        assert isinstance(app.screen, ConsentScreen) and app.screen.query_one(CallerPane)
        assert await tab_through(page, 5) == []
        await leave(page)

        await page.end_call_to_wrap_up()
        assert await tab_through(page, 8) == []


async def test_with_the_pane_open_the_capture_form_and_read_back_keep_the_focus_in_view(
    demo_settings: Settings,
) -> None:
    app = training_console(demo_settings, change_of_address())
    async with app.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.start_capture("Wilhelmina")
        assert await tab_through(page, 12) == []
        app.screen.query_one("#family_name-input").focus()
        await page.keys(*"Quarrington", "tab", *"03/09/1971", "tab", *"07700 900777")
        await page.keys("tab", *"w.q@example.com", "tab", *"14 Harbour Road", "tab", "tab")
        await page.keys(*"Whitby", "tab", *"YO22 4DE", "ctrl+s")
        await page.save_without_notes()
        assert isinstance(app.screen, ReadBackScreen) and app.screen.query_one(CallerPane)
        for _ in range(8):  # every line confirmed, the highlight moving down under the pane
            assert focus_out_of_view(app) is None
            await page.keys("enter")


async def test_the_line_under_the_record_table_stays_in_view_above_the_pane(
    demo_settings: Settings,
) -> None:
    """Found in a role-play: in a call, F4 then 3, the line under the timeline that gives
    its highlighted row whole ("Disclosed to the customer: Date of birth, ...") was under
    the caller pane; it showed only once F12 hid the pane."""
    app = training_console(demo_settings, change_of_address())
    async with app.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith se1")
        await page.answer("12/04/1963")
        await page.answer("SE1 7TX")  # Standard: F5 reveals the contact details
        await page.keys("f5", "f4", "3")
        assert app.screen.query_one(CallerPane)
        detail = region_text(app, "#row-detail")
        assert "Disclosed to the customer: Date of birth, Phone, E-mail" in detail
        assert "Postcode · agent" in detail  # whole, to its end
        pane_top = app.screen.query_one(CallerPane).region.y
        row_detail = app.screen.query_one("#row-detail").region
        assert row_detail.bottom <= pane_top
        await page.keys("1")  # the details: every field still in view beside the pane
        labels = ("Given name", "Date of birth", "Postcode", "Support needs")
        # The line under the timeline (three rows) goes back to one a frame after the tab
        # changes: on a loaded machine the last field showed a frame later.
        await until(pilot, lambda: all(label in screen_text(app) for label in labels))


async def test_the_training_theme_cannot_be_switched_off_from_the_palette(
    demo_settings: Settings,
) -> None:
    """Found in a role-play: Ctrl+P, "theme", textual-light, and the console looked like
    the live one, the one thing training mode must never do."""
    app = training_console(demo_settings, change_of_address())
    async with app.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.keys("ctrl+p", *"theme")
        assert "Change the current theme" not in screen_text(app)
        await page.keys("escape")
        app.theme = "textual-light"  # any other way in (a key, a plug-in) is undone
        await settle(pilot)
        assert app.theme == TRAINING_THEME.name


async def test_normal_mode_offers_no_theme_command_either(console: CustinfoApp) -> None:
    """Out of training mode too: the palette lists the console's keys and commands, not
    Textual's Theme (tui/console_commands.py)."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.keys("ctrl+p", *"theme")
        assert "Change the current theme" not in screen_text(console)


async def test_someone_else_logging_in_to_the_sandbox_is_told_whose_run_it_is(
    demo_settings: Settings,
) -> None:
    """Found in a role-play: the trainer logging in to the trainee's console was told only
    "Username or password not recognised.": the sandbox has no account but the trainee's."""
    app = training_console(demo_settings, change_of_address())
    async with app.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(("trainer", "trainer-demo-2026"))
        assert "This role-play is for agent: log in as them." in screen_text(app)
        await page.keys("shift+tab", "ctrl+u")  # the username again, emptied
        await page.log_in(("nobody", "anything"))
        assert "This role-play is for agent: log in as them." in screen_text(app)
        # The trainee's own wrong password: the usual words, nothing about the run.
        await page.keys("shift+tab", "ctrl+u")
        await page.log_in(("agent", "not-the-password"))
        assert "Username or password not recognised." in screen_text(app)
        assert "role-play is for" not in screen_text(app)


async def test_the_role_plays_login_says_whose_run_it_is_before_anyone_tries(
    demo_settings: Settings,
) -> None:
    """Found by a trainer on their first day: the role-play's console opened on a bare
    login, and the trainee at it learnt whose login it wanted only from a refusal."""
    app = training_console(demo_settings, change_of_address())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert region_text(app, "#login-hint") == (
            "Role-play for agent: log in with your own username and password."
        )


async def test_a_failed_login_outside_training_says_nothing_of_who_may_log_in(
    console: CustinfoApp,
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        await ConsolePage(pilot).log_in(("nobody", "anything"))
        assert "Username or password not recognised." in screen_text(console)


async def test_ending_the_run_mid_call_says_the_call_is_scored_as_not_wrapped_up(
    demo_settings: Settings,
) -> None:
    """Found in a role-play: Ctrl+Q in a call said the call "waits in the calls to
    finish"; the run's sandbox is never opened again, so nothing waits: it is scored."""
    app = training_console(demo_settings, change_of_address())
    async with app.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith se1")
        await page.answer("12/04/1963")
        await page.keys("ctrl+q")
        said = region_text(app, ".choice-explain")
        assert said == (
            "The console closes and the run is scored from what you did. Still open: the "
            "call with John Smith, not wrapped up: it is scored as a call without a wrap-up."
        )
        await page.keys("enter")  # keep going
        await page.keys("f10", "tab", *"Two missed visits")  # a complaint half typed
        await page.keys("ctrl+q")
        assert region_text(app, ".choice-explain").endswith(
            "without a wrap-up; the complaint typed so far, not saved, so not scored."
        )
        await page.keys("enter")
        await leave(page)
        await page.end_call_to_wrap_up()
        await page.keys("ctrl+q")
        said = region_text(app, ".choice-explain")
        assert "calls to finish" not in said and said.count("not wrapped up") == 1
        assert said.endswith(", not wrapped up: it is scored as a call without a wrap-up.")
        assert "the call with " in said


async def test_ending_a_run_played_on_names_the_call_its_stopped_console_left_open(
    demo_settings: Settings,
) -> None:
    """Found by a tester playing trainer: the console was killed in a call (two checks
    passed), the run played on, and Ctrl+Q's "End the role-play?" said only "The console
    closes and the run is scored from what you did." The call left open, on no screen of
    the new console, was then scored as never wrapped up (MP-18) with no warning."""
    scenario = load_scenarios(None)["planted-wrong-date-of-birth"]
    killed = training_console(demo_settings, scenario)
    async with killed.run_test(size=SIZE) as pilot:  # left without quitting: no log-out
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("oliver grant")
        await page.answer("MK5 6FD", down=1)
        assert "Standard" in await page.answer("0819", down=2)
    assert killed.training is not None
    sandbox = sandbox_path(demo_settings.data_dir / "training", killed.training.run_id)
    call = _the_one_call_to_finish(sandbox)
    assert call.still_open

    played_on = make_app(sandbox_settings(demo_settings, sandbox), training=killed.training)
    async with played_on.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        assert "Calls to finish: 1 without a wrap-up." in screen_text(played_on)
        await page.keys("escape", "ctrl+q")
        assert region_text(played_on, ".choice-explain") == (
            "The console closes and the run is scored from what you did. Still open: the "
            f"call of {call.started_at:%H:%M} with {call.customer_reference}, left open by an "
            "earlier session and not wrapped up (Calls to finish wraps it up now): it is "
            "scored as a call without a wrap-up."
        )
        await page.keys("enter")  # keep going: Calls to finish, from the palette
        played_on.action_calls_to_finish()
        await settle(pilot)
        await page.keys("enter")  # its wrap-up
        assert isinstance(played_on.screen, WrapUpScreen)
        await page.keys("ctrl+q")  # the wrap-up on screen names it, once
        said = region_text(played_on, ".choice-explain")
        assert said.count("not wrapped up") == 1 and "earlier session" not in said
        await page.keys("enter")  # keep going; then Ctrl+Q answered in the same read
        typed_in_one_go(played_on, "ctrl+q", "down", "enter")  # "End the role-play"
        await settle(pilot)
    assert played_on.return_code == 0
    # Not wrapped up behind the trainee's back: scored as the question said.
    assert _the_one_call_to_finish(sandbox).interaction_id == call.interaction_id


def _the_one_call_to_finish(sandbox: Path) -> CallToFinish:
    """The trainee's one call left without a wrap-up in the run's sandbox."""
    with open_sandbox(sandbox) as sandbox_uows:
        (call,) = wrap_up.calls_to_finish(sandbox_uows(), actor_for(sandbox_uows, "agent"))
    return call
