/**
 * A loopback HTTP server speaking just enough of the EC2 query protocol (form-encoded POST, XML
 * answers) for `trendoff spot`: DescribeSpotPriceHistory with MaxResults/NextToken pagination, and
 * GetSpotPlacementScores answered with EC2's UnauthorizedOperation error. It also serves a Spot
 * Instance Advisor file at GET /spot-advisor-data.json. Every request's action is recorded.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';
import type { SpotPricePoint } from '../../../lib/ops/spot/price-history';

export interface Ec2QueryServer {
  readonly url: string;
  /** EC2 actions and GET paths in arrival order. */
  readonly requests: string[];
  close(): Promise<void>;
}

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function priceHistoryXml(items: readonly SpotPricePoint[], nextToken: string): string {
  const body = items
    .map(
      (p) =>
        `<item><instanceType>${xmlEscape(p.instanceType)}</instanceType>` +
        `<productDescription>Linux/UNIX</productDescription><spotPrice>${p.price.toFixed(6)}</spotPrice>` +
        `<timestamp>${new Date(p.time).toISOString()}</timestamp>` +
        `<availabilityZone>${xmlEscape(p.availabilityZone)}</availabilityZone></item>`,
    )
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<DescribeSpotPriceHistoryResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">' +
    '<requestId>11111111-2222-3333-4444-555555555555</requestId>' +
    `<spotPriceHistorySet>${body}</spotPriceHistorySet><nextToken>${nextToken}</nextToken>` +
    '</DescribeSpotPriceHistoryResponse>'
  );
}

function errorXml(code: string, message: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Response><Errors><Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error></Errors>` +
    '<RequestID>66666666-7777-8888-9999-000000000000</RequestID></Response>'
  );
}

/** Starts the server on 127.0.0.1 with the given history (what the API holds) and advisor file. */
export async function startEc2QueryServer(
  history: readonly SpotPricePoint[],
  advisorJson: string,
): Promise<Ec2QueryServer> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'GET') {
        requests.push(`GET ${req.url}`);
        const found = req.url === '/spot-advisor-data.json';
        res.writeHead(found ? 200 : 404, { 'content-type': 'application/json' });
        res.end(found ? advisorJson : '{}');
        return;
      }
      const params = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const action = params.get('Action') ?? '';
      requests.push(action);
      const send = (status: number, xml: string) => {
        res.writeHead(status, { 'content-type': 'text/xml;charset=UTF-8' });
        res.end(xml);
      };
      if (action === 'DescribeSpotPriceHistory') {
        const types = new Set(
          [...params.entries()].filter(([k]) => /^InstanceType\.\d+$/.test(k)).map(([, v]) => v),
        );
        const start = Date.parse(params.get('StartTime') ?? '');
        const end = Date.parse(params.get('EndTime') ?? '');
        // The API returns the window's changes plus each pool's last change before the window.
        const lastBefore = new Map<string, SpotPricePoint>();
        for (const p of history) {
          const key = `${p.instanceType}|${p.availabilityZone}`;
          const seen = lastBefore.get(key);
          if (types.has(p.instanceType) && p.time < start && (seen === undefined || p.time > seen.time))
            lastBefore.set(key, p);
        }
        const matching = [
          ...history.filter((p) => types.has(p.instanceType) && p.time >= start && p.time <= end),
          ...lastBefore.values(),
        ].sort((a, b) => b.time - a.time);
        const offset = Number(params.get('NextToken') || 0);
        const size = Number(params.get('MaxResults') || 1000);
        const next = offset + Math.min(size, 5);
        send(200, priceHistoryXml(matching.slice(offset, next), next < matching.length ? String(next) : ''));
        return;
      }
      if (action === 'GetSpotPlacementScores') {
        send(403, errorXml('UnauthorizedOperation', 'You are not authorized to perform this operation.'));
        return;
      }
      send(400, errorXml('InvalidAction', `The action ${action} is not valid for this web service.`));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
