# SPDX-License-Identifier: EUPL-1.2
"""Renderers: terminal (rich), HTML, Markdown and JSON views of results."""
