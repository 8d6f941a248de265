"""A deterministic generator of fictitious demo customers. No I/O: pure data.

Everything is invented and reserved for fiction: phone numbers come only from Ofcom's
drama ranges, e-mail addresses are at example.com/.org/.net, postcodes are plausible
UK postcodes built from real outward codes with made-up inward codes.

The first records are always the same named customers, which the README, docs and tests
rely on:

1. John Smith
2. Zoë Taylor
3. Siobhán O'Neill-Ní Bhriain
4. 小龍 李 (given name 小龍, family name 李)
5. Jonathan Smythe

`generate_customers(n)` is a prefix of `generate_customers(m)` for n < m, so the default
2,000 customers are the first 2,000 of the million-customer set.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from custinfo_tui.domain.reference import LOWEST_NUMBER, reference_for_number

DEMO_TODAY = date(2026, 11, 1)
_REFERENCE_SPAN = 90_000_000
# i -> (i * 48271 + 12345) mod 90,000,000 is a permutation (48271 is coprime with 2 and 5),
# so references are unique without looking sequential.
_REFERENCE_MULTIPLIER = 48_271
_REFERENCE_OFFSET = 12_345
_HISTORY_START = datetime(2021, 11, 1, tzinfo=UTC)
_HISTORY_SECONDS = int((datetime(2026, 11, 1, tzinfo=UTC) - _HISTORY_START).total_seconds())


@dataclass(frozen=True, slots=True)
class DemoCustomer:
    reference: str
    given_name: str
    family_name: str
    date_of_birth: date
    phone: str
    email: str
    address_line1: str
    address_line2: str | None
    town: str
    postcode: str
    created_at: datetime


# (E.164 prefix, number of digits that follow) for Ofcom's drama ranges.
_MOBILE_RANGE = ("+447700900", 3)  # 07700 900000-900999
_LANDLINE_RANGES = (
    ("+442079460", 3),  # 020 7946 0xxx
    ("+441134960", 3),  # 0113 496 0xxx
    ("+441144960", 3),  # 0114 496 0xxx
    ("+441164960", 3),  # 0116 496 0xxx
    ("+441174960", 3),  # 0117 496 0xxx
    ("+441184960", 3),  # 0118 496 0xxx
    ("+441214960", 3),  # 0121 496 0xxx
    ("+441314960", 3),  # 0131 496 0xxx
    ("+441414960", 3),  # 0141 496 0xxx
    ("+441514960", 3),  # 0151 496 0xxx
    ("+441614960", 3),  # 0161 496 0xxx
    ("+442920180", 3),  # 029 2018 0xxx
    ("+442896496", 3),  # 028 9649 6xxx
)


def _numbers(prefix: str, digits: int) -> list[str]:
    return [f"{prefix}{n:0{digits}d}" for n in range(10**digits)]


MOBILE_NUMBERS = _numbers(*_MOBILE_RANGE)
LANDLINE_NUMBERS = [number for r in _LANDLINE_RANGES for number in _numbers(*r)]


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_GIVEN_NAMES = _words(
    "Oliver George Harry Jack Jacob Noah Charlie Thomas Oscar William James Leo Alfie Henry "
    "Joshua Freddie Archie Ethan Isaac Alexander Joseph Edward Samuel Max Daniel Arthur Lucas "
    "Mohammed Logan Theo Harrison Benjamin Mason Sebastian Finley Adam Dylan Zachary Riley "
    "Teddy Theodore David Elijah Jake Toby Louie Reuben Arlo Hugo Luca Jaxon Matthew Harvey "
    "Reggie Michael Tommy Jenson Frankie Rory Amelia Olivia Isla Emily Poppy Ava Isabella "
    "Jessica Lily Sophie Grace Sophia Mia Evie Ruby Ella Scarlett Isabelle Chloe Sienna Freya "
    "Phoebe Charlotte Daisy Alice Florence Eva Sofia Millie Lucy Evelyn Elsie Rosie Imogen "
    "Lola Matilda Elizabeth Layla Holly Lilly Molly Erin Ellie Maisie Maya Abigail Eliza "
    "Georgia Jasmine Esme Willow Bella Annabelle Ivy Amber Emilia Emma Harriet Sarah Susan "
    "Margaret Patricia Linda Barbara Jennifer Mary Karen Helen Janet Pauline Gareth Rhys "
    "Dafydd Gwen Cerys Eilidh Callum Hamish Mhairi Fionn Niamh Aoife Saoirse Ciarán Seán "
    "Siobhán Pádraig Róisín Eoin Aisling Priya Arjun Anjali Rahul Deepa Sanjay Aisha Imran "
    "Fatima Yusuf Zainab Bilal Amir Nadia Tomasz Katarzyna Piotr Agnieszka Marta Łukasz "
    "Chidi Ngozi Oluwaseun Adaeze Emeka Folake Kwame Ama Wei Mei Jun Ling Hui Chloé Zoë José "
    "Renée Noël Björn Inés Joaquín Anaïs Jürgen Søren Mónica"
)
_HAN_GIVEN_NAMES = ("小龍", "美玲", "偉", "秀英", "建國", "麗華")

_COMMON_FAMILY_NAMES = _words(
    "Smith Jones Taylor Brown Williams Wilson Johnson Davies Patel Khan Robinson Wright "
    "Thompson Evans Walker White Roberts Green Hall Wood Jackson Clarke"
)
_FAMILY_NAMES = (
    *_words(
        "Hughes Edwards Turner Hill Moore Martin Cooper Ward Morris King Harris Lewis Baker Lee "
        "Allen Young Scott Mitchell Anderson Campbell Stewart MacDonald McLeod Fraser Murray Reid "
        "Ross Kerr Morgan Griffiths Price Rees Jenkins Lloyd Powell Owen Llewellyn Pritchard "
        "O'Brien O'Connor O'Sullivan Murphy Kelly Byrne Ryan Walsh Doyle McCarthy Gallagher "
        "Smith-Jones Harding-Wells Bowes-Lyon Ahmed Ali "
        "Hussain Begum Rahman Iqbal Shah Singh Kaur Sharma Gupta Mistry Chauhan Desai Mehta "
        "Kowalski Nowak Wiśniewski Wójcik Kamiński Lewandowski Zieliński Okafor Adeyemi Okonkwo "
        "Balogun Mensah Asante Chen Wang Li Zhang Liu Huang Nguyen Tran Kim Park Garcia Rodríguez "
        "Fernández López Müller Schäfer Dubois Lefèvre Rossi Ricci Costa Silva Novák Andersson "
        "Smythe Fairweather Blackwood Thornton Ashworth Pemberton Whitfield Hargreaves Sutcliffe "
        "Featherstone Cartwright Higginbottom Ramsbottom Oakley Lockwood Radcliffe Bellamy"
    ),
    # Names with spaces in them cannot go through _words().
    "Ní Bhriain",
    "Ó Súilleabháin",
    "Mac Giolla Bhríde",
    "van der Berg",
    "de Souza",
)
_HAN_FAMILY_NAMES = ("李", "王", "張", "陳", "劉")

_STREETS = (
    "Acacia Road",
    "Station Road",
    "High Street",
    "Church Lane",
    "Park Avenue",
    "Victoria Road",
    "Green Lane",
    "Manor Road",
    "Mill Lane",
    "The Crescent",
    "Kings Road",
    "Queens Road",
    "New Road",
    "Grange Road",
    "School Lane",
    "Orchard Close",
    "Meadow Way",
    "Chestnut Grove",
    "Windsor Drive",
    "Albert Street",
    "Elm Grove",
    "Springfield Road",
    "North Street",
    "Highfield Road",
    "St John's Road",
    "Beech Avenue",
    "Willow Walk",
    "Rose Hill",
)

_TOWNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("London", ("SW1A", "SE1", "N1", "E2", "NW3", "W11", "EC1V", "SW9")),
    ("Leeds", ("LS1", "LS6", "LS8")),
    ("Manchester", ("M1", "M14", "M20")),
    ("Birmingham", ("B1", "B15", "B29")),
    ("Glasgow", ("G1", "G12", "G41")),
    ("Cardiff", ("CF10", "CF24", "CF5")),
    ("Belfast", ("BT1", "BT7", "BT9")),
    ("Bristol", ("BS1", "BS8", "BS6")),
    ("Edinburgh", ("EH1", "EH8", "EH10")),
    ("Sheffield", ("S1", "S10", "S11")),
    ("Nottingham", ("NG1", "NG7")),
    ("Leicester", ("LE1", "LE2")),
    ("Liverpool", ("L1", "L8", "L17")),
    ("Newcastle upon Tyne", ("NE1", "NE2", "NE6")),
)
_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
_EMAIL_DOMAINS = ("example.com", "example.org", "example.net")

_NAMED = (
    ("John", "Smith"),
    ("Zoë", "Taylor"),
    ("Siobhán", "O'Neill-Ní Bhriain"),
    ("小龍", "李"),
    ("Jonathan", "Smythe"),
)


def _ascii(text: str) -> str:
    """E-mail local part for a name: accents dropped, only letters and digits kept."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "".join(ch for ch in folded if ch.isalnum())


def _name(rng: random.Random, index: int) -> tuple[str, str]:
    if index < len(_NAMED):
        return _NAMED[index]
    if rng.random() < 0.01:
        return rng.choice(_HAN_GIVEN_NAMES), rng.choice(_HAN_FAMILY_NAMES)
    # Common surnames are much more frequent, as in the population.
    families = _COMMON_FAMILY_NAMES if rng.random() < 0.35 else _FAMILY_NAMES
    return rng.choice(_GIVEN_NAMES), rng.choice(families)


def _email(given: str, family: str, index: int) -> str:
    local = ".".join(part for part in (_ascii(given), _ascii(family)) if part) or "customer"
    return f"{local}.{index + 1}@{_EMAIL_DOMAINS[index % len(_EMAIL_DOMAINS)]}"


def _postcode(rng: random.Random, outward_codes: tuple[str, ...]) -> str:
    letters = rng.choice(_INWARD_LETTERS) + rng.choice(_INWARD_LETTERS)
    return f"{rng.choice(outward_codes)} {rng.randrange(1, 10)}{letters}"


def _date_of_birth(rng: random.Random) -> date:
    # Ages 18 to 95 on DEMO_TODAY.
    youngest = DEMO_TODAY.replace(year=DEMO_TODAY.year - 18)
    span_days = (youngest - DEMO_TODAY.replace(year=DEMO_TODAY.year - 95)).days
    return youngest - timedelta(days=rng.randrange(span_days))


def generate_customers(count: int, seed: int = 2026) -> Iterator[DemoCustomer]:
    """Yield `count` fictitious customers, the same ones every time for the same seed."""
    rng = random.Random(seed)
    for index in range(count):
        given, family = _name(rng, index)
        town, outward_codes = rng.choice(_TOWNS)
        number = (
            LOWEST_NUMBER + (index * _REFERENCE_MULTIPLIER + _REFERENCE_OFFSET) % _REFERENCE_SPAN
        )
        phone = rng.choice(MOBILE_NUMBERS if rng.random() < 0.8 else LANDLINE_NUMBERS)
        line2 = f"Flat {rng.randrange(1, 30)}" if rng.random() < 0.15 else None
        yield DemoCustomer(
            reference=reference_for_number(number),
            given_name=given,
            family_name=family,
            date_of_birth=_date_of_birth(rng),
            phone=phone,
            email=_email(given, family, index),
            address_line1=f"{rng.randrange(1, 200)} {rng.choice(_STREETS)}",
            address_line2=line2,
            town=town,
            postcode=_postcode(rng, outward_codes),
            created_at=_HISTORY_START + timedelta(seconds=rng.randrange(_HISTORY_SECONDS)),
        )
