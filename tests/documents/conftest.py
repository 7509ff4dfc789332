"""Fixtures for the document tests (helpers live in document_helpers.py)."""

from __future__ import annotations

import pytest

from tests.documents.examples import EXAMPLE_CONFIG


@pytest.fixture
def app_config(app_config: dict[str, object]) -> dict[str, object]:
    """The root app config plus the example authority's letterhead and bank account."""
    return {**app_config, **EXAMPLE_CONFIG}
