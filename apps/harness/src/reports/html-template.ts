/**
 * The page around the HTML report: styles, the inlined chart library, the
 * chart data and the few lines that draw it, open the section a link points
 * at and filter the grid. Everything is inline, so the file opens offline,
 * from disk, from a CI artifact or a mail attachment.
 */

export interface PageParts {
  readonly title: string;
  readonly body: string;
  /** The chart library's UMD build, read from node_modules. */
  readonly chartLibrary: string;
  /** `[{ id, config }]`: one Chart.js configuration per canvas id, drawn when its canvas is first shown. */
  readonly charts: readonly { id: string; config: unknown }[];
  /** More CSS, after the page's own. */
  readonly style?: string;
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
:root { --pass: #1a7f37; --fail: #cf222e; --error: #8250df; --timeout: #0969da; --skipped: #9a6700; --muted: #57606a; --line: #d0d7de; }
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
.verdict-error { color: var(--error); } .verdict-timeout { color: var(--timeout); } .verdict-skipped { color: var(--skipped); }
.yes { color: var(--pass); } .no { color: var(--fail); }
details.executions { margin: 8px 0 16px; } details.executions summary { cursor: pointer; color: var(--muted); }
details.suite > summary { font-size: 18px; cursor: pointer; padding: 4px 0; }
details.suite > summary small { font-size: 13px; color: var(--muted); }
details.experiment { border-left: 3px solid var(--line); margin: 4px 0 4px 12px; padding-left: 12px; }
details.experiment > summary { cursor: pointer; padding: 2px 0; }
details.experiment[open] { border-left-color: #0969da; padding-bottom: 12px; }
details.experiment > summary code { margin-left: 6px; }
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

/**
 * Charts are drawn when their canvas is first shown (a collapsed section's
 * canvas has no size to draw in); a link to a section opens it and every
 * section around it; the grid's filters hide rows. `data-charts` on the body
 * counts the charts drawn so far.
 */
const PAGE_SCRIPT = `
(function () {
  function fail(message) {
    var box = document.getElementById('racelab-error');
    box.style.display = 'block';
    box.textContent = 'A chart could not be drawn: ' + message;
    console.error('racelab: ' + message);
  }
  // Tick labels a JSON configuration cannot carry as functions, by name.
  var FORMATS = {
    'decades-percent': function (value) {
      var power = Math.log10(value);
      return Math.abs(power - Math.round(power)) < 1e-9 ? Number(value.toPrecision(1)) + '%' : '';
    }
  };
  function withFormats(config) {
    var scales = (config.options && config.options.scales) || {};
    Object.keys(scales).forEach(function (key) {
      var ticks = scales[key].ticks;
      if (ticks && ticks.racelabFormat) ticks.callback = FORMATS[ticks.racelabFormat];
    });
    return config;
  }
  var pending = [];
  var drawn = 0;
  try { pending = JSON.parse(document.getElementById('racelab-charts').textContent); } catch (e) { fail(e.message); }
  function drawShown() {
    pending = pending.filter(function (c) {
      var canvas = document.getElementById(c.id);
      // Inside a closed section it has no size to draw in: wait until it is opened.
      if (!canvas || canvas.closest('details:not([open])')) return true;
      try { new Chart(canvas, withFormats(c.config)); drawn++; } catch (e) { fail(c.id + ': ' + e.message); }
      return false;
    });
    document.body.setAttribute('data-charts', String(drawn));
  }
  function openTarget(hash) {
    var target = hash.length > 1 && document.getElementById(decodeURIComponent(hash.slice(1)));
    for (var e = target; e; e = e.parentElement) if (e.tagName === 'DETAILS') e.open = true;
    if (target) target.scrollIntoView();
  }
  // toggle does not bubble: listen while it is captured on its way down.
  document.addEventListener('toggle', function (e) { if (e.target.open) drawShown(); }, true);
  document.addEventListener('click', function (e) {
    var link = e.target.closest && e.target.closest('a[href^="#"]');
    if (link) openTarget(link.getAttribute('href'));
  });
  window.addEventListener('hashchange', function () { openTarget(location.hash); });
  var form = document.querySelector('.g-filters');
  if (form) form.addEventListener('change', function () {
    var rows = document.querySelectorAll('.g-row');
    var shown = 0;
    rows.forEach(function (r) {
      var ok = (!form.group.value || r.dataset.group === form.group.value) &&
        (!form.verdict.value || r.dataset.verdicts.split(' ').indexOf(form.verdict.value) >= 0) &&
        (!form.differs.value || r.dataset.differs.split(' ').indexOf(form.differs.value) >= 0);
      r.hidden = !ok;
      if (ok) shown++;
    });
    document.querySelectorAll('.g-head').forEach(function (h) {
      h.hidden = !document.querySelector('.g-row[data-group="' + CSS.escape(h.dataset.group) + '"]:not([hidden])');
    });
    form.shown.value = shown + ' of ' + rows.length + ' experiments';
  });
  openTarget(location.hash);
  drawShown();
})();
`;

/** The whole page. */
export function renderPage(parts: PageParts): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(parts.title)}</title>
<style>${STYLE}${parts.style ?? ''}</style>
</head>
<body>
<div id="racelab-error" role="alert"></div>
${parts.body}
<script>${parts.chartLibrary.replace(/<\/script/gi, '<\\/script')}</script>
<script type="application/json" id="racelab-charts">${scriptJson(parts.charts)}</script>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}
