// The audit log (global administrators): every change and every failed sign-in, newest first.
import { api } from '../api.js';
import { h } from '../dom.js';
import { cell, when } from '../format.js';

const LIMIT = 50;

export async function auditView(context, query) {
  const page = Math.max(1, Number.parseInt(query.get('page') || '1', 10) || 1);
  const [entries, users] = await Promise.all([
    api('GET', `/api/v2/admin/audit-log?page=${page}&limit=${LIMIT}`),
    api('GET', '/api/v2/users').catch(() => []),
  ]);
  const emails = new Map(users.map((user) => [user.id, user.email_address]));
  const pager = h('nav', { class: 'pager', 'aria-label': 'Pages' },
    page > 1 ? h('a', { class: 'button button-small', href: `#/audit?page=${page - 1}` }, 'Newer') : null,
    h('span', { class: 'muted small' }, `Page ${page}`),
    entries.length === LIMIT ? h('a', { class: 'button button-small', href: `#/audit?page=${page + 1}` }, 'Older') : null);
  return h('div', { class: 'page' },
    h('div', { class: 'page-head' }, h('div', null,
      h('h1', { tabindex: '-1' }, 'Audit log'),
      h('p', { class: 'muted' }, 'Every create, change and delete, and every failed sign-in: who, what, when, from where.'))),
    h('section', { class: 'card', 'aria-label': 'Audit entries' },
      entries.length === 0
        ? h('p', { class: 'empty-inline' }, page > 1 ? 'No older entries.' : 'Nothing has happened yet.')
        : h('table', { class: 'table audit' },
          h('thead', null, h('tr', null, ['When', 'Action', 'Target', 'By', 'From', 'Details']
            .map((title) => h('th', { scope: 'col' }, title)))),
          h('tbody', null, entries.map((entry) => h('tr', null,
            cell('When', null, when(entry.occurred_utc)),
            cell('Action', null, h('code', null, entry.action)),
            cell('Target', null, entry.target_type, ' ',
              entry.target_id ? h('code', { class: 'mono small', title: entry.target_id }, entry.target_id.slice(0, 8)) : null),
            cell('By', null, entry.actor_user_id
              ? emails.get(entry.actor_user_id) || h('code', { class: 'mono small' }, entry.actor_user_id.slice(0, 8))
              : h('span', { class: 'muted' }, 'anonymous')),
            cell('From', null, entry.client_ip || ''),
            cell('Details', { class: 'wrap' }, entry.details || '')))))),
    pager);
}
