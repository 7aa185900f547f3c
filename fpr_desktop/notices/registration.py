"""What the notice register adds: its tables and the settings of its complaint channels
(notices are issued by the modules that own them)."""

from fpr_desktop.base.registry import Module, Parameter

MODULE = Module(
    name="notices",
    title="公告公示",
    tab=False,
    order=800,  # shown inside the 项目库 tab and on 首页, no tab of its own
    models="fpr_desktop.notices.models",
    settings=(
        Parameter(
            "publicity.town_contacts",
            "公告公示",
            "各镇受理投诉电话和地址",
            "text",
            "",
            origin="每镇一行（或用；分隔）：镇名，电话，地址。镇、村公示印在受理单位之后",
        ),
        Parameter(
            "documents.body_font",
            "显示与打印",
            "公文正文字体",
            "choice",
            "fangsong",
            choices=(
                ("fangsong", "仿宋（本机已安装时，否则思源黑体）"),
                ("shipped", "思源黑体（程序自带）"),
            ),
        ),
    ),
)
