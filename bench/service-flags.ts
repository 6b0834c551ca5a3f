// The Node flags a service is started with in production, read from its `npm run start:<app>` script
// (package.json; docker-compose.yml sets the same through NODE_OPTIONS, test/deploy checks it), so
// a bench that starts the service as a process measures it as it is run, heap settings included.
import { readFileSync } from 'node:fs';

export function serviceNodeFlags(app: string): string[] {
  const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> })
    .scripts;
  return nodeFlagsOfScript(app, scripts[`start:${app}`]);
}

/** The flags of a `node [flags] dist/apps/<app>/src/main.js` script (one parser for benches and tests). */
export function nodeFlagsOfScript(app: string, script: string | undefined): string[] {
  const words = script?.split(/\s+/) ?? [];
  const main = words.indexOf(`dist/apps/${app}/src/main.js`);
  if (words[0] !== 'node' || main < 0)
    throw new Error(
      `package.json's "start:${app}" should read "node [flags] dist/apps/${app}/src/main.js"; it reads ${JSON.stringify(script)}`,
    );
  return words.slice(1, main);
}
