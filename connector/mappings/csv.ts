/**
 * CSV through csv-parse and csv-stringify (RFC 4180: quoted fields, doubled quotes, commas and
 * newlines inside quotes, CRLF or LF, a spreadsheet's UTF-8 BOM), with the line each record
 * starts on, so every problem of a mapping file can be reported as `file:line`.
 */
import { CsvError, parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

/** One record and the 1-based line it starts on (as a spreadsheet numbers it). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** Parses CSV text into records with their line numbers. Throws `CsvSyntaxError` on malformed quoting. */
export function parseCsvRecords(text: string): CsvRecord[] {
  let parsed: Array<{ record: string[]; info: { lines: number } }>;
  try {
    parsed = parse(text, {
      bom: true,
      info: true,
      // Field counts are checked by the caller, per row, so one ragged row hides nothing else.
      relax_column_count: true,
      skip_empty_lines: true,
      record_delimiter: ['\r\n', '\n', '\r'],
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch (e) {
    if (e instanceof CsvError) throw new CsvSyntaxError(e.message);
    throw e;
  }
  // `info.lines` is the line a record ends on; a quoted field may span several lines.
  return parsed.map(({ record, info }) => ({
    line: info.lines - record.reduce((n, f) => n + (f.match(/\r\n|\n|\r/g)?.length ?? 0), 0),
    fields: record,
  }));
}

/** Parses CSV text into rows of fields (blank lines carry no data and are skipped). */
export function parseCsv(text: string): string[][] {
  return parseCsvRecords(text).map((r) => r.fields);
}

export class CsvSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

/** Serialises rows as CSV with CRLF line ends (what spreadsheets expect). */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return stringify(rows as string[][], {
    record_delimiter: 'windows',
    // Leading or trailing spaces survive a round trip through a spreadsheet only when quoted.
    quoted_match: /^\s|\s$/,
  });
}
