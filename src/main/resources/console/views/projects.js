// Organizations and their projects (subprojects under their parent); create an organization or a project.
import { api } from '../api.js';
import { alertBox, copyText, field, h, runForm, toast } from '../dom.js';
import { cell, when } from '../format.js';

export async function projectsView(context) {
  const [organizations, projects] = await Promise.all([
    api('GET', '/api/v2/organizations'),
    api('GET', '/api/v2/projects'),
  ]);
  const forms = h('div', { class: 'forms' });
  const toolbar = h('div', { class: 'toolbar' },
    h('button', {
      type: 'button', class: 'button button-primary', 'aria-expanded': 'false', 'data-action': 'new-project',
      on: { click: (event) => toggle(event.currentTarget, forms, () => projectForm(organizations, context)) },
    }, 'New project'),
    h('button', {
      type: 'button', class: 'button', 'aria-expanded': 'false', 'data-action': 'new-organization',
      on: { click: (event) => toggle(event.currentTarget, forms, () => organizationForm(context)) },
    }, 'New organization'));

  const content = organizations.length === 0
    ? h('div', { class: 'empty card' }, h('h2', null, 'No organizations yet'),
      h('p', null, 'Create an organization, then a project in it: its tokens are managed from the project\u2019s page.'))
    : organizations.map((organization) => organizationCard(organization,
      projects.filter((project) => project.organization_id === organization.id)));

  return h('div', { class: 'page' },
    h('div', { class: 'page-head' },
      h('div', null,
        h('h1', { tabindex: '-1' }, 'Projects'),
        h('p', { class: 'muted' }, 'Open a project to manage its API keys and SignalWire tokens.')),
      toolbar),
    forms,
    content);
}

/** Opens a form below the toolbar (closing any other); pressing the same button again closes it. */
function toggle(button, container, makeForm) {
  const open = button.getAttribute('aria-expanded') === 'true';
  for (const other of button.parentElement.querySelectorAll('[aria-expanded]')) {
    other.setAttribute('aria-expanded', 'false');
  }
  container.replaceChildren();
  if (!open) {
    button.setAttribute('aria-expanded', 'true');
    const form = makeForm();
    container.append(form);
    form.querySelector('input, select, button')?.focus();
  }
}

function organizationCard(organization, projects) {
  const parents = projects.filter((project) => !project.parent_project_id);
  const rows = [];
  for (const project of parents) {
    rows.push(projectRow(project, false));
    for (const child of projects.filter((candidate) => candidate.parent_project_id === project.id)) {
      rows.push(projectRow(child, true));
    }
  }
  return h('section', { class: 'card', 'aria-label': `Organization ${organization.name}` },
    h('div', { class: 'card-head' },
      h('h2', null, organization.name),
      h('span', { class: 'muted mono small', title: 'Organization id' }, organization.id)),
    rows.length === 0
      ? h('p', { class: 'empty-inline' }, 'No projects in this organization yet.')
      : h('table', { class: 'table' },
        h('thead', null, h('tr', null,
          h('th', { scope: 'col' }, 'Project'),
          h('th', { scope: 'col' }, 'Project ID'),
          h('th', { scope: 'col' }, 'Created'))),
        h('tbody', null, rows)));
}

function projectRow(project, isSubproject) {
  const idText = h('code', { class: 'mono' }, project.id);
  return h('tr', { class: isSubproject ? 'subproject' : null, dataset: { project: project.id } },
    cell('Project', null,
      isSubproject ? h('span', { class: 'sub-marker', 'aria-hidden': 'true' }, '\u21b3 ') : null,
      h('a', { href: `#/projects/${project.id}` }, project.name),
      isSubproject ? h('span', { class: 'badge badge-neutral' }, 'subproject') : null),
    cell('Project ID', null,
      h('span', { class: 'id-cell' }, idText,
        h('button', {
          type: 'button', class: 'button button-small button-quiet', 'aria-label': `Copy the id of ${project.name}`,
          on: { click: async () => toast(await copyText(project.id) ? 'Project id copied.' : 'Select the id and copy it.') },
        }, 'Copy'))),
    cell('Created', null, when(project.created_utc)));
}

function organizationForm(context) {
  const name = h('input', { type: 'text', name: 'name', required: true, maxlength: '250', autocomplete: 'off' });
  const alert = alertBox();
  const form = h('form', { class: 'card form-card', novalidate: true, 'aria-label': 'New organization' },
    h('h2', null, 'New organization'),
    alert,
    field('Name', name),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'button button-primary' }, 'Create organization')));
  form.addEventListener('submit', (event) => runForm(event, form, alert, async () => {
    await api('POST', '/api/v2/organizations', { body: { name: name.value } });
    toast('Organization created.');
    context.refresh();
  }));
  return form;
}

function projectForm(organizations, context) {
  if (organizations.length === 0) {
    return h('div', { class: 'card form-card' }, h('p', null, 'Create an organization first.'));
  }
  const organization = h('select', { name: 'organization_id', required: true },
    organizations.map((org) => h('option', { value: org.id }, org.name)));
  const name = h('input', { type: 'text', name: 'name', required: true, maxlength: '250', autocomplete: 'off' });
  const alert = alertBox();
  const form = h('form', { class: 'card form-card', novalidate: true, 'aria-label': 'New project' },
    h('h2', null, 'New project'),
    alert,
    h('div', { class: 'field-row' }, field('Organization', organization), field('Name', name)),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'button button-primary' }, 'Create project')));
  form.addEventListener('submit', (event) => runForm(event, form, alert, async () => {
    const project = await api('POST', '/api/v2/projects', { body: { organization_id: organization.value, name: name.value } });
    toast('Project created.');
    context.navigate(`#/projects/${project.id}`);
  }));
  return form;
}
