"""What the screens show of the insight pieces, each in one read: on the dashboard the
negative reviews waiting (core.review_queue), the recurring problems (core.metrics.recurring)
and the reason texts nobody has classified (core.tags); on the metrics screen NRR/SFFR with
their trend, the flags and those texts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from core import metrics, review_queue, tags
from core.calendar import local_date
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


@dataclass(frozen=True)
class MetricsView:
    """What the metrics screen shows: today's figures, the weekly trend, the flags by SKU."""

    shown: metrics.ShopMetrics
    points: tuple[metrics.TrendPoint, ...]  # oldest first, one per week
    flags: dict[str, metrics.Flag]  # by SKU
    unclassified: tuple[tags.Unclassified, ...]


def metrics_view(store: Store, now: datetime, weeks: int) -> MetricsView:
    """The metrics screen's data; today's metrics are read once, for the figures and flags."""
    shop = tags.overrides(store)
    today = local_date(now, store.shop_zone)
    shown = metrics.shop_metrics(store, today, shop)
    return MetricsView(
        shown=shown,
        points=metrics.trend(store, today, weeks, shop),
        flags={f.sku: f for f in metrics.recurring(store, now, shop, shown)},
        unclassified=tuple(tags.to_classify(store)),
    )
