"""Moved to `fpr_desktop.base.models.columns` (base sits under db); kept so older imports work."""

from fpr_desktop.base.models.columns import Money, UTCDateTime, utcnow

__all__ = ["Money", "UTCDateTime", "utcnow"]
