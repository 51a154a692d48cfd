/** Plain text layout for the terminal: tables, padding and wrapping, ANSI colours ignored when measuring. */
export const ANSI = /\x1b\[[0-9;]*m/g;

/** The columns `text` takes on a terminal (its colour codes take none). */
export function visibleWidth(text: string): number {
  return text.replace(ANSI, '').length;
}

/** `text` padded with spaces to `width` visible columns. */
export function padVisible(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - visibleWidth(text)));
}

export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(visibleWidth(h), ...rows.map((r) => visibleWidth(r[i] ?? ''))));
  const line = (cells: readonly string[]) => cells.map((c, i) => padVisible(c, widths[i]!)).join('  ').trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** `text` broken into lines of at most `columns` at spaces; lines after the first start with `indent`. */
export function wrap(text: string, columns: number, indent: string): string {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    if (current && visibleWidth(current) + 1 + visibleWidth(word) > columns) {
      lines.push(current);
      current = indent + word;
    } else current = current ? `${current} ${word}` : word;
  }
  if (current) lines.push(current);
  return lines.join('\n');
}
