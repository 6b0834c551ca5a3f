// Part of `npm run build`: tsc emits only JavaScript, so the non-TypeScript files the services read
// at run time (SQL migrations) are copied into dist beside their compiled modules.
import { cpSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const roots = ['apps', 'libs'];
const assetPattern = /\.sql$/;
let copied = 0;

function walk(folder) {
  for (const entry of readdirSync(folder)) {
    const full = path.join(folder, entry);
    if (statSync(full).isDirectory()) {
      if (entry !== 'node_modules' && entry !== 'dist') walk(full);
    } else if (assetPattern.test(entry)) {
      cpSync(full, path.join('dist', full));
      copied++;
    }
  }
}

for (const root of roots) walk(root);
console.log(`copy-assets: ${copied} file(s) copied into dist/`);
