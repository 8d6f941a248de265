"""Caller verification (ID&V, MP-08): the policy.

The policy comes from configuration (`[verification]` in the policy TOML, see
docs/verification.md): which checks exist and the question for each, how many passes
reach each level, and which level each action needs. Actions are `read:<group>` and
`change:<group>` over the field registry's groups, and `withdraw:consent` (taking marketing
consent back), so the same words describe what a verification level allows and what an
authorised representative's scope covers.

How a caller's answer is compared with what is stored is `domain.answers`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from enum import StrEnum
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from custinfo_tui.domain.check_kind import CheckKind as CheckKind
from custinfo_tui.domain.verification_actions import ALL_ACTIONS as ALL_ACTIONS
from custinfo_tui.domain.verification_actions import CHANGE_CONTACT as CHANGE_CONTACT
from custinfo_tui.domain.verification_actions import (
    CHANGED_ON_THE_RECORD as CHANGED_ON_THE_RECORD,
)
from custinfo_tui.domain.verification_actions import READ_CONTACT as READ_CONTACT
from custinfo_tui.domain.verification_actions import WITHDRAW_CONSENT as WITHDRAW_CONSENT
from custinfo_tui.domain.verification_actions import Access as Access
from custinfo_tui.domain.verification_actions import action_for as action_for
from custinfo_tui.domain.verification_actions import action_label as action_label
from custinfo_tui.domain.verification_actions import allowed_in_brief as allowed_in_brief
from custinfo_tui.domain.verification_actions import describe_actions as describe_actions
from custinfo_tui.domain.verification_actions import parse_scope as parse_scope

#: The level of a caller who has passed nothing. Policies may not define a level so named.
NO_LEVEL = "none"


class Channel(StrEnum):
    """How the customer reached us (MP-18). Verification is per interaction."""

    PHONE = "phone"
    FACE_TO_FACE = "face_to_face"
    EMAIL = "email"
    CHAT = "chat"
    LETTER = "letter"

    @property
    def label(self) -> str:
        return _CHANNEL_LABELS[self]


_CHANNEL_LABELS = {
    Channel.PHONE: "Phone call",
    Channel.FACE_TO_FACE: "Face to face",
    Channel.EMAIL: "E-mail",
    Channel.CHAT: "Chat",
    Channel.LETTER: "Letter",
}


def channels_in_words(channels: Iterable[Channel]) -> str:
    """ "phone", "phone or chat": the channels a verification lock stands on, as the
    supervisor's queue and the handler's panel name them."""
    return " or ".join(channel.value.replace("_", " ") for channel in channels)


class CallerKind(StrEnum):
    CUSTOMER = "customer"
    REPRESENTATIVE = "representative"
    #: Someone with no authority on file ("I'm calling for my mother"): nothing is disclosed.
    NO_AUTHORITY = "no_authority"


class Authority(StrEnum):
    """Why a third party may act for the customer."""

    POWER_OF_ATTORNEY = "power_of_attorney"
    APPOINTEE = "appointee"
    NAMED_CONTACT = "named_contact"

    @property
    def label(self) -> str:
        return _AUTHORITY_LABELS[self]


_AUTHORITY_LABELS = {
    Authority.POWER_OF_ATTORNEY: "Power of attorney",
    Authority.APPOINTEE: "Appointee",
    Authority.NAMED_CONTACT: "Named contact",
}


class LevelRule(BaseModel):
    """What reaching a level takes: a number of passed checks, some of them named."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str = ""
    passes: int = Field(ge=1)
    requires: tuple[CheckKind, ...] = ()

    def met_by(self, passed: Collection[CheckKind]) -> bool:
        return len(passed) >= self.passes and all(kind in passed for kind in self.requires)

    @property
    def title(self) -> str:
        return self.label or self.name.replace("_", " ").capitalize()


class Scripts(BaseModel):
    """What the handler says when verification cannot go on, or after a wrong answer.
    Configurable per organisation."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    locked: str = (
        "I'm sorry, I can't discuss this account on this call. For your security, please "
        "write to us or visit a branch with photo ID, and we will help you there. "
        "Thank you for calling."
    )
    no_authority: str = (
        "I'm sorry, I can only discuss an account with the account holder or someone they "
        "have authorised. The account holder can call us to add you as a named contact, or "
        "send us a copy of a power of attorney."
    )
    failed_check: str = (
        "I'm sorry, that doesn't match our records. Could you check it and tell me again?"
    )
    #: After a wrong answer that leaves one failure before the lock, where another check
    #: can still take the caller up: asked instead, not the same one a third time blind.
    failed_check_ask_another: str = (
        "I'm sorry, that doesn't match our records. Let me ask you something else instead."
    )
    #: The same where no other check can: no invitation to guess again.
    failed_check_last: str = (
        "I'm sorry, that doesn't match our records. Please don't guess: if you're not sure, "
        "we can help you by letter or at a branch with photo ID."
    )


_DEFAULT_CHECKS = {
    CheckKind.DATE_OF_BIRTH: "Can you confirm your date of birth, please?",
    CheckKind.POSTCODE: "What is the postcode of the address we hold?",
    CheckKind.ADDRESS_LINE1: "And the first line of that address?",
    CheckKind.PHONE_DIGITS: "What are the last {digits} digits of the phone number we hold?",
    CheckKind.REFERENCE: "Do you have your customer reference to hand?",
    CheckKind.SECURITY_ANSWER: "{question}",  # the customer's own question, as they set it
}

#: The same questions for a representative (docs/verification.md, "Third parties"), who
#: answers with their own details, never the customer's: the customer's reference aside.
_DEFAULT_REPRESENTATIVE_CHECKS = {
    CheckKind.DATE_OF_BIRTH: "Can you confirm your own date of birth, please?",
    CheckKind.POSTCODE: "What is your own postcode, where you live?",
    CheckKind.ADDRESS_LINE1: "And the first line of your own address?",
    CheckKind.PHONE_DIGITS: "What are the last {digits} digits of your own phone number?",
    CheckKind.REFERENCE: "Do you have the customer's reference to hand?",
    CheckKind.SECURITY_ANSWER: "{question}",  # the representative's own question
}

_DEFAULT_ACTIONS = {
    "read:identity": NO_LEVEL,
    "read:contact": "standard",
    "read:address": "standard",
    "read:date_of_birth": "standard",
    "read:enquiry": "standard",
    "read:special": "high",
    "change:identity": "high",
    "change:contact": "high",
    "change:address": "high",
    "change:date_of_birth": "high",
    "change:special": "high",
    "change:enquiry": "standard",
    WITHDRAW_CONSENT: "standard",
}


class VerificationPolicy(BaseModel):
    """The organisation's ID&V rules. Defaults match docs/verification.md's example file."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    #: The checks handlers may use, in the order the panel offers them, with the question
    #: to ask. `{question}` in the security answer's question is the customer's own question.
    checks: dict[CheckKind, str] = Field(default_factory=lambda: dict(_DEFAULT_CHECKS))
    #: The question to ask a representative instead, where it differs: they answer with
    #: their own details. A check left out here is asked as `checks` words it.
    representative_checks: dict[CheckKind, str] = Field(
        default_factory=lambda: dict(_DEFAULT_REPRESENTATIVE_CHECKS)
    )
    #: Levels from lowest to highest.
    levels: tuple[LevelRule, ...] = (
        LevelRule(name="standard", passes=2),
        LevelRule(name="high", passes=3, requires=(CheckKind.SECURITY_ANSWER,)),
    )
    #: Action -> the level it needs. An action left out needs the highest level, except
    #: `withdraw:consent` (`required_level`).
    actions: dict[str, str] = Field(default_factory=lambda: dict(_DEFAULT_ACTIONS))
    max_failures: int = Field(default=3, ge=1)
    failure_window_hours: float = Field(default=24.0, gt=0)
    #: Channels on which a locked customer cannot be verified (face to face with photo ID
    #: stays open so the genuine customer has a way back).
    lock_channels: tuple[Channel, ...] = (Channel.PHONE,)
    #: How many final digits of a phone the caller gives.
    phone_digits: int = Field(default=4, ge=3, le=6)
    scripts: Scripts = Field(default_factory=Scripts)

    @field_validator("checks")
    @classmethod
    def _some_checks(cls, checks: dict[CheckKind, str]) -> dict[CheckKind, str]:
        if not checks:
            raise ValueError("at least one check must be configured")
        return checks

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if not self.levels:
            raise ValueError("at least one level must be configured")
        names = [level.name for level in self.levels]
        if NO_LEVEL in names or len(set(names)) != len(names):
            raise ValueError(f"level names must be unique and not {NO_LEVEL!r}")
        for level in self.levels:
            if level.passes > len(self.checks):
                raise ValueError(f"level {level.name!r} needs more passes than there are checks")
            missing = [kind.value for kind in level.requires if kind not in self.checks]
            if missing:
                raise ValueError(f"level {level.name!r} requires unconfigured checks: {missing}")
        for action, level_name in self.actions.items():
            if action not in ALL_ACTIONS:
                raise ValueError(
                    f"unknown action {action!r}; use read:<group>, change:<group> or "
                    f"{WITHDRAW_CONSENT}"
                )
            if level_name != NO_LEVEL and level_name not in names:
                raise ValueError(f"action {action!r} names unknown level {level_name!r}")
        return self

    def _rank(self, level_name: str) -> int:
        if level_name == NO_LEVEL:
            return 0
        return 1 + [level.name for level in self.levels].index(level_name)

    def level_reached(self, passed: Collection[CheckKind]) -> str:
        """The highest level the passed checks reach (levels need not nest), or `none`."""
        reached = NO_LEVEL
        for level in self.levels:
            if level.met_by(passed):
                reached = level.name
        return reached

    def required_level(self, action: str) -> str:
        """The level `action` needs: as the policy sets it; left out, the highest level.

        Withdrawing marketing consent left out needs what hearing contact details needs
        (`read:contact`), and never more than giving consent (`change:contact`): taking
        consent back is to be as easy as giving it (UK GDPR Art. 7(3))."""
        if action == WITHDRAW_CONSENT:
            withdraw = self.actions.get(action) or self.required_level(READ_CONTACT)
            give = self.required_level(CHANGE_CONTACT)
            return min(withdraw, give, key=self._rank)
        if action in self.actions:
            return self.actions[action]
        return self.levels[-1].name if self.levels else NO_LEVEL

    def level_allows(self, level_name: str, action: str) -> bool:
        return self._rank(level_name) >= self._rank(self.required_level(action))

    def allowed_actions(self, level_name: str) -> tuple[str, ...]:
        return tuple(a for a in ALL_ACTIONS if self.level_allows(level_name, a))

    def level_title(self, level_name: str) -> str:
        if level_name == NO_LEVEL:
            return "Not verified"
        return next(level.title for level in self.levels if level.name == level_name)

    def next_step(
        self, passed: Collection[CheckKind], not_on_file: Collection[CheckKind] = ()
    ) -> str | None:
        """What the next level still needs, e.g. "High: 1 more check, including security
        answer"; None at the top level.

        A level that needs a check with nothing on file to compare (`not_on_file`), or more
        checks than are left to ask, cannot be reached, and the step says so instead of
        sending the handler after an answer the customer never gave.
        """
        for level, more, named, why_not in self._levels_ahead(passed, not_on_file):
            if why_not is not None:
                return f"{level.title} cannot be reached: {why_not}"
            needs = f"{more} more check" + ("s" if more > 1 else "")
            if named:
                needs += ", including " + " and ".join(k.label.lower() for k in named)
            return f"{level.title}: {needs}"
        return None

    def unreachable(
        self, passed: Collection[CheckKind], not_on_file: Collection[CheckKind] = ()
    ) -> dict[str, str]:
        """The levels above the one reached that this caller cannot reach in this call, by
        title, with why: {"High": "no security answer on file"}."""
        return {
            level.title: why_not
            for level, _, _, why_not in self._levels_ahead(passed, not_on_file)
            if why_not is not None
        }

    def can_rise(
        self, passed: Collection[CheckKind], not_on_file: Collection[CheckKind] = ()
    ) -> bool:
        """Whether another check could take this caller to a higher level in this call:
        False at the top level, and where every level above needs what is not on file."""
        return any(why_not is None for *_, why_not in self._levels_ahead(passed, not_on_file))

    def _levels_ahead(
        self, passed: Collection[CheckKind], not_on_file: Collection[CheckKind]
    ) -> Iterator[tuple[LevelRule, int, list[CheckKind], str | None]]:
        """Each level not yet reached: how many more checks it needs, the checks it names
        that are not passed, and why it cannot be reached (None: it can)."""
        current = self._rank(self.level_reached(passed))
        askable = [k for k in self.checks if k not in passed and k not in not_on_file]
        for level in self.levels[current:]:
            named = [kind for kind in level.requires if kind not in passed]
            more = max(level.passes - len(passed), len(named), 0)
            if more == 0:
                continue
            missing = [kind for kind in named if kind in not_on_file]
            why_not = None
            if missing:
                why_not = f"no {' or '.join(kind.label.lower() for kind in missing)} on file"
            elif more > len(askable):
                why_not = "too few details on file to check"
            yield level, more, named, why_not

    def next_check(
        self, passed: Collection[CheckKind], not_on_file: Collection[CheckKind] = ()
    ) -> CheckKind | None:
        """The check the next level names that the caller has not passed (the security
        answer for High), if there is one to ask; None where any check will do."""
        current = self._rank(self.level_reached(passed))
        for level in self.levels[current:]:
            named = [kind for kind in level.requires if kind not in passed]
            if max(level.passes - len(passed), len(named)) <= 0:
                continue
            return next((kind for kind in named if kind not in not_on_file), None)
        return None

    def another_check(
        self, passed: Collection[CheckKind], not_to_ask: Collection[CheckKind]
    ) -> CheckKind | None:
        """A check to ask instead of those `not_to_ask` (failed in this call, or with
        nothing on file) that can still take the caller to a higher level: the one the next
        level names, else the first open one in the panel's order; None where none can."""
        if not self.can_rise(passed, not_to_ask):
            return None
        named = self.next_check(passed, not_to_ask)
        if named is not None:
            return named
        return next((k for k in self.checks if k not in passed and k not in not_to_ask), None)

    def question(
        self, kind: CheckKind, security_question: str | None = None, *, representative: bool = False
    ) -> str:
        """The question to ask, with `{question}` (the caller's own security question) and
        `{digits}` (how many phone digits) filled in; a representative is asked for their
        own details (`representative_checks`)."""
        asked = self.representative_checks.get(kind) if representative else None
        text = (asked or self.checks[kind]).replace("{digits}", str(self.phone_digits))
        return text.replace("{question}", security_question or "(no question on file)")
