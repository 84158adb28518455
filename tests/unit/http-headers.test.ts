import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { SECURITY_HEADERS } from '../../server/guard.ts';
import { IMMUTABLE, REVALIDATE } from '../../server/http.ts';
import { ASSET_BODY, ASSET_PATH, serveSite } from './http-fixture.ts';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** node:http rather than fetch: fetch would decode the body and refuse methods such as TRACE. */
function send(url: string, method = 'GET', headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

function assertSecurityHeaders(reply: Reply, what: string) {
  for (const [name, value] of Object.entries(SECURITY_HEADERS))
    assert.equal(reply.headers[name], value, `${name} on ${what}`);
}

test('every response carries frame-ancestors, nosniff and Referrer-Policy: pages, 404s, 405s, Socket.IO', async (t) => {
  const { url } = await serveSite(t);
  assert.equal(SECURITY_HEADERS['content-security-policy'], "frame-ancestors 'self'");
  assert.equal(SECURITY_HEADERS['x-content-type-options'], 'nosniff');
  assert.equal(SECURITY_HEADERS['referrer-policy'], 'strict-origin-when-cross-origin');
  const cases: Array<[string, string, number]> = [
    ['/', 'GET', 200],
    ['/lessons/packets/', 'GET', 200],
    [ASSET_PATH, 'GET', 200],
    ['/no/such/page/', 'GET', 404],
    ['/', 'POST', 405],
    ['/healthz', 'GET', 200],
    ['/socket.io/?EIO=4&transport=polling', 'GET', 200],
    ['/recovery.io/?EIO=4&transport=polling', 'GET', 200],
  ];
  for (const [path, method, status] of cases) {
    const reply = await send(url + path, method);
    assert.equal(reply.status, status, `${method} ${path}`);
    assertSecurityHeaders(reply, `${method} ${path}`);
  }
});

test('pages answer 405 with Allow: GET, HEAD to any other method; HEAD works', async (t) => {
  const { url } = await serveSite(t);
  for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE']) {
    for (const path of ['/', '/lessons/packets/', ASSET_PATH, '/no/such/page/']) {
      const reply = await send(url + path, method);
      assert.equal(reply.status, 405, `${method} ${path}`);
      assert.equal(reply.headers.allow, 'GET, HEAD', `${method} ${path}`);
    }
  }
  const head = await send(url + '/lessons/packets/', 'HEAD');
  assert.equal(head.status, 200);
  assert.equal(head.body.length, 0);
});

test('Socket.IO keeps the POST its long-polling transport writes with (not a page, so no 405)', async (t) => {
  const { url } = await serveSite(t);
  const open = await send(url + '/socket.io/?EIO=4&transport=polling');
  const sid = JSON.parse(open.body.toString().slice(1)).sid as string;
  const post = await new Promise<number>((resolve, reject) => {
    const req = request(url + `/socket.io/?EIO=4&transport=polling&sid=${sid}`, { method: 'POST' }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end('40');
  });
  assert.equal(post, 200);
});

test('hashed assets are cached for a year as immutable; pages and other files revalidate', async (t) => {
  const { url } = await serveSite(t);
  assert.equal(IMMUTABLE, 'public, max-age=31536000, immutable');
  assert.equal(REVALIDATE, 'no-cache');
  assert.equal((await send(url + ASSET_PATH)).headers['cache-control'], IMMUTABLE);
  assert.equal((await send(url + ASSET_PATH, 'GET', { 'accept-encoding': 'br' })).headers['cache-control'], IMMUTABLE);
  for (const path of ['/', '/lessons/packets/', '/favicon.svg', '/no/such/page/']) {
    assert.equal((await send(url + path)).headers['cache-control'], REVALIDATE, path);
  }
  const page = await send(url + '/lessons/packets/');
  assert.ok(page.headers.etag, 'pages carry an ETag to revalidate against');
  const again = await send(url + '/lessons/packets/', 'GET', { 'if-none-match': String(page.headers.etag) });
  assert.equal(again.status, 304);
});

test('precompressed brotli or gzip is sent when the client accepts it, with Content-Encoding and Vary', async (t) => {
  const { url } = await serveSite(t);
  const br = await send(url + ASSET_PATH, 'GET', { 'accept-encoding': 'gzip, deflate, br' });
  assert.equal(br.headers['content-encoding'], 'br');
  assert.equal(br.headers.vary, 'Accept-Encoding');
  assert.equal(br.headers['content-type'], 'text/javascript');
  assert.equal(brotliDecompressSync(br.body).toString(), ASSET_BODY);
  assert.ok(br.body.length < ASSET_BODY.length / 2);

  const gz = await send(url + ASSET_PATH, 'GET', { 'accept-encoding': 'gzip' });
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.equal(gz.headers.vary, 'Accept-Encoding');
  assert.equal(gunzipSync(gz.body).toString(), ASSET_BODY);

  const plain = await send(url + ASSET_PATH, 'GET', { 'accept-encoding': 'identity' });
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.equal(plain.headers.vary, 'Accept-Encoding');
  assert.equal(plain.body.toString(), ASSET_BODY);
});
