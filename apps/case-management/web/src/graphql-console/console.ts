// The GraphQL console at GET /graphql: write an operation, run it with your token, read the answer;
// the schema (from introspection) is listed beside it and inserts field skeletons. Bundled with the
// console because the usual GraphiQL page loads from a CDN, which air-gapped banks cannot reach.
import { ApiError, gql } from '../api/graphql-client.js';
import { signIn, storedToken } from '../session.js';
import { errorBanner, h } from '../ui/dom.js';

interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}
interface Field {
  name: string;
  description: string | null;
  args: { name: string; type: TypeRef }[];
  type: TypeRef;
}
interface SchemaType {
  name: string;
  kind: string;
  fields: Field[] | null;
}

const INTROSPECT = `query ConsoleSchema { __schema { types { name kind fields { name description type { ...T } args { name type { ...T } } } } } }
fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }`;

const typeName = (t: TypeRef | null): string =>
  !t
    ? '?'
    : t.kind === 'NON_NULL'
      ? `${typeName(t.ofType)}!`
      : t.kind === 'LIST'
        ? `[${typeName(t.ofType)}]`
        : (t.name ?? '?');

const STARTER = `# Ctrl+Enter runs. The schema is on the right; click a field to insert it.
query Queue {
  alerts(first: 5, filter: { status: [OPEN] }) {
    edges { node { id riskScore amount status raisedAt } }
  }
}
`;

const root = document.getElementById('graphql-console')!;
const token = h('input', {
  id: 'gq-token',
  type: 'password',
  value: storedToken() ?? '',
  placeholder: 'paste a bearer token',
  size: 40,
  autocomplete: 'off',
});
const query = h('textarea', { id: 'gq-query', spellcheck: 'false', 'aria-label': 'Operation' });
query.value = sessionStorage.getItem('fraud-console.graphql') ?? STARTER;
const variables = h('textarea', {
  id: 'gq-variables',
  spellcheck: 'false',
  'aria-label': 'Variables (JSON)',
});
variables.value = '{}';
const result = h('pre', { id: 'gq-result', 'aria-live': 'polite', tabindex: 0 });
const feedback = h('div', { class: 'feedback' });
const schema = h('nav', { class: 'schema', 'aria-label': 'Schema' }, 'Run an operation or load the schema.');

async function run(): Promise<void> {
  if (token.value.trim()) signIn(token.value);
  sessionStorage.setItem('fraud-console.graphql', query.value);
  let vars: Record<string, unknown>;
  try {
    vars = JSON.parse(variables.value || '{}') as Record<string, unknown>;
  } catch (error) {
    feedback.replaceChildren(
      errorBanner(new ApiError('BAD_USER_INPUT', `Variables are not valid JSON: ${String(error)}`, false)),
    );
    return;
  }
  feedback.replaceChildren();
  result.textContent = 'Running…';
  try {
    result.textContent = JSON.stringify({ data: await gql(query.value, vars) }, null, 2);
  } catch (error) {
    result.textContent = '';
    feedback.replaceChildren(errorBanner(error));
  }
}

async function loadSchema(): Promise<void> {
  if (token.value.trim()) signIn(token.value);
  try {
    const data = await gql<{ __schema: { types: SchemaType[] } }>(INTROSPECT);
    const roots = ['Query', 'Mutation', 'Subscription'];
    schema.replaceChildren(
      ...data.__schema.types
        .filter((t) => roots.includes(t.name))
        .map((t) =>
          h(
            'section',
            {},
            h('h2', {}, t.name),
            h(
              'ul',
              {},
              (t.fields ?? []).map((f) =>
                h(
                  'li',
                  {},
                  h(
                    'button',
                    { type: 'button', title: f.description ?? '', onclick: () => insert(f) },
                    f.name,
                  ),
                  f.args.length ? `(${f.args.map((a) => `${a.name}: ${typeName(a.type)}`).join(', ')})` : '',
                  `: ${typeName(f.type)}`,
                ),
              ),
            ),
          ),
        ),
    );
  } catch (error) {
    schema.replaceChildren(errorBanner(error));
  }
}

function insert(field: Field): void {
  const at = query.selectionStart;
  const text = `${field.name}${field.args.length ? `(${field.args.map((a) => `${a.name}: `).join(', ')})` : ''} { }`;
  query.setRangeText(text, at, query.selectionEnd, 'end');
  query.focus();
}

query.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    void run();
  }
});

root.replaceChildren(
  h(
    'header',
    { class: 'topbar' },
    h('span', { class: 'brand' }, 'GraphQL console'),
    h('nav', {}, h('a', { href: '/' }, 'Back to the console')),
    h('label', { for: 'gq-token' }, 'Token ', token),
    h('button', { type: 'button', id: 'gq-run', onclick: () => void run() }, 'Run (Ctrl+Enter)'),
    h('button', { type: 'button', class: 'secondary', onclick: () => void loadSchema() }, 'Load schema'),
  ),
  h(
    'main',
    { class: 'gq' },
    h(
      'div',
      { class: 'col' },
      h('label', { for: 'gq-query' }, 'Operation'),
      query,
      h('label', { for: 'gq-variables' }, 'Variables (JSON)'),
      variables,
    ),
    h(
      'div',
      { class: 'col', style: 'grid-template-rows: auto auto 1fr' },
      h('span', {}, 'Result'),
      feedback,
      result,
    ),
    schema,
  ),
);
if (token.value) void loadSchema();
