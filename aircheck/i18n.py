"""Interface words in English and Chinese; finding messages carry both themselves."""

from __future__ import annotations

import locale
import os

LANGUAGES = ("en", "zh")

_WORDS: dict[str, dict[str, str]] = {
    "error": {"en": "error", "zh": "错误"},
    "warning": {"en": "warning", "zh": "警告"},
    "info": {"en": "info", "zh": "提示"},
    "findings": {"en": "Findings", "zh": "发现的问题"},
    "no_findings": {"en": "No findings.", "zh": "未发现问题。"},
    "summary": {
        "en": "{files}: {error}, {warning}, {info} info; "
        "{checked} of {claims} figures checked; rounding: {convention}",
        "zh": "{files} 个文件：错误 {error} 个，警告 {warning} 个，提示 {info} 个；"
        "{claims} 个数字中已核对 {checked} 个；修约方式：{convention}",
    },
    "waived_count": {"en": "{waived} waived; ", "zh": "已豁免 {waived} 个；"},
    "section": {"en": "Section", "zh": "章节"},
    "line": {"en": "Line", "zh": "行"},
    "code": {"en": "Code", "zh": "规则"},
    "severity": {"en": "Severity", "zh": "级别"},
    "message": {"en": "Message", "zh": "说明"},
    "fix": {"en": "Fix", "zh": "建议"},
    "expected": {"en": "expected", "zh": "应为"},
    "fingerprint": {"en": "aircheck fingerprint", "zh": "指纹"},
    "unchecked": {"en": "Figures not checked by any rule", "zh": "未经任何规则核对的数字"},
    "no_section": {"en": "(no section)", "zh": "（无章节）"},
    "truncation": {"en": "truncation", "zh": "截断"},
    "rounding": {"en": "rounding", "zh": "四舍五入"},
    "mixed": {"en": "mixed", "zh": "混用"},
    "undetermined": {"en": "undetermined", "zh": "无法判定"},
    # the HTML review (aircheck/render/html.py)
    "review_title": {"en": "aircheck review", "zh": "aircheck 审核"},
    "review_document": {"en": "Document", "zh": "正文"},
    "review_summary": {"en": "Summary", "zh": "概况"},
    "review_convention": {"en": "Rounding convention", "zh": "修约方式"},
    "review_coverage": {
        "en": "{checked} of {claims} figures checked",
        "zh": "{claims} 个数字中已核对 {checked} 个",
    },
    "review_waived": {"en": "{n} finding(s) waived", "zh": "已豁免 {n} 个问题"},
    "review_show": {"en": "Show", "zh": "显示"},
    "review_line": {"en": "line {line}", "zh": "第 {line} 行"},
    "review_inputs": {"en": "from", "zh": "依据"},
    "review_hint": {
        "en": "Click a finding to see its figure; hover a figure to read its findings.",
        "zh": "点击问题可跳转到对应数字；鼠标停在数字上可查看问题。",
    },
    "review_not_placed": {"en": "Figures not found in the text", "zh": "未能在正文中定位的数字"},
    "review_generated": {
        "en": "Made by aircheck {version}; one file, works offline.",
        "zh": "由 aircheck {version} 生成；单个文件，可离线查看。",
    },
    "review_status_error": {"en": "red: wrong", "zh": "红色：错误"},
    "review_status_warning": {"en": "amber: a convention is off", "zh": "琥珀色：写法或修约不规范"},
    "review_status_info": {"en": "blue: worth a look", "zh": "蓝色：提示"},
    "review_status_ok": {"en": "green: checked and consistent", "zh": "绿色：已核对，一致"},
    "review_status_unchecked": {"en": "grey: nothing could check it", "zh": "灰色：无法核对"},
}


def word(key: str, lang: str, **values: object) -> str:
    """The interface word *key* in *lang*, formatted with *values*."""
    entry = _WORDS[key]
    return (entry.get(lang) or entry["en"]).format(**values)


def counted(n: int, noun: str) -> str:
    """``1 file``, ``2 files``: an English count with its noun in the right number."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def default_language() -> str:
    """zh when the environment's locale is Chinese, else en (AIRCHECK_LANG overrides)."""
    chosen = os.environ.get("AIRCHECK_LANG")
    if chosen in LANGUAGES:
        return chosen
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    current = locale.getlocale()[0] or ""
    return "zh" if current.lower().startswith("zh") else "en"


#: Between the English and the Chinese of an evidence or reason text (one string field).
LANGUAGE_SEPARATOR = "\x1f"


def bilingual(en: str, zh: str) -> str:
    """An evidence or reason text in both languages, as one string (see :func:`in_language`)."""
    return f"{en}{LANGUAGE_SEPARATOR}{zh}"


def in_language(text: str, lang: str) -> str:
    """The English or Chinese half of a :func:`bilingual` text (the text itself if plain)."""
    en, _, zh = text.partition(LANGUAGE_SEPARATOR)
    return zh if lang == "zh" and zh else en
