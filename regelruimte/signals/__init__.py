# SPDX-License-Identifier: EUPL-1.2
"""Signals: patterns over a household's events in time (public API to be added)."""
