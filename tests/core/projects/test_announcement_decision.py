"""The 入库公告 says who approved the projects into the library and by which document: once in
the prose when every project shares the decision, in a column of its own when they differ."""

from fpr_desktop.documents.notice_templates import NoticeKind as K
from fpr_desktop.projects.notices.content import extra_fields, template_for

LEADING_GROUP = "县委农村工作领导小组 陇农领发〔2024〕13号"


def _columns(rows: list[dict[str, object]]) -> list[str]:
    tpl = template_for(None, K.PROJECT_LIBRARY_ANNOUNCEMENT, rows)  # type: ignore[arg-type]
    return [c.key for c in tpl.tables["rows"].columns]


def test_one_shared_decision_is_said_once_in_the_prose() -> None:
    rows: list[dict[str, object]] = [{"decision": LEADING_GROUP}, {"decision": LEADING_GROUP}]
    assert "decision" not in _columns(rows)
    fields = extra_fields(K.PROJECT_LIBRARY_ANNOUNCEMENT, rows)
    assert fields == {"approval": f"（{LEADING_GROUP}）"}


def test_different_decisions_get_a_column_and_no_prose() -> None:
    rows: list[dict[str, object]] = [
        {"decision": LEADING_GROUP},
        {"decision": "县委农村工作领导小组 陇农领发〔2024〕20号"},
    ]
    assert "decision" in _columns(rows)
    assert extra_fields(K.PROJECT_LIBRARY_ANNOUNCEMENT, rows) == {"approval": ""}
