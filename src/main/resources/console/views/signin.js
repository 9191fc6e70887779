// Sign in with e-mail and password (POST /api/v2/auth/login); the API's "Login failed." and "Login denied."
// are shown as it words them.
import { ApiError, api, session } from '../api.js';
import { alertBox, field, h, showFieldErrors } from '../dom.js';

const EXPLANATIONS = {
  'Login failed.': 'The e-mail address or the password is wrong.',
  'Login denied.': 'Too many attempts for this account or from this address: wait 15 minutes before trying again.',
};

export function signInView(notice, onSignedIn) {
  const email = h('input', { type: 'email', name: 'email', autocomplete: 'username', required: true, spellcheck: 'false' });
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true });
  const submit = h('button', { type: 'submit', class: 'button button-primary button-block' }, 'Sign in');
  const alert = alertBox();
  const form = h('form', { class: 'signin-form', novalidate: true, 'aria-labelledby': 'signin-title' },
    alert,
    field('E-mail', email),
    field('Password', password),
    submit);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    alert.clear();
    showFieldErrors(form, {});
    if (!email.value.trim() || !password.value) {
      showFieldErrors(form, {
        ...(email.value.trim() ? {} : { email: ['Enter your e-mail address.'] }),
        ...(password.value ? {} : { password: ['Enter your password.'] }),
      });
      (email.value.trim() ? password : email).focus();
      return;
    }
    submit.disabled = true;
    submit.textContent = 'Signing in…';
    try {
      const answer = await api('POST', '/api/v2/auth/login', {
        anonymous: true,
        body: { email: email.value.trim(), password: password.value },
      });
      password.value = '';
      session.token = answer.token;
      onSignedIn();
    } catch (error) {
      password.value = '';
      if (error instanceof ApiError && showFieldErrors(form, error.fields)) {
        alert.show('Please correct the highlighted fields.');
      } else {
        alert.show(error.message, EXPLANATIONS[error.message]);
      }
      password.focus();
    } finally {
      submit.disabled = false;
      submit.textContent = 'Sign in';
    }
  });

  return h('div', { class: 'signin' },
    h('div', { class: 'signin-card card' },
      h('h1', { id: 'signin-title', tabindex: '-1' }, 'Sign in'),
      h('p', { class: 'muted' }, 'Manage the tokens of your projects in both dialects: Exceptionless API keys and SignalWire API tokens.'),
      notice ? h('p', { class: 'notice', role: 'status' }, notice) : null,
      form),
    h('p', { class: 'signin-foot muted' }, 'Everything here is also available through the management APIs: ',
      h('a', { href: '/docs/v2/openapi.json' }, 'OpenAPI document'), '.'));
}
