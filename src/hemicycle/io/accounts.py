"""Accounts of the web app: users with a role, argon2 password hashes, and login sessions.

Roles, from most to least trusted:

- ``admin``: everything, including managing accounts;
- ``editor``: imports results, runs allocations, publishes outcomes; reads everything;
- ``observer``: reads everything, published or not, and the audit log; records observations;
- ``public``: reads published outcomes only (also every visitor who is not logged in).

Passwords are hashed with Argon2id (RFC 9106) by argon2-cffi with its default parameters; a
session is a random 256-bit token given to the browser, of which only the SHA-256 is stored, so
the database does not hold usable tokens. Every change is an audited write.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from hemicycle.errors import DataError, HemicycleError
from hemicycle.io.audit_log import Database, utc_now

if TYPE_CHECKING:
    from argon2 import PasswordHasher

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS users (
        name VARCHAR PRIMARY KEY,
        role VARCHAR NOT NULL,
        password_hash VARCHAR NOT NULL,
        created_at TIMESTAMP NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS sessions (
        token_hash VARCHAR PRIMARY KEY,
        user_name VARCHAR NOT NULL,
        created_at TIMESTAMP NOT NULL,
        expires_at TIMESTAMP NOT NULL
    )""",
)

MIN_PASSWORD_LENGTH = 10
"""Shortest password accepted (NIST SP 800-63B §5.1.1.2 asks for at least 8)."""


class Role(StrEnum):
    """What an account may do; see the module docstring."""

    admin = "admin"
    editor = "editor"
    observer = "observer"
    public = "public"


class Permission(StrEnum):
    """One thing a role may do."""

    read_published = "read_published"
    read_all = "read_all"
    read_audit_log = "read_audit_log"
    observe = "observe"
    write = "write"
    manage_users = "manage_users"


PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.admin: frozenset(Permission),
    Role.editor: frozenset({Permission.read_published, Permission.read_all, Permission.write}),
    Role.observer: frozenset(
        {
            Permission.read_published,
            Permission.read_all,
            Permission.read_audit_log,
            Permission.observe,
        }
    ),
    Role.public: frozenset({Permission.read_published}),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class User:
    """An account (never its password hash)."""

    name: str
    role: Role
    created_at: datetime

    def can(self, permission: Permission) -> bool:
        """Whether the user's role grants ``permission``.

        >>> User(name="o", role=Role.observer, created_at=datetime(2025, 1, 1)).can(
        ...     Permission.write)
        False
        """
        return permission in PERMISSIONS[self.role]


class WebExtraMissingError(HemicycleError, ModuleNotFoundError):
    """A module of the ``web`` extra (argon2-cffi, FastAPI, uvicorn) is not installed."""

    def __init__(self, module: str) -> None:
        super().__init__(
            f"{module} is not installed; accounts and the web app need the web extra: "
            "pip install 'hemicycle[web]'"
        )


_HASHER: PasswordHasher | None = None
# A hash to verify against when the user does not exist, so that a refused login takes as long
# for an unknown name as for a wrong password and does not reveal which names exist.
_DUMMY_HASH = ""


def _hasher() -> PasswordHasher:
    """The password hasher, created on first use: argon2-cffi is only needed by the commands
    that hash or check passwords, so the rest of the CLI runs without the web extra."""
    if _HASHER is None:
        try:
            from argon2 import PasswordHasher
        except ModuleNotFoundError:
            raise WebExtraMissingError("argon2-cffi") from None
        use_password_hasher(PasswordHasher())
    assert _HASHER is not None  # set by use_password_hasher
    return _HASHER


def use_password_hasher(hasher: PasswordHasher) -> PasswordHasher | None:
    """Hash new passwords with ``hasher`` (other Argon2 costs); returns the one it replaces.

    Existing hashes keep verifying: each records its own parameters. Tests use
    ``argon2.profiles.CHEAPEST``; production keeps the RFC 9106 default.
    """
    global _HASHER, _DUMMY_HASH
    previous = _HASHER
    _HASHER = hasher
    _DUMMY_HASH = hasher.hash(secrets.token_hex(16))
    return previous


def check_name(name: str) -> str:
    """A user name: 1 to 64 visible characters without spaces.

    >>> check_name("ada.lovelace")
    'ada.lovelace'
    """
    if not 1 <= len(name) <= 64 or not name.isprintable() or any(c.isspace() for c in name):
        raise DataError(
            f"user name must be 1 to 64 visible characters without spaces (got {name!r})"
        )
    return name


def check_role(role: str) -> Role:
    """The role named ``role``, or a DataError listing the roles."""
    try:
        return Role(role)
    except ValueError:
        valid = ", ".join(r.value for r in Role)
        raise DataError(f"unknown role {role!r}; valid roles: {valid}") from None


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise DataError(f"password must have at least {MIN_PASSWORD_LENGTH} characters")


def add_user(db: Database, name: str, role: str, password: str, *, actor: str) -> User:
    """Create an account; the name must be new."""
    check_name(name)
    checked_role = check_role(role)
    _check_password(password)
    password_hash = _hasher().hash(password)
    created = utc_now()
    with db.write(actor=actor, action="user.add", target=f"user:{name}") as tx:
        tx.details["role"] = checked_role.value
        if tx.cursor.execute("SELECT 1 FROM users WHERE name = ?", [name]).fetchone():
            raise DataError(f"user {name!r} already exists")
        tx.cursor.execute(
            "INSERT INTO users VALUES (?, ?, ?, ?)",
            [name, checked_role.value, password_hash, created],
        )
    return User(name=name, role=checked_role, created_at=created)


def remove_user(db: Database, name: str, *, actor: str) -> None:
    """Delete an account and end its sessions; the last admin cannot be removed."""
    with db.write(actor=actor, action="user.remove", target=f"user:{name}") as tx:
        row = tx.cursor.execute("SELECT role FROM users WHERE name = ?", [name]).fetchone()
        if row is None:
            raise DataError(f"no user named {name!r}")
        if row[0] == Role.admin:
            admins = tx.cursor.execute("SELECT count(*) FROM users WHERE role = 'admin'").fetchone()
            if admins is not None and admins[0] <= 1:
                raise DataError(f"{name!r} is the last admin and cannot be removed")
        tx.cursor.execute("DELETE FROM sessions WHERE user_name = ?", [name])
        tx.cursor.execute("DELETE FROM users WHERE name = ?", [name])


def list_users(db: Database) -> list[User]:
    """Every account, by name."""
    with db.read() as cursor:
        rows = cursor.execute("SELECT name, role, created_at FROM users ORDER BY name").fetchall()
    return [User(name=n, role=Role(r), created_at=c) for n, r, c in rows]


def get_user(db: Database, name: str) -> User | None:
    """The account named ``name``, if any."""
    with db.read() as cursor:
        row = cursor.execute(
            "SELECT name, role, created_at FROM users WHERE name = ?", [name]
        ).fetchone()
    return None if row is None else User(name=row[0], role=Role(row[1]), created_at=row[2])


def authenticate(db: Database, name: str, password: str) -> User | None:
    """The user if ``password`` is theirs, else None (in the same time for unknown names)."""
    with db.read() as cursor:
        row = cursor.execute(
            "SELECT name, role, created_at, password_hash FROM users WHERE name = ?", [name]
        ).fetchone()
    from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

    hasher = _hasher()
    stored = row[3] if row is not None else _DUMMY_HASH
    try:
        hasher.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    if row is None:
        return None
    return User(name=row[0], role=Role(row[1]), created_at=row[2])


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_session(db: Database, user: User, *, lifetime: timedelta) -> str:
    """Log ``user`` in: a new session token, valid for ``lifetime``; expired ones are purged."""
    token = secrets.token_urlsafe(32)
    now = utc_now()
    with db.write(actor=user.name, action="login", target=f"user:{user.name}") as tx:
        tx.cursor.execute("DELETE FROM sessions WHERE expires_at < ?", [now])
        tx.cursor.execute(
            "INSERT INTO sessions VALUES (?, ?, ?, ?)",
            [_token_hash(token), user.name, now, now + lifetime],
        )
    return token


def session_user(db: Database, token: str) -> User | None:
    """The user of a live session token, or None."""
    with db.read() as cursor:
        row = cursor.execute(
            "SELECT u.name, u.role, u.created_at FROM sessions s JOIN users u "
            "ON u.name = s.user_name WHERE s.token_hash = ? AND s.expires_at > ?",
            [_token_hash(token), utc_now()],
        ).fetchone()
    return None if row is None else User(name=row[0], role=Role(row[1]), created_at=row[2])


def end_session(db: Database, token: str, *, actor: str) -> None:
    """Log out: the token stops working."""
    with db.write(actor=actor, action="logout", target=f"user:{actor}") as tx:
        tx.cursor.execute("DELETE FROM sessions WHERE token_hash = ?", [_token_hash(token)])


__all__ = [
    "MIN_PASSWORD_LENGTH",
    "PERMISSIONS",
    "SCHEMA",
    "Permission",
    "Role",
    "User",
    "WebExtraMissingError",
    "add_user",
    "authenticate",
    "check_name",
    "check_role",
    "create_session",
    "end_session",
    "get_user",
    "list_users",
    "remove_user",
    "session_user",
    "use_password_hasher",
]
