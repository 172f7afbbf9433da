"""What the dashboard shows of the insight pieces in one read: the negative reviews waiting
(core.review_queue), the recurring problems (core.metrics.recurring) and the reason texts
nobody has classified (core.tags)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from core import metrics, review_queue, tags
from core.db import Store


@dataclass(frozen=True)
class Insight:
    reviews: review_queue.Counts
    flags: tuple[metrics.Flag, ...]  # most problem orders first
    unclassified: int  # reason texts


def dashboard(store: Store, now: datetime) -> Insight:
    shop = tags.overrides(store)
    return Insight(
        reviews=review_queue.counts(store),
        flags=tuple(metrics.recurring(store, now, shop)),
        unclassified=len(tags.to_classify(store)),
    )
