// Small presentational helpers shared by the views.
import { h } from './dom.js';

export const PERMISSIONS = ['calling', 'chat', 'datasphere', 'fax', 'management', 'messaging', 'numbers', 'pubsub',
  'storage', 'tasking', 'video'];

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A date from the API, readable; the exact UTC time in the title. */
export function when(iso, never = '—') {
  if (!iso) {
    return h('span', { class: 'muted' }, never);
  }
  const date = new Date(iso);
  return h('time', { datetime: iso, title: iso }, Number.isNaN(date.getTime()) ? iso : dateTime.format(date));
}

/** A token minted through the SignalWire dialect carries a name or permissions; an API key carries notes. */
export function isSignalWire(token) {
  return token.name !== undefined || (token.permissions && token.permissions.length > 0);
}

/** What a person calls the token: its name, its notes, or what it is. */
export function tokenLabel(token) {
  if (token.name) {
    return token.name;
  }
  if (token.notes) {
    return token.notes;
  }
  return isSignalWire(token) ? 'Unnamed token' : 'API key';
}

export function badge(text, kind = 'neutral') {
  return h('span', { class: `badge badge-${kind}` }, text);
}

/** A list of names as small badges, or a dash. */
export function badges(names, kind = 'neutral') {
  if (!names || names.length === 0) {
    return h('span', { class: 'muted' }, '—');
  }
  return h('span', { class: 'badges' }, names.map((name) => badge(name, kind)));
}

export function shortId(id) {
  return id ? `${id.slice(0, 8)}…` : '';
}

/** Quotes a word for a POSIX shell. */
export function shellQuote(text) {
  return `'${String(text).replaceAll("'", "'\\''")}'`;
}

/** A path that a route with these patterns matches, naming the project for its project variable. */
export function examplePath(pattern, projectVariable, projectId) {
  return pattern
    .replace(/\{\*?([A-Za-z0-9_]+)(?::[^}]*)?\}/g, (match, name) => (name === projectVariable && projectId ? projectId : 'example'))
    .replace(/\/\*\*$/, '/example')
    .replace(/\*\*/g, 'example')
    .replace(/\*/g, 'example');
}

/** A table cell with its column's name, which narrow screens show beside the value. */
export function cell(label, props, ...children) {
  return h('td', { ...(props || {}), 'data-label': label }, h('div', { class: 'cell' }, children));
}
