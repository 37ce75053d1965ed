"""The demo's accounts, one per role (password metrohub-demo), made by `manage.py demo_accounts`
under demo settings only. The command lives in network, which finds the focal point's
organisation; the list stays here, where the second-factor middleware reads it."""

from metrohub.accounts.roles import Role

PASSWORD = "metrohub-demo"
ACCOUNTS = [
    ("admin", Role.ADMIN, None),
    ("membership", Role.MEMBERSHIP, None),
    ("programs", Role.PROGRAMS, None),
    ("policy", Role.POLICY, None),
    ("communications", Role.COMMUNICATIONS, None),
    ("finance", Role.FINANCE, None),
    ("hr", Role.HR, None),
    ("reviewer", Role.REVIEWER, None),
    ("focal-dakar", Role.FOCAL_POINT, "Dakar"),
]
DEMO_USERNAMES = frozenset(username for username, _, _ in ACCOUNTS)
