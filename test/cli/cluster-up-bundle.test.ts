/**
 * `trendoff cluster up` as users run it: the bundled CLI (dist/trendoff.js through bin/trendoff.js),
 * from another working directory, against a loopback stand-in for the AWS APIs it calls (EC2 spot
 * prices, the Price List API, S3 uploads, EMR RunJobFlow). The bundle must find its own assets
 * (bootstrap scripts, itself) in the package, whatever its depth in the tree.
 */
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { buildCli, ROOT, runCliAsync } from '../support/cli';
import { priceListEntry } from '../ops/support/price-list';

beforeAll(buildCli);

interface FakeAws {
  readonly url: string;
  /** S3 uploads: "bucket/key" → body. */
  readonly objects: Map<string, Buffer>;
  /** JSON-protocol operations and EC2 actions, in arrival order. */
  readonly calls: string[];
  close(): Promise<void>;
}

async function startFakeAws(): Promise<FakeAws> {
  const objects = new Map<string, Buffer>();
  const calls: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const target = req.headers['x-amz-target'];
      if (req.method === 'PUT') {
        objects.set(decodeURIComponent((req.url ?? '').split('?')[0]!.slice(1)), body);
        res.writeHead(200, { etag: '"e"' }).end();
      } else if (target === 'AWSPriceListService.GetProducts') {
        calls.push('GetProducts');
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(
          JSON.stringify({ FormatVersion: 'aws_v1', PriceList: [priceListEntry('m5.xlarge', '0.192')] }),
        );
      } else if (target === 'ElasticMapReduce.RunJobFlow') {
        calls.push('RunJobFlow');
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify({ JobFlowId: 'j-TESTCLUSTER', ClusterArn: 'arn:aws:emr:x' }));
      } else {
        const action = new URLSearchParams(body.toString('utf8')).get('Action') ?? String(target);
        calls.push(action);
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end(
          '<DescribeSpotPriceHistoryResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">' +
            '<requestId>1</requestId><spotPriceHistorySet/><nextToken></nextToken>' +
            '</DescribeSpotPriceHistoryResponse>',
        );
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    objects,
    calls,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

describe('trendoff cluster up (bundled CLI)', () => {
  let aws: FakeAws;
  let cwd: string;
  beforeAll(async () => {
    aws = await startFakeAws();
    cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'trendoff-cluster-'));
    fs.writeFileSync(
      path.join(cwd, 'rec.json'),
      JSON.stringify({
        instanceTypes: [{ instanceType: 'm5.xlarge', weight: 1 }],
        onDemandTarget: 1,
        spotTarget: 0,
        allocationStrategy: 'price-capacity-optimized',
      }),
    );
  });
  afterAll(async () => {
    await aws.close();
    fs.rmSync(cwd, { recursive: true, force: true });
  });

  test('GIVEN the bundled CLI run from another folder WHEN a cluster is started THEN the package assets are uploaded and the cluster created', async () => {
    // WHEN
    const r = await runCliAsync(
      [
        'cluster',
        'up',
        '--assets',
        's3://trendoff-assets/runs',
        '--subnets',
        'subnet-1',
        '--recommendation',
        'rec.json',
        '--security-configuration',
        'sc',
        '--release',
        'emr-7.1.0',
        '--run',
        'r1',
        '--debate',
        path.join(ROOT, 'examples', 'gop-2015-09-16.json'),
        '--archive',
        's3://trendoff-archive',
      ],
      {
        cwd,
        env: {
          AWS_ENDPOINT_URL: aws.url,
          AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
          AWS_SECRET_ACCESS_KEY: 'secret',
          AWS_REGION: 'us-east-1',
        },
      },
    );
    // THEN
    expect(r.stderr).not.toMatch(/ENOENT|^\s+at /m);
    expect(r.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('trendoff: note:'))).toEqual([]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^cluster {3}j-TESTCLUSTER \(emr-7\.1\.0, run r1\)$/m);
    const asset = (file: string) => aws.objects.get(`trendoff-assets/runs/r1/${file}`);
    for (const file of ['bootstrap/install-trendoff.sh', 'bootstrap/reanalyse.py', 'dist/trendoff.js'])
      expect(asset(file)?.equals(fs.readFileSync(path.join(ROOT, file)))).toBe(true);
    expect(JSON.parse(asset('debate.json')!.toString('utf8'))).toEqual(
      expect.objectContaining({ id: 'gop-2015-09-16' }),
    );
    expect(aws.calls).toEqual(['DescribeSpotPriceHistory', 'GetProducts', 'GetProducts', 'RunJobFlow']);
    // Primary + one core node at on-demand 0.192 + EMR 0.192 (the SDK hands price entries over as String objects).
    expect(r.stdout).toMatch(/^cost {6}\$0\.77–\$0\.77 per hour/m);
  });
});
