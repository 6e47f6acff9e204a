// What each Lambda bundle carries, read from the assets synthesis builds (the very files deployed):
// the producers never score, so the sentiment lexicons must stay out of their bundles; the processor
// scores with them and the query API's word shift weighs words by them.
import * as fs from 'fs';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { HandlerFunction, type HandlerName } from '../../lib/constructs/handler-function';
import { newApp, removeAssemblies } from './cdk-app';

afterAll(removeAssemblies);

// A VADER lexicon line and an AFINN entry, as esbuild's minifier writes them (tab raw or escaped).
const VADER_DATA = /abandoner(\t|\\t)-1\.9/;
const AFINN_DATA = /"?abductions"?:\s*-2/;

const HANDLERS: readonly HandlerName[] = ['producer', 'x-producer', 'processor', 'query-api'];

/** The bundled index.js of every handler, built as `cdk synth` builds it. */
function bundles(): Record<HandlerName, string> {
  const app = newApp();
  const stack = new Stack(app, 'Bundles');
  const fns = HANDLERS.map(
    (handler) =>
      [
        handler,
        new HandlerFunction(stack, handler, { handler, serviceName: handler, description: handler }).function,
      ] as const,
  );
  const assembly = app.synth();
  return Object.fromEntries(
    fns.map(([handler, fn]) => {
      const code = (fn.node.defaultChild as lambda.CfnFunction).code as { s3Key: string };
      const hash = Stack.of(fn)
        .resolve(code.s3Key)
        .replace(/\.zip$/, '');
      return [handler, fs.readFileSync(path.join(assembly.directory, `asset.${hash}`, 'index.js'), 'utf8')];
    }),
  ) as Record<HandlerName, string>;
}

describe('handler bundles', () => {
  const bundle = bundles();

  test.each([['producer'], ['x-producer']] as const)(
    'GIVEN the %s function WHEN bundled THEN it carries no sentiment lexicon',
    (handler) => {
      expect(bundle[handler]).not.toMatch(VADER_DATA);
      expect(bundle[handler]).not.toMatch(AFINN_DATA);
    },
  );

  test('GIVEN the processor function WHEN bundled THEN it carries the lexicons it scores with', () => {
    // (proves the markers above find the data when it is there)
    expect(bundle.processor).toMatch(VADER_DATA);
    expect(bundle.processor).toMatch(AFINN_DATA);
  });

  test('GIVEN the query API function WHEN bundled THEN it carries the lexicons /wordshift takes its valences from', () => {
    expect(bundle['query-api']).toMatch(VADER_DATA);
    expect(bundle['query-api']).toMatch(AFINN_DATA);
  });
});
