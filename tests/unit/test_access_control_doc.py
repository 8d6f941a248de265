"""docs/access-control.md states the same permission matrix the services enforce."""

from __future__ import annotations

from pathlib import Path

from custinfo_tui.domain.roles import Role
from custinfo_tui.services.permissions import ROLE_PERMISSIONS, Permission

DOC = Path(__file__).resolve().parents[2] / "docs" / "access-control.md"


def _documented_matrix() -> dict[str, dict[str, bool]]:
    lines = DOC.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| permission |"))
    roles = [cell.strip() for cell in lines[start].strip("|").split("|")][1:]
    matrix = {}
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        matrix[cells[0]] = dict(zip(roles, (c == "yes" for c in cells[1:]), strict=True))
    return matrix


def test_documented_matrix_matches_the_enforced_one() -> None:
    enforced = {
        permission.value: {role.value: permission in ROLE_PERMISSIONS[role] for role in Role}
        for permission in Permission
    }
    assert _documented_matrix() == enforced
