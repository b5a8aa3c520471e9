// A static file server for the built site, on 127.0.0.1 only; with a prefix (e.g. /zoo/)
// the site lives under that path.
//   node tests/e2e/serve.mjs DIR PORT [PREFIX]     (the test and bench servers)
//   const { url, close } = await serve(DIR, { prefix })   (a spec's own, on a free port)
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.css': 'text/css', '.wasm': 'application/wasm', '.svg': 'image/svg+xml',
  '.json': 'application/json', '.xml': 'application/xml', '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
};

/** Serves `dir` under `prefix` on `port` (0: a free one); resolves once listening, with
 * the port, the site's URL (ending in the prefix) and `close`. */
export function serve(dir, { port = 0, prefix = '/' } = {}) {
  const root = resolve(dir);
  const server = createServer(async (req, res) => {
    try {
      let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      if (!path.startsWith(prefix)) throw new Error('outside prefix');
      path = normalize(path.slice(prefix.length - 1));
      let file = join(root, path);
      if (!file.startsWith(root)) throw new Error('outside root');
      if ((await stat(file).catch(() => null))?.isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      // Like most static hosts, allow other origins to load the files (embed.js and the
      // module it imports are used from other sites' pages).
      res.writeHead(200, {
        'content-type': types[extname(file)] || 'application/octet-stream',
        'access-control-allow-origin': '*',
      });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(Number(port), '127.0.0.1', () => {
      const { port } = server.address();
      ok({ port, url: `http://127.0.0.1:${port}${prefix}`, close: () => server.close() });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [dir = 'dist', port = '4173', prefix = '/'] = process.argv.slice(2);
  await serve(dir, { port: Number(port), prefix });
}
