/**
 * The version of olrd's interface specification. Every interface in `spec/` carries an optional
 * `specificationVersion`; an implementation written against a later, incompatible version says so,
 * and code that accepts implementations can refuse one it does not understand instead of failing
 * somewhere inside a step (vercel/ai's provider spec does the same).
 */
export type SpecificationVersion = 'v1';
