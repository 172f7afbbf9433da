"""Purna's core: after-sales rules, the store, import and demo data. Never imports textual."""

__version__ = "0.1.0"
