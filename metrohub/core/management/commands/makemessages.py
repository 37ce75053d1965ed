"""Django's makemessages, which also reads `_l("...")`: the house alias of gettext_lazy (a module
that needs both gettext and gettext_lazy imports the lazy one as `_l`). xgettext knows `_` and
`gettext_lazy` but not `_l`; without this, those strings never reached the catalogues."""

from django.core.management.commands.makemessages import Command as MakeMessagesCommand


class Command(MakeMessagesCommand):
    xgettext_options = [*MakeMessagesCommand.xgettext_options, "--keyword=_l"]
