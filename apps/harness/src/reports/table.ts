/** A plain text table: columns padded to their widest cell, ANSI colours ignored when measuring. */
export const ANSI = /\x1b\[[0-9;]*m/g;

export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const width = (s: string) => s.replace(ANSI, '').length;
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => c + ' '.repeat(widths[i]! - width(c))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
