/**
 * One execution of a litmus test drawn as herd draws them: a column per
 * thread with its events in program order, the initial writes above and the
 * final reads below, and arrows for reads-from (rf), synchronizes-with (sw)
 * and happens-before (hb, where program order does not already show it).
 * For a candidate the ECMAScript model rejects, the events of the violated
 * axiom are outlined in red and the axiom is named. Self-contained SVG: no
 * script, no external font or style.
 */
import type { ExecutionGraph, GraphEvent } from '@racelab/model';

const COLUMN = 280;
const ROW = 64;
const BOX = { width: 250, height: 34 };
const MARGIN = 20;
const EDGE_COLOUR = { rf: '#cf222e', sw: '#1a7f37', hb: '#8c959f' } as const;

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** What a box says: the instruction, and the value it read or wrote. */
function caption(event: GraphEvent): string {
  const value = event.read !== undefined ? ` = ${event.read}` : '';
  if (event.agent === 'init') return `init ${event.location} = ${event.written ?? 0n}`;
  if (event.agent === 'final') return `final ${event.location}${value}`;
  return `${event.label}${event.kind === 'read' || event.kind === 'rmw' ? `  (read ${event.read})` : ''}`;
}

/**
 * The SVG of `graph`. Initial writes of the bytes of one element are drawn
 * as one box (their edges start there).
 */
export function executionSvg(graph: ExecutionGraph, options: { title: string; allowed: boolean }): string {
  // One box per init element and per final element; threads in columns.
  const boxOf = new Map<number, string>();
  const boxes = new Map<string, { x: number; y: number; text: string; events: number[] }>();
  const threads = [...new Set(graph.events.filter((e) => typeof e.agent === 'number').map((e) => e.agent as number))].sort((a, b) => a - b);
  const depth = Math.max(1, ...graph.events.filter((e) => typeof e.agent === 'number').map((e) => e.index + 1));
  const columns = Math.max(1, threads.length);
  const place = (key: string, x: number, y: number, event: GraphEvent) => {
    const box = boxes.get(key) ?? { x, y, text: caption(event), events: [] };
    box.events.push(event.id);
    boxes.set(key, box);
    boxOf.set(event.id, key);
  };
  const initElements = [...new Set(graph.events.filter((e) => e.agent === 'init').map((e) => e.location))];
  const finalElements = [...new Set(graph.events.filter((e) => e.agent === 'final').map((e) => e.location))];
  const spread = (n: number, count: number) => MARGIN + ((n + 0.5) * (columns * COLUMN)) / Math.max(1, count) - BOX.width / 2;
  const top = 56;
  for (const e of graph.events) {
    if (e.agent === 'init') place(`init ${e.location}`, spread(initElements.indexOf(e.location), initElements.length), top, e);
    else if (e.agent === 'final') place(`final ${e.location}`, spread(finalElements.indexOf(e.location), finalElements.length), top + ROW * (depth + 1), e);
    else place(`e${e.id}`, MARGIN + threads.indexOf(e.agent) * COLUMN, top + ROW * (e.index + 1), e);
  }
  // An init box shows the element's initial value, not one byte's.
  for (const [key, box] of boxes) {
    if (!key.startsWith('init ')) continue;
    const zero = box.events.every((id) => (graph.events[id]!.written ?? 0n) === 0n);
    box.text = `init ${key.slice(5)}${zero ? ' = 0' : ''}`;
  }

  const violating = new Set(graph.violation?.events ?? []);
  const centre = (id: number) => {
    const box = boxes.get(boxOf.get(id)!)!;
    return { x: box.x + BOX.width / 2, y: box.y + BOX.height / 2, box };
  };
  const edges: string[] = [];
  const seen = new Set<string>();
  const drawEdge = (kind: keyof typeof EDGE_COLOUR, from: number, to: number, bend: number) => {
    const a = centre(from);
    const b = centre(to);
    const id = `${boxOf.get(from)}>${boxOf.get(to)}>${kind}`;
    if (a.box === b.box || seen.has(id)) return;
    seen.add(id);
    // Leave and enter boxes at their edges, bending sideways so that arrows between the same rows do not overlap.
    const dy = b.y > a.y ? BOX.height / 2 : b.y < a.y ? -BOX.height / 2 : 0;
    const x1 = a.x;
    const y1 = a.y + dy;
    const x2 = b.x;
    const y2 = b.y - dy;
    const cx = (x1 + x2) / 2 + bend;
    const cy = (y1 + y2) / 2;
    edges.push(
      `<path d="M${x1},${y1} Q${cx},${cy} ${x2},${y2}" class="${kind}" marker-end="url(#arrow-${kind})"/>` +
        `<text x="${cx}" y="${cy - 3}" class="edge-label" fill="${EDGE_COLOUR[kind]}">${kind}</text>`,
    );
  };
  for (const [from, to] of graph.rf) drawEdge('rf', from, to, 24);
  for (const [from, to] of graph.sw) drawEdge('sw', from, to, -24);
  const sameThread = (a: number, b: number) => {
    const x = graph.events[a]!.agent;
    return typeof x === 'number' && x === graph.events[b]!.agent;
  };
  // hb edges other arrows do not already show: not within a thread (program order), not from the initial
  // writes (they happen before everything) and not to the final reads (everything happens before them).
  const shown = (a: number, b: number) => sameThread(a, b) || graph.events[a]!.agent === 'init' || graph.events[b]!.agent === 'final';
  for (const [from, to] of graph.hb) if (!shown(from, to)) drawEdge('hb', from, to, 0);

  const po = graph.po.map(([from, to]) => {
    const a = centre(from);
    const b = centre(to);
    return `<line x1="${a.x}" y1="${a.y + BOX.height / 2}" x2="${b.x}" y2="${b.y - BOX.height / 2}" class="po" marker-end="url(#arrow-po)"/>`;
  });
  const boxSvg = [...boxes.values()].map((box) => {
    const bad = box.events.some((id) => violating.has(id));
    return `<g><rect x="${box.x}" y="${box.y}" width="${BOX.width}" height="${BOX.height}" rx="5" class="${bad ? 'event violating' : 'event'}"/>` +
      `<text x="${box.x + BOX.width / 2}" y="${box.y + BOX.height / 2 + 4}" class="caption">${escapeXml(box.text)}</text></g>`;
  });
  const headers = threads.map((t, n) => `<text x="${MARGIN + n * COLUMN + BOX.width / 2}" y="${top + ROW - 12}" class="thread">P${t}</text>`);
  const width = MARGIN * 2 + columns * COLUMN;
  const violationLines = graph.violation ? wrap(`${graph.violation.axiom}: ${graph.violation.text}`, Math.floor(width / 7)) : [];
  const height = top + ROW * (depth + 2) + 16 * violationLines.length + 10;
  const verdict = options.allowed ? 'allowed by the ECMAScript memory model: one valid execution' : 'forbidden: a candidate execution and the axiom it violates';
  const violation = violationLines
    .map((line, n) => `<text x="${MARGIN}" y="${top + ROW * (depth + 2) + 16 * n}" class="violation">${escapeXml(line)}</text>`)
    .join('\n');
  const markers = (['rf', 'sw', 'hb'] as const)
    .map((k) => `<marker id="arrow-${k}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${EDGE_COLOUR[k]}"/></marker>`)
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(options.title)}">
<title>${escapeXml(options.title)}</title>
<defs>${markers}<marker id="arrow-po" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#57606a"/></marker></defs>
<style>
text { font: 11px ui-monospace, SFMono-Regular, Menlo, monospace; fill: #1f2328; }
.title { font: 600 14px system-ui, sans-serif; } .subtitle { font: 12px system-ui, sans-serif; fill: #57606a; }
.thread { font: 600 13px system-ui, sans-serif; text-anchor: middle; }
.caption { text-anchor: middle; }
.event { fill: #f6f8fa; stroke: #8c959f; } .violating { fill: #ffebe9; stroke: #cf222e; stroke-width: 2; }
.po { stroke: #57606a; stroke-width: 1.2; }
path.rf, path.sw, path.hb { fill: none; stroke-width: 1.5; }
path.rf { stroke: ${EDGE_COLOUR.rf}; } path.sw { stroke: ${EDGE_COLOUR.sw}; } path.hb { stroke: ${EDGE_COLOUR.hb}; stroke-dasharray: 4 3; }
.edge-label { font-size: 10px; text-anchor: middle; }
.violation { fill: #cf222e; font: 12px system-ui, sans-serif; }
</style>
<text x="${MARGIN}" y="22" class="title">${escapeXml(options.title)}</text>
<text x="${MARGIN}" y="40" class="subtitle">${escapeXml(verdict)}</text>
${headers.join('\n')}
${po.join('\n')}
${boxSvg.join('\n')}
${edges.join('\n')}
${violation}
</svg>
`;
}

/** Words in lines of at most `width` characters. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}
