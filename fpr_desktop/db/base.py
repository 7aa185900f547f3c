"""Moved to `fpr_desktop.base.orm` (base sits under db); kept so older imports work."""

from fpr_desktop.base.orm import NAMING_CONVENTION, Base, Versioned

__all__ = ["NAMING_CONVENTION", "Base", "Versioned"]
