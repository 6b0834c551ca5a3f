// ESLint flat config: type-checked typescript-eslint rules for the whole tree, plus the dependency
// rule of the architecture: libs/domain imports no framework or infrastructure package.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const infrastructure = [
  '@nestjs/*',
  'kafkajs',
  'pg',
  'typeorm',
  '@eventstore/*',
  '@kurrent/*',
  'onnxruntime-node',
  'express',
  'graphql',
  '#eventstore',
  '#messaging',
  '#platform',
  '#ml',
  '#simulator',
  '#read-model',
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.data/**',
      '.tmp/**',
      'coverage/**',
      'apps/case-management/web/dist/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.mjs', 'test/*.mjs', 'tools/*/*.mjs', 'scripts/*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      'no-console': 'error',
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Command-line tools talk to their user on the console.
    files: ['tools/**', 'scripts/**', 'bench/**', 'test/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.spec.ts', 'libs/testing/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['libs/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: infrastructure,
              message:
                'libs/domain is pure: no framework or infrastructure imports (ARCHITECTURE.md, Layout).',
            },
          ],
        },
      ],
    },
  },
);
