// The fast loop, `npm run test:unit`: every test file that needs none of the slow parts — the local
// AWS emulators, the local Kafka broker, a browser, CDK synthesis (and its esbuild bundling), child
// processes or the whole local runner. Files are sorted by what they use, so a new test lands on the right side by itself.
// `npm test` still runs everything.
const fs = require('fs');
const path = require('path');
const base = require('./jest.config');

const SLOW_PARTS =
  /useEmulators|startEmulators|support\/emulators|lib\/local\/emulators|lib\/local\/runner|support\/kafka|lib\/local\/kafka-broker|playwright|chromium|aws-cdk-lib|cdk-app|child_process|runCli|spawnCli|buildCli/;

function testFiles(dir) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? testFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]))
    .filter((f) => f.endsWith('.test.ts'));
}

const slow = testFiles(path.join(__dirname, 'test')).filter((f) =>
  SLOW_PARTS.test(fs.readFileSync(f, 'utf8')),
);

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testPathIgnorePatterns: [
    '/node_modules/',
    ...slow.map((f) => `^${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`),
  ],
};
