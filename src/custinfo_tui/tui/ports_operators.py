"""What the administrator's operators screen needs from the service layer (part of
`ConsoleServicesPort`, tui/ports.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from custinfo_tui.domain.operators import Actor, IssuedPassword, OperatorSummary
    from custinfo_tui.domain.roles import Role


class OperatorsPort(Protocol):
    def operators(self, actor: Actor) -> list[OperatorSummary]: ...

    def add_operator(
        self, actor: Actor, username: str, display_name: str, role: Role
    ) -> IssuedPassword: ...

    def check_new_operator(self, actor: Actor, username: str, display_name: str) -> None: ...

    def reset_operator_password(self, actor: Actor, username: str) -> IssuedPassword: ...

    def disable_operator(self, actor: Actor, username: str) -> OperatorSummary: ...

    def enable_operator(self, actor: Actor, username: str) -> OperatorSummary: ...

    def change_operator_role(self, actor: Actor, username: str, role: Role) -> OperatorSummary: ...
