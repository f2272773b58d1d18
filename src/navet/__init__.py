"""Navet: shared coordination and follow-up for Swedish god och nära vård."""

__version__ = "0.1.0"
