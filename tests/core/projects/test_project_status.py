"""Project statuses are defined once: every rule and label derives from the `Status` enum."""

from __future__ import annotations

import pytest

from fpr_desktop.projects import status as st
from fpr_desktop.projects.flow import STEPS
from fpr_desktop.projects.status import Status


def test_a_status_is_its_stored_code_with_a_label_and_a_place() -> None:
    assert Status.DRAFT == "draft" and Status.parse("in_plan") is Status.IN_PLAN
    assert Status.IN_LIBRARY.label == "已入库"
    assert Status.DRAFT.order < Status.IN_LIBRARY.order < Status.HANDED_OVER.order
    assert list(st.STATUS_LABELS) == [s.value for s in Status]
    assert st.label_of("settled") == "已报账" and st.label_of("gone") == "gone"
    with pytest.raises(ValueError):
        Status.parse("gone")


def test_the_life_cycle_only_names_known_statuses() -> None:
    for step in STEPS.values():
        assert isinstance(step.target, Status)
        assert all(isinstance(s, Status) for s in step.sources)
    assert "draft" in st.EDITABLE and "returned" in st.EDITABLE
    assert not st.FINAL & {s for step in STEPS.values() for s in step.sources}
