"""Issuing a shelf label from any screen and telling the person where it went."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from core import shelf
from core.i18n import _
from tui.text import plain

if TYPE_CHECKING:
    from tui.base import PurnaScreen


async def issue_and_tell(screen: PurnaScreen, item_ids: int | list[int] | None) -> None:
    """Write (and print, if a printer is set) the labels of shelf items `item_ids`, off the
    UI thread: a slow or hung printer never freezes the screen."""
    if isinstance(item_ids, list):
        for item_id in item_ids:
            await issue_and_tell(screen, item_id)
        return
    item_id = item_ids
    store = screen.purna.store
    if item_id is None or store is None:
        return
    from core.errors import PurnaError

    try:
        issued = await asyncio.to_thread(
            shelf.issue_label, store, item_id, screen.purna.shop_zone, login=screen.purna.login
        )
    except PurnaError as exc:  # the folder is unsafe, or this login may not print
        screen.notify(plain(exc.message), title=_("Label"), severity="error", markup=False)
        return
    if issued.printed:
        message = _("Label printed ({path}).").format(path=issued.zpl_path)
    elif issued.problem:
        message = _("The printer failed ({problem}); the label is in {path}.").format(
            problem=issued.problem, path=issued.text_path
        )
    else:
        message = _("Label written to {path} (no label printer is set).").format(
            path=issued.text_path
        )
    screen.notify(plain(message), title=_("Label"), markup=False,
                  severity="error" if issued.problem else "information")  # fmt: skip
