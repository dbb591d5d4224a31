"""``confide practice init|add-clinician``: set up a practice database and its accounts.

Both take the administrator's connection (``--database URL`` or $CONFIDE_PRACTICE_URL). Put
the administrator's password in ~/.pgpass or $PGPASSFILE (libpq reads them), not in the URL:
a command line is visible to other users of the computer.
"""

from __future__ import annotations

import argparse
import os

from desktop.errors import UserInputError

PRACTICE_URL_ENV = "CONFIDE_PRACTICE_URL"
EXIT_OK = 0
URL_HELP = (
    "the administrator's connection, e.g. postgresql+psycopg://admin@server:5432/practice"
    f"?sslmode=verify-full&sslrootcert=practice-ca.pem (default: ${PRACTICE_URL_ENV})"
)


def add_practice_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``practice`` and its actions to the command line."""
    practice = commands.add_parser(
        "practice",
        help="set up a PostgreSQL practice database shared by several clinicians",
        description="Set up a practice database on a PostgreSQL 15+ server: its schema, roles "
        "and row-level security, and one login per clinician.",
        epilog="The administrator's password is read by PostgreSQL's client from ~/.pgpass or "
        "$PGPASSFILE; do not put it in the URL.",
    )
    actions = practice.add_subparsers(dest="action", metavar="ACTION", required=True)
    init = actions.add_parser(
        "init",
        help="create the schema, roles and policies on an empty database",
        description="Create the schema, the roles (owner, clinician, supervisor, billing) and "
        "the row-level security policies on an empty database.",
    )
    init.add_argument("--database", metavar="URL", help=URL_HELP)
    init.set_defaults(handler=cmd_practice_init)
    add = actions.add_parser(
        "add-clinician",
        help="create one person's login (its password is shown once)",
        description="Create a login for one person of the practice, with a new random "
        "password shown once. Hand it to them privately; they can change it later.",
    )
    add.add_argument("name", metavar="NAME", help="the login name, e.g. ana_ruiz")
    add.add_argument(
        "--role",
        choices=["clinician", "supervisor", "billing", "owner"],
        default="clinician",
        help="what the person may see and do (default: clinician)",
    )
    add.add_argument("--database", metavar="URL", help=URL_HELP)
    add.set_defaults(handler=cmd_practice_add_clinician)


def _url(args: argparse.Namespace) -> str:
    url = args.database or os.environ.get(PRACTICE_URL_ENV)
    if not url:
        raise UserInputError(
            f"Say which practice database to use: --database URL (or ${PRACTICE_URL_ENV})."
        )
    return str(url)


def cmd_practice_init(args: argparse.Namespace) -> int:
    from desktop.practice.setup import init_practice

    practice_id = init_practice(_url(args))
    print("The practice database is ready: schema, roles and row-level security are in place.")
    print(f"Practice id: {practice_id}")
    print("Next: add each person's login with 'confide practice add-clinician NAME'.")
    return EXIT_OK


def cmd_practice_add_clinician(args: argparse.Namespace) -> int:
    from desktop.practice.setup import add_account

    account = add_account(_url(args), args.name, args.role)
    print(f"Login {account.name} created ({account.kind}).")
    print(f"Password (shown only now): {account.password}")
    print("Give it to them privately; it is not stored anywhere by Confide.")
    return EXIT_OK
