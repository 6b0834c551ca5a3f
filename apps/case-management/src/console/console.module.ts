// Serves the analyst console (the single-page app built into dist/web by `npm run build:web`) at `/`,
// its assets under /assets, and the bundled GraphQL console on GET /graphql when a browser asks for
// HTML. Any other GET for HTML outside the API gets index.html, so client routes (/alerts/<id>)
// survive a reload. Everything is local files: no CDN (banks run this air-gapped).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/** dist/web at the root of the repository, from src/console (sources) or dist/.../src/console. */
export const CONSOLE_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)).replace(`${path.sep}dist${path.sep}`, path.sep),
  '../../../../dist/web',
);

/** Paths the API and the platform own: never answered with the app's HTML. */
const SERVER_PATHS = /^\/(health|ready|metrics)(\/|$)/;

const wantsHtml = (req: Request): boolean => (req.headers.accept ?? '').includes('text/html');

export function consoleMiddleware(dir: string = CONSOLE_DIR) {
  const file = (name: string) => path.join(dir, name);
  const notBuilt = (res: Response) =>
    res
      .status(503)
      .type('text/plain')
      .send(
        `The console is not built (no ${file('index.html')}): run \`npm run build:web\` (or \`npm run build\`), then reload. The GraphQL API itself works at POST /graphql.`,
      );
  const sendHtml = (res: Response, name: string) => {
    if (!existsSync(file(name))) return notBuilt(res);
    // HTML is never cached: a new build must reach the analyst on the next load.
    res.setHeader('cache-control', 'no-cache');
    res.setHeader('x-content-type-options', 'nosniff');
    return res.sendFile(file(name));
  };

  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const url = req.path;
    if (url.startsWith('/assets/')) {
      const asset = path.normalize(path.join(dir, url));
      if (!asset.startsWith(path.join(dir, 'assets') + path.sep) || !existsSync(asset)) {
        res
          .status(404)
          .type('text/plain')
          .send(`No console asset ${url}: rebuild with \`npm run build:web\`.`);
        return;
      }
      res.setHeader('cache-control', 'no-cache');
      res.sendFile(asset);
      return;
    }
    if (url === '/graphql') {
      // Only a browser navigating here gets the console; API clients (GET with a query) get Apollo.
      if (wantsHtml(req) && req.query.query === undefined) sendHtml(res, 'graphql.html');
      else next();
      return;
    }
    if (SERVER_PATHS.test(url) || !wantsHtml(req)) return next();
    sendHtml(res, 'index.html');
  };
}

@Module({})
export class ConsoleModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(consoleMiddleware()).forRoutes({ path: '{*path}', method: RequestMethod.GET });
  }
}
