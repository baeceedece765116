"""The HTML review's style and script, and the Content-Security-Policy that allows only them.

Kept apart from :mod:`.html` (which writes the page) because the policy names them by
hash: any edit here changes the hash, nothing else has to follow.

Below 700 px the findings come before the document (one column, each finding a link
to its figure), and every text may break anywhere, so a phone-width screen never
scrolls sideways; a table scrolls inside its own box.
"""

from __future__ import annotations

import base64
import hashlib

CSS = """
:root{--error:#fecaca;--error-b:#b91c1c;--warning:#fde68a;--warning-b:#b45309;
--info:#dbeafe;--info-b:#1d4ed8;--ok:#d1fae5;--ok-b:#047857;--unchecked:#e5e7eb;
--unchecked-b:#6b7280;--fg:#111827;--muted:#4b5563;--line:#e5e7eb}
*{box-sizing:border-box}
body{margin:0;color:var(--fg);background:#fff;font:15px/1.7 system-ui,"Noto Sans CJK SC",
"Microsoft YaHei","PingFang SC",sans-serif;overflow-wrap:anywhere}
.page{display:grid;grid-template-columns:minmax(0,1fr) 26rem;gap:0 1.5rem;padding:0 1.5rem}
@media (max-width:900px){.page{grid-template-columns:1fr}}
@media (max-width:700px){.page{padding:0 .8rem}header{order:-2}
aside{order:-1;position:static;max-height:none;overflow:visible}}
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
div.wide{max-width:100%;overflow-x:auto}
table.grid{border-collapse:collapse;font-size:.9rem}
.grid td,.grid th{border:1px solid var(--line);padding:.1rem .4rem;vertical-align:top;
overflow-wrap:normal}
.grid th.ln{border:0;font-weight:normal}
mark.fig{color:inherit;border-radius:3px;padding:0 1px;border-bottom:2px solid;cursor:help;
scroll-margin:30vh;white-space:nowrap}
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

JS = """
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
    f"default-src 'none'; style-src {_hash(CSS)}; script-src {_hash(JS)}; "
    "img-src data:; base-uri 'none'; form-action 'none'"
)
