// Client-side routes over the History API: /, /alerts, /alerts/:id, /thresholds, /models, /signin.
// The server answers any of these paths with index.html, so a reload or a shared link lands on the
// same screen.

export type Route =
  | { readonly name: 'dashboard' }
  | { readonly name: 'alerts' }
  | { readonly name: 'alert'; readonly id: string }
  | { readonly name: 'thresholds' }
  | { readonly name: 'models' }
  | { readonly name: 'signin' }
  | { readonly name: 'not-found'; readonly path: string };

export function parseRoute(path: string): Route {
  const clean = path.replace(/\/+$/, '') || '/';
  if (clean === '/' || clean === '/dashboard') return { name: 'dashboard' };
  if (clean === '/alerts') return { name: 'alerts' };
  if (clean === '/thresholds') return { name: 'thresholds' };
  if (clean === '/models') return { name: 'models' };
  if (clean === '/signin') return { name: 'signin' };
  const alert = /^\/alerts\/([^/]+)$/.exec(clean);
  if (alert?.[1]) return { name: 'alert', id: decodeURIComponent(alert[1]) };
  return { name: 'not-found', path };
}

export const alertPath = (id: string): string => `/alerts/${encodeURIComponent(id)}`;

let onChange: (route: Route) => void = () => undefined;

export function startRouter(handler: (route: Route) => void): void {
  onChange = handler;
  window.addEventListener('popstate', () => onChange(parseRoute(location.pathname)));
  // Same-origin links navigate in place; modified clicks (new tab) keep the browser's behaviour.
  document.addEventListener('click', (event) => {
    const link = (event.target as Element | null)?.closest?.('a[href^="/"]');
    if (!link || event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || link.hasAttribute('download'))
      return;
    if (link.getAttribute('href') === '/graphql') return;
    event.preventDefault();
    navigate(link.getAttribute('href')!);
  });
  onChange(parseRoute(location.pathname));
}

export function navigate(path: string): void {
  if (path !== location.pathname) history.pushState(null, '', path);
  onChange(parseRoute(path));
}
