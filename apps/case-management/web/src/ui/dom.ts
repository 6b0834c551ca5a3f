// A tiny element builder instead of a framework: the console is a handful of screens, and every
// kilobyte is shipped to air-gapped desks. Text always goes in as text nodes (never parsed as HTML);
// only the chart renderers' escaped SVG markup is inserted as markup, through `markup()`.
import { ApiError, headingOf } from '../api/graphql-client.js';

type Attr = string | number | boolean | null | undefined | ((event: Event) => void);
export type Child = Node | string | number | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, Attr> = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (typeof value === 'function') element.addEventListener(name.replace(/^on/, '').toLowerCase(), value);
    else if (value === true) element.setAttribute(name, '');
    else if (value !== false && value != null) element.setAttribute(name, String(value));
  }
  append(element, children.flat());
  return element;
}

export function append(parent: Element, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(typeof child === 'number' ? String(child) : child);
  }
}

/** Markup produced by our own renderers (charts), which escape every piece of data they embed. */
export function markup(html: string, className: string): HTMLDivElement {
  const holder = h('div', { class: className });
  holder.innerHTML = html;
  return holder;
}

/**
 * An error banner: a heading for the code, the server's own message, and the code itself, read out
 * by screen readers at once (role=alert). Conflicts and rule violations are never swallowed.
 */
export function errorBanner(error: unknown, onDismiss?: () => void): HTMLDivElement {
  const message = error instanceof Error ? error.message : String(error);
  const code = error instanceof ApiError ? error.code : 'ERROR';
  return h(
    'div',
    { class: 'banner error', role: 'alert', 'data-code': code },
    h('strong', {}, headingOf(error)),
    h('span', { class: 'banner-message' }, message),
    h('code', {}, code),
    onDismiss
      ? h('button', { type: 'button', class: 'link', onclick: onDismiss, 'aria-label': 'Dismiss' }, '×')
      : null,
  );
}

export const notice = (text: string, kind: 'info' | 'success' = 'info'): HTMLDivElement =>
  h('div', { class: `banner ${kind}`, role: 'status' }, text);

/** A panel of the dashboard: a labelled region with a heading and a body that can be replaced. */
export function panel(id: string, title: string, ...body: Child[]): HTMLElement {
  return h(
    'section',
    { class: 'panel', id, 'aria-labelledby': `${id}-title` },
    h('h2', { id: `${id}-title` }, title),
    h('div', { class: 'panel-body' }, ...body),
  );
}

export function replaceBody(section: Element | null, ...children: Child[]): void {
  const body = section?.querySelector('.panel-body');
  if (!body) return;
  body.replaceChildren();
  append(body, children);
}

/** A table from rows; `cells` gives each row's cells. Header cells are scoped for screen readers. */
export function table<T>(
  caption: string,
  headers: string[],
  rows: readonly T[],
  cells: (row: T) => Child[],
): HTMLTableElement {
  return h(
    'table',
    {},
    h('caption', { class: 'visually-hidden' }, caption),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        headers.map((text) => h('th', { scope: 'col' }, text)),
      ),
    ),
    h(
      'tbody',
      {},
      rows.map((row) =>
        h(
          'tr',
          {},
          cells(row).map((cell) => h('td', {}, cell)),
        ),
      ),
    ),
  );
}
