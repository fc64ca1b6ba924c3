import { describe, expect, it } from 'vitest';
import { isNormParam, leafName, paramGroup } from './param-groups.js';

const names = [
  'encoder.kernel',
  'layers.0.norm.scale',
  'layers.0.norm.bias',
  'layers.0.rec.nu',
  'layers.0.rec.theta',
  'layers.0.rec.gamma_log',
  'layers.0.rec.B_re',
  'layers.0.rec.B_im',
  'layers.0.rec.C_re',
  'layers.0.rec.C_im',
  'layers.0.rec.D',
  'layers.0.glu.out1.kernel',
  'decoder.bias',
];

function groups(optConfig: 'standard' | 'Bdecay' | 'Bfast_and_decay', normWeightDecay = false) {
  return Object.fromEntries(
    names.map((name) => [name, paramGroup(name, optConfig, normWeightDecay)]),
  );
}

describe('parameter groups (spec 1 §5.1)', () => {
  it('standard: nu, theta, gamma_log and B in rec; norm without decay; the rest regular', () => {
    expect(groups('standard')).toEqual({
      'encoder.kernel': 'regular',
      'layers.0.norm.scale': 'norm',
      'layers.0.norm.bias': 'norm',
      'layers.0.rec.nu': 'rec',
      'layers.0.rec.theta': 'rec',
      'layers.0.rec.gamma_log': 'rec',
      'layers.0.rec.B_re': 'rec',
      'layers.0.rec.B_im': 'rec',
      'layers.0.rec.C_re': 'regular',
      'layers.0.rec.C_im': 'regular',
      'layers.0.rec.D': 'regular',
      'layers.0.glu.out1.kernel': 'regular',
      'decoder.bias': 'regular',
    });
  });

  it('Bfast_and_decay: B joins regular (AdamW at lr); Bdecay: B gets its own group', () => {
    expect(groups('Bfast_and_decay')['layers.0.rec.B_re']).toBe('regular');
    expect(groups('Bfast_and_decay')['layers.0.rec.nu']).toBe('rec');
    expect(groups('Bdecay')['layers.0.rec.B_im']).toBe('B');
  });

  it('normWeightDecay reproduces the reference (LayerNorm decayed with the regular group)', () => {
    expect(groups('standard', true)['layers.0.norm.scale']).toBe('regular');
  });

  it('uses the leaf name, like the reference (RNN A and B too)', () => {
    expect(leafName('layers.3.rec.A')).toBe('A');
    expect(paramGroup('layers.3.rec.A', 'Bfast_and_decay')).toBe('rec');
    expect(paramGroup('layers.3.rec.B', 'standard')).toBe('rec');
    expect(isNormParam('layers.1.norm.bias')).toBe(true);
    expect(isNormParam('decoder.bias')).toBe(false);
  });
});
