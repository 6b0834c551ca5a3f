// The console's entry: who is signed in (from `me`), the frame around every screen (navigation, role,
// live status, sign-out) and which screen the route shows. Each screen returns its own cleanup, run
// when the analyst moves on, so no timer or listener outlives its screen.
import { whenUnauthenticated } from './api/graphql-client.js';
import { connectLive, disconnectLive, onLiveStatus } from './api/live.js';
import { ME } from './api/operations.js';
import { gql } from './api/graphql-client.js';
import { navigate, startRouter, type Route } from './router.js';
import { signOut, storedToken } from './session.js';
import { errorBanner, h } from './ui/dom.js';
import { renderAlertDetail } from './views/alert-detail.js';
import { renderAlertQueue } from './views/alert-queue.js';
import { renderDashboard } from './views/dashboard.js';
import { renderModels } from './views/models.js';
import { renderSignIn } from './views/sign-in.js';
import { renderThresholds } from './views/thresholds.js';
import type { Viewer } from './views/viewer.js';

const root = document.getElementById('app')!;
let viewer: Viewer | null = null;
let cleanup: () => void = () => undefined;
let signInReason: string | null = null;

whenUnauthenticated((error) => {
  signOut();
  disconnectLive();
  viewer = null;
  signInReason = error.message;
  navigate('/signin');
});

let stopShell: () => void = () => undefined;

function shell(current: Route['name'], who: Viewer, main: HTMLElement): HTMLElement {
  const link = (href: string, label: string, name: Route['name']) =>
    h('a', { href, ...(current === name ? { 'aria-current': 'page' } : {}) }, label);
  const live = h(
    'span',
    { class: 'live-status', role: 'status', 'data-status': 'connecting' },
    'Live: connecting',
  );
  const stopStatus = onLiveStatus((status, detail) => {
    live.dataset.status = status;
    live.textContent = `Live: ${status}${detail && status === 'offline' ? ` (${detail})` : ''}`;
  });
  stopShell = stopStatus;
  const header = h(
    'header',
    { class: 'topbar' },
    h('a', { class: 'skip', href: '#main' }, 'Skip to content'),
    h('span', { class: 'brand' }, 'Fraud console'),
    h(
      'nav',
      { 'aria-label': 'Main' },
      link('/', 'Dashboard', 'dashboard'),
      link('/alerts', 'Alerts', 'alerts'),
      link('/thresholds', 'Thresholds', 'thresholds'),
      link('/models', 'Models', 'models'),
      h('a', { href: '/graphql', target: '_blank', rel: 'noopener' }, 'GraphQL console'),
    ),
    live,
    h('span', { class: 'who', 'data-testid': 'who' }, `${who.id} · `, h('span', { class: 'role' }, who.role)),
    h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        onclick: () => {
          stopStatus();
          signOut();
          disconnectLive();
          viewer = null;
          signInReason = 'You signed out.';
          navigate('/signin');
        },
      },
      'Sign out',
    ),
  );
  main.id = 'main';
  main.tabIndex = -1;
  return h('div', { class: 'layout' }, header, main);
}

async function show(route: Route): Promise<void> {
  cleanup();
  cleanup = () => undefined;
  stopShell();
  stopShell = () => undefined;
  if (route.name === 'signin' || !storedToken()) {
    if (route.name !== 'signin') history.replaceState(null, '', '/signin');
    root.replaceChildren(renderSignIn(signInReason, () => navigate('/')));
    signInReason = null;
    return;
  }
  if (!viewer) {
    try {
      viewer = (await gql<{ me: Viewer }>(ME)).me;
    } catch (error) {
      // UNAUTHENTICATED already sent us to sign-in; anything else is shown as it is.
      if (storedToken()) root.replaceChildren(errorBanner(error));
      return;
    }
    connectLive();
  }
  const main = h('main', {});
  root.replaceChildren(shell(route.name, viewer, main));
  switch (route.name) {
    case 'dashboard':
      cleanup = renderDashboard(main, viewer);
      break;
    case 'alerts':
      cleanup = renderAlertQueue(main, viewer);
      break;
    case 'alert':
      cleanup = renderAlertDetail(main, viewer, route.id);
      break;
    case 'thresholds':
      cleanup = renderThresholds(main, viewer);
      break;
    case 'models':
      cleanup = renderModels(main, viewer);
      break;
    case 'not-found':
      main.append(
        h('h1', {}, 'Not found'),
        h('p', {}, `Nothing lives at ${route.path}. `, h('a', { href: '/' }, 'Back to the dashboard')),
      );
      break;
    default: {
      const never: never = route;
      throw new Error(`unhandled route ${JSON.stringify(never)}`);
    }
  }
}

startRouter((route) => void show(route));
