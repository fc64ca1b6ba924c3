/**
 * The `@olrd/rules/names` subpath is what the web page's bundle and the CLI's help load without
 * tfjs: its sources may import only types from other packages, and values from each other.
 */
import { readFile, readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RULE_NAMES, checkSupport, ruleTable } from './index.js';

const here = fileURLToPath(new URL('.', import.meta.url));

describe('@olrd/rules/names', () => {
  it('imports no values from outside itself (so no tfjs)', async () => {
    const sources = (await readdir(here)).filter((f) => f.endsWith('.ts') && !f.includes('.test.'));
    expect(sources).toContain('check-support.ts');
    for (const file of sources) {
      const text = await readFile(`${here}/${file}`, 'utf8');
      for (const [, what, from] of text.matchAll(
        /^(?:import|export)\s+(.*?)\s+from\s+'([^']+)'/gms,
      )) {
        if (from!.startsWith('./')) continue;
        expect(what, `${file} imports ${from}`).toMatch(/^type\s/);
      }
    }
  });

  it('has one record per built-in rule, each refusing in the one wording', () => {
    expect(ruleTable().map((rule) => rule.name)).toEqual([...RULE_NAMES]);
    expect(checkSupport('online_full', { layerCls: 'GRU' }, 'sequence')).toBe(
      "rule 'online_full' needs a diagonal recurrence (the LRU); for GRU use 'snap1' (its diagonal approximation) or 'rtrl' (exact)",
    );
    expect(checkSupport('bptt', { layerCls: 'GRU' }, 'streaming')).toMatch(
      /^rule 'bptt' needs the whole sequence .*: use execution 'sequence' \(--execution sequence\), or 'tbptt'/,
    );
    for (const { name } of ruleTable())
      if (!['bptt', 'tbptt', 'dni'].includes(name))
        expect(checkSupport(name, { layerCls: 'LRU', mode: 'pool' }, 'sequence'), name).toMatch(
          /^pooling mode 'pool' averages over the whole sequence/,
        );
    // The chunked rules see every step in sequence execution, so they can pool; streaming cannot.
    expect(checkSupport('tbptt', { layerCls: 'LRU', mode: 'pool' }, 'sequence')).toBeUndefined();
    expect(checkSupport('dni', { layerCls: 'LRU', mode: 'pool' }, 'streaming')).toMatch(/'pool'/);
  });
});
