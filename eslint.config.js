import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['cdk.out/**', 'node_modules/**', '.local/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // Runtime code must never read the whole table.
    files: ['functions/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: '@aws-sdk/lib-dynamodb', importNames: ['ScanCommand', 'paginateScan'], message: 'No Scan in runtime code: use Query on a key or index.' }, { name: '@aws-sdk/client-dynamodb', importNames: ['ScanCommand', 'paginateScan'], message: 'No Scan in runtime code: use Query on a key or index.' }] }],
    },
  },
);
