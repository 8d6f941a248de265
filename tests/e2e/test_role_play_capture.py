"""Shipped role-play scenarios played end to end at the console (issue 14 point 6): taking
details, correcting them and consent (docs/training.md, "Shipped scenarios").

Each scenario is played twice with Pilot on its own sandbox, logged in as the demo agent:
once as a good trainee plays it, where every marking point the scenario practises that
has a rule is met, and once as a careless trainee plays it, skipping or botching exactly
the steps the scenario is about, where those points are not met and say what should have
happened. The trainee types what the caller says in written form, read from the scenario
(its true details and the sandbox customer's values) where that keeps the walk honest.
"""

from __future__ import annotations

from collections.abc import Mapping

from textual.pilot import Pilot

from custinfo_tui.domain.training.scenario import Scenario
from custinfo_tui.domain.training.scorecard import Scorecard, Verdict
from custinfo_tui.domain.training.scoring import RULES
from tests.support.console_page import ConsolePage
from tests.support.role_play import RolePlays, explain, missed, shipped, verdicts
from tests.support.screen import press, screen_text
from tests.support.tour import wait_until

MET, NOT_MET, NOT_APPLICABLE = Verdict.MET, Verdict.NOT_MET, Verdict.NOT_APPLICABLE

#: Places in the built-in lists (under each list's prompt), as ConsolePage counts them.
NEW_ACCOUNT, CHANGE_OF_DETAILS, BILLING_QUESTION = 1, 2, 3
RESOLVED, TRANSFERRED = 1, 3
#: The built-in change reasons, counted down from the first ("Customer moved").
NEW_CONTACT_DETAILS = 3
#: The capture form's fields after the enquiry type, in the new-customer template's order.
CAPTURE_ORDER = (
    "given_name",
    "family_name",
    "date_of_birth",
    "phone",
    "email",
    "address_line1",
    "address_line2",
    "town",
    "postcode",
    "country",
    "foreign_postcode",
    "accessibility_needs",
    "notes",
)
#: The call's notes, typed on the capture form (its call's wrap-up, MP-18); never read back.
CAPTURE_NOTES = "New customer; consent read first, every detail read back."


def _caller_on_file(scenario: Scenario) -> Mapping[str, str]:
    """The sandbox customer the caller is: what they answer to the checks."""
    assert scenario.caller.customer is not None
    return scenario.customer(scenario.caller.customer).values


def _security_answer(scenario: Scenario) -> str:
    assert scenario.caller.customer is not None
    answer = scenario.customer(scenario.caller.customer).security_answer
    assert answer is not None
    return answer


def assert_all_met(scorecard: Scorecard | None, *, not_applicable: tuple[str, ...] = ()) -> None:
    """Every practised point with a rule met; the others (left to the trainer's notes) and
    `not_applicable` (points the scorer cannot show from this run's events) not applicable."""
    wanted = {
        p: MET if p in RULES and p not in not_applicable else NOT_APPLICABLE
        for p in verdicts(scorecard)
    }
    assert verdicts(scorecard) == wanted, explain(scorecard)


def assert_missed(scorecard: Scorecard | None, should_have: Mapping[str, str]) -> None:
    """Exactly these points not met, each saying (in part) what should have happened."""
    not_met = missed(scorecard)
    assert set(not_met) == set(should_have), explain(scorecard)
    for point, words in should_have.items():
        assert words in not_met[point].should_have, explain(scorecard)


# --- what a trainee does, by keys -----------------------------------------------------------


async def _keys(pilot: Pilot[None], *pressed: str) -> None:
    await press(pilot, *pressed)


async def _new_customer(
    pilot: Pilot[None], *, face_to_face: bool = False, consent: tuple[str, ...] = ()
) -> None:
    """F6, how the new customer is in touch, the consent answers, New account, first field."""
    await _keys(pilot, "f6", *(["down"] if face_to_face else []), "enter")
    await _keys(pilot, *consent, "ctrl+s")
    await _keys(pilot, "enter", *(["down"] * NEW_ACCOUNT), "enter", "tab")


async def _fill(pilot: Pilot[None], values: Mapping[str, str]) -> None:
    """Type each value in the template's order, Tab past the fields with none; a closed box
    (the postcode not for the country, support needs without an Article 9 condition) is
    no Tab stop, so it is passed over."""
    last = max(CAPTURE_ORDER.index(key) for key in values)
    for key in CAPTURE_ORDER[: last + 1]:
        if pilot.app.screen.query_one(f"#{key}-input").disabled:
            assert key not in values, f"{key} is closed"
            continue
        await _keys(pilot, *values.get(key, ""), *(["tab"] if key != CAPTURE_ORDER[last] else []))


async def _read_back_and_save(pilot: Pilot[None], lines: int) -> None:
    """Ctrl+S on the form, each line read back and confirmed, Ctrl+S to save."""
    await _keys(pilot, "ctrl+s")
    await _keys(pilot, *["enter"] * lines, "ctrl+s")


async def _answer(pilot: Pilot[None], answer: str, *, down: int = 0) -> None:
    """The caller's answer to the check highlighted (or `down` below it), then Enter."""
    await _keys(pilot, *["down"] * down, *answer)
    await _keys(pilot, "enter")


async def _verify(pilot: Pilot[None], scenario: Scenario, *, high: bool) -> None:
    """Date of birth and postcode (Standard); the security answer too for High."""
    on_file = _caller_on_file(scenario)
    await _answer(pilot, on_file["date_of_birth"])
    await _answer(pilot, on_file["postcode"])
    if high:  # highlighted next: High names it
        await _answer(pilot, _security_answer(scenario))


async def _wrap_up(pilot: Pilot[None], *, enquiry: int, outcome: int, notes: str) -> None:
    page = ConsolePage(pilot)
    await page.end_call_to_wrap_up()
    await page.wrap_up(enquiry=enquiry, outcome=outcome, notes=notes)


# --- new-customer-by-phone ----------------------------------------------------------------


async def test_new_customer_by_phone_played_well_meets_every_point(role_plays: RolePlays) -> None:
    truth = shipped("new-customer-by-phone").caller.true_details

    async def walk(pilot: Pilot[None]) -> None:
        await _new_customer(pilot, consent=("tab", "space"))  # e-mail offers only
        await _fill(pilot, {**truth, "notes": CAPTURE_NOTES})
        await _read_back_and_save(pilot, lines=len(truth))
        assert "Priya Raman" in screen_text(pilot.app)  # the new record, on screen

    scorecard = await role_plays.scorecard("new-customer-by-phone", walk)
    assert_all_met(scorecard)


async def test_new_customer_by_phone_played_carelessly_misses_consent_questions_accuracy(
    role_plays: RolePlays,
) -> None:
    truth = shipped("new-customer-by-phone").caller.true_details

    async def walk(pilot: Pilot[None]) -> None:
        await _new_customer(pilot)  # the consent answers as they stand: no e-mail offers
        # Two digits of the phone swapped, and the e-mail never asked for.
        typed = {**truth, "phone": "07700 900241", "email": "", "notes": CAPTURE_NOTES}
        await _fill(pilot, typed)
        await _read_back_and_save(pilot, lines=len(truth) - 1)

    scorecard = await role_plays.scorecard("new-customer-by-phone", walk)
    assert_missed(
        scorecard,
        {
            "MP-02": "E-mail",
            "MP-03": "Phone",  # confirmed though she said at read-back it was not right
            "MP-05": "Phone",
            "MP-06": "marketing",
        },
    )


async def test_new_customer_by_phone_saved_wrong_then_again_counts_the_wrong_record(
    role_plays: RolePlays,
) -> None:
    """Found by a tester: Priya saved with two digits of her phone swapped and no e-mail,
    then captured again, right, past the strong duplicate warning; MP-05 said her details
    matched and MP-02 that every question was asked, with the wrong record left on file."""
    truth = shipped("new-customer-by-phone").caller.true_details

    async def walk(pilot: Pilot[None]) -> None:
        await _new_customer(pilot, consent=("tab", "space"))
        await _fill(pilot, {**truth, "phone": "07700 900241", "email": "", "notes": CAPTURE_NOTES})
        await _read_back_and_save(pilot, lines=len(truth) - 1)
        assert "Priya Raman" in screen_text(pilot.app)
        await _keys(pilot, "escape")  # back to the lookup, and the same caller again
        await _new_customer(pilot, consent=("tab", "space"))
        await _fill(pilot, {**truth, "notes": CAPTURE_NOTES})
        await _keys(pilot, "ctrl+s")
        await _keys(pilot, *"The first record was typed wrong", "enter")  # past the warning
        await _keys(pilot, *["enter"] * len(truth), "ctrl+s")

    scorecard = await role_plays.scorecard("new-customer-by-phone", walk)
    assert_missed(
        scorecard,
        {
            "MP-02": "E-mail for the record created at",
            "MP-03": "corrected Phone when the caller said",
            "MP-05": "instead of leaving the record created at",
            "MP-13": "once, not twice",
        },
    )
    mp05 = missed(scorecard)["MP-05"]
    assert "Phone: two neighbouring characters swapped (a transposition)" in mp05.note
    assert "E-mail: not recorded" in mp05.note


# --- spelling-and-read-back-correction ----------------------------------------------------

#: What Krzysztof first says for his phone (`caller.says.phone`): the last two digits swapped.
KRZYSZTOF_SAYS_PHONE = "07700 900723"


async def test_spelling_and_read_back_correction_played_well_meets_every_point(
    role_plays: RolePlays,
) -> None:
    truth = shipped("spelling-and-read-back-correction").caller.true_details

    async def walk(pilot: Pilot[None]) -> None:
        await _new_customer(pilot)  # no marketing at all
        await _fill(pilot, {**truth, "phone": KRZYSZTOF_SAYS_PHONE, "notes": CAPTURE_NOTES})
        await _keys(pilot, "ctrl+s")
        # Given name, family name, date of birth confirmed; the phone read back: he corrects it.
        await _keys(pilot, "enter", "enter", "enter", "ctrl+e")
        await _keys(pilot, "end", "ctrl+u")  # the number typed again, as he now gives it
        await _keys(pilot, *truth["phone"])
        await _keys(pilot, "ctrl+s")
        await _keys(pilot, *["enter"] * len(truth), "ctrl+s")

    scorecard = await role_plays.scorecard("spelling-and-read-back-correction", walk)
    assert_all_met(scorecard)
    # The debrief credits the correction the read-back caught, not only the end result.
    [mp03] = [r for r in scorecard.results if r.marking_point == "MP-03"]
    notes = [e.note for e in mp03.evidence]
    assert any("their correction taken first: Phone" in n for n in notes), notes


async def test_spelling_and_read_back_correction_played_carelessly_keeps_the_slip(
    role_plays: RolePlays,
) -> None:
    truth = shipped("spelling-and-read-back-correction").caller.true_details

    async def walk(pilot: Pilot[None]) -> None:
        await _new_customer(pilot)
        await _fill(pilot, {**truth, "phone": KRZYSZTOF_SAYS_PHONE, "notes": CAPTURE_NOTES})
        # Every line "confirmed" without waiting for the caller: his correction is never heard.
        await _read_back_and_save(pilot, lines=len(truth))

    scorecard = await role_plays.scorecard("spelling-and-read-back-correction", walk)
    assert_missed(scorecard, {"MP-03": "Phone", "MP-05": "Phone"})
    assert "transposition" in missed(scorecard)["MP-05"].note, explain(scorecard)
    # The phone was read back and confirmed over his correction: the point says to take
    # the correction, not to read it back (which was done), and its evidence says so.
    mp03 = missed(scorecard)["MP-03"]
    assert "corrected Phone when the caller put their slip right" in mp03.should_have
    assert "read back Phone so" not in mp03.should_have, explain(scorecard)
    notes = [e.note for e in mp03.evidence]
    assert any("said at read-back it was not right: Phone" in n for n in notes), notes


# --- change-of-address --------------------------------------------------------------------


async def _move_john(pilot: Pilot[None], new: Mapping[str, str]) -> None:
    """From a call verified to High: F6, the new address with the reason Customer moved
    (set once, for the whole address), read back, saved."""
    await _keys(pilot, "f6", *["tab"] * 5)  # to address line 1: five boxes, none changed
    await _keys(pilot, *new["address_line1"], "tab", "enter", "down", "enter")
    await _keys(pilot, "tab", "tab", *new["town"], "tab", "tab", *new["postcode"])
    await _read_back_and_save(pilot, lines=3)


async def test_change_of_address_played_well_meets_every_point(role_plays: RolePlays) -> None:
    scenario = shipped("change-of-address")

    async def walk(pilot: Pilot[None]) -> None:
        await _keys(pilot, *"john smith")
        # Two John Smiths: the caller's is the one at his old postcode.
        assert screen_text(pilot.app).index("SE1 7") < screen_text(pilot.app).index("CR0 2")
        await _keys(pilot, "enter", "enter")
        await _keys(pilot, "enter")  # a phone call
        await _verify(pilot, scenario, high=True)
        await _move_john(pilot, scenario.caller.true_details)
        await _wrap_up(
            pilot,
            enquiry=CHANGE_OF_DETAILS,
            outcome=RESOLVED,
            notes="Moved house; new address read back and saved.",
        )

    scorecard = await role_plays.scorecard("change-of-address", walk)
    assert_all_met(scorecard)


async def test_change_of_address_played_carelessly_misses_accuracy_and_notes(
    role_plays: RolePlays,
) -> None:
    scenario = shipped("change-of-address")

    async def walk(pilot: Pilot[None]) -> None:
        await ConsolePage(pilot).call("john smith")
        await _verify(pilot, scenario, high=True)
        # "Why oh twenty-two, four dee ee" typed with the last two letters swapped.
        await _move_john(pilot, {**scenario.caller.true_details, "postcode": "YO22 4ED"})
        await _wrap_up(pilot, enquiry=CHANGE_OF_DETAILS, outcome=RESOLVED, notes="")

    scorecard = await role_plays.scorecard("change-of-address", walk)
    assert_missed(scorecard, {"MP-03": "Postcode", "MP-05": "Postcode", "MP-18": "notes"})
    assert "transposition" in missed(scorecard)["MP-05"].note, explain(scorecard)


async def test_change_of_address_done_as_back_office_work_mid_call_is_marked_down(
    role_plays: RolePlays,
) -> None:
    """Found by a tester: John on the phone, his record opened as "No customer in touch",
    "Customer wrote in": every value shown, the new address saved with no verification.
    MP-08 said nothing the trainee did counted, MP-03 took the check against the source
    for a read-back, and the timeline said only "Record opened"."""
    truth = shipped("change-of-address").caller.true_details

    async def walk(pilot: Pilot[None]) -> None:
        await ConsolePage(pilot).open_back_office("john smith", "rang about his move")
        # The change form shows every value held: each box emptied before the new one.
        await _keys(pilot, "f6", *["tab"] * 5, "ctrl+u", *truth["address_line1"])
        await _keys(pilot, "tab", "enter", "down", "enter")  # Customer moved
        await _keys(pilot, "tab", "tab", "ctrl+u", *truth["town"])
        await _keys(pilot, "tab", "tab", "ctrl+u", *truth["postcode"])
        await _read_back_and_save(pilot, lines=3)  # each line "checked against the source"

    scorecard = await role_plays.scorecard("change-of-address", walk)
    assert_missed(
        scorecard,
        {
            "MP-08": "opened the caller's record in the call",
            "MP-03": "back to the caller in the call",
            "MP-18": "logged the call",
        },
    )
    [opened] = [s for s in scorecard.timeline if s.action == "customer.viewed"]
    assert opened.words == (
        "Record opened as back-office work (no call): Customer wrote in (letter or e-mail)"
    )
    assert "MP-08" in [m.marking_point for m in opened.marks if not m.towards]


# --- says-new-but-on-file -----------------------------------------------------------------


async def _capture_chloe_as_new(pilot: Pilot[None], scenario: Scenario) -> None:
    """A new customer by phone: her name, date of birth and phone typed, until the duplicate
    check (run once typing stops) that saw the phone finds her record: an earlier check's
    list, replaced when the last one lands, must not be the one acted on."""
    on_file = _caller_on_file(scenario)
    await _new_customer(pilot)  # no marketing
    await _fill(pilot, {k: on_file[k] for k in ("given_name", "family_name", "date_of_birth")})
    await _keys(pilot, "tab", *on_file["phone"])

    def strong_match_shown() -> bool:
        candidates = getattr(pilot.app.screen, "candidates", [])
        return any(c.strong and "same phone" in c.reasons for c in candidates)

    await wait_until(pilot, strong_match_shown)


async def test_says_new_but_on_file_played_well_meets_every_point(role_plays: RolePlays) -> None:
    scenario = shipped("says-new-but-on-file")
    email = scenario.caller.true_details["email"]

    async def walk(pilot: Pilot[None]) -> None:
        await _capture_chloe_as_new(pilot, scenario)
        await _keys(pilot, "f4")  # the strong match: open it instead
        await _keys(pilot, "enter")
        assert "in a call" in screen_text(pilot.app)
        await _verify(pilot, scenario, high=True)
        await _keys(pilot, "f6", *["tab"] * 4)  # to the e-mail: four boxes, none changed
        await _keys(pilot, "ctrl+u", *email, "tab", "enter", *["down"] * 4, "enter")
        await _keys(pilot, "ctrl+s")
        await _keys(pilot, "ctrl+d")  # read back by typing it again as she spells it
        await _keys(pilot, *email)
        await _keys(pilot, "enter")
        await _keys(pilot, "ctrl+s")
        await _wrap_up(
            pilot,
            enquiry=CHANGE_OF_DETAILS,
            outcome=RESOLVED,
            notes="Thought she was new; on file since 2019. E-mail updated there.",
        )

    scorecard = await role_plays.scorecard("says-new-but-on-file", walk)
    assert_all_met(scorecard)


async def test_says_new_but_on_file_played_carelessly_creates_a_duplicate(
    role_plays: RolePlays,
) -> None:
    scenario = shipped("says-new-but-on-file")
    on_file = _caller_on_file(scenario)

    async def walk(pilot: Pilot[None]) -> None:
        await _capture_chloe_as_new(pilot, scenario)
        # The warning ignored: the rest typed and saved as a second record.
        await _keys(pilot, "tab", *scenario.caller.true_details["email"])
        await _keys(pilot, "tab", *on_file["address_line1"], "tab", "tab", *on_file["town"])
        await _keys(pilot, "tab", *on_file["postcode"], "ctrl+s")
        await _keys(pilot, *"Says she is new", "enter")
        await _keys(pilot, "down", "enter")  # and saved without notes, when asked
        await _keys(pilot, *["enter"] * 8, "ctrl+s")

    scorecard = await role_plays.scorecard("says-new-but-on-file", walk)
    assert_missed(
        scorecard,
        {
            "MP-13": "existing record",
            "MP-04": "twice",
            "MP-08": "High",
            "MP-12": "record",
            "MP-10": "E-mail",
            "MP-18": "resolved",
        },
    )
    assert verdicts(scorecard)["MP-03"] is MET, explain(scorecard)
    # Every detail typed as she gave it: the mistake is the second record (MP-13), so
    # MP-05 is met, as its step on the timeline says, and its note says where they went.
    assert verdicts(scorecard)["MP-05"] is MET, explain(scorecard)
    [mp05] = [r for r in scorecard.results if r.marking_point == "MP-05"]
    assert "a second record for a caller already on file" in mp05.note
    [created] = [s for s in scorecard.timeline if s.action == "customer.created"]
    assert "despite a possible-duplicate warning" in created.words
    assert [m.towards for m in created.marks if m.marking_point == "MP-05"] == [True]


# --- marketing-consent-withdrawal ---------------------------------------------------------


async def _hannah_verified(pilot: Pilot[None]) -> None:
    await ConsolePage(pilot).call("hannah lloyd")
    await _verify(pilot, shipped("marketing-consent-withdrawal"), high=True)


async def test_marketing_consent_withdrawal_played_well_meets_every_point(
    role_plays: RolePlays,
) -> None:
    async def walk(pilot: Pilot[None]) -> None:
        await _hannah_verified(pilot)
        # E-mail, Text message, Phone, Post: text and phone unticked, e-mail kept.
        await _keys(pilot, "f9", "tab", "down", "space", "down", "space", "ctrl+s")
        await _wrap_up(
            pilot,
            enquiry=CHANGE_OF_DETAILS,
            outcome=RESOLVED,
            notes="No more offers by text or phone; e-mail offers kept.",
        )

    scorecard = await role_plays.scorecard("marketing-consent-withdrawal", walk)
    assert_all_met(scorecard)


async def test_marketing_consent_withdrawal_played_carelessly_misses_a_channel(
    role_plays: RolePlays,
) -> None:
    async def walk(pilot: Pilot[None]) -> None:
        await _hannah_verified(pilot)
        await _keys(pilot, "f9", "tab", "down", "space", "ctrl+s")  # text only
        await _wrap_up(pilot, enquiry=CHANGE_OF_DETAILS, outcome=RESOLVED, notes="")

    scorecard = await role_plays.scorecard("marketing-consent-withdrawal", walk)
    assert_missed(scorecard, {"MP-06": "withdrawal of marketing by phone", "MP-18": "notes"})


async def test_withdrawing_the_e_mail_offers_she_wanted_to_keep_is_not_met(
    role_plays: RolePlays,
) -> None:
    async def walk(pilot: Pilot[None]) -> None:
        await _hannah_verified(pilot)
        # E-mail, text and phone all unticked, though "the e-mails are fine".
        await _keys(pilot, "f9", "tab", "space", "down", "space", "down", "space")
        await _keys(pilot, "ctrl+s")
        await _wrap_up(pilot, enquiry=CHANGE_OF_DETAILS, outcome=RESOLVED, notes="No more offers.")

    scorecard = await role_plays.scorecard("marketing-consent-withdrawal", walk)
    assert_missed(scorecard, {"MP-06": "marketing by e-mail"})


# --- face-to-face-accessibility -----------------------------------------------------------

#: On the consent screen: Tab past the marketing list and the basis to the Article 9
#: condition, and choose the first, explicit consent.
EXPLICIT_CONSENT = ("tab", "tab", "tab", "enter", "down", "enter")


async def test_face_to_face_accessibility_played_well_meets_every_point(
    role_plays: RolePlays,
) -> None:
    truth = shipped("face-to-face-accessibility").caller.true_details

    async def walk(pilot: Pilot[None]) -> None:
        await _new_customer(pilot, face_to_face=True, consent=EXPLICIT_CONSENT)
        await _fill(pilot, {**truth, "notes": CAPTURE_NOTES})
        await _read_back_and_save(pilot, lines=len(truth))

    scorecard = await role_plays.scorecard("face-to-face-accessibility", walk)
    assert_all_met(scorecard)


async def test_face_to_face_accessibility_played_carelessly_has_no_article_9_condition(
    role_plays: RolePlays,
) -> None:
    truth = shipped("face-to-face-accessibility").caller.true_details

    async def walk(pilot: Pilot[None]) -> None:
        # No Article 9 condition asked for: the support-needs box stays shut.
        await _new_customer(pilot, face_to_face=True)
        typed = {k: v for k, v in truth.items() if k != "accessibility_needs"}
        await _fill(pilot, {**typed, "notes": CAPTURE_NOTES})
        await _read_back_and_save(pilot, lines=len(truth) - 1)

    scorecard = await role_plays.scorecard("face-to-face-accessibility", walk)
    assert_missed(
        scorecard,
        {
            "MP-02": "Support needs",
            "MP-05": "Support needs",
            "MP-06": "the special-category condition (Article 9)",
            "MP-07": "Article 9 condition",
        },
    )


# --- card-number-read-out -----------------------------------------------------------------

CARD = "4111 1111 1111 1111"


async def test_card_number_read_out_played_well_meets_every_point(role_plays: RolePlays) -> None:
    scenario = shipped("card-number-read-out")

    async def walk(pilot: Pilot[None]) -> None:
        await ConsolePage(pilot).call("fatima shah")
        await _verify(pilot, scenario, high=False)
        await _wrap_up(
            pilot,
            enquiry=BILLING_QUESTION,
            outcome=TRANSFERRED,
            notes="Bill taken twice on the 3rd; put through to payments for the refund.",
        )

    scorecard = await role_plays.scorecard("card-number-read-out", walk)
    assert_all_met(scorecard)


async def test_card_number_read_out_played_carelessly_is_marked_down_not_stored(
    role_plays: RolePlays,
) -> None:
    scenario = shipped("card-number-read-out")

    async def walk(pilot: Pilot[None]) -> None:
        await ConsolePage(pilot).call("fatima shah")
        await _answer(pilot, _caller_on_file(scenario)["date_of_birth"])  # one check only
        # The card number she read out typed into the notes (the box takes it out at once),
        # and the call closed as resolved though she was put through.
        await _wrap_up(
            pilot, enquiry=BILLING_QUESTION, outcome=RESOLVED, notes=f"Refund to card {CARD}"
        )

    scorecard = await role_plays.scorecard("card-number-read-out", walk)
    assert_missed(scorecard, {"MP-08": "Standard", "MP-18": "transferred"})
    assert "No card number stored" in missed(scorecard)["MP-18"].note, explain(scorecard)
