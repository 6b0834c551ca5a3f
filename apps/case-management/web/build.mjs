// Builds the console into dist/web: the app and the GraphQL console bundled by esbuild (ES2022,
// minified, everything local: no CDN at run time), the HTML pages and the stylesheet.
// `npm run build:web`; `npm run build` runs it after tsc. Usage: node build.mjs [outDir]
import { copyFile, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../..');
const out = path.resolve(process.argv[2] ?? path.join(repo, 'dist/web'));

await rm(out, { recursive: true, force: true });
await mkdir(path.join(out, 'assets'), { recursive: true });
const result = await build({
  entryPoints: {
    app: path.join(here, 'src/main.ts'),
    'graphql-console': path.join(here, 'src/graphql-console/console.ts'),
    'app-styles': path.join(here, 'src/styles.css'),
  },
  outdir: path.join(out, 'assets'),
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2022', 'chrome110', 'firefox110', 'safari16'],
  minify: true,
  sourcemap: true,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
});
// The stylesheet entry is named so it cannot collide with app.js; serve it as app.css.
await copyFile(path.join(out, 'assets/app-styles.css'), path.join(out, 'assets/app.css'));
await rm(path.join(out, 'assets/app-styles.css'));
await rm(path.join(out, 'assets/app-styles.css.map'), { force: true });
await copyFile(path.join(here, 'src/index.html'), path.join(out, 'index.html'));
await copyFile(path.join(here, 'src/graphql-console/console.html'), path.join(out, 'graphql.html'));

const sizes = Object.entries(result.metafile.outputs)
  .filter(([file]) => !file.endsWith('.map'))
  .map(([file, { bytes }]) => `${path.basename(file)} ${(bytes / 1024).toFixed(1)} KiB`);
process.stdout.write(`console built into ${path.relative(process.cwd(), out) || out}: ${sizes.join(', ')}\n`);
