/**
 * Every expected failure of the CLI, run as a user meets it (the bundled `trendoff` as its own
 * process): stderr holds one line naming the problem and the fix, no stack trace, and the exit
 * status says usage (2) or failure (1). Servers that refuse, fail or never answer are served here on
 * loopback; timeouts are shortened through TRENDOFF_TIMEOUT_MS so a silent server ends the command.
 */
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { buildCli, runCliAsync, spawnCli, type CliRun } from '../support/cli';

beforeAll(buildCli);

/** Lines that report progress, not the failure (the dashboard URL, retries, spot's fetching…). */
const PROGRESS =
  /^(trendoff local: dashboard and API at |fetching |trendoff: note: |in \d+ · processed )|trying again \(attempt/;

function expectOneLineFailure(r: CliRun, status: number, ...names: (string | RegExp)[]): string {
  expect(r.stderr).not.toMatch(/^\s+at /m);
  const lines = r.stderr.split('\n').filter((l) => l.trim() !== '' && !PROGRESS.test(l));
  expect(lines).toHaveLength(1);
  const line = lines[0]!;
  for (const n of names) expect(line).toMatch(n);
  expect(r.status).toBe(status);
  return line;
}

/** A loopback server; `answer` undefined = accept connections and never answer. */
async function serve(answer?: http.RequestListener): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(answer ?? (() => undefined));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

const TOKEN = 'AAAAAAAAAAAAAAAAAAAAAMLheAAAAAAA0%2BuSeid%2BULvsea4JtiGRiSDSJSI%3DEUifiRBkKG5E2XzMDjRfl';
const unauthorized: http.RequestListener = (_req, res) => {
  res.writeHead(401, { 'content-type': 'application/problem+json' });
  res.end(JSON.stringify({ title: 'Unauthorized', detail: `Bearer ${TOKEN} is not valid`, status: 401 }));
};

/** No AWS credentials anywhere the SDK looks (environment, files, instance metadata). */
const NO_AWS: Record<string, string | undefined> = {
  AWS_ACCESS_KEY_ID: undefined,
  AWS_SECRET_ACCESS_KEY: undefined,
  AWS_SESSION_TOKEN: undefined,
  AWS_PROFILE: undefined,
  AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: undefined,
  AWS_CONTAINER_CREDENTIALS_FULL_URI: undefined,
  AWS_WEB_IDENTITY_TOKEN_FILE: undefined,
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
  AWS_CONFIG_FILE: '/nonexistent/config',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_REGION: 'us-east-1',
};
const FAKE_AWS = {
  AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'secret',
  AWS_REGION: 'us-east-1',
};
const FAST = { TRENDOFF_TIMEOUT_MS: '300' };

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trendoff-errors-'));
  fs.writeFileSync(
    path.join(dir, 'rec.json'),
    JSON.stringify({
      instanceTypes: [
        { instanceType: 'm5.xlarge', weight: 1 },
        { instanceType: 'm5a.xlarge', weight: 1 },
      ],
      onDemandTarget: 1,
      spotTarget: 2,
      allocationStrategy: 'price-capacity-optimized',
    }),
  );
  fs.writeFileSync(path.join(dir, 'bad-debate.json'), JSON.stringify({ id: 'x', candidates: {} }));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const clusterUp = (extra: string[] = []) => [
  'cluster',
  'up',
  '--assets',
  's3://trendoff-assets/runs',
  '--subnets',
  'subnet-1',
  '--recommendation',
  path.join(dir, 'rec.json'),
  '--security-configuration',
  'sc',
  '--release',
  'emr-7.1.0',
  ...extra,
];

describe('trendoff usage errors', () => {
  test('GIVEN an unknown option WHEN run THEN one usage line and status 2', async () => {
    expectOneLineFailure(await runCliAsync(['score', '--nope']), 2, /trendoff score: .*--nope/, /--help/);
  });

  test('GIVEN an unknown command WHEN run THEN one line listing the commands, status 2', async () => {
    expectOneLineFailure(await runCliAsync(['frobnicate']), 2, /unknown command "frobnicate"/, /local, /);
  });

  test('GIVEN a negative number WHEN given to --rate THEN it says what is allowed, not "ambiguous"', async () => {
    const line = expectOneLineFailure(
      await runCliAsync(['local', '--rate', '-5']),
      2,
      '--rate must be a number ≥ 0, got "-5"',
    );
    expect(line).not.toMatch(/ambiguous/);
  });

  test('GIVEN --speed fast WHEN run THEN the error names the accepted values, max included', async () => {
    expectOneLineFailure(await runCliAsync(['local', '--speed', 'fast']), 2, /--speed/, /"max"/, /"fast"/);
  });

  test('GIVEN --version or -V WHEN run THEN the package version on stdout', async () => {
    const version = (
      JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
    for (const flag of ['--version', '-V']) {
      const r = await runCliAsync([flag]);
      expect({ status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({
        status: 0,
        stdout: `${version}\n`,
        stderr: '',
      });
    }
  });
});

describe('trendoff input errors', () => {
  test('GIVEN a missing file WHEN validated THEN one line naming the file, status 1', async () => {
    const missing = path.join(dir, 'nope.json');
    expectOneLineFailure(await runCliAsync(['validate', '--debate', missing]), 1, missing, /no such file/);
  });

  test('GIVEN a debate config with several problems WHEN validated THEN they are all on one line', async () => {
    expectOneLineFailure(
      await runCliAsync(['validate', '--debate', path.join(dir, 'bad-debate.json')]),
      1,
      /is not a valid debate config: /,
      /\$\.title: .*; /,
      /\$\.candidates: /,
    );
  });

  test('GIVEN a missing replay file WHEN local replays it THEN one line, status 1', async () => {
    expectOneLineFailure(
      await runCliAsync(['local', '--source', 'replay', '--input', path.join(dir, 'none.jsonl')]),
      1,
      /--input .*none\.jsonl: no such file/,
    );
  });
});

describe('trendoff local failures', () => {
  test('GIVEN a data dir an older version wrote WHEN local serves it THEN one line saying to use --fresh, status 1, and nothing in it is touched', async () => {
    // GIVEN the emulators' state of a run before layout files existed
    const old = fs.mkdtempSync(path.join(os.tmpdir(), 'trendoff-old-dir-'));
    fs.mkdirSync(path.join(old, 'aws', 'dynamodb'), { recursive: true });
    try {
      // WHEN
      const r = await runCliAsync(['local', '--source', 'none', '--data-dir', old, '--port', '0']);
      // THEN
      expectOneLineFailure(
        r,
        1,
        /older version of trendoff \(layout 1; this one reads layout 2\)/,
        /--fresh/,
      );
      expect(fs.readdirSync(old)).toEqual(['aws']);
    } finally {
      fs.rmSync(old, { recursive: true, force: true });
    }
  });

  test('GIVEN the port is taken WHEN local starts THEN one line suggesting --port 0, status 1', async () => {
    const busy = await serve();
    try {
      const port = new URL(busy.url).port;
      const r = await runCliAsync(['local', '--memory', '--port', port, '--minutes', '0.1']);
      expectOneLineFailure(r, 1, `port ${port} is already in use`, '--port 0');
    } finally {
      await busy.close();
    }
  });

  test('GIVEN X answers 401 WHEN local reads the live stream THEN one line naming the token, masked', async () => {
    const x = await serve(unauthorized);
    try {
      const r = await runCliAsync(['local', '--memory', '--port', '0', '--source', 'x'], {
        env: { TRENDOFF_X_API_URL: x.url, TRENDOFF_X_BEARER_TOKEN: 'wrong-token' },
      });
      const line = expectOneLineFailure(r, 1, /X answered 401 Unauthorized/, /TRENDOFF_X_BEARER_TOKEN/);
      expect(line).toContain('Bearer [redacted]');
      expect(r.stderr).not.toContain('MLheAAAA');
    } finally {
      await x.close();
    }
  });

  test('GIVEN X accepts and never answers WHEN local reads the live stream THEN the status line says connecting, stalled and reconnecting', async () => {
    const x = await serve();
    const child = spawnCli(['local', '--memory', '--port', '0', '--source', 'x'], [], {
      ...FAST,
      TRENDOFF_X_API_URL: x.url,
      TRENDOFF_X_BEARER_TOKEN: 'token',
    });
    try {
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
      await new Promise<void>((resolve, reject) => {
        child.stderr.on('data', () => {
          if (/reconnecting/.test(stderr)) resolve();
        });
        child.on('exit', () => reject(new Error(`ended early: ${stderr}`)));
      });
      child.kill('SIGTERM');
      await new Promise((r) => child.on('close', r));
      expect(stderr).toMatch(/X: connecting to 127\.0\.0\.1/);
      expect(stderr).toMatch(/X: stalled \(no data for \d+ ms\), reconnecting/);
      expect(stderr).not.toMatch(/^\s+at /m);
    } finally {
      child.kill('SIGKILL');
      await x.close();
    }
  }, 60_000);
});

describe('trendoff X rules failures', () => {
  test('GIVEN X answers 401 WHEN rules are listed THEN one line naming the fix, token masked, status 1', async () => {
    const x = await serve(unauthorized);
    try {
      const r = await runCliAsync(['rules', 'list'], {
        env: { TRENDOFF_X_API_URL: x.url, TRENDOFF_X_BEARER_TOKEN: 'wrong-token' },
      });
      expectOneLineFailure(r, 1, /X answered 401/, /Bearer \[redacted\]/, /TRENDOFF_X_BEARER_TOKEN/);
    } finally {
      await x.close();
    }
  });

  test('GIVEN X accepts and never answers WHEN rules are listed THEN it ends with one line naming the wait', async () => {
    const x = await serve();
    try {
      const r = await runCliAsync(['rules', 'list'], {
        env: { ...FAST, TRENDOFF_X_API_URL: x.url, TRENDOFF_X_BEARER_TOKEN: 'token' },
      });
      expectOneLineFailure(
        r,
        1,
        `cannot reach X at ${x.url}`,
        /no answer within 300 ms/,
        /TRENDOFF_X_API_URL/,
      );
      expect(r.stderr).toMatch(/trying again \(attempt 3 of 3\)/);
    } finally {
      await x.close();
    }
  });

  test('GIVEN nothing listens at the X API URL WHEN rules are listed THEN one line, status 1', async () => {
    const x = await serve();
    await x.close();
    const r = await runCliAsync(['rules', 'list'], {
      env: { TRENDOFF_X_API_URL: x.url, TRENDOFF_X_BEARER_TOKEN: 'token' },
    });
    expectOneLineFailure(r, 1, `cannot reach X at ${x.url}`, /ECONNREFUSED|refused/);
  });
});

describe('trendoff AWS failures', () => {
  test('GIVEN no AWS credentials WHEN a cluster is started THEN one line saying how to configure them', async () => {
    const r = await runCliAsync(clusterUp(), { env: NO_AWS });
    expectOneLineFailure(r, 1, /^trendoff cluster: no AWS credentials found/, /aws configure/, /AWS_PROFILE/);
  });

  test('GIVEN no AWS credentials WHEN spot prices are read THEN one line saying how to configure them', async () => {
    const r = await runCliAsync(['spot', '--instance-types', 'm5.xlarge', '--advisor-url', 'none'], {
      env: NO_AWS,
    });
    expectOneLineFailure(r, 1, /DescribeSpotPriceHistory failed in us-east-1: no AWS credentials found/);
  });

  test('GIVEN EC2 accepts and never answers WHEN spot prices are read THEN it ends with one line naming the timeout', async () => {
    const ec2 = await serve();
    try {
      const r = await runCliAsync(['spot', '--instance-types', 'm5.xlarge', '--advisor-url', 'none'], {
        env: { ...FAKE_AWS, ...FAST, AWS_ENDPOINT_URL_EC2: ec2.url },
      });
      expectOneLineFailure(
        r,
        1,
        /DescribeSpotPriceHistory failed/,
        /no answer within 300 ms, 3 attempts/,
        /TRENDOFF_TIMEOUT_MS/,
      );
      expect(r.stderr).toMatch(/^fetching spot price history…$/m);
    } finally {
      await ec2.close();
    }
  });

  test('GIVEN EMR is unreachable WHEN a cluster is started THEN one line naming the endpoint', async () => {
    const aws = await serve();
    await aws.close();
    const r = await runCliAsync(clusterUp(), {
      env: { ...FAKE_AWS, ...FAST, AWS_ENDPOINT_URL: aws.url },
    });
    expectOneLineFailure(
      r,
      1,
      /cannot connect to 127\.0\.0\.1:\d+ \(connection refused\)/,
      /AWS_ENDPOINT_URL/,
    );
  });

  test('GIVEN the SDK warns about Node.js < 22 WHEN an AWS command runs THEN it is one line at most', async () => {
    const r = await runCliAsync(['spot', '--instance-types', 'm5.xlarge', '--advisor-url', 'none'], {
      env: { ...NO_AWS, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: undefined },
    });
    expect(r.stderr).toMatch(/no AWS credentials found/);
    expect(r.stderr).not.toMatch(/NodeVersionSupportWarning|a\.co\//);
    expect(r.stderr.split('\n').filter((l) => /Node\.js 22/.test(l)).length).toBeLessThanOrEqual(1);
  });
});

describe('--debug', () => {
  test('GIVEN --debug WHEN an expected failure occurs THEN the one line comes with the stack trace', async () => {
    const r = await runCliAsync([...clusterUp(), '--debug'], { env: NO_AWS });
    expect(r.stderr).toMatch(/^trendoff cluster: no AWS credentials found/m);
    expect(r.stderr).toMatch(/CredentialsProviderError/);
    expect(r.stderr).toMatch(/^\s+at /m);
    expect(r.status).toBe(1);
  });
});
