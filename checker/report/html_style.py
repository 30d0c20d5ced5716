"""The HTML report's inline style sheet: readable at any width from a phone to a desk monitor.

Tables have fixed column widths and wrap long words, and quotes side by side sit in a grid that
wraps, so a page never scrolls sideways. Printing opens nothing by itself; collapsed blocks stay
collapsed.
"""

from __future__ import annotations

CSS = """\
:root { --line: #d0d7de; --muted: #57606a; --text: #1f2328; --head: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; background: #eef1f4; color: var(--text);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1200px; margin: 0 auto; padding: 12px 28px 40px; background: #fff; }
article.story + article.story { border-top: 4px solid var(--line); margin-top: 32px; }
h1 { font-size: 1.6em; margin: 0.4em 0; overflow-wrap: anywhere; }
h2 { font-size: 1.3em; margin: 1.8em 0 0.6em; padding-bottom: 0.2em; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.05em; margin: 0 0 0.2em; overflow-wrap: anywhere; }
p { margin: 0.3em 0; }
a { color: #0969da; overflow-wrap: anywhere; }
code { font: 0.85em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #eff1f3;
  padding: 0 4px; border-radius: 4px; overflow-wrap: anywhere; }
.muted { color: var(--muted); font-size: 0.9em; }
a.where { font-size: 0.85em; }
.verdict { margin: 12px 0; padding: 10px 16px; border-left: 6px solid; border-radius: 4px; font-size: 1.1em; }
.verdict.contradiction { border-color: #cf222e; background: #ffebe9; }
.verdict.unconfirmed { border-color: #bf8700; background: #fff8c5; }
.verdict.clear { border-color: #1a7f37; background: #dafbe1; }
.counts { display: flex; flex-wrap: wrap; gap: 8px 32px; align-items: flex-start; }
.counts table { width: auto; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; }
table.fixed { table-layout: fixed; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top;
  overflow-wrap: anywhere; }
th { background: var(--head); font-weight: 600; }
.n { text-align: right; font-variant-numeric: tabular-nums; }
.finding { margin: 18px 0; padding: 12px 16px; border: 1px solid var(--line); border-radius: 6px; }
.sides { display: grid; align-items: start; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 12px; margin-top: 8px; }
.side { min-width: 0; padding: 8px 12px; background: #fbfcfd; border: 1px solid var(--line); border-radius: 6px; }
.value { font-weight: 600; overflow-wrap: anywhere; }
blockquote { margin: 6px 0; padding: 2px 0 2px 12px; border-left: 3px solid var(--line); overflow-wrap: anywhere; }
mark { background: #ffe27a; color: inherit; padding: 0 2px; border-radius: 2px; }
.badge { display: inline-block; font: 600 0.78em ui-monospace, Menlo, Consolas, monospace; padding: 0 7px;
  border-radius: 10px; border: 1px solid; }
.badge.error { color: #a40e26; background: #ffebe9; border-color: #ffcecb; }
.badge.warning { color: #7d4e00; background: #fff8c5; border-color: #eac54f; }
.badge.info { color: #0550ae; background: #ddf4ff; border-color: #9cd7ff; }
details { margin: 8px 0; padding: 4px 12px; border: 1px solid var(--line); border-radius: 6px; }
details[open] { padding-bottom: 8px; }
summary { cursor: pointer; font-weight: 600; padding: 4px 0; }
@media (max-width: 700px) { main { padding: 8px 12px; } .sides { grid-template-columns: 1fr; } }
"""
