"""The workstation: global keys, screen routing, the clock and the store.

The first frame is drawn before the store is opened: SQLAlchemy and the migrations
load in a worker thread, and screens subscribe to `store_ready` to fill in.
"""

from __future__ import annotations

import asyncio
import gc
import importlib
from collections import deque
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from rich.text import Text
from textual import events
from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.signal import Signal

from core.i18n import N_, _, ngettext
from core.policy import DEFAULT_SHOP_ZONE
from core.workflow import RequestType
from tui import keys
from tui.base import translate_bindings
from tui.text import plain

keys.install()  # Escape typed just before another key stays Escape (tui/keys.py)

if TYPE_CHECKING:
    from core.claims_store import ClaimAlarm
    from core.db import Store
    from core.reminders import Alarm
    from core.roster import OnDuty
    from core.rows import TypeSummary
    from core.staff import Member
    from tui.screens.dashboard import DashboardScreen


def real_clock() -> datetime:
    return datetime.now(UTC)


# Keys 5-9 (and the rules): action name -> (module, screen class), imported on first use.
_TOP_SCREENS: dict[str, tuple[str, str]] = {
    "receiving": ("tui.screens.receiving", "ReceivingScreen"),
    "shelf": ("tui.screens.shelf", "ShelfScreen"),
    "handover": ("tui.screens.handover", "HandoverScreen"),
    "checklist": ("tui.screens.checklist", "ChecklistScreen"),
    "claims": ("tui.screens.claims", "ClaimsScreen"),
    "policy": ("tui.screens.policy", "PolicyScreen"),  # `p` on the dashboard
    "templates": ("tui.screens.replies", "TemplatesScreen"),  # `e` on the dashboard
    "chat": ("tui.screens.replies", "ChatScreen"),  # `c` on the dashboard
    "reviews": ("tui.screens.reviews", "ReviewsScreen"),  # key 0
    "metrics": ("tui.screens.metrics", "MetricsScreen"),  # `n` on the dashboard
    "weekly": ("tui.screens.weekly", "WeeklyScreen"),  # `w` on the dashboard
}


class PurnaApp(App[None]):
    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute: subclasses live elsewhere
    TITLE = "Purna"
    ENABLE_COMMAND_PALETTE = False

    BINDINGS = [
        # Work from every screen; the dashboard and queues also list them in their footer
        # (tui.base.NAV_BINDINGS), the request screen has no room for them.
        Binding("1", "queue('refund_only')", N_("Refunds"), show=False),
        Binding("2", "queue('return_refund')", N_("Returns"), show=False),
        Binding("3", "queue('resend')", N_("Resends"), show=False),
        Binding("4", "queue('exchange')", N_("Exchanges"), show=False),
        Binding("5", "open('receiving')", N_("Receiving"), show=False),
        Binding("6", "open('shelf')", N_("Shelf"), show=False),
        Binding("7", "open('handover')", N_("Handover"), show=False),
        Binding("8", "open('checklist')", N_("End of day"), show=False),
        Binding("9", "open('claims')", N_("Claims"), show=False),
        Binding("0", "open('reviews')", N_("Negative reviews"), show=False),
        Binding("exclamation_mark", "acknowledge_alarms", N_("Acknowledge alarms"), show=False),
        Binding("d", "dashboard", N_("Dashboard"), show=False),
        Binding("question_mark", "help", N_("Help")),
        Binding("ctrl+q", "quit", N_("Quit"), show=False),
    ]

    def __init__(
        self,
        db_url: str | None = None,
        *,
        store: Store | None = None,
        clock: Callable[[], datetime] = real_clock,
        login: str | None = None,
        tty_fd: int | None = None,
    ) -> None:
        super().__init__()
        translate_bindings(self)
        self._tty_fd = tty_fd  # the terminal watched for a hang-up (tui.terminal); tests
        self.db_url = db_url
        self.store: Store | None = store
        self.store_error: str | None = None
        self.member: Member | None = None  # the staff record of `login`; None: may not act
        self.duty: OnDuty | None = None  # the shift on duty and its PIC
        self.alarms: list[Alarm] = []  # crossed thresholds nobody acknowledged yet
        self.claim_alarms: list[ClaimAlarm] = []  # the same for logistics claims (7/2/1 days)
        self.chat_alarms: list[Any] = []  # and for buyers waiting in chat (12/6/1 h left)
        self.banner: Text | None = None  # shown under the status line of every screen
        self._review: tuple[Any, datetime] | None = None  # what the banner was made from
        self._rung: set[tuple[object, ...]] = set()  # alarms the bell already rang for
        self._settled: set[str] = set()
        self.clock = clock
        if login is None:
            from core.identity import current_login

            login = current_login()
        self.login = login
        self.store_ready: Signal[None] = Signal(self, "store_ready")
        self.quick_dashboard: Signal[list[TypeSummary]] = Signal(self, "quick_dashboard")
        self._shop_zone = ZoneInfo(DEFAULT_SHOP_ZONE)
        self._keys: deque[events.Key] = deque()  # typed, waiting for the last key to settle
        self._releasing: events.Key | None = None  # the waiting key now on its way
        self._settling: asyncio.Task[None] | None = None

    # --- keys ----------------------------------------------------------------------------
    #
    # Textual hands every key to the focused widget as soon as it arrives, so keys typed
    # while a screen opens or closes reach the screen that is leaving (or a screen whose
    # field is not focused yet) and fall through to the global keys: `Esc / 4020` typed
    # fast opened the exchange queue instead of filtering. Here, the one place keys enter,
    # a key is handed on only when everything the previous key caused has settled (its
    # screen change, mounting and focus), so each key acts on the screen in front, in order,
    # and a field that a key opens takes the characters typed after it.

    SETTLE_ROUNDS = 8  # screen changes one key may cause in a row (a pop, then a push...)
    SETTLE_TIMEOUT = 3.0  # seconds one widget may take to answer before keys go on anyway

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            if event is self._releasing or (self._settling is None and not self._keys):
                self._releasing = None
                stack = list(self.screen_stack)
                target: DOMNode = self.focused or self.screen
                self._settling = asyncio.create_task(self._settle_then_release(event, target,
                                                                               stack))  # fmt: skip
                await super().on_event(event)
            else:
                self._keys.append(event)
            return
        await super().on_event(event)

    async def _settle_then_release(self, key: events.Key, target: DOMNode,
                                   stack: list[Any]) -> None:  # fmt: skip
        """Wait until `key` and what it caused are done, then hand on the next waiting key."""
        try:
            await self._settle(key, target, stack)
        finally:
            if self._keys and self.is_running:
                self._releasing = self._keys.popleft()
                self.post_message(self._releasing)  # its own on_event starts the next wait
            else:
                self._settling = None

    async def _passed(self, node: DOMNode) -> bool:
        """Wait until `node` has processed what is already in its queue (False: it is gone)."""
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        if not node.call_later(done.set_result, None):
            return False
        await asyncio.wait([done], timeout=self.SETTLE_TIMEOUT)
        return True

    async def _settle(self, key: events.Key, target: DOMNode, stack: list[Any]) -> None:
        """Follow `key` from the widget it went to up to the app (where the bindings run),
        unless a widget stopped it on the way; then, while the screen in front changed,
        wait for that screen to mount, resume and take its focus."""
        node: DOMNode | None = target
        while node is not None and node is not self:
            if not await self._passed(node) or key._stop_propagation:
                break
            node = node.parent
        await self._passed(self)  # the bindings have run; then what they scheduled
        await self._passed(self)
        for _round in range(self.SETTLE_ROUNDS):
            if list(self.screen_stack) == stack:
                return
            stack = list(self.screen_stack)
            await self._passed(self.screen)  # compose, mount, resume
            await self._passed(self)  # focus set by on_mount / on_screen_resume
            await self._passed(self.screen)
            await self._passed(self)

    def _typing(self) -> bool:
        """A text field has the focus: letters and digits are text there, never places."""
        from textual.widgets import Input

        return isinstance(self.focused, Input)

    # --- clock and store ---------------------------------------------------------------

    def now(self) -> datetime:
        return self.clock()

    @property
    def db_label(self) -> str:
        from core.location import resolve_url, short_name

        return short_name(self.store.url if self.store else resolve_url(self.db_url))

    @property
    def shop_zone(self) -> ZoneInfo:
        return self._shop_zone

    def get_default_screen(self) -> DashboardScreen:
        from tui.screens.dashboard import DashboardScreen

        return DashboardScreen()

    # How often a hung-up terminal is looked for (tui.terminal): a lost SSH link whose
    # SIGHUP never came ends Purna within this many seconds instead of spinning a CPU.
    HANGUP_SECONDS = 2.0

    def _watch_terminal(self) -> None:
        from tui.terminal import hung_up, terminal_fd

        fd = self._tty_fd
        if fd is None and not self.is_headless:
            fd = terminal_fd()
        if fd is None:
            return

        def check() -> None:
            if hung_up(fd):
                self.exit(return_code=1)

        self.set_interval(self.HANGUP_SECONDS, check)

    def on_mount(self) -> None:
        self._watch_terminal()
        if self.store is not None:
            self._shop_zone = self.store.shop_zone
            self.member = self._who(self.store)
            self._start_reminders()
            self._keep_out_if_not_staff()
        else:
            # After the first frame: importing SQLAlchemy in a thread holds the GIL long
            # enough to delay the first paint if both happen at once.
            self.call_after_refresh(self._start_opening_store)

    def _start_opening_store(self) -> None:
        self.run_worker(self._open_store, thread=True, exclusive=True, group="store")

    def _open_store(self) -> None:
        from core.location import resolve_url, sqlite_file

        path = sqlite_file(resolve_url(self.db_url))
        if path is not None:  # counts from plain sqlite3 while SQLAlchemy loads
            from core import quick

            summaries = quick.dashboard(path, self.now())
            if summaries is not None:
                self.call_from_thread(self.quick_dashboard.publish, summaries)
        from core.db import open_store
        from core.errors import PurnaError
        from core.location import default_path

        try:  # only the default database is made here; a mistyped --db is an error
            store = open_store(self.db_url, create=path == default_path())
            zone = store.shop_zone
            member = self._who(store)
        except PurnaError as exc:
            self.call_from_thread(self._store_failed, exc.message)
            return
        self.call_from_thread(self._store_opened, store, zone, member)

    def _who(self, store: Store) -> Member | None:
        """The acting person; the first login on a store without staff becomes supervisor."""
        from core import permissions, staff

        first = staff.ensure_first_supervisor(store, self.login, self.now())
        if first is not None:
            return first
        return permissions.member_of(store, self.login)

    def _keep_out_if_not_staff(self) -> None:
        """A login that is not staff sees no buyer data: one screen saying whom to ask."""
        from tui.screens.not_staff import NotStaffScreen

        if self.store is not None and self.member is None:
            self.push_screen(NotStaffScreen())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("queue", "open", "dashboard", "acknowledge_alarms"):
            return self.store is None or self.member is not None
        return True

    def settle_startup(self, milestone: str) -> None:
        """After each start-up step (store, reminders, dashboard data) has loaded its modules
        and data, keep those long-lived objects out of the garbage collector's passes:
        otherwise every pass walks them all, tens of milliseconds in the middle of opening
        a screen. Once per milestone, so later garbage is still collected."""
        if milestone not in self._settled:
            self._settled.add(milestone)
            gc.freeze()

    def _store_opened(self, store: Store, zone: ZoneInfo, member: Member | None) -> None:
        self.settle_startup("store")
        self.store = store
        self._shop_zone = zone
        self.member = member
        self._start_reminders()
        self.store_ready.publish(None)
        self._keep_out_if_not_staff()

    # --- shift, alarms and reminders -------------------------------------------------------

    REMINDER_SECONDS = 30.0

    def _start_reminders(self) -> None:
        self.check_reminders()
        self.set_interval(self.REMINDER_SECONDS, self.check_reminders)

    def check_reminders(self) -> None:
        """Read the shift on duty, alarms and the last review in a worker, then show them."""
        if self.store is not None and self.member is not None:
            self.run_worker(self._gather_reminders, thread=True, exclusive=True,
                            group="reminders")  # fmt: skip

    def _gather_reminders(self) -> None:
        from core import chat_store, claims_store, reminders, roster

        store = self.store
        if store is None:
            return
        now = self.now()
        found = (roster.on_duty(store, now), reminders.alarms(store, now),
                 reminders.last_review(store), now)  # fmt: skip
        self.call_from_thread(self._set_claim_alarms, claims_store.alarms(store, now))
        self.call_from_thread(self._set_chat_alarms, chat_store.alarms(store, now))
        self.call_from_thread(self._show_reminders, *found)

    def _ring(self, crossed: set[tuple[object, ...]]) -> None:
        """Ring the bell once for alarms it has not rung for yet."""
        if crossed - self._rung:
            self.bell()
            self._rung |= crossed

    def _set_claim_alarms(self, found: list[ClaimAlarm]) -> None:
        """Claim alarms (read before the banner is drawn)."""
        self._ring({("claim", a.key) for a in found})
        self.claim_alarms = found

    def _set_chat_alarms(self, found: list[Any]) -> None:
        """Buyers waiting in chat past an alarm threshold."""
        self._ring({("chat", a.message_pk, a.hours) for a in found})
        self.chat_alarms = found

    def _show_reminders(self, duty: OnDuty, alarms: list[Alarm], review: Any,
                        now: datetime) -> None:  # fmt: skip
        from tui.widgets.status_bar import StatusBar

        self.settle_startup("reminders")
        self.duty, self.alarms = duty, alarms
        self._review = (review, now)
        self.banner = self._banner(review, now)
        for bar in self.screen.query(StatusBar):  # now, not at the next clock tick
            bar.tick()
        self._ring({("request", a.request_pk, a.hours) for a in self.alarms})

    def banner_for(self, width: int) -> Text | None:
        """The banner for a terminal `width` wide: below 100 columns the alarm line keeps its
        counts and the key on one line and leaves the ids to the queues."""
        if self._review is None:
            return self.banner
        return self._banner(*self._review, wide=width >= 100)

    def _banner(self, review: Any, now: datetime, *, wide: bool = True) -> Text | None:
        from core.formatting import format_local

        text = Text()
        hours = partial(_counted, lambda n, h: _("{n} within {hours} h").format(n=n, hours=h))
        _alarm_lines(
            text, wide, _("Deadlines close:"), "",
            hours([a.hours for a in self.alarms]),
            [a.request_id for a in self.alarms],
            _("Press ! to acknowledge."), _("! acknowledges"),
        )  # fmt: skip
        _alarm_lines(
            text, wide, _("Logistics claims to file:"), _("Logistics claims to file:"),
            _counted(lambda n, d: ngettext("{n} within {days} day", "{n} within {days} days",
                                           d).format(n=n, days=d),
                     [a.days for a in self.claim_alarms]),
            [a.label for a in self.claim_alarms],
            _("9 opens them; ! acknowledges."), _("9 opens them; ! acknowledges."),
        )  # fmt: skip
        _alarm_lines(
            text, wide, _("Buyers waiting in chat:"), _("Chat:"),
            hours([a.hours for a in self.chat_alarms]),
            [a.conversation_id for a in self.chat_alarms],
            _("c on the dashboard opens them; ! acknowledges."), _("! acknowledges"),
        )  # fmt: skip
        if review.overdue(now):
            if text:
                text.append("\n")
            hours = round(review.interval.total_seconds() / 3600)
            if review.last_at is None:
                text.append(_("No queue review is recorded yet (one is due every {h} h).")
                            .format(h=hours))  # fmt: skip
            else:
                text.append(_("The queues were last reviewed {when} by {who}: more than {h} h "
                              "ago.").format(when=format_local(review.last_at, self.shop_zone),
                                             who=review.last_by, h=hours))  # fmt: skip
            if review.campaign:
                text.append("  " + _("(campaign mode)"))
        return text or None

    def action_acknowledge_alarms(self) -> None:
        if self.store is None or not (self.alarms or self.claim_alarms or self.chat_alarms):
            return
        if self.member is None:
            from core.permissions import not_staff_message

            self.notify(not_staff_message(self.login), severity="error", markup=False)
            return
        self.run_worker(self._acknowledge, thread=True, exclusive=True, group="acknowledge")

    def _acknowledge(self) -> None:
        """Record that the alarms in view were seen (off the UI thread)."""
        from core import reminders

        if self.store is None:
            return
        if self.alarms:
            reminders.acknowledge(self.store, self.alarms, login=self.login, now=self.now())
        if self.claim_alarms:
            from core import claims_store

            claims_store.acknowledge_alarms(self.store, self.claim_alarms, login=self.login,
                                            now=self.now())  # fmt: skip
        if self.chat_alarms:
            from core import chat_store

            chat_store.acknowledge_alarms(self.store, self.chat_alarms, login=self.login,
                                          now=self.now())  # fmt: skip
        self.call_from_thread(self.check_reminders)

    def _store_failed(self, message: str) -> None:
        self.store_error = _(
            "{error}. Nothing was changed. Check --db or $PURNA_DB, then start Purna again "
            "(ctrl+q quits)."
        ).format(error=message)
        self.store_ready.publish(None)

    def when_store_ready(self, node: DOMNode, callback: Callable[[], Any]) -> None:
        """Call `callback` now if the store is open (or failed), else as soon as it is."""
        if self.store is not None or self.store_error is not None:
            callback()
        else:
            self.store_ready.subscribe(node, lambda _data: callback())

    # --- navigation ----------------------------------------------------------------------

    def open_queue(self, kind: RequestType) -> None:
        from tui.screens.queue import QueueScreen

        self._back_to_dashboard()
        self.push_screen(QueueScreen(kind))

    def _back_to_dashboard(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def action_queue(self, kind: str) -> None:
        if not self._typing():
            self.open_queue(RequestType(kind))

    def action_dashboard(self) -> None:
        if not self._typing():
            self._back_to_dashboard()

    def action_open(self, name: str) -> None:
        """Open one of the top-level screens (keys 5-8) from anywhere, over the dashboard."""
        if self._typing():
            return
        module, cls = _TOP_SCREENS[name]
        screen = getattr(importlib.import_module(module), cls)()  # lazy: keeps start-up fast
        self._back_to_dashboard()
        self.push_screen(screen)

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
            return
        self.push_screen(HelpScreen(self.screen))

    def on_unmount(self) -> None:
        if self._settling is not None:
            self._settling.cancel()
        if self.store is not None:
            self.store.close()


def _counted(words: Callable[[int, int], str], thresholds: list[int]) -> str:
    """ "3 within 1 h, 5 within 6 h": how many alarms crossed each threshold, nearest first."""
    return ", ".join(words(thresholds.count(t), t) for t in sorted(set(thresholds)))


def _alarm_lines(text: Text, wide: bool, title: str, narrow_title: str, counts: str,
                 ids: list[str], hint: str, narrow_hint: str) -> None:  # fmt: skip
    """One alarm line of the banner: counts per threshold, the first ids (ids come from
    files: shown as plain text) and the key, shortened below 100 columns."""
    if not ids:
        return
    if text:
        text.append("\n")
    label = title if wide else narrow_title
    text.append("⚠ " + (label + " " if label else ""), "bold")
    text.append(counts, "bold")
    if wide:
        more = len(ids) - 3
        text.append(
            ": " + ", ".join(plain(i) for i in ids[:3]) + (f" (+{more})" if more > 0 else "")
        )
    text.append("  " + (hint if wide else narrow_hint), "bold")
