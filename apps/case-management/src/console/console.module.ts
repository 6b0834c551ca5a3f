// Serves the analyst console (the single-page app built into dist/web by `npm run build:web`) at `/`,
// its assets under /assets, and the bundled GraphQL console on GET /graphql when a browser asks for
// HTML. Any other GET for HTML outside the API gets index.html, so client routes (/alerts/<id>)
// survive a reload. Everything is local files: no CDN (banks run this air-gapped).
// Written against Node's own request and response, which Express hands its middleware and Fastify
// (through middie) too, so the console is the same on either platform.
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';

/** dist/web at the root of the repository, from src/console (sources) or dist/.../src/console. */
export const CONSOLE_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)).replace(`${path.sep}dist${path.sep}`, path.sep),
  '../../../../dist/web',
);

/** Paths the API and the platform own: never answered with the app's HTML. */
const SERVER_PATHS = /^\/(health|ready|metrics)(\/|$)/;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

type Next = (error?: unknown) => void;

function sendText(res: ServerResponse, status: number, text: string): void {
  res.statusCode = status;
  res.setHeader('content-type', 'text/plain; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(text));
  res.end(text);
}

/**
 * Streams a file with its type, length and a validator; answers 304 when the browser's copy is
 * current (assets are revalidated on every load: `no-cache`, so a new build reaches the analyst).
 */
function sendFile(req: IncomingMessage, res: ServerResponse, file: string, next: Next): void {
  const stat = statSync(file);
  const etag = `W/"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
  res.setHeader('cache-control', 'no-cache');
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('etag', etag);
  res.setHeader('last-modified', stat.mtime.toUTCString());
  if (req.headers['if-none-match'] === etag) {
    res.statusCode = 304;
    res.end();
    return;
  }
  res.statusCode = 200;
  res.setHeader('content-type', CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream');
  res.setHeader('content-length', stat.size);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  // pipeline closes the file when the browser goes away, and cuts the response if the read fails.
  pipeline(createReadStream(file), res, (error) => {
    if (!error || res.writableFinished) return;
    if (res.headersSent) res.destroy(error);
    else next(error);
  });
}

export function consoleMiddleware(dir: string = CONSOLE_DIR) {
  const file = (name: string) => path.join(dir, name);
  const assets = path.join(dir, 'assets') + path.sep;
  const sendHtml = (req: IncomingMessage, res: ServerResponse, name: string, next: Next) => {
    if (!existsSync(file(name))) {
      sendText(
        res,
        503,
        `The console is not built (no ${file('index.html')}): run \`npm run build:web\` (or \`npm run build\`), then reload. The GraphQL API itself works at POST /graphql.`,
      );
      return;
    }
    sendFile(req, res, file(name), next);
  };

  return (req: IncomingMessage, res: ServerResponse, next: Next): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    // Express rewrites req.url under a mount path; originalUrl (Express, middie) is the request's own.
    const url = new URL((req as { originalUrl?: string }).originalUrl ?? req.url ?? '/', 'http://console');
    const wantsHtml = (req.headers.accept ?? '').includes('text/html');
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      return sendText(res, 400, `Malformed path ${url.pathname}: percent-encoding must be valid UTF-8.`);
    }
    if (pathname.startsWith('/assets/')) {
      const asset = path.normalize(path.join(dir, pathname));
      if (!asset.startsWith(assets) || !existsSync(asset) || !statSync(asset).isFile()) {
        return sendText(res, 404, `No console asset ${pathname}: rebuild with \`npm run build:web\`.`);
      }
      return sendFile(req, res, asset, next);
    }
    if (pathname === '/graphql') {
      // Only a browser navigating here gets the console; API clients (GET with a query) get Apollo.
      if (wantsHtml && !url.searchParams.has('query')) return sendHtml(req, res, 'graphql.html', next);
      return next();
    }
    if (SERVER_PATHS.test(pathname) || !wantsHtml) return next();
    sendHtml(req, res, 'index.html', next);
  };
}

@Module({})
export class ConsoleModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(consoleMiddleware()).forRoutes({ path: '{*path}', method: RequestMethod.GET });
  }
}
