/** One CSV record and the physical line it starts on (1-based), or why it could not be read. */
export type CsvRecord = { line: number; fields: string[] } | { line: number; error: string };

const COMMA = 44;
const LF = 10;
const CR = 13;

function lineBreaks(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) count++;
  }
  return count;
}

function isDelimiter(c: number): boolean {
  return c === COMMA || c === LF || c === CR || Number.isNaN(c);
}

/**
 * RFC 4180 records: quoted fields may hold commas, line breaks and doubled quotes; lines end with CRLF, LF
 * or CR; a leading UTF-8 BOM is dropped; records whose fields are all blank are skipped. A quote inside an
 * unquoted field is kept as text. An unclosed quote ends the input with an error at the line it opened on.
 */
export function parseCsv(input: string): CsvRecord[] {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const n = text.length;
  const records: CsvRecord[] = [];
  let i = 0;
  let line = 1;
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    let error: string | null = null;
    for (;;) {
      let value: string;
      if (text.charCodeAt(i) === 34) {
        const opened = line;
        value = '';
        i++;
        for (;;) {
          const quote = text.indexOf('"', i);
          if (quote === -1) {
            records.push({ line: opened, error: 'a quoted field is never closed: add the closing quote (") or double the quotes inside it ("")' });
            return records;
          }
          const chunk = text.slice(i, quote);
          line += lineBreaks(chunk);
          value += chunk;
          i = quote + 1;
          if (text.charCodeAt(i) !== 34) break;
          value += '"';
          i++;
        }
        if (!isDelimiter(text.charCodeAt(i))) {
          error ??= `field ${fields.length + 1} has text after its closing quote: double a quote inside a quoted field ("")`;
          while (i < n && !isDelimiter(text.charCodeAt(i))) i++;
        }
      } else {
        let j = i;
        while (j < n && !isDelimiter(text.charCodeAt(j))) j++;
        value = text.slice(i, j);
        i = j;
      }
      fields.push(value);
      if (i >= n) break;
      const c = text.charCodeAt(i);
      i++;
      if (c === COMMA) continue;
      if (c === CR && text.charCodeAt(i) === LF) i++;
      line++;
      break;
    }
    if (error !== null) records.push({ line: start, error });
    else if (fields.some((f) => f.trim() !== '')) records.push({ line: start, fields });
  }
  return records;
}
