// One project: its tokens in both dialects (create, list, rename, disable or enable, delete), the new secret
// shown once, and its subprojects.
import { api } from '../api.js';
import { alertBox, copyText, dialog, field, h, replace, runForm, toast, uid } from '../dom.js';
import { badge, badges, cell, isSignalWire, PERMISSIONS, tokenLabel, when } from '../format.js';
import { secretPanel } from '../secret.js';

export async function projectView(context, projectId) {
  const [project, projects] = await Promise.all([
    api('GET', `/api/v2/projects/${encodeURIComponent(projectId)}`),
    api('GET', '/api/v2/projects'),
  ]);
  const parent = project.parent_project_id ? projects.find((p) => p.id === project.parent_project_id) : null;
  const subprojects = projects.filter((p) => p.parent_project_id === project.id);

  const secretSlot = h('div', { class: 'secret-slot' });
  const formSlot = h('div', { class: 'forms' });
  const tableAlert = alertBox();
  const tableSlot = h('div', { class: 'table-slot' }, h('p', { class: 'loading' }, 'Loading tokens…'));

  const page = {
    project,
    subprojects,
    context,
    async reload() {
      try {
        const tokens = await api('GET', `/api/v2/projects/${encodeURIComponent(project.id)}/tokens`);
        replace(tableSlot, tokensTable(tokens, page, tableAlert));
      } catch (error) {
        tableAlert.show('The tokens could not be loaded.', error.message);
        replace(tableSlot);
      }
    },
    showSecret(token) {
      closeForms(toolbar, formSlot);
      replace(secretSlot, secretPanel(token, () => secretSlot.replaceChildren()));
      secretSlot.querySelector('[data-dismiss-secret]').focus();
      secretSlot.scrollIntoView({ block: 'nearest' });
    },
  };

  const toolbar = h('div', { class: 'toolbar' },
    formToggle('New API key', 'new-api-key', true, () => apiKeyForm(page), formSlot),
    formToggle('New SignalWire token', 'new-signalwire-token', false, () => signalWireForm(page), formSlot));

  const view = h('div', { class: 'page' },
    h('nav', { class: 'breadcrumb', 'aria-label': 'Breadcrumb' },
      h('a', { href: '#/projects' }, 'Projects'), ' / ',
      h('span', null, project.organization_name || 'Organization'), ' / ',
      parent ? [h('a', { href: `#/projects/${parent.id}` }, parent.name), ' / '] : null,
      h('span', { 'aria-current': 'page' }, project.name)),
    h('div', { class: 'page-head' },
      h('div', null,
        h('h1', { tabindex: '-1' }, project.name, parent ? h('span', { class: 'badge badge-neutral' }, 'subproject') : null),
        h('p', { class: 'id-line' }, h('span', { class: 'muted' }, 'Project ID '),
          h('code', { class: 'mono', 'data-project-id': true }, project.id),
          h('button', {
            type: 'button', class: 'button button-small button-quiet', 'aria-label': 'Copy the project id',
            on: { click: async () => toast(await copyText(project.id) ? 'Project id copied.' : 'Select the id and copy it.') },
          }, 'Copy'))),
      toolbar),
    formSlot,
    secretSlot,
    h('section', { class: 'card', 'aria-labelledby': 'tokens-title' },
      h('div', { class: 'card-head' },
        h('h2', { id: 'tokens-title' }, 'Tokens'),
        h('span', { class: 'muted small' }, 'API keys (Exceptionless) and API tokens (SignalWire) of this project')),
      tableAlert,
      tableSlot),
    parent ? null : subprojectsCard(page));
  await page.reload();
  return view;
}

function formToggle(label, action, primary, makeForm, slot) {
  return h('button', {
    type: 'button',
    class: `button ${primary ? 'button-primary' : ''}`,
    'aria-expanded': 'false',
    'data-action': action,
    on: {
      click: (event) => {
        const button = event.currentTarget;
        const open = button.getAttribute('aria-expanded') === 'true';
        closeForms(button.parentElement, slot);
        if (!open) {
          button.setAttribute('aria-expanded', 'true');
          const form = makeForm();
          slot.append(form);
          form.querySelector('input, select').focus();
        }
      },
    },
  }, label);
}

function closeForms(toolbar, slot) {
  for (const button of toolbar.querySelectorAll('[aria-expanded]')) {
    button.setAttribute('aria-expanded', 'false');
  }
  slot.replaceChildren();
}

// ---------------------------------------------------------------- creating

function apiKeyForm(page) {
  const admin = h('input', { type: 'checkbox', name: 'scope-user' });
  const notes = h('input', { type: 'text', name: 'notes', maxlength: '2000', autocomplete: 'off' });
  const expires = h('input', { type: 'datetime-local', name: 'expires_utc' });
  const alert = alertBox();
  const scopesId = uid('scopes');
  const form = h('form', { class: 'card form-card', novalidate: true, 'aria-label': 'New API key' },
    h('h2', null, 'New API key'),
    h('p', { class: 'muted' }, 'An Exceptionless-style key: a client key posts and reads this project\u2019s data; ',
      'a user-scoped key administers the project.'),
    alert,
    h('fieldset', { class: 'checks', 'aria-describedby': scopesId },
      h('legend', null, 'Scopes'),
      h('label', { class: 'check' }, h('input', { type: 'checkbox', checked: true, disabled: true }), ' client'),
      h('label', { class: 'check' }, admin, ' user (administrator of the project)'),
      h('p', { class: 'field-hint', id: scopesId }, 'Every key has the client scope.')),
    h('div', { class: 'field-row' },
      field('Notes', notes, 'What the key is for; shown in the list.'),
      field('Expires', expires, 'Optional, in your time zone. Empty: never.')),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'button button-primary' }, 'Create API key')));
  form.addEventListener('submit', (event) => runForm(event, form, alert, async () => {
    const body = { scopes: admin.checked ? ['client', 'user'] : ['client'] };
    if (notes.value.trim()) {
      body.notes = notes.value.trim();
    }
    if (expires.value) {
      const date = new Date(expires.value);
      if (Number.isNaN(date.getTime())) {
        throw Object.assign(new Error('Please correct the highlighted fields.'), { fields: { expires_utc: ['Enter a date and time.'] } });
      }
      body.expires_utc = date.toISOString();
    }
    const created = await api('POST', `/api/v2/projects/${encodeURIComponent(page.project.id)}/tokens`, { body });
    // the creation answer's id is the token itself; its public id (for the path suggestion) comes from the
    // explain API, and the secret is shown whether that answers or not
    let publicId = null;
    try {
      publicId = (await api('POST', '/api/v2/admin/explain', { body: { token: created.id, path: '/' } })).token_id;
    } catch {
      publicId = null;
    }
    page.showSecret({ id: publicId, secret: created.id, projectId: created.project_id, label: body.notes || 'API key' });
    await page.reload();
  }));
  return form;
}

function signalWireForm(page) {
  const name = h('input', { type: 'text', name: 'name', required: true, maxlength: '255', autocomplete: 'off' });
  const boxes = PERMISSIONS.map((permission) => h('input', { type: 'checkbox', name: 'permissions', value: permission }));
  const all = h('input', { type: 'checkbox', name: 'all-permissions' });
  all.addEventListener('change', () => boxes.forEach((box) => { box.checked = all.checked; }));
  const target = h('select', { name: 'subproject_id' },
    h('option', { value: '' }, `${page.project.name} (this project)`),
    page.subprojects.map((sub) => h('option', { value: sub.id }, `${sub.name} (subproject)`)));
  const alert = alertBox();
  const permissionsError = h('p', { class: 'field-error', id: uid('permissions-error'), hidden: true });
  const form = h('form', { class: 'card form-card', novalidate: true, 'aria-label': 'New SignalWire token' },
    h('h2', null, 'New SignalWire token'),
    h('p', { class: 'muted' }, 'A SignalWire-style API token with exactly the permissions you select. Clients send it as ',
      h('code', null, 'Basic project_id:token'), '.'),
    alert,
    h('div', { class: 'field-row' },
      field('Name', name),
      page.subprojects.length > 0 ? field('Project', target, 'A token for a subproject authenticates with the subproject\u2019s id.') : null),
    h('fieldset', { class: 'checks permissions', 'aria-describedby': permissionsError.id },
      h('legend', null, 'Permissions'),
      h('label', { class: 'check check-all' }, all, ' all'),
      h('div', { class: 'check-grid' }, boxes.map((box) => h('label', { class: 'check' }, box, ` ${box.value}`))),
      permissionsError),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'button button-primary' }, 'Create SignalWire token')));
  form.addEventListener('submit', (event) => runForm(event, form, alert, async () => {
    permissionsError.hidden = true;
    const permissions = boxes.filter((box) => box.checked).map((box) => box.value);
    const body = { name: name.value, permissions };
    if (target.value) {
      body.subproject_id = target.value;
    }
    let created;
    try {
      created = await api('POST', '/api/project/tokens', { basic: page.project.id, body });
    } catch (error) {
      if (error.fields && error.fields.permissions) {
        permissionsError.textContent = error.fields.permissions.join(' ');
        permissionsError.hidden = false;
      }
      throw error;
    }
    const projectId = target.value || page.project.id;
    page.showSecret({ id: created.id, secret: created.token, projectId, label: created.name });
    if (target.value) {
      toast('The token belongs to the subproject: it is listed on the subproject\u2019s page.');
    }
    await page.reload();
  }));
  return form;
}

// ---------------------------------------------------------------- the list

function tokensTable(tokens, page, alert) {
  if (tokens.length === 0) {
    return h('div', { class: 'empty' },
      h('h3', null, 'No tokens yet'),
      h('p', null, 'Create an API key or a SignalWire token with the buttons above. Its secret is shown once, with ',
        'ready-to-run curl lines.'));
  }
  tokens.sort((a, b) => (b.created_utc || '').localeCompare(a.created_utc || ''));
  return h('table', { class: 'table tokens' },
    h('caption', { class: 'visually-hidden' }, `Tokens of ${page.project.name}`),
    h('thead', null, h('tr', null,
      ['Token', 'Access', 'Activity', 'Status', 'Actions']
        .map((title) => h('th', { scope: 'col' }, title)))),
    h('tbody', null, tokens.map((token) => tokenRow(token, page, alert))));
}

function tokenRow(token, page, alert) {
  const label = tokenLabel(token);
  const signalWire = isSignalWire(token);
  const expired = token.expires_utc && new Date(token.expires_utc) <= new Date();
  const userScoped = (token.scopes || []).includes('user');
  const act = async (description, call) => {
    alert.clear();
    try {
      await call();
      await page.reload();
    } catch (error) {
      alert.show(`Could not ${description} \u201c${label}\u201d.`, error.message);
    }
  };
  return h('tr', { dataset: { token: token.id }, class: token.is_disabled || expired ? 'row-inactive' : null },
    cell('Token', null,
      h('div', { class: 'token-name', 'data-token-label': true }, label),
      h('div', { class: 'token-meta' },
        badge(signalWire ? 'SignalWire' : 'API key', signalWire ? 'violet' : 'blue'),
        h('code', { class: 'mono small', title: 'Public id (not the secret)' }, token.id))),
    cell('Access', null,
      h('div', { class: 'pair' }, h('span', { class: 'pair-label' }, 'Scopes'), badges(token.scopes)),
      h('div', { class: 'pair' }, h('span', { class: 'pair-label' }, 'Permissions'),
        userScoped ? h('span', { class: 'muted' }, 'all (user scope)') : badges(token.permissions, 'violet'))),
    cell('Activity', null,
      h('div', { class: 'pair' }, h('span', { class: 'pair-label' }, 'Created'), when(token.created_utc)),
      h('div', { class: 'pair' }, h('span', { class: 'pair-label' }, 'Last used'), when(token.last_used_utc, 'never')),
      h('div', { class: 'pair' }, h('span', { class: 'pair-label' }, 'Expires'), when(token.expires_utc, 'never'))),
    cell('Status', null,
      token.is_disabled ? badge('Disabled', 'danger') : expired ? badge('Expired', 'warning') : badge('Active', 'success')),
    cell('Actions', { class: 'actions' },
      h('button', {
        type: 'button', class: 'button button-small', 'data-action': 'rename', 'aria-label': `Rename ${label}`,
        on: { click: () => rename(token, label, signalWire, act) },
      }, signalWire ? 'Rename' : 'Edit notes'),
      h('button', {
        type: 'button', class: 'button button-small', 'data-action': token.is_disabled ? 'enable' : 'disable',
        'aria-label': `${token.is_disabled ? 'Enable' : 'Disable'} ${label}`,
        on: {
          click: () => act(token.is_disabled ? 'enable' : 'disable', async () => {
            await api('PATCH', `/api/v2/tokens/${encodeURIComponent(token.id)}`, { body: { is_disabled: !token.is_disabled } });
            toast(token.is_disabled ? 'Token enabled.' : 'Token disabled: it is refused from the next request on.');
          }),
        },
      }, token.is_disabled ? 'Enable' : 'Disable'),
      h('a', {
        class: 'button button-small', 'data-action': 'explain', 'aria-label': `Routes ${label} may call`,
        href: `#/routes?project=${encodeURIComponent(token.project_id || page.project.id)}&token=${encodeURIComponent(token.id)}`,
      }, 'Routes'),
      h('button', {
        type: 'button', class: 'button button-small button-danger', 'data-action': 'delete', 'aria-label': `Delete ${label}`,
        on: { click: () => remove(token, label, act) },
      }, 'Delete')));
}

async function rename(token, label, signalWire, act) {
  const input = h('input', { type: 'text', name: signalWire ? 'name' : 'notes', value: signalWire ? token.name || '' : token.notes || '',
    maxlength: signalWire ? '255' : '2000', autocomplete: 'off' });
  const choice = await dialog(signalWire ? 'Rename token' : 'Edit notes', field(signalWire ? 'Name' : 'Notes', input), [
    { label: 'Cancel', value: 'cancel' },
    { label: 'Save', value: 'save', submit: true, class: 'button-primary' },
  ]);
  if (choice !== 'save') {
    return;
  }
  await act(signalWire ? 'rename' : 'change the notes of', async () => {
    if (signalWire) {
      await api('PATCH', `/api/project/tokens/${encodeURIComponent(token.id)}`, { basic: token.project_id, body: { name: input.value } });
    } else {
      await api('PATCH', `/api/v2/tokens/${encodeURIComponent(token.id)}`, { body: { notes: input.value } });
    }
    toast('Saved.');
  });
}

async function remove(token, label, act) {
  const choice = await dialog('Delete token?', h('div', null,
    h('p', null, 'Delete ', h('strong', null, label), '?'),
    h('p', { class: 'muted' }, 'Clients that use it are refused from their next request on. This cannot be undone.')), [
    { label: 'Cancel', value: 'cancel' },
    { label: 'Delete token', value: 'delete', submit: true, class: 'button-danger' },
  ]);
  if (choice !== 'delete') {
    return;
  }
  await act('delete', async () => {
    await api('DELETE', `/api/v2/tokens/${encodeURIComponent(token.id)}`);
    toast('Token deleted.');
  });
}

// ---------------------------------------------------------------- subprojects

function subprojectsCard(page) {
  const name = h('input', { type: 'text', name: 'name', required: true, maxlength: '250', autocomplete: 'off' });
  const alert = alertBox();
  const form = h('form', { class: 'inline-form', novalidate: true, 'aria-label': 'New subproject' },
    alert,
    field('New subproject', name),
    h('button', { type: 'submit', class: 'button' }, 'Create subproject'));
  form.addEventListener('submit', (event) => runForm(event, form, alert, async () => {
    const created = await api('POST', '/api/projects', { basic: page.project.id, body: { name: name.value } });
    toast('Subproject created.');
    page.context.navigate(`#/projects/${created.id}`);
  }));
  return h('section', { class: 'card', 'aria-labelledby': 'subprojects-title' },
    h('div', { class: 'card-head' },
      h('h2', { id: 'subprojects-title' }, 'Subprojects'),
      h('span', { class: 'muted small' }, 'One level; a subproject\u2019s tokens authenticate with its own id')),
    page.subprojects.length === 0
      ? h('p', { class: 'empty-inline' }, 'No subprojects.')
      : h('ul', { class: 'plain-list' }, page.subprojects.map((sub) => h('li', null,
        h('a', { href: `#/projects/${sub.id}` }, sub.name), ' ', h('code', { class: 'mono small muted' }, sub.id)))),
    form);
}
