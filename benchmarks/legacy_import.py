"""The legacy import (`custinfo import`, docs/import.md) of a million fictitious customers.

    .venv/bin/python -m benchmarks.legacy_import [--rows N] [--workers N] [--batch-rows N]
        [--phones-checked-anew]

Writes a legacy-style CSV (Windows-1252, dates as 14/03/1985, phones as dialled, some
names in capitals) of the demo data set's fictitious people, with about 1% rows spoiled
(impossible dates, broken e-mails, an escape sequence in a name, a missing surname, a
stray delimiter) and about 0.5% repeats of earlier rows; names with letters Windows-1252
lacks are written with "?" (about 3% of rows), as real exports do, and refused. Then
imports it into a fresh SQLite database through the service, every row fully validated.
Prints rows/s, total seconds, the peak resident memory of the importing process and of its
busiest worker, and the CPU seconds of each. Figures, never assertions. The CSV is kept
in benchmarks/data/ for the next run. The drama ranges hold only a few thousand numbers,
so each recurs and its check is remembered; `--phones-checked-anew` checks every one, as
a real file's mostly distinct numbers would need.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from custinfo_tui.composition import build_engine_for, uow_factory_for
from custinfo_tui.domain.phone import format_phone_national
from custinfo_tui.repository.migrate import upgrade_to_head
from custinfo_tui.services.demo_people import generate_customers
from custinfo_tui.services.legacy_import import LoadedMapping, import_customers
from custinfo_tui.services.legacy_import import load_mapping as _load_mapping

DATA = Path(__file__).resolve().parent / "data"
HEADER = ("Cust No", "Forename", "Surname", "DOB", "Tel", "Email", "Addr1", "Addr2", "Town", "PC")
MAPPING = """\
encoding = "cp1252"
date_formats = ["%d/%m/%Y"]
[columns]
given_name = "Forename"
family_name = "Surname"
date_of_birth = "DOB"
phone = "Tel"
email = "Email"
address_line1 = "Addr1"
address_line2 = "Addr2"
town = "Town"
postcode = "PC"
"""


def write_legacy_csv(path: Path, rows: int, seed: int = 17) -> None:
    """A legacy export of `rows` fictitious customers, with bad rows and duplicates."""
    rng = random.Random(seed)
    earlier: list[list[str]] = []
    with path.open("w", encoding="cp1252", errors="replace", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(HEADER)
        for number, person in enumerate(generate_customers(rows, seed=seed), start=1):
            row = [
                f"L{number:07d}",
                person.given_name.upper() if rng.random() < 0.1 else person.given_name,
                person.family_name,
                person.date_of_birth.strftime("%d/%m/%Y"),
                format_phone_national(person.phone),
                person.email,
                person.address_line1,
                person.address_line2 or "",
                person.town,
                person.postcode.lower() if rng.random() < 0.1 else person.postcode,
            ]
            draw = rng.random()
            if draw < 0.005 and earlier:
                row = [f"L{number:07d}", *rng.choice(earlier)[1:]]  # the same person again
            elif draw < 0.015:
                _spoil(row, rng)
            if len(earlier) < 10_000 and rng.random() < 0.01:
                earlier.append(row)
            writer.writerow(row)


def _spoil(row: list[str], rng: random.Random) -> None:
    match rng.randrange(5):
        case 0:
            row[3] = "31/02/1980"
        case 1:
            row[5] = row[5].replace("@", "")
        case 2:
            row[1] = "\x1b[31m" + row[1]
        case 3:
            row[2] = ""
        case _:
            row.append("stray")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--batch-rows", type=int, default=10_000)
    parser.add_argument(
        "--phones-checked-anew",
        action="store_true",
        help="remember no phone number's check: each is checked anew, as a real file's mostly "
        "distinct numbers are (the drama numbers here repeat)",
    )
    args = parser.parse_args(argv)
    if args.phones_checked_anew:
        # Set before the checking workers fork from this process, so they inherit it.
        from custinfo_tui.domain import legacy_import as checks

        checks._CHECKS["phone"] = checks._check_value
    DATA.mkdir(exist_ok=True)
    source = DATA / f"legacy-{args.rows}.csv"
    if not source.exists():
        started = time.perf_counter()
        write_legacy_csv(source, args.rows)
        print(f"wrote {source} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    with tempfile.TemporaryDirectory() as folder:
        mapping_file = Path(folder) / "mapping.toml"
        mapping_file.write_text(MAPPING, encoding="utf-8")
        mapping: LoadedMapping = _load_mapping(mapping_file)
        engine = build_engine_for(f"sqlite+pysqlite:///{folder}/import.db")
        upgrade_to_head(engine)
        usage = resource.getrusage(resource.RUSAGE_SELF)
        cpu_before = usage.ru_utime + usage.ru_stime
        started = time.perf_counter()
        report = import_customers(
            uow_factory_for(engine),
            source,
            mapping,
            Path(folder) / "rejects.csv",
            workers=args.workers,
            batch_rows=args.batch_rows,
        )
        seconds = time.perf_counter() - started
        engine.dispose()
    own_usage = resource.getrusage(resource.RUSAGE_SELF)
    worker_usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    own, workers = own_usage.ru_maxrss / 1024, worker_usage.ru_maxrss / 1024
    own_cpu = own_usage.ru_utime + own_usage.ru_stime - cpu_before
    worker_cpu = worker_usage.ru_utime + worker_usage.ru_stime
    print(
        f"read {report.read:,} = accepted {report.accepted:,} + rejected {report.rejected:,}; "
        f"{report.flagged:,} flagged as possible duplicates"
    )
    print(f"{report.read / seconds:,.0f} rows/s, {seconds:.1f} s in all, {args.workers} workers")
    print(f"peak RSS: importing process {own:.0f} MB, busiest worker {workers:.0f} MB")
    # On an idle machine the wall time is about the larger of the importing process's CPU
    # time and all the CPU time shared over the cores.
    idle = max(own_cpu, (own_cpu + worker_cpu) / (os.cpu_count() or 1))
    print(
        f"CPU seconds: importing process {own_cpu:.1f}, workers {worker_cpu:.1f} "
        f"(about {idle:.1f} s on an idle machine)"
    )
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
