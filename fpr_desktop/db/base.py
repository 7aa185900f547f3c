"""Moved to `fpr_desktop.base.models.orm` (base sits under db); kept so older imports work."""

from fpr_desktop.base.models.orm import NAMING_CONVENTION, Base, Versioned

__all__ = ["NAMING_CONVENTION", "Base", "Versioned"]
