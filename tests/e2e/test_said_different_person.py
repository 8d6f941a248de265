"""A new customer saved as a different person from a strong match (MP-04, MP-13): how the
handler is told to find out, and what the two records say afterwards.

Found by a new handler: once "Jon Smith" (John Smith's date of birth) was saved with a
reason why he is someone else, every later call on John Smith was titled "POSSIBLE
DUPLICATE of ..." until a supervisor got to the queue; and the box asking why gave no
hint of how to find out without disclosing John's details.
"""

from __future__ import annotations

from custinfo_tui.domain.capture import CapturePolicy, NewCustomer, ReadBackConfirmation
from custinfo_tui.domain.consent import ConsentAnswers
from custinfo_tui.domain.interactions import QueueKind
from custinfo_tui.domain.verification import Channel
from custinfo_tui.services import queue
from custinfo_tui.services.capture import create_customer
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from tests.e2e.test_capture_screens import _form_then_ctrl_s
from tests.support.actors import actor_for
from tests.support.console_page import ConsolePage
from tests.support.database import console_uow_factory
from tests.support.screen import region_text, screen_text, settle, typed_in_one_go
from tests.support.tour import SUPERVISOR

SIZE = (80, 24)
JON = {
    "given_name": "Jon",
    "family_name": "Smith",
    "date_of_birth": "12/04/1980",  # John Smith's
    "phone": "07700 900555",
    "email": "jon.smith@example.org",
    "address_line1": "3 Mill Lane",
    "town": "Bristol",
    "postcode": "BS1 4DJ",
}
WHY = "Different phone and address; never had an account"


def _save_jon(settings: Settings) -> str:
    """Jon Smith saved at another desk as a different person from John Smith."""
    with console_uow_factory(settings) as uows:
        agent = actor_for(uows, "agent")
        new = NewCustomer(
            template="new_customer",
            values=JON,
            enquiry_type="New account",
            consent=ConsentAnswers(),
            read_back=ReadBackConfirmation(confirmed=frozenset(JON)),
            different_person_reason=WHY,
        )
        jon = create_customer(uows(), agent, CapturePolicy(), Channel.PHONE, new)
    return jon.reference


async def test_the_question_says_how_to_find_out_without_reading_the_other_record_out(
    console: CustinfoApp,
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.start_capture("")
        typed_in_one_go(console, *_form_then_ctrl_s("Jon", "Smith", "07700 900555"))
        await settle(pilot)
        assert "Why is the caller a different person?" in screen_text(console)
        # Said as the box opens, whole at 80x24 (not only after a reason refused).
        said = region_text(console, ".choice-explain")
        assert said == (
            "John Smith (1001 2345 P): strong match (similar name, same date of birth). "
            "To tell them apart, ask something only the caller would know (an earlier "
            "address, a phone number they use); never read out the other record's details."
        )


async def test_a_later_call_on_either_record_says_a_handler_told_them_apart(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    jon = _save_jon(demo_settings)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("1001 2345 P")  # John Smith
        title = region_text(console, "#record-title")
        assert f"not the same person as {jon}" in title, title
        assert "DUPLICATE" not in title
        await page.end_call()
        await page.call(jon)
        title = region_text(console, "#record-title")
        assert "not the same person as 1001 2345 P" in title, title

    # The supervisor still has the decision to review, with the handler's reason.
    with console_uow_factory(demo_settings) as uows:
        supervisor = actor_for(uows, SUPERVISOR[0])
        [item] = queue.open_items(uows(), supervisor, QueueKind.POSSIBLE_DUPLICATE)
    assert item.customer_reference == jon
    assert item.why_different == WHY
