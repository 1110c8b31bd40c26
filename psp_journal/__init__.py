"""psp-journal: a private, encrypted journal for peer support providers."""

__version__ = "0.1.0"
