// ESLint flat config: typescript-eslint's recommended rules plus the package layering of
// docs/architecture.md (tensor ← core ← rules ← train ← apps; data stands alone), enforced here
// rather than by goodwill.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// `allowed`: subpaths of a forbidden package that stay importable. A regex, because a gitignore
// group cannot re-include a path below an excluded one.
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const layer = (files, forbidden, allowed = []) => ({
  files,
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: forbidden.map((name) => {
          const kept = allowed
            .filter((path) => path.startsWith(`${name}/`))
            .map((path) => `(?!${escape(path.slice(name.length))}$)`)
            .join('');
          return {
            regex: `^${escape(name)}(${kept}/.*)?$`,
            message: `this package may not depend on ${name} (see docs/architecture.md)`,
          };
        }),
      },
    ],
  },
});

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.turbo/**', 'runs/**', '**/*.tmp.*'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Plain Node scripts (examples, configs) run with Node's globals.
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly' } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  layer(['packages/tensor/**'], ['@olrd/core', '@olrd/rules', '@olrd/data', '@olrd/train']),
  // core draws its seeded numbers from data's PRNG (one generator in olrd), and nothing else.
  layer(
    ['packages/core/**'],
    ['@olrd/rules', '@olrd/data', '@olrd/train', '@tensorflow/tfjs-core'],
    ['@olrd/data/prng'],
  ),
  layer(['packages/rules/**'], ['@olrd/data', '@olrd/train', '@tensorflow/tfjs-core']),
  layer(
    ['packages/data/**'],
    ['@olrd/tensor', '@olrd/core', '@olrd/rules', '@olrd/train', '@tensorflow/tfjs-core'],
  ),
  layer(['packages/train/**'], ['@tensorflow/tfjs-core']),
);
