// The report's look, inlined into the page: it must open offline, from a file, with nothing fetched.
// Clicking a step of a diagram goes to its record in the list beside it (:target marks it); the list
// stays in view while the diagram scrolls, so the bytes appear next to the arrow that carried them.
export const PAGE_STYLE = `
:root { color-scheme: light; --ink: #1b2330; --muted: #5b6675; --line: #d5dbe3; --red: #b42318; --red-bg: #fde4e1; --green: #1a7f37; --mark: #fff5c8; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color: var(--ink); background: #f6f8fa; }
header.page { padding: 1rem 1.5rem; background: #fff; border-bottom: 1px solid var(--line); }
header.page h1 { margin: 0 0 .25rem; font-size: 1.3rem; }
header.page p { margin: .15rem 0; color: var(--muted); }
main { padding: 1rem 1.5rem 3rem; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, 'DejaVu Sans Mono', monospace; font-size: 13px; }
table.labs { border-collapse: collapse; background: #fff; margin: .5rem 0 1.5rem; }
table.labs td, table.labs th { padding: .3rem .8rem; border: 1px solid var(--line); text-align: left; vertical-align: top; }
.passed { color: var(--green); }
.failed { color: var(--red); }
section.lab { margin-bottom: 2rem; }
section.lab > h2 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; }
details.check { background: #fff; border: 1px solid var(--line); border-radius: 6px; margin: .4rem 0; }
details.check > summary { cursor: pointer; padding: .45rem .8rem; list-style-position: inside; }
details.check.failed { border-color: var(--red); }
details.check.failed > summary { background: var(--red-bg); color: var(--red); font-weight: 600; }
details.check > summary .title { color: var(--ink); font-weight: 400; }
details.check > summary .kind { font-size: .8rem; margin-left: .5rem; padding: 0 .4rem; border: 1px solid currentColor; border-radius: 3px; }
.check-body { padding: .6rem .9rem 1rem; color: var(--ink); }
pre.story { white-space: pre-wrap; overflow-wrap: anywhere; background: #fbfbfc; border: 1px solid var(--line); padding: .6rem .8rem; margin: 0 0 1rem; }
ol.steps { margin: .3rem 0 .6rem; padding-left: 2.5rem; }
ol.steps li { white-space: pre-wrap; overflow-wrap: anywhere; }
.picture { display: grid; grid-template-columns: minmax(0, 1fr) minmax(18rem, 30%); gap: 1rem; align-items: start; }
.diagram { overflow: auto; max-height: 90vh; border: 1px solid var(--line); background: #fff; }
.diagram svg { display: block; max-width: none; height: auto; }
.diagram a.step:hover rect[fill="transparent"], .diagram g.step:hover rect[fill="transparent"] { fill: rgba(29, 95, 174, .08); }
.diagram a.step { cursor: pointer; }
.records { position: sticky; top: .5rem; max-height: 90vh; overflow: auto; border: 1px solid var(--line); background: #fff; }
.records ol { margin: 0; padding: 0; list-style: none; }
.records h4 { margin: 0; padding: .4rem .6rem; position: sticky; top: 0; background: #eef2f6; border-bottom: 1px solid var(--line); font-size: .85rem; }
.records li { padding: .3rem .6rem; border-bottom: 1px solid #eef1f4; scroll-margin-top: 2.5rem; }
.records li .at { color: var(--muted); font-size: .8rem; }
.records li pre { margin: .15rem 0 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.records li.alert { background: var(--red-bg); }
.records li:target { background: var(--mark); outline: 2px solid #c99700; }
.left-out { color: var(--muted); font-size: .85rem; margin: .3rem 0; }
.datagram-summary h4 { margin: .2rem 0; }
table.datagrams { border-collapse: collapse; margin: .3rem 0 .6rem; }
table.datagrams th, table.datagrams td { border: 1px solid var(--line); padding: .2rem .6rem; text-align: right; }
table.datagrams th[scope="row"], table.datagrams thead th:first-child { text-align: left; font-weight: 400; }
@media (max-width: 900px) { .picture { grid-template-columns: 1fr; } .records { position: static; } }
`;
