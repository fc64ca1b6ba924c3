/**
 * Tab-separated values as the LRA files use them (spec 3): UTF-8, one record per line. ListOps
 * was written by Python's `csv.writer` (a field holding a tab, a quote or a newline is quoted with
 * `"`, inner quotes doubled); the AAN files are unquoted (their text fields are Python bytes
 * literals, see `decodePythonBytesLiteral`). Both are read here, with line numbers for errors.
 */
import { DataFormatError } from '../errors.js';

/** One parsed record and the 1-based line it starts on. */
export interface TsvRecord {
  readonly line: number;
  readonly fields: readonly string[];
}

/** Options of {@link parseTsv}. */
export interface TsvOptions {
  /** Honour `"`-quoted fields (csv.writer style); default true. */
  readonly quoting?: boolean;
  /** Every record must have exactly this many fields. */
  readonly fieldCount?: number;
  /** Line number of the text's first line (default 1), for errors in a block of a larger file. */
  readonly firstLine?: number;
}

/**
 * Parses TSV text into records; blank lines are ignored (a trailing newline is normal).
 *
 * @param file - named in errors
 * @throws DataFormatError naming the file and line of an unterminated quoted field, a stray quote
 *   after a closing quote, or a record with the wrong number of fields.
 */
export function parseTsv(text: string, file: string, options: TsvOptions = {}): TsvRecord[] {
  const quoting = options.quoting ?? true;
  const records: TsvRecord[] = [];
  let line = options.firstLine ?? 1;
  let position = 0;
  while (position < text.length) {
    const start = line;
    const fields: string[] = [];
    let field = '';
    let endOfRecord = false;
    while (!endOfRecord) {
      if (quoting && text[position] === '"' && field === '') {
        const closed = readQuoted(text, position + 1, file, start);
        field = closed.value;
        line += closed.newlines;
        position = closed.next;
        const after = text[position];
        if (after !== undefined && after !== '\t' && after !== '\n' && after !== '\r') {
          throw new DataFormatError(file, { line }, `unexpected '${after}' after a closing quote`);
        }
      }
      const char = text[position];
      if (char === undefined || char === '\n' || char === '\r') {
        fields.push(field);
        endOfRecord = true;
        if (char === '\r' && text[position + 1] === '\n') position++;
        if (char !== undefined) line++;
        position++;
      } else if (char === '\t') {
        fields.push(field);
        field = '';
        position++;
      } else {
        field += char;
        position++;
      }
    }
    if (fields.length === 1 && fields[0] === '') continue;
    if (options.fieldCount !== undefined && fields.length !== options.fieldCount) {
      throw new DataFormatError(
        file,
        { line: start },
        `expected ${options.fieldCount} tab-separated fields, found ${fields.length}`,
      );
    }
    records.push({ line: start, fields });
  }
  return records;
}

function readQuoted(
  text: string,
  from: number,
  file: string,
  line: number,
): { value: string; next: number; newlines: number } {
  let value = '';
  let newlines = 0;
  for (let i = from; i < text.length; i++) {
    const char = text[i]!;
    if (char === '"') {
      if (text[i + 1] === '"') {
        value += '"';
        i++;
        continue;
      }
      return { value, next: i + 1, newlines };
    }
    if (char === '\n') newlines++;
    value += char;
  }
  throw new DataFormatError(file, { line }, 'unterminated quoted field');
}

const BLOCK_BYTES = 1 << 23;

/**
 * The records of a TSV file given as bytes, decoded block by block (files such as the LRA AAN
 * splits exceed the longest string a JavaScript engine can hold). Blocks end at line breaks; a
 * quoted field spanning a block end is handled by growing the block.
 *
 * @param blockBytes - target block size (default 8 MiB)
 * @throws DataFormatError as {@link parseTsv}, and for bytes that are not UTF-8 (naming the line).
 */
export function* iterateTsvRecords(
  bytes: Uint8Array,
  file: string,
  options: TsvOptions = {},
  blockBytes = BLOCK_BYTES,
): Generator<TsvRecord> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let start = 0;
  let line = options.firstLine ?? 1;
  let size = blockBytes;
  while (start < bytes.length) {
    let end = Math.min(start + size, bytes.length);
    if (end < bytes.length) {
      const newline = bytes.lastIndexOf(0x0a, end - 1);
      end = newline >= start ? newline + 1 : Math.min(start + 2 * size, bytes.length);
    }
    let text: string;
    try {
      text = decoder.decode(bytes.subarray(start, end));
    } catch {
      throw new DataFormatError(file, { line }, 'not valid UTF-8 text in this block of lines');
    }
    let records: TsvRecord[];
    try {
      records = parseTsv(text, file, { ...options, firstLine: line });
    } catch (error) {
      if (
        end < bytes.length &&
        DataFormatError.isInstance(error) &&
        /unterminated quoted field/.test(error.message)
      ) {
        size *= 2;
        continue;
      }
      throw error;
    }
    yield* records;
    line += countNewlines(bytes, start, end);
    start = end;
    size = blockBytes;
  }
}

function countNewlines(bytes: Uint8Array, start: number, end: number): number {
  let count = 0;
  for (let at = bytes.indexOf(0x0a, start); at >= 0 && at < end; at = bytes.indexOf(0x0a, at + 1))
    count++;
  return count;
}
