"""Traditional characters that turn up in simplified-Chinese lists (萬元, 合計, 資金規模 …),
folded to simplified where headers, units and summary labels are compared — never in stored
text."""

from __future__ import annotations

_PAIRS = (
    "萬万 億亿 計计 劃划 總总 額额 資资 規规 設设 項项 鎮镇 鄉乡 縣县 區区 號号 實实 單单 類类 "
    "數数 戶户 務务 幫帮 產产 業业 養养 飲饮 廠厂 點点 條条 橋桥 護护 備备 註注 說说 時时 間间 "
    "開开 與与 級级 財财 補补 標标 績绩 態态 預预 報报 貼贴 貸贷 內内 圍围 稱称"
)
_TABLE = {ord(p[0]): p[1] for p in _PAIRS.split() if len(p) == 2}


def fold_traditional(text: str) -> str:
    """`text` with the traditional characters above replaced by their simplified forms."""
    return text.translate(_TABLE)
