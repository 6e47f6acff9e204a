/**
 * Response compression for the local server, as CloudFront does it in the cloud: brotli or gzip
 * when the client accepts it, for textual bodies worth compressing.
 */
import { promisify } from 'util';
import * as zlib from 'zlib';

export type ContentCoding = 'br' | 'gzip';

/** Below this, compression saves less than its headers and time cost (CloudFront's floor is 1,000 B). */
export const MIN_COMPRESS_BYTES = 1000;

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/**
 * The coding to answer in for an `Accept-Encoding` header: brotli if accepted, else gzip, else
 * none. A coding listed with `q=0` is refused; `*` accepts any not listed.
 */
export function chooseCoding(acceptEncoding: string | undefined): ContentCoding | undefined {
  if (acceptEncoding === undefined) return undefined;
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (name === '') continue;
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)).find((m) => m !== null);
    weights.set(name.trim(), q === undefined || q === null ? 1 : Number(q[1]));
  }
  const accepts = (coding: ContentCoding): boolean => (weights.get(coding) ?? weights.get('*') ?? 0) > 0;
  if (accepts('br')) return 'br';
  if (accepts('gzip')) return 'gzip';
  return undefined;
}

/** Whether a body of this content type shrinks when compressed (text, JSON, scripts, SVG). */
export function isCompressible(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const type = contentType.split(';')[0].trim().toLowerCase();
  return (
    type.startsWith('text/') ||
    type === 'application/json' ||
    type.endsWith('+json') ||
    type === 'application/javascript' ||
    type === 'image/svg+xml'
  );
}

/** The body in the coding; brotli at quality 5, which is fast and near gzip -9's size and better. */
export function compress(body: Buffer, coding: ContentCoding): Promise<Buffer> {
  return coding === 'br'
    ? brotli(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } })
    : gzip(body);
}
