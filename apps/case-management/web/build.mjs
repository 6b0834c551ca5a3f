// Builds the console into dist/web: the app and the GraphQL console bundled by esbuild (ES2022,
// minified, everything local: no CDN at run time), the HTML pages and the stylesheet.
// `npm run build:web`; `npm run build` runs it after tsc. Usage: node build.mjs [outDir]
// The bundle is written beside outDir and swapped in by two renames, so a server reading outDir (a
// running app, or another test file's browser) never sees it half-written: only for the instant
// between the renames is there no outDir. index.html carries the build's start as its modification
// time, so a source saved while esbuild ran still counts as newer than the bundle.
import { copyFile, mkdir, rename, rm, utimes } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../..');
const target = path.resolve(process.argv[2] ?? path.join(repo, 'dist/web'));
const out = `${target}.building-${process.pid}`;
const started = new Date();

await rm(out, { recursive: true, force: true });
await mkdir(path.join(out, 'assets'), { recursive: true });
let result;
try {
  result = await build({
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
  await utimes(path.join(out, 'index.html'), started, started);
  await copyFile(path.join(here, 'src/graphql-console/console.html'), path.join(out, 'graphql.html'));

  // Another build may swap its own bundle in between the two renames: then move that one aside too.
  for (let attempt = 1; ; attempt++) {
    const previous = `${target}.previous-${process.pid}-${attempt}`;
    await rename(target, previous).catch((error) => {
      if (error.code !== 'ENOENT') throw error;
    });
    try {
      await rename(out, target);
      await rm(previous, { recursive: true, force: true });
      break;
    } catch (error) {
      await rm(previous, { recursive: true, force: true });
      if ((error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') || attempt === 5) throw error;
    }
  }
} finally {
  await rm(out, { recursive: true, force: true }); // what a failed build or swap left
}

const sizes = Object.entries(result.metafile.outputs)
  .filter(([file]) => !file.endsWith('.map'))
  .map(([file, { bytes }]) => `${path.basename(file)} ${(bytes / 1024).toFixed(1)} KiB`);
process.stdout.write(
  `console built into ${path.relative(process.cwd(), target) || target}: ${sizes.join(', ')}\n`,
);
