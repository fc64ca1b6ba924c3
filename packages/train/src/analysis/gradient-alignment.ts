/**
 * Gradient alignment (Figure 2 of the paper): how closely a rule's gradient follows a reference
 * gradient (BPTT's) on the same batch, per parameter, per module, per layer and overall.
 *
 * Statistics of a group G of parameters, with a the rule's gradient and b the reference's:
 * cosine = ⟨a, b⟩ / (‖a‖·‖b‖), relativeNorm = ‖a‖ / ‖b‖, norm = ‖a‖, referenceNorm = ‖b‖,
 * all sums over every scalar of every parameter in G. Degenerate cases stay finite where they
 * have a natural value: both zero → cosine 1 and relativeNorm 1; exactly one zero → cosine 0
 * (relativeNorm 0 when a is zero, Infinity when only b is).
 */
import { tf } from '@olrd/tensor';
import { isSynthesiserParam, type Params } from '@olrd/core';

/** Alignment statistics of one group of parameters. */
export interface AlignmentStats {
  /** ⟨a, b⟩ / (‖a‖·‖b‖), in [−1, 1]. */
  readonly cosine: number;
  /** ‖a‖ / ‖b‖. */
  readonly relativeNorm: number;
  /** ‖a‖ (the rule's gradient). */
  readonly norm: number;
  /** ‖b‖ (the reference gradient). */
  readonly referenceNorm: number;
}

/** The result of {@link gradientAlignment}. */
export interface GradientAlignment {
  /** Every parameter together. */
  readonly overall: AlignmentStats;
  /** `layers[i]`: every parameter named `layers.{i}.*`. */
  readonly layers: readonly AlignmentStats[];
  /** By module: `encoder`, `decoder`, `layers.{i}.norm`, `layers.{i}.rec`, `layers.{i}.glu`, … */
  readonly modules: Readonly<Record<string, AlignmentStats>>;
  /** By parameter name. */
  readonly params: Readonly<Record<string, AlignmentStats>>;
}

/** Σ⟨a,b⟩, Σa², Σb² of one parameter (or group). */
export interface DotProducts {
  readonly ab: number;
  readonly aa: number;
  readonly bb: number;
}

/** The module of a parameter: `layers.0.rec.nu` → `layers.0.rec`, `encoder.kernel` → `encoder`. */
export function alignmentModuleOf(name: string): string {
  const parts = name.split('.');
  if (parts[0] === 'layers' && parts.length >= 3) return parts.slice(0, 3).join('.');
  return parts[0] as string;
}

/** The layer index of a parameter (`layers.{i}.…`), or undefined (encoder, decoder). */
export function alignmentLayerOf(name: string): number | undefined {
  const match = /^layers\.(\d+)\./.exec(name);
  return match ? Number(match[1]) : undefined;
}

/** Statistics from accumulated dot products (see the module comment for zero norms). */
export function alignmentStats({ ab, aa, bb }: DotProducts): AlignmentStats {
  const norm = Math.sqrt(aa);
  const referenceNorm = Math.sqrt(bb);
  if (norm === 0 || referenceNorm === 0) {
    const both = norm === 0 && referenceNorm === 0;
    return {
      cosine: both ? 1 : 0,
      relativeNorm: both ? 1 : norm === 0 ? 0 : Infinity,
      norm,
      referenceNorm,
    };
  }
  const cosine = Math.max(-1, Math.min(1, ab / (norm * referenceNorm)));
  return { cosine, relativeNorm: norm / referenceNorm, norm, referenceNorm };
}

function add(sum: DotProducts | undefined, term: DotProducts): DotProducts {
  if (sum === undefined) return term;
  return { ab: sum.ab + term.ab, aa: sum.aa + term.aa, bb: sum.bb + term.bb };
}

/**
 * Groups per-parameter dot products into per-parameter, per-module, per-layer and overall
 * statistics. Pure (no tensors): {@link gradientAlignment} is this after one read-back.
 */
export function summarizeAlignment(dots: Readonly<Record<string, DotProducts>>): GradientAlignment {
  let overall: DotProducts = { ab: 0, aa: 0, bb: 0 };
  const modules: Record<string, DotProducts> = {};
  const layers: DotProducts[] = [];
  const params: Record<string, AlignmentStats> = {};
  for (const [name, term] of Object.entries(dots)) {
    overall = add(overall, term);
    const module = alignmentModuleOf(name);
    modules[module] = add(modules[module], term);
    const layer = alignmentLayerOf(name);
    if (layer !== undefined) layers[layer] = add(layers[layer], term);
    params[name] = alignmentStats(term);
  }
  const moduleStats: Record<string, AlignmentStats> = {};
  for (const [name, term] of Object.entries(modules)) moduleStats[name] = alignmentStats(term);
  return {
    overall: alignmentStats(overall),
    layers: Array.from(layers, (term) => alignmentStats(term ?? { ab: 0, aa: 0, bb: 0 })),
    modules: moduleStats,
    params,
  };
}

/**
 * Compares gradient `a` (e.g. an online rule's) with the reference `b` (e.g. BPTT's on the same
 * batch and parameters). Both must hold the same names with the same shapes. Values are read back
 * once, asynchronously, so this works on every backend; nothing passed in is disposed. The
 * synthesisers of BP(λ) (`layers.{i}.synth.*`) are left out: they are not the model's gradient.
 *
 * @throws Error naming the first parameter missing from one side or with differing shapes.
 * @example
 * ```ts
 * const rule = await computeGradientsAsync('online_full', params, config, batch);
 * const bptt = await computeGradientsAsync('bptt', params, config, batch);
 * const { overall, layers } = await gradientAlignment(rule.grads, bptt.grads);
 * console.log(overall.cosine, layers.map((l) => l.cosine));
 * ```
 */
export async function gradientAlignment(a: Params, b: Params): Promise<GradientAlignment> {
  // BP(λ)'s synthesisers are not part of the function the gradient is of: BPTT has none to match.
  const names = Object.keys(a).filter((name) => !isSynthesiserParam(name));
  for (const name of Object.keys(b)) {
    if (!(name in a) && !isSynthesiserParam(name))
      throw new Error(`gradientAlignment: '${name}' is missing from the first gradient`);
  }
  for (const name of names) {
    const left = a[name] as tf.Tensor;
    const right = b[name];
    if (right === undefined)
      throw new Error(`gradientAlignment: '${name}' is missing from the second gradient`);
    if (left.shape.join(',') !== right.shape.join(',')) {
      throw new Error(
        `gradientAlignment: '${name}' has shape [${left.shape.join(', ')}] in the first gradient ` +
          `and [${right.shape.join(', ')}] in the second`,
      );
    }
  }
  if (names.length === 0) return summarizeAlignment({});
  const sums = tf.tidy(() =>
    tf.stack(
      names.map((name) => {
        const left = tf.cast(a[name] as tf.Tensor, 'float32');
        const right = tf.cast(b[name] as tf.Tensor, 'float32');
        return tf.stack([
          tf.sum(tf.mul(left, right)),
          tf.sum(tf.square(left)),
          tf.sum(tf.square(right)),
        ]);
      }),
    ),
  );
  const values = await sums.data();
  sums.dispose();
  const dots: Record<string, DotProducts> = {};
  names.forEach((name, i) => {
    dots[name] = {
      ab: values[3 * i] as number,
      aa: values[3 * i + 1] as number,
      bb: values[3 * i + 2] as number,
    };
  });
  return summarizeAlignment(dots);
}
