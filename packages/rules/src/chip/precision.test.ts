import { describe, expect, it } from 'vitest';
import { formatPrecision, isAllFixed, parsePrecision, precisionPreset } from './precision.js';

describe('parsePrecision', () => {
  it('reads the issue example on top of fp32', () => {
    const p = parsePrecision('params=q8.8,state=q4.12,traces=q4.12,errors=bf16,updates=stochastic');
    expect(p.params.format.name).toBe('q8.8');
    expect(p.state.format.name).toBe('q4.12');
    expect(p.traces.format.name).toBe('q4.12');
    expect(p.errors.format.name).toBe('bf16');
    expect(p.accumulators.format.name).toBe('fp32');
    // updates follow the params' format, with the rounding asked for.
    expect(p.updates).toEqual({ format: p.params.format, rounding: 'stochastic' });
  });
  it('reads presets and overrides after them', () => {
    const int8 = parsePrecision('int8');
    expect(int8.params.format).toMatchObject({ bits: 8 });
    expect(int8.state.format).toMatchObject({ bits: 16 });
    expect(int8.traces.format).toMatchObject({ bits: 16 });
    expect(int8.updates.rounding).toBe('stochastic');
    expect(isAllFixed(int8)).toBe(true);
    expect(isAllFixed(precisionPreset('bf16'))).toBe(false);
    expect(parsePrecision('int8,updates=nearest').updates.rounding).toBe('nearest');
    expect(parsePrecision('int16,params=q2.6:stochastic').params).toMatchObject({
      rounding: 'stochastic',
      format: { name: 'q2.6' },
    });
    expect(parsePrecision('fp32')).toEqual(precisionPreset('fp32'));
  });
  it('round-trips through formatPrecision', () => {
    for (const name of ['fp32', 'bf16', 'int16', 'int8'] as const)
      expect(parsePrecision(formatPrecision(precisionPreset(name)))).toEqual(precisionPreset(name));
  });
  it('names the bad part and the choices', () => {
    expect(() => parsePrecision('weights=q8.8')).toThrow(/'weights=q8.8'.*params, state/);
    expect(() => parsePrecision('params=q8.9')).toThrow(/M \+ N = 8, 16 or 32/);
    expect(() => parsePrecision('params=q8.8:sometimes')).toThrow(/nearest or stochastic/);
    expect(() => parsePrecision('')).toThrow(/preset/);
    expect(() => parsePrecision('params')).toThrow(/CLASS=FORMAT/);
  });
});
