"""Who is acting: a signed-in user, an agency's API token, or the system (worker, CLI)."""

from __future__ import annotations

from dataclasses import dataclass, field

from permits.models import Case, Role, User


@dataclass(frozen=True)
class Actor:
    name: str  # as written to the audit log
    user_id: int | None = None
    role: Role | None = None
    groups: frozenset[str] = field(default_factory=frozenset)
    authority_id: int | None = None

    @classmethod
    def for_user(cls, user: User) -> Actor:
        return cls(
            name=user.actor,
            user_id=user.id,
            role=user.role,
            groups=user.groups,
            authority_id=user.authority_id,
        )

    @classmethod
    def system(cls, what: str) -> Actor:
        return cls(name=f"system:{what}")

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    def in_group(self, group: str | None, case: Case) -> bool:
        """May this actor work on a task routed to `group` in `case`?"""
        if self.is_admin:
            return True
        if group is None:
            return self.role == Role.CASE_OFFICER
        if group == "applicant":
            return self.user_id is not None and self.user_id == case.applicant_id
        return group in self.groups
