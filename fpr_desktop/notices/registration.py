"""What the notice register adds: its tables (notices are issued by the modules that own them)."""

from fpr_desktop.base.registry import Module

MODULE = Module(
    name="notices",
    title="公告公示",
    tab=False,
    order=800,  # shown inside the 项目库 tab and on 首页, no tab of its own
    models="fpr_desktop.notices.models",
)
