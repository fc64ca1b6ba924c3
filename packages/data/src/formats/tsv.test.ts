import { describe, expect, it } from 'vitest';
import { iterateTsvRecords, parseTsv } from './tsv.js';

describe('parseTsv', () => {
  it('reads csv.writer-style TSV: quoted fields with tabs, doubled quotes and newlines', () => {
    const text = 'Source\tTarget\n( [MAX 2 9 ] )\t9\n"a\tb ""q"" \nc"\t3\r\n\n';
    expect(parseTsv(text, 'f.tsv', { fieldCount: 2 })).toEqual([
      { line: 1, fields: ['Source', 'Target'] },
      { line: 2, fields: ['( [MAX 2 9 ] )', '9'] },
      { line: 3, fields: ['a\tb "q" \nc', '3'] },
    ]);
  });

  it('keeps quotes literally when quoting is off (AAN)', () => {
    expect(parseTsv(`1\tb'say "hi"'\n`, 'a.tsv', { quoting: false })[0]!.fields).toEqual([
      '1',
      `b'say "hi"'`,
    ]);
  });

  it('names the file and line of malformed records', () => {
    expect(() => parseTsv('a\tb\nc\n', 'f.tsv', { fieldCount: 2 })).toThrow(
      /^f\.tsv: line 2: expected 2 tab-separated fields, found 1/,
    );
    expect(() => parseTsv('x\t1\n"open\t2\n', 'f.tsv')).toThrow(
      /^f\.tsv: line 2: unterminated quoted field/,
    );
    expect(() => parseTsv('"a"b\t1\n', 'f.tsv')).toThrow(
      /^f\.tsv: line 1: unexpected 'b' after a closing quote/,
    );
  });
});

describe('iterateTsvRecords', () => {
  it('reads a file block by block, with quoted fields across blocks and true line numbers', () => {
    const text = 'h1\th2\nshort\t1\n"multi\nline field"\t2\nlast\t3\n';
    const bytes = new TextEncoder().encode(text);
    const records = [...iterateTsvRecords(bytes, 'f.tsv', { fieldCount: 2 }, 16)];
    expect(records).toEqual(parseTsv(text, 'f.tsv', { fieldCount: 2 }));
    expect(records.map((r) => r.line)).toEqual([1, 2, 3, 5]);
    const bad = new TextEncoder().encode('a\t1\nb\t2\nc\t3\nd\n');
    expect(() => [...iterateTsvRecords(bad, 'f.tsv', { fieldCount: 2 }, 8)]).toThrow(
      /^f\.tsv: line 4: expected 2/,
    );
  });
});
