/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Type errors are caught once by `npm run typecheck`; ts-jest only transpiles.
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }],
  },
  setupFiles: ['<rootDir>/test/support/quiet-sdk-warning.js'],
  reporters: [
    'default',
    '<rootDir>/test/support/no-skips-reporter.js',
    '<rootDir>/test/support/exit-guard-reporter.js',
  ],
  testTimeout: 60000,
};
