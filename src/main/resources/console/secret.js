// The panel that shows a new token's secret, once. Dismissing it removes it from the page and drops the
// only reference the console held; navigating away removes it as well. The secret is never stored.
import { api } from './api.js';
import { copyText, field, h, replace, toast, uid } from './dom.js';
import { examplePath, shellQuote } from './format.js';

/**
 * @param token {id, secret, projectId, label}
 * @param onDismiss called after the panel is gone
 */
export function secretPanel(token, onDismiss) {
  let secret = token.secret;
  const titleId = uid('secret-title');
  const base = window.location.origin;
  const path = h('input', { type: 'text', name: 'path', value: '/', class: 'mono', spellcheck: 'false', autocomplete: 'off' });
  const lines = h('div', { class: 'curl-lines' });

  const render = () => {
    if (secret === null) {
      return;
    }
    const target = path.value.startsWith('/') ? path.value : `/${path.value}`;
    const separator = target.includes('?') ? '&' : '?';
    replace(lines,
      curlLine('Bearer', `curl -sS -H ${shellQuote(`Authorization: Bearer ${secret}`)} ${shellQuote(base + target)}`),
      curlLine('Basic project_id:token',
        `curl -sS -u ${shellQuote(`${token.projectId}:${secret}`)} ${shellQuote(base + target)}`),
      curlLine('Query parameter', `curl -sS ${shellQuote(`${base}${target}${separator}access_token=${secret}`)}`));
  };
  path.addEventListener('input', render);

  const secretField = h('input', { type: 'text', readOnly: true, value: secret, class: 'mono secret-value', name: 'secret',
    spellcheck: 'false', autocomplete: 'off', 'data-secret': true });
  const panel = h('section', { class: 'secret-panel', 'aria-labelledby': titleId, 'data-secret-panel': true },
    h('div', { class: 'secret-head' },
      h('h3', { id: titleId }, `Copy your new token now: ${token.label}`),
      h('p', null, 'This is the only time it is shown. AuthBridge keeps only a keyed hash of it, so it cannot show it again.')),
    h('div', { class: 'copy-row' },
      field('Token', secretField),
      copyButton('Copy token', () => secret, secretField)),
    field('Try it on', path, 'A path one of the gateway\u2019s routes serves to this token. Edit it to try another.'),
    lines,
    h('div', { class: 'secret-actions' },
      h('button', {
        type: 'button',
        class: 'button button-primary',
        'data-dismiss-secret': true,
        on: {
          click: () => {
            secret = null;
            panel.remove();
            toast('The token is no longer shown.');
            onDismiss();
          },
        },
      }, 'I have copied it')));
  render();
  suggestPath(token, path).then(render);
  return panel;
}

function curlLine(label, command) {
  const code = h('code', { class: 'curl' }, command);
  return h('div', { class: 'curl-line', dataset: { curl: label } },
    h('span', { class: 'curl-label' }, label),
    h('pre', null, code),
    copyButton(`Copy ${label} curl line`, () => code.textContent));
}

function copyButton(label, text, fallback) {
  return h('button', {
    type: 'button',
    class: 'button button-small',
    'aria-label': label,
    on: {
      click: async () => {
        toast(await copyText(text(), fallback) ? 'Copied.' : 'Select the text and copy it.');
      },
    },
  }, 'Copy');
}

/** The first route that lets this token through, as a path to try. */
async function suggestPath(token, input) {
  if (!token.id) {
    return;
  }
  try {
    const routes = await api('GET', `/api/v2/admin/routes?token_id=${encodeURIComponent(token.id)}`);
    for (const route of routes) {
      if (route.decision === 'allow' && !route.is_public && route.paths && route.paths.length > 0) {
        const variable = (route.authorize || []).map((a) => a.project_variable).find(Boolean);
        input.value = examplePath(route.paths[0], variable, token.projectId);
        return;
      }
    }
  } catch {
    // the routes are a suggestion only; '/' stays
  }
}
