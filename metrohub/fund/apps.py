from django.apps import AppConfig


class FundConfig(AppConfig):
    name = "metrohub.fund"
    label = "fund"
    verbose_name = "Grant funds"

    def ready(self) -> None:
        # Calls' application page offers to award a grant to whoever the fund's rule allows.
        from metrohub.calls.permissions import grant_award_rule_set
        from metrohub.fund.permissions import can_manage_funds

        grant_award_rule_set(can_manage_funds)
