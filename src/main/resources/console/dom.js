// Building the page: every element is made with document.createElement and every value becomes a text
// node. There is no HTML parsing anywhere in the console (the page's Content-Security-Policy requires
// Trusted Types, so a string assigned to innerHTML would throw rather than render).

const PROPERTIES = new Set(['value', 'checked', 'disabled', 'hidden', 'selected', 'required', 'readOnly', 'open']);

/**
 * h('button', {class: 'button', on: {click: f}}, 'Save') makes <button class="button">Save</button>.
 * Children may be nodes, strings (as text), arrays of them, or null/false (skipped).
 */
export function h(tag, props, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (key === 'class') {
      element.className = value;
    } else if (key === 'on') {
      for (const [type, listener] of Object.entries(value)) {
        element.addEventListener(type, listener);
      }
    } else if (key === 'dataset') {
      for (const [name, data] of Object.entries(value)) {
        element.dataset[name] = data;
      }
    } else if (key === 'text') {
      element.textContent = value;
    } else if (/^on/i.test(key)) {
      throw new Error('Event handlers are added with on: {...}, never as attributes');
    } else if (PROPERTIES.has(key)) {
      element[key] = value;
    } else {
      element.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

/** Appends children as h() takes them. */
export function append(element, children) {
  for (const child of [children].flat(Infinity)) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/** Replaces an element's children. */
export function replace(element, ...children) {
  element.replaceChildren();
  return append(element, children);
}

let ids = 0;

/** A unique id for label/aria references. */
export function uid(prefix) {
  ids += 1;
  return `${prefix}-${ids}`;
}

/** A labelled form field: label above, control, optional hint and an error line tied to the control. */
export function field(labelText, control, hint) {
  control.id = control.id || uid('field');
  const error = h('p', { class: 'field-error', id: `${control.id}-error`, hidden: true });
  const hintNode = hint ? h('p', { class: 'field-hint', id: `${control.id}-hint` }, hint) : null;
  control.setAttribute('aria-describedby', [hintNode && hintNode.id, error.id].filter(Boolean).join(' '));
  return h('div', { class: 'field', dataset: { field: control.name || '' } },
    h('label', { for: control.id }, labelText), control, hintNode, error);
}

/** Shows the API's per-field messages next to the fields of a form; returns whether any was shown. */
export function showFieldErrors(form, fields) {
  let shown = false;
  for (const node of form.querySelectorAll('.field-error')) {
    node.hidden = true;
    node.textContent = '';
  }
  for (const control of form.querySelectorAll('[aria-invalid]')) {
    control.removeAttribute('aria-invalid');
  }
  for (const [name, messages] of Object.entries(fields || {})) {
    const control = form.querySelector(`[name="${CSS.escape(name)}"]`);
    if (!control) {
      continue;
    }
    const error = form.querySelector(`#${CSS.escape(control.id)}-error`);
    if (error) {
      error.textContent = messages.join(' ');
      error.hidden = false;
      control.setAttribute('aria-invalid', 'true');
      shown = true;
    }
  }
  return shown;
}

/** An alert box for errors (role=alert, so screen readers announce it); hidden until set. */
export function alertBox() {
  const box = h('div', { class: 'alert', role: 'alert', hidden: true });
  box.show = (message, detail) => {
    replace(box, h('strong', null, message), detail ? h('span', null, ' ', detail) : null);
    box.hidden = false;
  };
  box.clear = () => {
    box.replaceChildren();
    box.hidden = true;
  };
  return box;
}

/** A modal dialog (the native <dialog>: focus is trapped and Escape closes it). Resolves with the button pressed. */
export function dialog(title, body, actions) {
  return new Promise((resolve) => {
    const titleId = uid('dialog-title');
    const modal = h('dialog', { class: 'modal', 'aria-labelledby': titleId });
    const form = h('form', { method: 'dialog', class: 'modal-body' },
      h('h2', { id: titleId }, title),
      body,
      h('div', { class: 'modal-actions' }, actions.map((action) => h('button', {
        type: action.submit ? 'submit' : 'button',
        class: `button ${action.class || ''}`,
        value: action.value,
        on: action.submit ? {} : { click: () => modal.close(action.value) },
      }, action.label))));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      modal.close(event.submitter ? event.submitter.value : 'submit');
    });
    modal.append(form);
    modal.addEventListener('close', () => {
      const value = modal.returnValue;
      modal.remove();
      resolve(value);
    });
    document.body.append(modal);
    modal.showModal();
  });
}

/** Copies text to the clipboard; falls back to selecting it where the Clipboard API is unavailable. */
export async function copyText(text, fallbackTarget) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    if (fallbackTarget && fallbackTarget.select) {
      fallbackTarget.select();
      return document.execCommand('copy');
    }
    return false;
  }
}

/** A short message in the status area (announced politely). */
export function toast(message) {
  const area = document.getElementById('toast');
  replace(area, h('span', null, message));
  area.classList.add('toast-visible');
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => area.classList.remove('toast-visible'), 3500);
}

/** Runs a form's action; its errors are shown in the form, next to the fields they concern. */
export async function runForm(event, form, alert, action) {
  event.preventDefault();
  alert.clear();
  showFieldErrors(form, {});
  const button = form.querySelector('button[type="submit"]');
  button.disabled = true;
  try {
    await action();
  } catch (error) {
    const fieldsShown = showFieldErrors(form, error.fields);
    alert.show(fieldsShown ? 'Please correct the highlighted fields.' : error.message);
    const invalid = form.querySelector('[aria-invalid="true"]');
    if (invalid) {
      invalid.focus();
    }
  } finally {
    button.disabled = false;
  }
}
