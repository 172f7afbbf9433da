"""`p` on the dashboard: every rule Purna enforces (core.policy), with its value and unit.

Supervisors also see where each rule comes from; staff see the rules and are told that
a supervisor can show the sources (core.permissions "policy_sources").
"""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from core import policy
from core.formatting import format_rule_value
from core.i18n import N_, _
from core.permissions import allows
from tui.base import SCROLL_BINDINGS, PurnaScreen
from tui.widgets.key_footer import KeyFooter
from tui.widgets.status_bar import StatusBar


def policy_text(with_sources: bool) -> Group:
    """The policy table as a list: value and unit, then the rule and its note, indented."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, justify="right", style="bold")
    grid.add_column(ratio=1)
    for rule in policy.POLICY:
        text = Text(_(rule.title))
        if rule.note:
            text.append("\n" + _(rule.note), "dim")
        if with_sources:
            text.append("\n" + _("Source: {source}").format(source=rule.source), "italic dim")
        grid.add_row(format_rule_value(rule), text)
    if with_sources:
        intro = _("Every rule Purna enforces, with where it comes from.")
    else:
        intro = _("Every rule Purna enforces. Ask a supervisor where a rule comes from.")
    return Group(Text(intro), Text(""), grid)


class PolicyScreen(PurnaScreen):
    TITLE = N_("Rules")
    HELP = N_(
        "The deadlines and limits Purna enforces, each with its value. Supervisors also "
        "see where each rule comes from. The same list is printed by: purna policy"
    )
    BINDINGS = [*SCROLL_BINDINGS]
    SCROLL_BODY = "#policy-body"

    DEFAULT_CSS = """
    PolicyScreen #policy-body { height: 1fr; padding: 0 1; }
    """

    def compose(self) -> ComposeResult:
        yield StatusBar(self.screen_title())
        with VerticalScroll(id="policy-body"):
            yield Static(policy_text(allows(self.purna.member, "policy_sources")))
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#policy-body").focus()
