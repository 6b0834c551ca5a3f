// Sign-in: paste a bearer token (the demo prints ready ones; a bank's identity provider issues them).
// The token is checked by asking the server who it belongs to before anything else is shown.
import { gql } from '../api/graphql-client.js';
import { ME } from '../api/operations.js';
import { signIn, signOut, tokenProblem } from '../session.js';
import { errorBanner, h, notice } from '../ui/dom.js';

export function renderSignIn(reason: string | null, done: () => void): HTMLElement {
  const feedback = h('div', { class: 'feedback', 'aria-live': 'polite' }, reason ? notice(reason) : null);
  const input = h('textarea', {
    id: 'token',
    name: 'token',
    rows: 5,
    required: true,
    spellcheck: 'false',
    autocomplete: 'off',
    'aria-describedby': 'token-help',
  });
  const submit = h('button', { type: 'submit' }, 'Sign in');
  const form = h(
    'form',
    { class: 'signin', 'aria-labelledby': 'signin-title' },
    h('h1', { id: 'signin-title' }, 'Fraud console'),
    h('label', { for: 'token' }, 'Access token'),
    input,
    h(
      'p',
      { id: 'token-help', class: 'help' },
      'Paste the bearer token from your identity provider. In the demo, ',
      h('code', {}, 'npm run token -- --user alice --role analyst'),
      ' prints one. It is kept for this tab only and cleared when you sign out.',
    ),
    submit,
    feedback,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const problem = tokenProblem(input.value);
    if (problem) {
      feedback.replaceChildren(errorBanner(new Error(problem)));
      input.focus();
      return;
    }
    signIn(input.value);
    submit.disabled = true;
    gql<{ me: { id: string; role: string } }>(ME).then(
      () => done(),
      (error: unknown) => {
        signOut();
        submit.disabled = false;
        feedback.replaceChildren(errorBanner(error));
        input.focus();
      },
    );
  });
  queueMicrotask(() => input.focus());
  return h('div', { class: 'signin-page' }, form);
}
