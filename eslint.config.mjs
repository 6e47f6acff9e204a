import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

// The layers of the design (dependencies point downward only), enforced rather than promised.
// Node's modules that do I/O, with and without the `node:` prefix.
const NODE_IO = [
  'fs',
  'fs/promises',
  'net',
  'http',
  'https',
  'http2',
  'child_process',
  'dgram',
  'dns',
  'tls',
  'os',
  'readline',
  'worker_threads',
  'cluster',
  'zlib',
  'stream',
  'process',
].flatMap((m) => [m, `node:${m}`]);
// Nothing under lambda/ knows the CDK app, the CLI or the operations code.
const NO_LIB = {
  regex: '^(\\.\\./)+lib(/|$)',
  message: 'lambda/ never imports lib/ (lib knows lambda, not the reverse).',
};

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'web/dist/', 'cdk.out/', 'coverage/', '.trendoff/', '.scratch/'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['lambda/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [NO_LIB] }] },
  },
  {
    files: ['lambda/core/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: NODE_IO.map((name) => ({
            name,
            message: 'lambda/core is pure: no I/O; take what it needs as arguments or through a port.',
          })),
          patterns: [
            NO_LIB,
            {
              regex: '^((@aws-sdk|@smithy|@aws-lambda-powertools)/|aws-cdk-lib(/|$)|constructs$|kafkajs$)',
              message:
                'lambda/core is pure: no AWS SDK, Powertools or CDK; adapters and handlers wire them in.',
            },
            {
              regex: '^(\\.\\./)+(adapters|handlers|io|x|producer)(/|$)',
              message:
                'lambda/core knows nothing outside itself: adapters, handlers and I/O depend on core, not the reverse.',
            },
          ],
        },
      ],
    },
  },
  {
    // The CLI is one bundle shipped to cluster nodes and run under a small heap: the CDK (tens of MB)
    // must not reach it through a shared module.
    files: [
      'bin/trendoff.ts',
      'lib/cli/**/*.ts',
      'lib/config/**/*.ts',
      'lib/local/**/*.ts',
      'lib/ops/**/*.ts',
      'lib/io/**/*.ts',
    ],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(aws-cdk-lib(/|$)|constructs$|(\\.\\./)+(constructs|stacks)(/|$))',
              message: 'the CLI bundle never carries the CDK: move the shared fact out of the construct.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        __dirname: 'readonly',
        __filename: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
