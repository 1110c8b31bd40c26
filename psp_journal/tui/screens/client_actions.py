"""Rename, close and delete a client: the same keys and the same steps on the caseload
(for the highlighted client) and on a client's own page."""

from __future__ import annotations

from textual.binding import Binding

from psp_journal.i18n import _, ngettext
from psp_journal.models import ValidationError
from psp_journal.terminal_text import one_line
from psp_journal.tui.app_view import JournalAppView

CLIENT_BINDINGS = [
    Binding(
        "r",
        "rename_client",
        _("Rename"),
        id="client.rename",
        tooltip=_("Give the client a new alias; their records follow"),
    ),
    Binding(
        "c",
        "close_client",
        _("Close client"),
        id="client.close",
        tooltip=_("Mark the client closed; their alias and records stay"),
    ),
    Binding(
        "x",
        "delete_client",
        _("Delete client"),
        id="client.delete",
        tooltip=_("Erase the client and all their records, for good (you confirm first)"),
    ),
]


class ClientActions(JournalAppView):
    """Mixed into a screen that knows which client is meant (`chosen_alias`) and where to
    say a problem (`say`); every write is followed by `journal_changed`, so every open
    screen shows the journal as it is now."""

    def chosen_alias(self) -> str | None:
        raise NotImplementedError

    def say(self, text: str) -> None:
        raise NotImplementedError

    async def after_delete(self) -> None:
        """What the screen does once its client is gone."""

    def _problem(self, error: Exception) -> None:
        from psp_journal.tui.problems import describe_problem

        self.say(error.message if isinstance(error, ValidationError) else describe_problem(error))

    async def action_rename_client(self) -> None:
        from psp_journal.tui.dialogs.new_client import RenameClientDialog

        alias = self.chosen_alias()
        if alias is None:
            return

        def renamed(new_alias: str | None) -> None:
            if new_alias is None:
                return
            self.say("")
            self.app.notify(
                _("{old} is now {new}; their records follow.").format(
                    old=one_line(alias), new=one_line(new_alias)
                ),
                markup=False,
            )
            self.journal_app.journal_changed()

        await self.app.push_screen(RenameClientDialog(alias), renamed)

    async def action_close_client(self) -> None:
        alias = self.chosen_alias()
        journal = self.journal_app.journal
        if alias is None or journal is None:
            return
        try:
            if journal.client(alias).status == "closed":
                self.say(_("{alias} is already closed.").format(alias=one_line(alias)))
                return
            journal.close_client(alias)
        except Exception as error:  # noqa: BLE001 — said in plain words, never raised
            self._problem(error)
            return
        self.say("")
        self.app.notify(
            _("{alias} is closed. Their records stay in your journal.").format(
                alias=one_line(alias)
            ),
            markup=False,
        )
        self.journal_app.journal_changed()

    async def action_delete_client(self) -> None:
        from psp_journal.tui.dialogs.delete_client import DeleteClientDialog

        alias = self.chosen_alias()
        journal = self.journal_app.journal
        if alias is None or journal is None:
            return
        records = len(journal.records_about(alias))

        async def answered(confirmed: bool | None) -> None:
            if confirmed:
                await self._delete(alias)

        await self.app.push_screen(DeleteClientDialog(alias, records), answered)

    async def _delete(self, alias: str) -> None:
        journal = self.journal_app.journal
        if journal is None:
            return
        try:
            count = journal.delete_client(alias)
        except Exception as error:  # noqa: BLE001 — said in plain words, never raised
            self._problem(error)
            return
        self.say("")
        self.app.notify(
            ngettext(
                "Deleted {alias} and {count} record about them, for good.",
                "Deleted {alias} and {count} records about them, for good.",
                count,
            ).format(alias=one_line(alias), count=count),
            markup=False,
        )
        self.journal_app.journal_changed()
        await self.after_delete()
