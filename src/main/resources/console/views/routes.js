// Every route with what it requires; for a chosen token, whether it may call each and why not; and the
// decision for one method and path. All from GET /api/v2/admin/routes and POST /api/v2/admin/explain, which
// the gateway answers with the same code that authorizes real requests.
import { api } from '../api.js';
import { alertBox, field, h, replace, runForm } from '../dom.js';
import { badge, badges, cell, tokenLabel } from '../format.js';

export async function routesView(context, query) {
  const projects = await api('GET', '/api/v2/projects');
  const projectId = query.get('project') || '';
  const tokenId = query.get('token') || '';
  const tokens = projectId ? await api('GET', `/api/v2/projects/${encodeURIComponent(projectId)}/tokens`) : [];
  const token = tokens.find((candidate) => candidate.id === tokenId) || null;
  const routes = await api('GET', token ? `/api/v2/admin/routes?token_id=${encodeURIComponent(token.id)}` : '/api/v2/admin/routes');

  const projectSelect = h('select', { name: 'project' },
    h('option', { value: '' }, 'Choose a project'),
    projects.map((project) => h('option', { value: project.id, selected: project.id === projectId },
      project.parent_project_id ? `\u21b3 ${project.name}` : project.name)));
  const tokenSelect = h('select', { name: 'token', disabled: !projectId },
    h('option', { value: '' }, projectId ? (tokens.length ? 'Choose a token' : 'This project has no tokens') : '—'),
    tokens.map((candidate) => h('option', { value: candidate.id, selected: candidate.id === tokenId },
      `${tokenLabel(candidate)} (${candidate.id.slice(0, 8)})`)));
  projectSelect.addEventListener('change', () => context.navigate(projectSelect.value
    ? `#/routes?project=${encodeURIComponent(projectSelect.value)}` : '#/routes'));
  tokenSelect.addEventListener('change', () => context.navigate(`#/routes?project=${encodeURIComponent(projectId)}`
    + (tokenSelect.value ? `&token=${encodeURIComponent(tokenSelect.value)}` : '')));

  return h('div', { class: 'page' },
    h('div', { class: 'page-head' }, h('div', null,
      h('h1', { tabindex: '-1' }, 'Routes'),
      h('p', { class: 'muted' }, 'The routes the gateway serves, in the order it tries them. Choose a token to see which it may call, and why not.'))),
    h('section', { class: 'card', 'aria-label': 'Token' },
      h('div', { class: 'field-row' }, field('Project', projectSelect), field('Token', tokenSelect))),
    token ? explainCard(token) : null,
    h('section', { class: 'card', 'aria-labelledby': 'routes-title' },
      h('div', { class: 'card-head' },
        h('h2', { id: 'routes-title' }, token ? `What \u201c${tokenLabel(token)}\u201d may call` : 'Routes'),
        token && token.project_id ? h('span', { class: 'muted small' }, 'as called for its own project') : null),
      routes.length === 0
        ? h('p', { class: 'empty-inline' }, 'No routes are configured.')
        : routesTable(routes, Boolean(token))));
}

function routesTable(routes, withDecision) {
  return h('table', { class: 'table routes' },
    h('thead', null, h('tr', null,
      ['Route', 'Matches', 'Requires', withDecision ? 'Access' : null]
        .filter(Boolean).map((title) => h('th', { scope: 'col' }, title)))),
    h('tbody', null, routes.map((route) => h('tr', { dataset: { route: route.id, decision: route.decision || '' } },
      cell('Route', null,
        h('div', { class: 'token-name' }, route.id),
        h('div', { class: 'token-meta' }, badge(route.dialect, 'neutral'), route.is_public ? badge('public', 'warning') : null)),
      cell('Matches', null, h('code', { class: 'mono small wrap' },
        route.paths && route.paths.length ? route.paths.join(', ') : route.predicate),
        route.uri ? h('div', { class: 'muted small' }, '\u2192 ', h('code', { class: 'mono' }, route.uri)) : null),
      cell('Requires', null, requirements(route)),
      withDecision ? cell('Access', null, verdict(route)) : null))));
}

function requirements(route) {
  if (route.is_public) {
    return h('span', { class: 'muted' }, 'nothing (public)');
  }
  if (!route.authorize || route.authorize.length === 0) {
    return h('span', { class: 'muted' }, 'any valid token');
  }
  return h('div', { class: 'requirements' }, route.authorize.map((authorize) => h('div', null,
    authorize.scopes ? h('div', null, h('span', { class: 'muted small' }, 'scopes '), badges(authorize.scopes)) : null,
    authorize.permissions ? h('div', null, h('span', { class: 'muted small' }, 'all of '), badges(authorize.permissions, 'violet')) : null,
    authorize.any_permissions
      ? h('div', null, h('span', { class: 'muted small' }, 'one of '), badges(authorize.any_permissions, 'violet')) : null,
    authorize.project_variable
      ? h('div', null, h('span', { class: 'muted small' }, 'project in path '), h('code', null, `{${authorize.project_variable}}`))
      : null)));
}

/** Allowed, or refused with the status the client gets and every reason. */
function verdict(result) {
  if (result.decision === 'allow') {
    return h('div', { class: 'verdict' }, badge('Allowed', 'success'));
  }
  const title = result.decision === 'no_route' ? 'No route' : 'Refused';
  return h('div', { class: 'verdict' },
    badge(title, result.decision === 'no_route' ? 'warning' : 'danger'),
    result.status ? h('span', { class: 'muted small' }, ` ${result.status}`) : null,
    h('ul', { class: 'reasons' }, (result.reasons || []).map((reason) => h('li', { dataset: { reason: reason.code } },
      reason.message))));
}

function explainCard(token) {
  const method = h('select', { name: 'method' }, ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].map((m) => h('option', { value: m }, m)));
  const path = h('input', { type: 'text', name: 'path', required: true, class: 'mono', placeholder: '/api/v2/events',
    spellcheck: 'false', autocomplete: 'off' });
  const alert = alertBox();
  const result = h('div', { class: 'explain-result', 'aria-live': 'polite' });
  const form = h('form', { class: 'explain-form', novalidate: true, 'aria-label': 'Explain a request' },
    alert,
    h('div', { class: 'field-row field-row-explain' },
      field('Method', method),
      field('Path', path, 'As a client would send it, with its query if any.'),
      h('div', { class: 'field field-button' }, h('button', { type: 'submit', class: 'button button-primary' }, 'Explain'))));
  form.addEventListener('submit', (event) => runForm(event, form, alert, async () => {
    replace(result);
    const answer = await api('POST', '/api/v2/admin/explain',
      { body: { token_id: token.id, method: method.value, path: path.value.trim() } });
    replace(result,
      h('p', null, h('code', { class: 'mono' }, `${answer.method} ${answer.path}`), ' \u2192 ',
        answer.route ? ['route ', h('strong', null, answer.route)] : h('span', { class: 'muted' }, 'no route')),
      verdict(answer));
  }));
  return h('section', { class: 'card', 'aria-labelledby': 'explain-title' },
    h('div', { class: 'card-head' }, h('h2', { id: 'explain-title' }, 'Explain a request')),
    form,
    result);
}
