// ESLint flat config: typescript-eslint's recommended (syntactic) rules for the whole monorepo.
// Not the type-checked presets: they need a full program per file and are too slow on CI boxes.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/.data/**',
      'web/dist/**',
      'bench/results/**',
      'docs/**',
      'wall/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // `_`-prefixed names are deliberately unused (positional parameters, destructuring rests).
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrors: 'none',
          ignoreRestSiblings: true,
        },
      ],
      // `cond ? a() : b()` as a statement picks one of two calls; keep it allowed.
      '@typescript-eslint/no-unused-expressions': ['error', { allowTernary: true, allowShortCircuit: true }],
    },
  },
  {
    // type-graphql's API is typed with `Function` (resolver classes, entity lists): mirror it here.
    files: [
      'shared/src/subgraph/subgraph.types.ts',
      'shared/src/subgraph/start-subgraph.ts',
      'shared/src/kit/graphql/pillar.types.ts',
      'shared/src/db/data-source.ts',
    ],
    rules: { '@typescript-eslint/no-unsafe-function-type': 'off' },
  },
  {
    // The browser apps (wall, GraphiQL) run in the browser, not node.
    files: ['web/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Plain-JS scripts (benchmarks, jest setup, the JS partner example) are CommonJS.
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-require-imports': 'off',
      // `const WebSocket = require('ws')` shadows node's global inside the module scope: intended.
      'no-redeclare': ['error', { builtinGlobals: false }],
    },
  },
);
