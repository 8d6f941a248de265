"""The administrator's part of the console: the operators, listed, added, their passwords
reset, disabled and enabled, their roles changed (services/operators.py, the same calls
as `custinfo operator`; each audited under the administrator's name)."""

from __future__ import annotations

from custinfo_tui.domain.operators import Actor, IssuedPassword, OperatorSummary
from custinfo_tui.domain.roles import Role
from custinfo_tui.services import operators
from custinfo_tui.services.console.bound import Bound
from custinfo_tui.services.retry import retried


class AdministrationServices(Bound):
    """Managing operators."""

    @retried
    def operators(self, actor: Actor) -> list[OperatorSummary]:
        return operators.list_operators(self._uow_for(actor), actor)

    @retried
    def add_operator(
        self, actor: Actor, username: str, display_name: str, role: Role
    ) -> IssuedPassword:
        return operators.add_operator(self._uow_for(actor), actor, username, display_name, role)

    @retried
    def check_new_operator(self, actor: Actor, username: str, display_name: str) -> None:
        operators.check_new_operator(self._uow_for(actor), actor, username, display_name)

    @retried
    def reset_operator_password(self, actor: Actor, username: str) -> IssuedPassword:
        return operators.reset_password(self._uow_for(actor), actor, username)

    @retried
    def disable_operator(self, actor: Actor, username: str) -> OperatorSummary:
        return operators.disable_operator(self._uow_for(actor), actor, username)

    @retried
    def enable_operator(self, actor: Actor, username: str) -> OperatorSummary:
        return operators.enable_operator(self._uow_for(actor), actor, username)

    @retried
    def change_operator_role(self, actor: Actor, username: str, role: Role) -> OperatorSummary:
        return operators.change_role(self._uow_for(actor), actor, username, role)
