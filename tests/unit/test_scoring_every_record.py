"""The scorer counts every record the trainee created or changed in the run, not only the
last one (a tester playing trainer found MP-05 and MP-02 met on a second record saved right
while a first, wrong one was left on file)."""

from __future__ import annotations

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.training.scenario import Scenario
from custinfo_tui.domain.training.scorecard import MarkResult, Scorecard, Verdict
from custinfo_tui.domain.training.scoring import score
from tests.support.event_streams import JOHN_ON_FILE, Stream, scenario

MET, NOT_MET, NOT_APPLICABLE = Verdict.MET, Verdict.NOT_MET, Verdict.NOT_APPLICABLE

#: Priya, a new customer (new-customer-by-phone), as she gives her details.
PRIYA = {
    "given_name": "Priya",
    "family_name": "Raman",
    "phone": "07700 900214",
    "email": "priya.raman@example.net",
}
PRIYA_STORED = {**PRIYA, "phone": "+447700900214"}
NEW_CUSTOMER = {
    "record": None,
    "creates_customer": True,
    "verification_level": None,
    "changes": list(PRIYA),
    "wrap_up_outcome": None,
}
FIRST, SECOND = 50, 51


def _new_customer(*practises: str) -> Scenario:
    return scenario(
        *practises,
        caller={"customer": None, "name": "Priya Raman", "true_details": PRIYA},
        expected=NEW_CUSTOMER,
    )


def _captured(stream: Stream, customer: int, fields: tuple[str, ...], **details: object) -> None:
    """A capture as the capture form logs it: consent, the read-back, the new record."""
    stream.add(AuditAction.CUSTOMER_SEARCHED, customer=None, call=None, kind="duplicate_check")
    stream.add(AuditAction.CONSENT_RECORDED, customer=customer, service_basis="contract")
    stream.add(AuditAction.READ_BACK_CONFIRMED, customer=customer, fields=fields)
    stream.add(
        AuditAction.CUSTOMER_CREATED,
        customer=customer,
        fields=fields,
        enquiry_type="New account",
        notes_characters=0,
        **details,
    )


def _captured_twice() -> tuple[Stream, dict[int, dict[str, str]]]:
    """The tester's run: Priya saved with two digits of her phone swapped and no e-mail,
    then saved again, right, past the strong duplicate warning."""
    stream = Stream()
    _captured(stream, FIRST, ("given_name", "family_name", "phone"))
    _captured(stream, SECOND, tuple(PRIYA), possible_duplicates=1)
    wrong = {k: v for k, v in PRIYA_STORED.items() if k != "email"} | {"phone": "+447700900241"}
    return stream, {FIRST: wrong, SECOND: PRIYA_STORED}


def _results(card: Scorecard) -> dict[str, MarkResult]:
    return {result.marking_point: result for result in card.results}


def _texts(result: MarkResult) -> str:
    return " ".join([result.note, result.should_have, *(e.note for e in result.evidence)])


def test_a_wrong_record_left_on_file_is_not_met_though_the_last_one_is_right() -> None:
    """Found by a tester: saved wrong, then saved again right past the duplicate warning,
    MP-05 said every detail matched the caller's and MP-02 that every one was asked."""
    stream, created = _captured_twice()

    card = score(_new_customer("MP-02", "MP-05", "MP-13"), stream.transcript(created=created))

    mp02, mp05, mp13 = (_results(card)[p] for p in ("MP-02", "MP-05", "MP-13"))
    assert mp05.verdict is NOT_MET
    assert mp05.note == (
        "Differs from the caller's details. The record created at 10:00:04: Phone: two "
        "neighbouring characters swapped (a transposition); E-mail: not recorded."
    )
    assert (
        "instead of leaving the record created at 10:00:04 on file with wrong details"
        in mp05.should_have
    )
    assert "Phone" in mp05.should_have and "E-mail" in mp05.should_have
    assert "900241" not in _texts(mp05) and "+44" not in _texts(mp05)
    assert mp02.verdict is NOT_MET
    assert "E-mail for the record created at 10:00:04" in mp02.should_have
    assert mp13.verdict is NOT_MET
    assert mp13.should_have == "Should have: created the new customer once, not twice."


def test_a_first_record_merged_into_the_right_one_is_no_longer_on_file() -> None:
    stream, created = _captured_twice()
    transcript = stream.transcript(created=created)
    merged = tuple(
        c.model_copy(update={"merged_into": SECOND}) if c.customer_id == FIRST else c
        for c in transcript.customers
    )

    card = score(
        _new_customer("MP-02", "MP-05"), transcript.model_copy(update={"customers": merged})
    )

    assert {r.marking_point: r.verdict for r in card.results} == {"MP-02": MET, "MP-05": MET}


def test_one_record_saved_right_is_met_as_before() -> None:
    stream = Stream()
    _captured(stream, FIRST, tuple(PRIYA))

    card = score(_new_customer("MP-02", "MP-05"), stream.transcript(created={FIRST: PRIYA_STORED}))

    assert [r.verdict for r in card.results] == [MET, MET]
    assert _results(card)["MP-05"].note == (
        "Given name, Family name, Phone, E-mail match the caller's details."
    )


def test_another_customers_record_changed_with_the_callers_details_is_not_met() -> None:
    other = 2
    stream = Stream().verified_call()
    stream.add(AuditAction.READ_BACK_CONFIRMED, customer=other, fields=("town", "postcode"))
    stream.add(AuditAction.CUSTOMER_UPDATED, customer=other, fields=("town", "postcode"))
    stream.address_saved()
    theirs = {**JOHN_ON_FILE, "given_name": "Jon", "town": "Whitby", "postcode": "YO22 4DE"}

    result = score(scenario("MP-05"), stream.transcript(created={other: theirs})).results[0]

    assert result.verdict is NOT_MET
    assert result.note == (
        "Differs from the caller's details. Another customer's record (changed at 10:00:26): "
        "Town, Postcode changed, though the record is not the caller's."
    )
    assert "left another customer's record (changed at 10:00:26) as it was" in result.should_have
