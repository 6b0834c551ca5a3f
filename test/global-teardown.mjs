// Stops what global-setup.mjs started, newest first.
export default async function globalTeardown() {
  const handles = globalThis.__testServers ?? [];
  for (const handle of handles.reverse()) {
    await handle.stop();
  }
}
