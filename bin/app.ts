// The CDK app (`npx cdk synth|deploy|destroy`, see cdk.json). Context is read and validated in
// lib/config/app-config.ts only; a bad key ends the run with every problem listed, not a trace.
import { App } from 'aws-cdk-lib';
import { ContextError, contextUsage, readAppConfig } from '../lib/config/app-config';
import { addTrendoffStacks } from '../lib/stacks/trendoff-app';

const app = new App();
try {
  addTrendoffStacks(app, readAppConfig(app.node, process.cwd()));
  app.synth();
} catch (err) {
  if (!(err instanceof ContextError)) throw err;
  process.stderr.write(`trendoff: ${err.message}\n${contextUsage()}\n`);
  process.exitCode = 1;
}
