"""What the divisions module adds: its import kind (the tree itself is a foundation table)."""

from fpr_desktop.base.registry import Module

MODULE = Module(
    name="divisions",
    title="行政区划",
    tab=False,
    order=900,  # administered under 系统管理, no tab of its own
    exchange_kinds=("fpr_desktop.divisions.exchange_kind",),
)
