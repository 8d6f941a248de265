"""Errors services raise. Messages are for the handler and never contain personal values."""

from __future__ import annotations


class ServiceError(Exception):
    """Base class: the screen shows `str(error)` at the place the handler is working."""


class PermissionDenied(ServiceError):
    def __init__(self, action: str) -> None:
        super().__init__(f"Your role does not allow you to {action}.")
        self.action = action


class NotFound(ServiceError):
    pass


class AlreadyInitialised(ServiceError):
    pass
