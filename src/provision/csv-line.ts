/** One CSV record on one line (RFC 4180 quoting: "a ""quoted"" field"), and the reverse. */

export type CsvParse = { readonly ok: true; readonly fields: string[] } | { readonly ok: false; readonly problem: string };

export function parseCsvLine(line: string): CsvParse {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (line.charAt(i) === '"') {
      let value = '';
      i += 1;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q === -1) return { ok: false, problem: 'a quoted field is not closed on this line' };
        value += line.slice(i, q);
        if (line.charAt(q + 1) === '"') {
          value += '"';
          i = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      fields.push(value);
      if (i === line.length) return { ok: true, fields };
      if (line.charAt(i) !== ',') return { ok: false, problem: `a closing quote is followed by ${JSON.stringify(line.charAt(i))} instead of a comma` };
      i += 1;
    } else {
      const comma = line.indexOf(',', i);
      const raw = comma === -1 ? line.slice(i) : line.slice(i, comma);
      if (raw.includes('"')) return { ok: false, problem: 'a field that is not quoted contains a quote' };
      fields.push(raw);
      if (comma === -1) return { ok: true, fields };
      i = comma + 1;
    }
  }
}

export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function csvLine(values: readonly string[]): string {
  return `${values.map(csvField).join(',')}\n`;
}
