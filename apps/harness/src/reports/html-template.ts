/**
 * The page around the HTML report: styles, the inlined chart library, the
 * chart data and the few lines that draw it. Everything is inline, so the
 * file opens offline, from disk, from a CI artifact or a mail attachment.
 */

export interface PageParts {
  readonly title: string;
  readonly body: string;
  /** The chart library's UMD build, read from node_modules. */
  readonly chartLibrary: string;
  /** `[{ id, config }]`: one Chart.js configuration per canvas id. */
  readonly charts: readonly { id: string; config: unknown }[];
}

/** JSON that is safe inside a `<script>` element (no `</script>`, no `<!--`). */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** Text safe inside HTML elements and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `
:root { --pass: #1a7f37; --fail: #cf222e; --error: #8250df; --skipped: #9a6700; --muted: #57606a; --line: #d0d7de; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto; max-width: 1180px; padding: 24px; color: #1f2328; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 21px; margin: 40px 0 6px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 16px; margin: 18px 0 6px; }
p.lead, .muted { color: var(--muted); }
code { font: 13px ui-monospace, SFMono-Regular, Menlo, monospace; background: #f6f8fa; padding: 1px 4px; border-radius: 4px; }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 14px; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.verdict { font-weight: 600; }
.verdict-pass { color: var(--pass); } .verdict-fail { color: var(--fail); }
.verdict-error, .verdict-timeout { color: var(--error); } .verdict-skipped { color: var(--skipped); }
.yes { color: var(--pass); } .no { color: var(--fail); }
details.executions { margin: 8px 0 16px; } details.executions summary { cursor: pointer; color: var(--muted); }
pre.litmus { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; background: #f6f8fa; padding: 8px; overflow-x: auto; }
.pictures { display: flex; flex-wrap: wrap; gap: 12px; } .pictures figure { margin: 0; border: 1px solid var(--line); border-radius: 6px; overflow-x: auto; max-width: 100%; }
.histograms { display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); gap: 12px; }
.chart { position: relative; height: 240px; border: 1px solid var(--line); border-radius: 6px; padding: 6px; }
.chart.speed { height: auto; min-height: 160px; }
.note { border: 1px dashed var(--line); border-radius: 6px; padding: 12px; color: var(--muted); }
.legend span { display: inline-block; margin-right: 14px; }
.legend i { display: inline-block; width: 12px; height: 12px; margin-right: 4px; vertical-align: -1px; border-radius: 2px; }
ul.findings li { margin: 4px 0; }
#racelab-error { display: none; background: #ffebe9; border: 1px solid var(--fail); padding: 8px 12px; border-radius: 6px; }
`;

/** The whole page. */
export function renderPage(parts: PageParts): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(parts.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<div id="racelab-error" role="alert"></div>
${parts.body}
<script>${parts.chartLibrary.replace(/<\/script/gi, '<\\/script')}</script>
<script type="application/json" id="racelab-charts">${scriptJson(parts.charts)}</script>
<script>
(function () {
  function fail(message) {
    var box = document.getElementById('racelab-error');
    box.style.display = 'block';
    box.textContent = 'A chart could not be drawn: ' + message;
    console.error('racelab: ' + message);
  }
  try {
    var charts = JSON.parse(document.getElementById('racelab-charts').textContent);
    charts.forEach(function (c) {
      try { new Chart(document.getElementById(c.id), c.config); } catch (e) { fail(c.id + ': ' + e.message); }
    });
    document.body.setAttribute('data-charts', String(charts.length));
  } catch (e) { fail(e.message); }
})();
</script>
</body>
</html>
`;
}
