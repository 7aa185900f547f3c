"""The assets tests' fixtures come from the shared helpers."""

from helpers.assets_support import place

__all__ = ["place"]
