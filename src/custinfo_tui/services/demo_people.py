"""A deterministic generator of fictitious demo customers: pure data, no I/O.

Everything is invented and reserved for fiction: phone numbers come only from Ofcom's drama
ranges, e-mail addresses are at example.com, example.org and example.net, and postcodes are
real outward codes with made-up inward codes. Names are a broad UK mix (English, Scottish,
Welsh, Irish, South Asian, Polish, West African, Chinese, continental European, Turkish and
Somali), with common surnames such as Smith, Jones, Patel and Khan far more frequent, as in life.

The first five records are NAMED_CUSTOMERS, the same whatever the seed, so the README, docs
and tests can rely on them (references follow from position like everyone else's):

1. John Smith, 12 Acacia Road, London SE1 2QT
2. Zoë Taylor, Flat 2, 7 Station Road, Leeds LS6 3HN
3. Siobhán O'Neill-Ní Bhriain, 48 Church Lane, Belfast BT7 1NN
4. 李 小龍: given name 小龍, family name 李, e-mail xiaolong.li4@example.com
5. Jonathan Smythe, 21 High Street, Bristol BS8 4JL

Every customer's phone number is their own while the drama blocks last (14,000 numbers:
the demo's 2,000 customers and far more): a number drawn that an earlier customer has is
moved on to the next free one in its block, or, the block full, to the next free drama
number. John Smith's 07700 900123 had been two drawn customers' too, so a search for it
found three, and every new customer given it three possible duplicates. 07700 900900 to
900999 are left to no one (`UNGIVEN_MOBILES`), for a number nobody has. Past 14,000
customers (the benchmarks' million) numbers repeat, as they must.

The rest are drawn one after another from a single stream seeded by `seed`, so
`generate_customers(n)` is a prefix of `generate_customers(m)` for n < m: the default 2,000
customers are the first 2,000 of the million-customer set. Every pool (names, numbers,
postcodes) is built once at import, so a million customers take seconds, not minutes.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from custinfo_tui.domain.reference import reference_for_number
from custinfo_tui.services.demo_names import ENGLISH, HERITAGES_BY_WEIGHT, Spelling

DEMO_TODAY = date(2026, 11, 1)
#: One reference number per customer, so at most this many customers.
MAX_CUSTOMERS = 90_000_000
EMAIL_DOMAINS = ("example.com", "example.org", "example.net")

_HISTORY_END = datetime(DEMO_TODAY.year, DEMO_TODAY.month, DEMO_TODAY.day, tzinfo=UTC)
_HISTORY_START = _HISTORY_END.replace(year=DEMO_TODAY.year - 5)
_HISTORY_START_TIMESTAMP = _HISTORY_START.timestamp()
_HISTORY_END_TIMESTAMP = _HISTORY_END.timestamp()
# Born on these days or between them: 18 (with at least a day to sign up) to 95 on DEMO_TODAY.
_YOUNGEST_BIRTH = DEMO_TODAY.replace(year=DEMO_TODAY.year - 18).toordinal() - 1
_AGE_70_BIRTH = DEMO_TODAY.replace(year=DEMO_TODAY.year - 70).toordinal()
_OLDEST_BIRTH = DEMO_TODAY.replace(year=DEMO_TODAY.year - 96).toordinal() + 1
_SHARE_UNDER_70 = 0.85  # roughly the UK's adult population
_SHARE_MOBILE = 0.75
_SHARE_FLATS = 0.12
_SHARE_GIVEN_NAME_FROMENGLISH = 0.12
# Born after this day, a customer turned 18 within the history, so cannot have joined before.
_ADULT_BEFORE_HISTORY = _HISTORY_START.date().replace(year=_HISTORY_START.year - 18).toordinal()


@dataclass(frozen=True, slots=True)
class DemoCustomer:
    """One fictitious customer, every field already in the form the validators produce."""

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


# --- Phone numbers: Ofcom's drama ranges, 1,000 numbers each ---------------------------------


def _drama_block(e164_prefix: str) -> tuple[str, ...]:
    return tuple(f"{e164_prefix}{n:03d}" for n in range(1000))


#: 07700 900000-900999. libphonenumber calls these invalid (they are never allocated);
#: custinfo_tui.domain.phone accepts them for exactly that reason.
MOBILE_NUMBERS = _drama_block("+447700900")
# Nottingham's 0115 496 0xxx is missing: libphonenumber rejects it.
_LONDON = _drama_block("+442079460")  # 020 7946 0xxx
_LEEDS = _drama_block("+441134960")  # 0113 496 0xxx
_SHEFFIELD = _drama_block("+441144960")  # 0114 496 0xxx
_LEICESTER = _drama_block("+441164960")  # 0116 496 0xxx
_BRISTOL = _drama_block("+441174960")  # 0117 496 0xxx
_READING = _drama_block("+441184960")  # 0118 496 0xxx
_BIRMINGHAM = _drama_block("+441214960")  # 0121 496 0xxx
_EDINBURGH = _drama_block("+441314960")  # 0131 496 0xxx
_GLASGOW = _drama_block("+441414960")  # 0141 496 0xxx
_LIVERPOOL = _drama_block("+441514960")  # 0151 496 0xxx
_MANCHESTER = _drama_block("+441614960")  # 0161 496 0xxx
_CARDIFF = _drama_block("+442920180")  # 029 2018 0xxx
_BELFAST = _drama_block("+442896496")  # 028 9649 6xxx
_NO_LANDLINES: tuple[str, ...] = ()


# --- Addresses --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Town:
    name: str
    weight: int
    outward_codes: tuple[str, ...]
    landlines: tuple[str, ...]  # the drama block with this town's dialling code, if any


_TOWNS = (
    _Town("London", 14, ("SW1A", "SE1", "N1", "E2", "SW11", "SE15", "E17", "N16", "NW1", "W2",
                         "EC1V", "WC1N", "SW19", "E14"), _LONDON),
    _Town("Birmingham", 4, ("B1", "B15", "B13", "B29"), _BIRMINGHAM),
    _Town("Manchester", 4, ("M1", "M14", "M20", "M4"), _MANCHESTER),
    _Town("Leeds", 3, ("LS1", "LS6", "LS8", "LS11"), _LEEDS),
    _Town("Glasgow", 3, ("G1", "G12", "G41", "G20"), _GLASGOW),
    _Town("Sheffield", 2, ("S1", "S10", "S11", "S7"), _SHEFFIELD),
    _Town("Liverpool", 2, ("L1", "L8", "L15", "L17"), _LIVERPOOL),
    _Town("Bristol", 2, ("BS1", "BS8", "BS3", "BS6"), _BRISTOL),
    _Town("Edinburgh", 2, ("EH1", "EH8", "EH6", "EH10"), _EDINBURGH),
    _Town("Cardiff", 2, ("CF10", "CF24", "CF5", "CF14"), _CARDIFF),
    _Town("Leicester", 2, ("LE1", "LE2", "LE3", "LE5"), _LEICESTER),
    _Town("Nottingham", 2, ("NG1", "NG7", "NG5"), _NO_LANDLINES),
    _Town("Belfast", 2, ("BT1", "BT7", "BT9", "BT15"), _BELFAST),
    _Town("Newcastle upon Tyne", 2, ("NE1", "NE2", "NE4", "NE6"), _NO_LANDLINES),
    _Town("Reading", 1, ("RG1", "RG2", "RG30"), _READING),
    _Town("Stoke-on-Trent", 1, ("ST1", "ST4"), _NO_LANDLINES),
    _Town("Norwich", 1, ("NR1", "NR2", "NR3"), _NO_LANDLINES),
    _Town("York", 1, ("YO1", "YO10", "YO31"), _NO_LANDLINES),
    _Town("Swansea", 1, ("SA1", "SA2"), _NO_LANDLINES),
    _Town("Aberdeen", 1, ("AB10", "AB24"), _NO_LANDLINES),
    _Town("Brighton", 1, ("BN1", "BN2"), _NO_LANDLINES),
    _Town("Southampton", 1, ("SO14", "SO15"), _NO_LANDLINES),
    _Town("Inverness", 1, ("IV1", "IV2"), _NO_LANDLINES),
)  # fmt: skip
_TOWNS_BY_WEIGHT = tuple(town for town in _TOWNS for _ in range(town.weight))
#: Every landline the generator can give, from the drama blocks of the towns above.
LANDLINE_NUMBERS = tuple(number for town in _TOWNS for number in town.landlines)

_STREETS = (
    "Acacia Road", "Station Road", "High Street", "Church Lane", "Park Avenue", "Victoria Road",
    "Mill Lane", "The Green", "Queen's Road", "Kings Road", "Manor Way", "Orchard Close",
    "Meadow View", "Chapel Street", "Main Street", "Bridge Street", "School Lane", "North Street",
    "Windsor Avenue", "Elm Grove", "Springfield Road", "Highfield Road", "Albert Road",
    "New Road", "Grange Road", "St John's Road", "Hillside Crescent", "Oak Tree Drive",
    "Beech Avenue", "Willow Way", "Cedar Close", "Riverside Walk", "Market Place",
    "London Road", "York Street", "Castle Street", "Well Lane", "Chestnut Grove", "Glebe Road",
)  # fmt: skip

_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
_INWARD_CODES = tuple(
    f"{digit}{first}{second}"
    for digit in range(10)
    for first in _INWARD_LETTERS
    for second in _INWARD_LETTERS
)


# --- The named customers at the start ---------------------------------------------------------


def _reference(index: int) -> str:
    # index -> (index x 48,271 + 12,345) mod 90,000,000 is a permutation (48,271 shares no
    # factor with 90,000,000), so references are unique without looking sequential.
    return reference_for_number(10_000_000 + (index * 48_271 + 12_345) % MAX_CUSTOMERS)


def _email(given: Spelling, family: Spelling, index: int, domain: str) -> str:
    """given.family and the record number; names hold no digits, so the number keeps it unique."""
    return f"{given[1]}.{family[1]}{index + 1}@{domain}"


def _utc(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


#: The first five customers, the same for every seed. Docs and tests may rely on all of this.
NAMED_CUSTOMERS = (
    DemoCustomer(
        _reference(0), "John", "Smith", date(1980, 4, 12), "+447700900123",
        "john.smith1@example.com", "12 Acacia Road", None, "London", "SE1 2QT",
        _utc(2022, 1, 10, 9, 30),
    ),
    DemoCustomer(
        _reference(1), "Zoë", "Taylor", date(1995, 8, 30), "+441134960872",
        "zoe.taylor2@example.com", "7 Station Road", "Flat 2", "Leeds", "LS6 3HN",
        _utc(2023, 5, 2, 14, 5),
    ),
    DemoCustomer(
        _reference(2), "Siobhán", "O'Neill-Ní Bhriain", date(1972, 3, 17), "+442896496001",
        "siobhan.oneill-nibhriain3@example.com", "48 Church Lane", None, "Belfast", "BT7 1NN",
        _utc(2022, 9, 19, 11, 42),
    ),
    DemoCustomer(
        _reference(3), "小龍", "李", date(1958, 11, 27), "+441614960318",
        "xiaolong.li4@example.com", "3 Park Avenue", None, "Manchester", "M14 5RQ",
        _utc(2024, 2, 8, 16, 20),
    ),
    DemoCustomer(
        _reference(4), "Jonathan", "Smythe", date(1949, 6, 2), "+447700900555",
        "jonathan.smythe5@example.com", "21 High Street", None, "Bristol", "BS8 4JL",
        _utc(2025, 7, 23, 10, 15),
    ),
)  # fmt: skip


# --- Generation -------------------------------------------------------------------------------


def generate_customers(count: int, seed: int = 2026) -> Iterator[DemoCustomer]:
    """Yield `count` fictitious customers: the named ones first, then drawn from `seed`.

    The same (count, seed) always gives the same customers, and a smaller count gives a
    prefix of a larger one. Raises ValueError for a count outside 0..MAX_CUSTOMERS.
    """
    if not 0 <= count <= MAX_CUSTOMERS:
        raise ValueError(f"count must be between 0 and {MAX_CUSTOMERS:,}")
    return _customers(count, random.Random(seed))


def _customers(count: int, rng: random.Random) -> Iterator[DemoCustomer]:
    yield from NAMED_CUSTOMERS[:count]
    phones = _DistinctPhones((*(person.phone for person in NAMED_CUSTOMERS), *UNGIVEN_MOBILES))
    for index in range(len(NAMED_CUSTOMERS), count):
        person = _drawn_customer(index, rng.random)
        phone = phones.own(person.phone, _LANDLINES_OF[person.town])
        yield person if phone == person.phone else replace(person, phone=phone)


#: 07700 900900-900999, never a demo customer's while numbers last: for a number "no one
#: has" in examples and tests (the rest of the mobiles are all given to the 2,000).
UNGIVEN_MOBILES = MOBILE_NUMBERS[900:]
#: Each town's drama block of landlines (empty for a town without one).
_LANDLINES_OF = {town.name: town.landlines for town in _TOWNS}
#: Every drama number the generator can give.
_ALL_NUMBERS = MOBILE_NUMBERS + LANDLINE_NUMBERS
#: Digits a drama block varies in: each is a prefix and 000-999.
_BLOCK_DIGITS = 3


class _DistinctPhones:
    """The numbers given so far, so each customer's is their own while any is free."""

    def __init__(self, given: Iterable[str]) -> None:
        self._used = set(given)
        self._full_blocks: set[str] = set()
        self._next_spare = 0  # where to look for a free number in `_ALL_NUMBERS`

    def own(self, drawn: str, landlines: tuple[str, ...]) -> str:
        """`drawn`, or the next number free after it in its block, or a free one of the
        customer's town's `landlines` (the drama mobiles are only 1,000), or the next free
        drama number anywhere; `drawn` itself once every drama number is given."""
        if len(self._used) >= len(_ALL_NUMBERS):
            return drawn
        number = drawn if drawn not in self._used else self._free_in_block(drawn)
        if number is None and landlines:
            number = self._free_in_block(landlines[0], first_step=0)
        if number is None:
            number = self._spare()
        self._used.add(number)
        return number

    def _free_in_block(self, drawn: str, *, first_step: int = 1) -> str | None:
        """The first number of `drawn`'s block not given, from `first_step` after it on."""
        block, last = drawn[:-_BLOCK_DIGITS], int(drawn[-_BLOCK_DIGITS:])
        if block in self._full_blocks:
            return None
        size = 10**_BLOCK_DIGITS
        for step in range(first_step, size):
            number = f"{block}{(last + step) % size:0{_BLOCK_DIGITS}d}"
            if number not in self._used:
                return number
        self._full_blocks.add(block)
        return None

    def _spare(self) -> str:
        while _ALL_NUMBERS[self._next_spare] in self._used:
            self._next_spare += 1
        return _ALL_NUMBERS[self._next_spare]


_Random = Callable[[], float]


def _drawn_customer(index: int, rand: _Random) -> DemoCustomer:
    given, family = _draw_names(rand)
    born, created_at = _draw_dates(rand)
    town = _TOWNS_BY_WEIGHT[int(rand() * len(_TOWNS_BY_WEIGHT))]
    phones = MOBILE_NUMBERS
    if town.landlines and rand() >= _SHARE_MOBILE:
        phones = town.landlines
    phone = phones[int(rand() * len(phones))]
    outward = town.outward_codes[int(rand() * len(town.outward_codes))]
    inward = _INWARD_CODES[int(rand() * len(_INWARD_CODES))]
    house_number = 1 + int(rand() ** 2 * 180)  # low numbers are commoner
    street = _STREETS[int(rand() * len(_STREETS))]
    flat = f"Flat {1 + int(rand() * 24)}" if rand() < _SHARE_FLATS else None
    domain = EMAIL_DOMAINS[int(rand() * len(EMAIL_DOMAINS))]
    # Positional arguments: a frozen dataclass is built noticeably faster so, a million times.
    return DemoCustomer(
        _reference(index),
        given[0],
        family[0],
        born,
        phone,
        _email(given, family, index, domain),
        f"{house_number} {street}",
        flat,
        town.name,
        f"{outward} {inward}",
        created_at,
    )


def _draw_names(rand: _Random) -> tuple[Spelling, Spelling]:
    heritage = HERITAGES_BY_WEIGHT[int(rand() * len(HERITAGES_BY_WEIGHT))]
    female = rand() < 0.5
    given_from = heritage
    if heritage.borrows_english_given_names and rand() < _SHARE_GIVEN_NAME_FROMENGLISH:
        given_from = ENGLISH
    given_names = given_from.female_given if female else given_from.male_given
    family_names = heritage.female_family if female else heritage.male_family
    given = given_names[int(rand() * len(given_names))]
    return given, family_names[int(rand() * len(family_names))]


def _draw_dates(rand: _Random) -> tuple[date, datetime]:
    """A date of birth (85% aged 18-69, the rest 70-95) and a sign-up time after turning 18."""
    if rand() < _SHARE_UNDER_70:
        born_day = _AGE_70_BIRTH + 1 + int(rand() * (_YOUNGEST_BIRTH - _AGE_70_BIRTH))
    else:
        born_day = _OLDEST_BIRTH + int(rand() * (_AGE_70_BIRTH - _OLDEST_BIRTH + 1))
    born = date.fromordinal(born_day)
    earliest = _HISTORY_START_TIMESTAMP
    if born_day > _ADULT_BEFORE_HISTORY:
        earliest = _midnight_utc(_eighteenth_birthday(born)).timestamp()
    joined = earliest + int(rand() * (_HISTORY_END_TIMESTAMP - earliest))
    return born, datetime.fromtimestamp(joined, UTC)


def _midnight_utc(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _eighteenth_birthday(born: date) -> date:
    try:
        return born.replace(year=born.year + 18)
    except ValueError:  # born on 29 February: the birthday falls on 1 March
        return date(born.year + 18, 3, 1)
