"""Who may see and change the money. Each answer carries its reason."""

from django.utils.translation import gettext as _

from metrohub.accounts.roles import STAFF_ROLES, Role
from metrohub.core.permissions import ALLOWED, Verdict, deny
from metrohub.core.permissions import roles_of as _roles

FINANCE_MANAGERS = frozenset({Role.ADMIN, Role.FINANCE})


def can_view_agreements(user) -> Verdict:
    """Partners' agreements are open to the whole secretariat, which works with the partners."""
    if _roles(user) & STAFF_ROLES:
        return ALLOWED
    return deny(_("Agreements with partners are open to the secretariat's staff only."))


def can_view_finance(user) -> Verdict:
    """Dues, payments and the income ledger are for the finance team and administrators."""
    if _roles(user) & FINANCE_MANAGERS:
        return ALLOWED
    return deny(_("Dues, payments and income are for the finance team and administrators only."))


def can_manage_finance(user) -> Verdict:
    if _roles(user) & FINANCE_MANAGERS:
        return ALLOWED
    return deny(_("Only the finance team and administrators change financial records."))


# Rules for views: (user, **url_kwargs) -> Verdict.


def agreements_rule(user, **url_kwargs) -> Verdict:
    return can_view_agreements(user)


def finance_rule(user, **url_kwargs) -> Verdict:
    return can_view_finance(user)


def finance_manager_rule(user, **url_kwargs) -> Verdict:
    return can_manage_finance(user)


# The member portal: a focal point sees their own organisation's dues, payments and standing.


def can_view_member_money(user, organisation_id) -> Verdict:
    if (
        organisation_id is not None
        and Role.FOCAL_POINT in _roles(user)
        and getattr(user, "organisation_id", None) == organisation_id
    ):
        return ALLOWED
    return deny(_("A focal point sees the dues and payments of their own organisation only."))


def portal_money_rule(user, **url_kwargs) -> Verdict:
    return can_view_member_money(user, getattr(user, "organisation_id", None))


def portal_invoice_rule(user, *, invoice_pk, **url_kwargs) -> Verdict:
    """One of the member's invoices. Another organisation's invoice and an unknown one get the
    same refusal, so that a refusal does not tell which ids exist."""
    from metrohub.finance.models import Invoice

    organisation_id = Invoice.objects.filter(pk=invoice_pk).values_list("organisation_id", flat=True).first()
    verdict = can_view_member_money(user, organisation_id)
    if not verdict:
        return deny(_("There is no such invoice of your organisation."))
    return verdict


def can_download_invoice(user, invoice) -> Verdict:
    """An invoice's document: the finance team, or a focal point of the invoiced organisation (the
    member portal reuses this rule)."""
    if _roles(user) & FINANCE_MANAGERS:
        return ALLOWED
    is_focal_point = getattr(user, "is_focal_point_of", None)
    if is_focal_point is not None and is_focal_point(invoice.organisation_id):
        return ALLOWED
    return deny(_("An invoice is for the finance team and the member's own focal points only."))


def invoice_document_rule(user, *, invoice_pk, **url_kwargs) -> Verdict:
    from metrohub.finance.models import Invoice

    invoice = Invoice.objects.filter(pk=invoice_pk).only("organisation_id").first()
    if invoice is None:
        return can_view_finance(user)  # the view answers 404 to those who may look
    return can_download_invoice(user, invoice)


def credit_note_document_rule(user, *, note_pk, **url_kwargs) -> Verdict:
    from metrohub.finance.models import CreditNote

    note = (
        CreditNote.objects.filter(pk=note_pk)
        .select_related("invoice")
        .only("invoice__organisation_id")
        .first()
    )
    if note is None:
        return can_view_finance(user)
    return can_download_invoice(user, note.invoice)
