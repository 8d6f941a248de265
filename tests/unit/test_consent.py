"""The lawful bases and Article 9 conditions a handler chooses from (MP-07)."""

from __future__ import annotations

from custinfo_tui.domain.consent import (
    MARKETING_DEFAULT,
    LawfulBasis,
    MarketingChannel,
    SpecialCategoryCondition,
)


def test_there_are_exactly_the_six_uk_gdpr_lawful_bases() -> None:
    assert len(LawfulBasis) == 6
    assert [basis.label[-8:] for basis in LawfulBasis] == [
        f"6(1)({letter}))" for letter in "abcdef"
    ]


def test_every_condition_and_channel_has_a_label_and_marketing_starts_off() -> None:
    assert all(condition.label for condition in SpecialCategoryCondition)
    assert [channel.label for channel in MarketingChannel] == [
        "E-mail",
        "Text message",
        "Phone",
        "Post",
    ]
    assert MARKETING_DEFAULT is False


def test_unticking_a_channel_or_leaving_an_unanswered_one_unticked_refuses_marketing_only() -> None:
    from custinfo_tui.domain.consent import ConsentAnswers, MarketingChannel, consent_change

    email, post = MarketingChannel.EMAIL, MarketingChannel.POST
    before = ConsentAnswers(marketing=frozenset({email, post}))
    withdrawn = consent_change(
        before, ConsentAnswers(marketing=frozenset({post})), set(MarketingChannel)
    )
    assert withdrawn.refused == {email} and withdrawn.refuses_marketing_only
    objection = consent_change(ConsentAnswers(), ConsentAnswers(), answered=())
    assert objection.refused == set(MarketingChannel) and objection.refuses_marketing_only
    giving = consent_change(ConsentAnswers(), before, answered=set(MarketingChannel))
    assert giving.given == {email, post} and not giving.refuses_marketing_only
    assert consent_change(before, before, answered=set(MarketingChannel)).nothing
