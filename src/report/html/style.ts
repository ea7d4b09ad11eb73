/**
 * The report's only stylesheet, inlined: no web fonts (the system's own fonts,
 * CJK and Arabic-script families named so Chinese and Uyghur render on every
 * platform), a single column under 40rem for phones, and print rules that hide the
 * controls and show every finding's details.
 */
export const REPORT_CSS = `
:root { --ink: #1d2330; --muted: #5b6474; --line: #d8dce3; --paper: #fff; --band: #f4f6f9; --accent: #1f5fbf;
  --critical: #7d0f0c; --major: #a3201d; --moderate: #8a5a00; --minor: #4d5a6b; --info: #7b8494; color-scheme: light; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: var(--paper); line-height: 1.45;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", "Noto Sans Arabic", "UKIJ Tuz", sans-serif; }
main, header.aw-head, nav.aw-toolbar { max-width: 72rem; margin: 0 auto; padding: 0 1rem; }
header.aw-head { padding-top: 1.25rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; overflow-wrap: anywhere; }
h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; padding-bottom: .25rem; border-bottom: 2px solid var(--line); }
h3 { font-size: 1.05rem; margin: 1.25rem 0 .4rem; }
h4 { font-size: .95rem; margin: .8rem 0 .3rem; color: var(--muted); }
.aw-sub { color: var(--muted); margin: 0 0 .75rem; }
code, pre, .aw-mono { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .86em; }
code { overflow-wrap: break-word; word-break: break-all; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; background: var(--band); padding: .4rem .6rem; border-radius: 4px; margin: .25rem 0; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 .8rem; font-size: .92rem; }
th, td { text-align: left; vertical-align: top; padding: .3rem .45rem; border-bottom: 1px solid var(--line); overflow-wrap: break-word; word-break: normal; }
th { background: var(--band); font-weight: 600; }
.aw-table-wrap { overflow-x: auto; }
.aw-glance { display: grid; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); gap: .25rem 1.5rem; }
.aw-glance dt { color: var(--muted); font-size: .85rem; margin-top: .4rem; }
.aw-glance dd { margin: 0; overflow-wrap: anywhere; }
.aw-app-name { font-size: 1.1rem; }
.aw-gloss { color: var(--muted); font-style: italic; }
.aw-chips { display: flex; flex-wrap: wrap; gap: .35rem; padding: 0; margin: .4rem 0; list-style: none; }
.aw-chips a { display: inline-block; padding: .1rem .55rem; border: 1px solid var(--line); border-radius: 999px; color: var(--accent); text-decoration: none; font-size: .88rem; }
nav.aw-toolbar { position: sticky; top: 0; z-index: 2; background: rgba(255,255,255,.96); border-bottom: 1px solid var(--line); padding-top: .5rem; padding-bottom: .5rem; }
nav.aw-toolbar form { display: flex; flex-wrap: wrap; gap: .5rem; align-items: end; }
nav.aw-toolbar label { display: flex; flex-direction: column; font-size: .8rem; color: var(--muted); }
nav.aw-toolbar input, nav.aw-toolbar select { font: inherit; font-size: .95rem; padding: .3rem .4rem; border: 1px solid var(--line); border-radius: 4px; min-height: 2.2rem; }
nav.aw-toolbar input[type=search] { min-width: 14rem; }
#aw-status { font-size: .85rem; color: var(--muted); margin-left: auto; }
details.aw-finding { border: 1px solid var(--line); border-left: 4px solid var(--info); border-radius: 4px; margin: .45rem 0; background: var(--paper); }
[data-severity=critical] { --severity: var(--critical); } [data-severity=major] { --severity: var(--major); }
[data-severity=moderate] { --severity: var(--moderate); } [data-severity=minor] { --severity: var(--minor); }
details.aw-finding[data-severity] { border-left-color: var(--severity, var(--info)); }
details.aw-finding > summary { cursor: pointer; padding: .5rem .65rem; list-style-position: outside; margin-left: 1rem; overflow-wrap: anywhere; }
.aw-body { padding: 0 .75rem .6rem; }
.aw-badge { display: inline-block; font-size: .75rem; font-weight: 700; text-transform: uppercase; letter-spacing: .03em; padding: 0 .4rem; border-radius: 3px; color: #fff; background: var(--info); margin-right: .35rem; }
.aw-badge.aw-critical { background: var(--critical); } .aw-badge.aw-major { background: var(--major); }
.aw-badge.aw-moderate { background: var(--moderate); } .aw-badge.aw-minor { background: var(--minor); }
.aw-confidence { color: var(--muted); font-size: .8rem; }
dl.aw-facts { display: flex; flex-wrap: wrap; gap: .1rem 1.1rem; margin: .3rem 0 .5rem; font-size: .9rem; }
dl.aw-facts div { display: flex; gap: .35rem; min-width: 0; max-width: 100%; }
dl.aw-facts dt { color: var(--muted); } dl.aw-facts dd { margin: 0; overflow-wrap: anywhere; }
ol.aw-headlines { padding-left: 1.6rem; } ol.aw-headlines li { margin: .3rem 0; }
dl.aw-recipes dt, dl.aw-glossary dt { font-weight: 600; margin-top: .5rem; }
dl.aw-recipes dd, dl.aw-glossary dd { margin: 0 0 0 1rem; }
.aw-rule { color: var(--muted); font-size: .8rem; white-space: nowrap; }
.aw-tag { color: var(--muted); font-size: .8rem; border: 1px solid var(--line); border-radius: 3px; padding: 0 .3rem; margin-left: .3rem; }
ol.aw-evidence { padding-left: 1.4rem; margin: .3rem 0; }
ol.aw-evidence li { margin: .35rem 0; }
.aw-kind { font-weight: 600; font-size: .8rem; text-transform: uppercase; color: var(--muted); margin-right: .3rem; }
.aw-note, .aw-claim, .aw-original, .aw-gloss, li, dd, p { overflow-wrap: anywhere; }
.aw-note { color: var(--muted); font-size: .88rem; }
.aw-warning { border-left: 4px solid var(--high); background: #fdf1f0; padding: .4rem .7rem; }
footer { max-width: 72rem; margin: 2rem auto; padding: 1rem; color: var(--muted); font-size: .85rem; border-top: 1px solid var(--line); }
[hidden] { display: none !important; }
section, [data-aw-group], details.aw-finding { scroll-margin-top: 6.5rem; }
@media (max-width: 40rem) {
  body { font-size: 14px; }
  h1 { font-size: 1.3rem; }
  nav.aw-toolbar { position: static; }
  nav.aw-toolbar input[type=search] { min-width: 0; width: 100%; }
  .aw-table-wrap > table { min-width: 34rem; }
  nav.aw-toolbar label { flex: 1 1 45%; }
  th, td { padding: .25rem .3rem; }
  .aw-rule { white-space: normal; }
}
@media print {
  nav.aw-toolbar { display: none; }
  body { font-size: 9.5pt; line-height: 1.3; }
  main, header.aw-head, footer { max-width: none; padding: 0; }
  h2 { margin-top: 1.2rem; }
  details.aw-finding { border-left-width: 3px; margin: .3rem 0; }
  details.aw-finding > summary { break-after: avoid; padding: .3rem .5rem; }
  .aw-body { padding: 0 .5rem .3rem; }
  th, td { padding: .15rem .3rem; }
  ol.aw-evidence li { margin: .1rem 0; }
  tr, li, dl.aw-facts div { break-inside: avoid; }
  details.aw-finding > summary { list-style: none; margin-left: 0; }
  details.aw-finding::details-content { content-visibility: visible; display: block; }
  a { color: inherit; text-decoration: none; }
  h2 { break-after: avoid; }
  pre { background: none; border: 1px solid var(--line); }
}
`;
