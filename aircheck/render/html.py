"""The HTML review: the draft line by line with every figure coloured by its status.

One self-contained file (inline CSS and JS, a Content-Security-Policy that allows no
remote load and only this page's own script and style, by hash) so it can be mailed,
archived and opened offline. Every text of the report is escaped: a draft is data,
never markup. The output is deterministic: the same report gives the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
from collections import defaultdict
from html import escape
from pathlib import Path

from ..i18n import word
from ..marks import STATUSES, Mark, marks
from ..model import Finding, Report
from ..text.loaders import SourceLine
from .sources import CELL_SEPARATOR, is_table

_CSS = """
:root{--error:#fecaca;--error-b:#b91c1c;--warning:#fde68a;--warning-b:#b45309;
--info:#dbeafe;--info-b:#1d4ed8;--ok:#d1fae5;--ok-b:#047857;--unchecked:#e5e7eb;
--unchecked-b:#6b7280;--fg:#111827;--muted:#4b5563;--line:#e5e7eb}
*{box-sizing:border-box}
body{margin:0;color:var(--fg);background:#fff;font:15px/1.7 system-ui,"Noto Sans CJK SC",
"Microsoft YaHei","PingFang SC",sans-serif}
.page{display:grid;grid-template-columns:minmax(0,1fr) 26rem;gap:0 1.5rem;padding:0 1.5rem}
@media (max-width:900px){.page{grid-template-columns:1fr}}
header{grid-column:1/-1;border-bottom:1px solid var(--line);padding:.8rem 0}
h1{font-size:1.3rem;margin:0 0 .3rem}
h2{font-size:1.05rem;margin:1rem 0 .4rem}
.summary{display:flex;flex-wrap:wrap;gap:.3rem 1.4rem;margin:0;color:var(--muted)}
.summary b{color:var(--fg)}
.legend{display:flex;flex-wrap:wrap;gap:.2rem 1rem;margin:.4rem 0 0;padding:0;border:0}
.legend legend{float:left;margin-right:.6rem;font-weight:600}
.legend label{cursor:pointer;white-space:nowrap}
.hint{color:var(--muted);font-size:.85rem;margin:.3rem 0 0}
.doc{min-width:0;padding-bottom:40vh}
div.line{display:flex;gap:.8rem;border-left:3px solid transparent;padding-left:.3rem}
.ln{flex:0 0 2.6rem;text-align:right;color:#9ca3af;user-select:none;font-variant-numeric:tabular-nums}
.tx{white-space:pre-wrap;overflow-wrap:anywhere;min-width:0}
table.grid{border-collapse:collapse;font-size:.9rem}
.grid td,.grid th{border:1px solid var(--line);padding:.1rem .4rem;vertical-align:top}
.grid th.ln{border:0;font-weight:normal}
mark.fig{color:inherit;border-radius:3px;padding:0 1px;border-bottom:2px solid;cursor:help;
scroll-margin:30vh}
mark.error{background:var(--error);border-color:var(--error-b);
text-decoration:underline wavy var(--error-b)}
mark.warning{background:var(--warning);border-color:var(--warning-b)}
mark.info{background:var(--info);border-color:var(--info-b)}
mark.ok{background:var(--ok);border-color:var(--ok-b)}
mark.unchecked{background:var(--unchecked);border-color:var(--unchecked-b);border-bottom-style:dotted}
mark.detached{margin-left:.4rem;font-size:.85em;opacity:.85}
mark.detached::before{content:"\\2192\\00a0"}
.hide-error mark.error,.hide-warning mark.warning,.hide-info mark.info,.hide-ok mark.ok,
.hide-unchecked mark.unchecked{background:none;border-color:transparent;text-decoration:none}
.hide-error .finding.error,.hide-warning .finding.warning,.hide-info .finding.info{display:none}
.line.has-error{border-left-color:var(--error-b)}
.line.has-warning{border-left-color:var(--warning-b)}
.line.has-info{border-left-color:var(--info-b)}
aside{position:sticky;top:0;align-self:start;max-height:100vh;overflow:auto;padding-bottom:1rem}
ol.findings{list-style:none;margin:0;padding:0}
.finding{border:1px solid var(--line);border-left:4px solid;border-radius:4px;margin:.5rem 0;
padding:.4rem .6rem;font-size:.9rem;scroll-margin:4rem}
.finding.error{border-left-color:var(--error-b)}
.finding.warning{border-left-color:var(--warning-b)}
.finding.info{border-left-color:var(--info-b)}
.finding a.go{color:inherit;text-decoration:none;display:block}
.finding a.go:hover .where{text-decoration:underline}
.sev{display:inline-block;border-radius:3px;padding:0 .35rem;font-size:.8rem;font-weight:600}
.sev.error{background:var(--error)}.sev.warning{background:var(--warning)}
.sev.info{background:var(--info)}
.code{font-family:ui-monospace,monospace;font-weight:600;margin:0 .3rem}
.where{color:var(--muted);font-size:.85rem}
.msg{margin:.15rem 0}
.fix,.inputs{margin:.15rem 0;color:var(--muted)}
.expected{font-weight:600}
.inputs a{color:inherit}
.current{outline:3px solid #7c3aed;outline-offset:2px}
.flash{animation:flash 1.2s ease-out 2}
@keyframes flash{50%{outline-color:transparent}}
footer{grid-column:1/-1;border-top:1px solid var(--line);color:var(--muted);font-size:.8rem;
padding:.6rem 0}
"""

_JS = """
(function () {
  "use strict";
  var body = document.body;
  function show(id) {
    var el = document.getElementById(id);
    if (!el) { return false; }
    el.scrollIntoView({block: "center", inline: "nearest"});
    var old = document.querySelectorAll(".current");
    for (var i = 0; i < old.length; i++) { old[i].classList.remove("current", "flash"); }
    el.classList.add("current");
    void el.offsetWidth;
    el.classList.add("flash");
    return true;
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-go]");
    if (link) {
      if (show(link.getAttribute("data-go"))) { event.preventDefault(); }
      return;
    }
    var mark = event.target.closest("mark[data-findings]");
    if (mark) { show("F" + mark.getAttribute("data-findings").split(" ")[0]); }
  });
  var boxes = document.querySelectorAll("input[data-status]");
  function apply() {
    for (var i = 0; i < boxes.length; i++) {
      body.classList.toggle("hide-" + boxes[i].getAttribute("data-status"), !boxes[i].checked);
    }
  }
  for (var i = 0; i < boxes.length; i++) { boxes[i].addEventListener("change", apply); }
  apply();
})();
"""


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


#: Nothing from the network or another file; only this page's own style and script run.
CSP = (
    f"default-src 'none'; style-src {_hash(_CSS)}; script-src {_hash(_JS)}; "
    "img-src data:; base-uri 'none'; form-action 'none'"
)

Place = tuple[str, int, int | None]
#: AC105 states and expects a convention by name; these are translated, other values not.
_CONVENTIONS = frozenset({"truncation", "rounding", "mixed", "undetermined"})


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def render_html(report: Report, sources: dict[str, list[SourceLine]], lang: str = "en") -> str:
    """The review page of *report*, showing the lines of *sources* (file name → its lines)."""
    items = marks(report)
    mark_ids: dict[Place, str] = {}
    for index, mark in enumerate(items):
        mark_ids.setdefault((mark.file, mark.line, mark.column), f"m{index}")
    files = list(dict.fromkeys([*report.files, *sources]))
    line_ids = {
        (file, line.number): f"f{i}-L{line.number}"
        for i, file in enumerate(files)
        for line in sources.get(file, [])
    }
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if lang == "zh" else "en"}">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_e(CSP)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{_e(word('review_title', lang))}: {_e(', '.join(report.files))}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        '<div class="page">',
        _header(report, items, lang),
        f'<main class="doc" id="document" aria-label="{_e(word("review_document", lang))}">',
        _document(report, items, files, sources, lang),
        "</main>",
        _findings(report, mark_ids, line_ids, lang),
        _footer(lang),
        "</div>",
        f"<script>{_JS}</script>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def _header(report: Report, items: list[Mark], lang: str) -> str:
    counts = report.counts()
    by_status = dict.fromkeys(STATUSES, 0)
    for mark in items:
        by_status[mark.status] += 1
    checked = report.stats.get("checked", len(items) - by_status["unchecked"])
    claims = report.stats.get("claims", len(items))
    facts = [
        *(
            f"<span>{_e(word(s, lang))} <b>{counts[s]}</b></span>"
            for s in ("error", "warning", "info")
        ),
        f"<span>{_e(word('review_convention', lang))}: "
        f"<b>{_e(word(report.convention, lang))}</b></span>",
        f"<span>{_e(word('review_coverage', lang, checked=checked, claims=claims))}</span>",
    ]
    if report.waived:
        facts.append(f"<span>{_e(word('review_waived', lang, n=len(report.waived)))}</span>")
    boxes = "".join(
        f'<label><input type="checkbox" checked data-status="{status}"> '
        f'<mark class="{status}">{_e(word("review_status_" + status, lang))}</mark> '
        f"({by_status[status]})</label>"
        for status in STATUSES
    )
    return (
        '<header id="summary">'
        f"<h1>{_e(word('review_title', lang))}: {_e(', '.join(report.files))}</h1>"
        f'<p class="summary">{"".join(facts)}</p>'
        f'<fieldset class="legend"><legend>{_e(word("review_show", lang))}</legend>{boxes}'
        "</fieldset>"
        f'<p class="hint">{_e(word("review_hint", lang))}</p>'
        "</header>"
    )


def _mark_title(mark: Mark, findings: list[Finding], lang: str) -> str:
    if not mark.findings:
        return word("review_status_" + mark.status, lang)
    lines = []
    for index in mark.findings:
        finding = findings[index]
        text = f"{finding.code} {word(finding.severity.value, lang)}: {finding.message(lang)}"
        if finding.expected is not None:
            text += f" ({word('expected', lang)} {finding.expected})"
        lines.append(text)
    return "\n".join(lines)


def _mark(
    index: int, mark: Mark, text: str, findings: list[Finding], lang: str, extra: str = ""
) -> str:
    data = f' data-findings="{" ".join(map(str, mark.findings))}"' if mark.findings else ""
    return (
        f'<mark id="m{index}" class="fig {mark.status}{extra}" data-claim="{_e(mark.claim_id)}" '
        f'data-status="{mark.status}"{data} title="{_e(_mark_title(mark, findings, lang))}">'
        f"{_e(text)}</mark>"
    )


def _line_classes(
    report: Report, placed: set[tuple[str, int, int | None]]
) -> dict[tuple[str, int], str]:
    """A stripe on lines holding a finding no mark shows (a document-level or header finding)."""
    worst: dict[tuple[str, int], int] = {}
    for finding in report.findings:
        if not finding.locations:
            continue
        first = finding.locations[0]
        if (first.file, first.line, first.column) in placed:
            continue
        key = (first.file, first.line)
        worst[key] = max(worst.get(key, 0), finding.severity.rank)
    names = {3: "error", 2: "warning", 1: "info"}
    return {key: f" has-{names[rank]}" for key, rank in worst.items()}


def _document(
    report: Report,
    items: list[Mark],
    files: list[str],
    sources: dict[str, list[SourceLine]],
    lang: str,
) -> str:
    on_line: dict[tuple[str, int], list[tuple[int, Mark]]] = defaultdict(list)
    for index, mark in enumerate(items):
        on_line[(mark.file, mark.line)].append((index, mark))
    placed: set[tuple[str, int, int | None]] = {(m.file, m.line, m.column) for m in items}
    stripes = _line_classes(report, placed)
    out: list[str] = []
    shown: set[tuple[str, int]] = set()
    for number, file in enumerate(files):
        lines = sources.get(file, [])
        if len(files) > 1:
            out.append(f"<h2>{_e(file)}</h2>")
        table = is_table(file)
        if table:
            out.append('<table class="grid">')
        for line in lines:
            key = (file, line.number)
            shown.add(key)
            here = sorted(
                on_line.get(key, []), key=lambda pair: (pair[1].column, pair[1].end_column)
            )
            row_id = f"f{number}-L{line.number}"
            stripe = stripes.get(key, "")
            if table:
                out.append(
                    f'<tr id="{row_id}" class="line{stripe}"><th class="ln">{line.number}</th>'
                    f"{_cells(line.text, here, report.findings, lang)}</tr>"
                )
            else:
                out.append(
                    f'<div id="{row_id}" class="line{stripe}"><span class="ln">{line.number}</span>'
                    f'<span class="tx">{_text(line.text, here, report.findings, lang)}</span></div>'
                )
        if table:
            out.append("</table>")
    lost = [(i, m) for i, m in enumerate(items) if (m.file, m.line) not in shown]
    if lost:
        out.append(f"<h2>{_e(word('review_not_placed', lang))}</h2><p>")
        out += [_mark(i, m, m.raw, report.findings, lang, " detached") for i, m in lost]
        out.append("</p>")
    return "\n".join(out)


def _text(text: str, here: list[tuple[int, Mark]], findings: list[Finding], lang: str) -> str:
    """A report line with each figure's characters wrapped; an overlapping one goes after it."""
    out: list[str] = []
    detached: list[str] = []
    pos = 0
    for index, mark in here:
        start, end = mark.column - 1, min(mark.end_column, len(text))
        if start < pos or start >= end:
            detached.append(_mark(index, mark, mark.raw, findings, lang, " detached"))
            continue
        out.append(_e(text[pos:start]))
        out.append(_mark(index, mark, text[start:end], findings, lang))
        pos = end
    out.append(_e(text[pos:]))
    return "".join(out + detached)


def _cells(text: str, here: list[tuple[int, Mark]], findings: list[Finding], lang: str) -> str:
    """A table row, one cell per column; a figure's mark covers its whole cell."""
    cells = text.split(CELL_SEPARATOR)
    inside: dict[int, tuple[int, Mark]] = {}
    detached: list[str] = []
    for index, mark in here:
        if 1 <= mark.column <= len(cells) and mark.column not in inside and cells[mark.column - 1]:
            inside[mark.column] = (index, mark)
        else:
            detached.append(_mark(index, mark, mark.raw, findings, lang, " detached"))
    out = []
    for number, cell in enumerate(cells, start=1):
        if number in inside:
            index, mark = inside[number]
            out.append(f"<td>{_mark(index, mark, cell, findings, lang)}</td>")
        else:
            out.append(f"<td>{_e(cell)}</td>")
    if detached:
        out.append(f"<td>{''.join(detached)}</td>")
    return "".join(out)


def _findings(
    report: Report, mark_ids: dict[Place, str], line_ids: dict[tuple[str, int], str], lang: str
) -> str:
    out = [f'<aside id="findings"><h2>{_e(word("findings", lang))} ({len(report.findings)})</h2>']
    if not report.findings:
        out.append(f"<p>{_e(word('no_findings', lang))}</p></aside>")
        return "\n".join(out)
    out.append('<ol class="findings">')
    several = len(report.files) > 1
    for index, finding in enumerate(report.findings):
        severity = finding.severity.value
        first = finding.locations[0] if finding.locations else None
        target = "summary"
        where = ""
        if first is not None:
            place = (first.file, first.line, first.column)
            target = mark_ids.get(place) or line_ids.get((first.file, first.line), "summary")
            where = word("review_line", lang, line=first.line)
            if several:
                where = f"{Path(first.file).name} {where}"
        body = [
            f'<span class="sev {severity}">{_e(word(severity, lang))}</span>'
            f'<span class="code">{_e(finding.code)}</span><span class="where">{_e(where)}</span>',
            f'<p class="msg">{_e(finding.message(lang))}</p>',
        ]
        if finding.expected is not None:
            body.append(
                f'<p class="fix">{_e(word("expected", lang))}: '
                f'<span class="expected">{_e(_value(finding.expected, lang))}</span></p>'
            )
        if finding.fix(lang):
            body.append(f'<p class="fix">{_e(word("fix", lang))}: {_e(finding.fix(lang))}</p>')
        link = f'<a class="go" href="#{target}" data-go="{target}">{"".join(body)}</a>'
        inputs = _inputs(finding, mark_ids, lang)
        out.append(
            f'<li id="F{index}" class="finding {severity}" data-severity="{severity}" '
            f'data-target="{target}">{link}{inputs}</li>'
        )
    out.append("</ol></aside>")
    return "\n".join(out)


def _value(value: str | None, lang: str) -> str:
    """An expected value; a rounding convention (AC105) in the page's language."""
    return word(value, lang) if value in _CONVENTIONS else str(value)


def _inputs(finding: Finding, mark_ids: dict[Place, str], lang: str) -> str:
    """Links to the figures the finding computed from (its later locations)."""
    links = []
    for loc in finding.locations[1:]:
        target = mark_ids.get((loc.file, loc.line, loc.column))
        label = _e(loc.text or word("review_line", lang, line=loc.line))
        links.append(f'<a href="#{target}" data-go="{target}">{label}</a>' if target else label)
    if not links:
        return ""
    return f'<p class="inputs">{_e(word("review_inputs", lang))}: {" · ".join(links)}</p>'


def _footer(lang: str) -> str:
    from .. import __version__

    return f"<footer>{_e(word('review_generated', lang, version=__version__))}</footer>"
