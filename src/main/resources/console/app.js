// The console's shell: sign-in state, navigation between views (the URL's #/... part), and sign-out.
import { ApiError, api, session } from './api.js';
import { h, replace, toast } from './dom.js';
import { auditView } from './views/audit.js';
import { projectView } from './views/project.js';
import { projectsView } from './views/projects.js';
import { routesView } from './views/routes.js';
import { signInView } from './views/signin.js';

const main = document.getElementById('main');
let me = null;
let renders = 0;

const context = {
  navigate(hash) {
    if (window.location.hash === hash) {
      render();
    } else {
      window.location.hash = hash;
    }
  },
  refresh() {
    render();
  },
};

function isGlobalAdministrator() {
  return Boolean(me && me.roles && me.roles.includes('global'));
}

function showSignIn(notice) {
  me = null;
  document.getElementById('session').hidden = true;
  document.getElementById('sidenav').hidden = true;
  document.title = 'Sign in \u00b7 AuthBridge console';
  replace(main, signInView(notice, () => {
    if (window.location.hash && window.location.hash.startsWith('#/')) {
      render();
    } else {
      context.navigate('#/projects');
    }
  }));
  main.querySelector('input').focus();
}

function showShell(section) {
  document.getElementById('session').hidden = false;
  document.getElementById('sidenav').hidden = false;
  document.getElementById('session-user').textContent = me ? me.email_address : '';
  document.getElementById('nav-audit').hidden = !isGlobalAdministrator();
  for (const link of document.querySelectorAll('#sidenav a')) {
    if (link.dataset.section === section) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
}

async function render() {
  const hash = window.location.hash;
  if (hash && !hash.startsWith('#/')) {
    return;
  }
  const generation = ++renders;
  if (!session.token) {
    showSignIn();
    return;
  }
  const [path, queryString] = (hash.slice(1) || '/projects').split('?');
  const query = new URLSearchParams(queryString || '');
  const segments = path.split('/').filter(Boolean).map(decodeURIComponent);
  const section = ['routes', 'audit'].includes(segments[0]) ? segments[0] : 'projects';
  replace(main, h('p', { class: 'loading', role: 'status' }, 'Loading\u2026'));
  try {
    if (!me) {
      me = await api('GET', '/api/v2/users/me');
    }
    showShell(section);
    let view;
    let title;
    if (section === 'projects' && segments[1]) {
      view = await projectView(context, segments[1]);
      title = 'Project';
    } else if (section === 'routes') {
      view = await routesView(context, query);
      title = 'Routes';
    } else if (section === 'audit' && isGlobalAdministrator()) {
      view = await auditView(context, query);
      title = 'Audit log';
    } else {
      view = await projectsView(context);
      title = 'Projects';
    }
    if (generation !== renders) {
      return;
    }
    document.title = `${title} \u00b7 AuthBridge console`;
    replace(main, view);
    const heading = main.querySelector('h1');
    if (heading) {
      heading.focus({ preventScroll: true });
    }
  } catch (error) {
    if (generation !== renders || !session.token) {
      return;
    }
    replace(main, h('div', { class: 'page' }, h('div', { class: 'card error-page', role: 'alert' },
      h('h1', { tabindex: '-1' }, error instanceof ApiError && error.status === 404 ? 'Not found' : 'Something went wrong'),
      h('p', null, error.message),
      h('p', null, h('a', { href: '#/projects' }, 'Back to the projects')))));
  }
}

async function signOut() {
  const button = document.getElementById('sign-out');
  button.disabled = true;
  let revoked = true;
  try {
    await api('GET', '/api/v2/auth/logout');
  } catch (error) {
    revoked = error instanceof ApiError && error.status === 401;
  }
  session.clear();
  button.disabled = false;
  window.history.replaceState(null, '', window.location.pathname);
  showSignIn(revoked ? 'You have signed out.'
    : 'You are signed out here, but the gateway could not be reached to revoke the session; it stays valid until it expires.');
}

window.addEventListener('authbridge:session-ended', () => {
  if (session.token) {
    session.clear();
    showSignIn('Your session has ended. Sign in again.');
  }
});
window.addEventListener('hashchange', render);
document.getElementById('sign-out').addEventListener('click', signOut);
document.querySelector('[data-skip]').addEventListener('click', (event) => {
  event.preventDefault();
  main.focus();
});
render();
