"""Every write of the membership lifecycle: prospects and their pipeline, admission, the changes
of category and status, and renewal reminders. Pages, other apps and tasks all come through here.

Other apps call the status changes with a simple signature; finance suspends and reinstates for
arrears:

    membership_suspend(actor=SYSTEM, organisation=city, on=date, reason="arrears (2 years)")
    membership_reinstate(actor=SYSTEM, organisation=city, on=date, reason="dues paid")

A change never rewrites the past: it closes the open period on `on` and opens the next one
(network.services.membership_change), and history names the actor.
"""

from metrohub.network.membership.services.members import (
    membership_change_category,
    membership_lapse,
    membership_reinstate,
    membership_suspend,
    membership_withdraw,
    open_period,
)
from metrohub.network.membership.services.pipeline import (
    prospect_admit,
    prospect_create,
    prospect_express_interest,
    prospect_move,
)
from metrohub.network.membership.services.reminders import (
    reminder_recipients,
    reminders_deliver,
    reminders_send,
)

__all__ = [
    "membership_change_category",
    "membership_lapse",
    "membership_reinstate",
    "membership_suspend",
    "membership_withdraw",
    "open_period",
    "prospect_admit",
    "prospect_create",
    "prospect_express_interest",
    "prospect_move",
    "reminder_recipients",
    "reminders_deliver",
    "reminders_send",
]
