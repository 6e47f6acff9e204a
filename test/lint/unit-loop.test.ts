// `npm run test:unit` keeps to the fast tests: what it selects, checked against files of each kind.
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const unit = require(path.join(ROOT, 'jest.unit.config.js')) as { testPathIgnorePatterns: string[] };

const selected = (file: string): boolean =>
  !unit.testPathIgnorePatterns.some((p) => new RegExp(p).test(path.join(ROOT, file)));

describe('the unit-test loop', () => {
  test.each([
    'test/core/matcher.test.ts',
    'test/api/routes.test.ts',
    'test/ops/cost.test.ts',
    'test/handlers/handler-env.test.ts',
    'test/core/kafka-batch.test.ts',
  ])('GIVEN %s (pure) WHEN the unit loop selects THEN it runs', (file) => {
    expect(selected(file)).toBe(true);
  });

  test.each([
    'test/adapters/emulators.test.ts',
    'test/adapters/kafka-stream-writer.test.ts',
    'test/local/pipeline.test.ts',
    'test/web/dashboard.test.ts',
    'test/infra/app.test.ts',
    'test/cli/score.test.ts',
    'test/lint/layers.test.ts',
  ])(
    'GIVEN %s (emulators, Kafka broker, browser, synthesis or processes) WHEN the unit loop selects THEN it is left to npm test',
    (file) => {
      expect(selected(file)).toBe(false);
    },
  );
});
