// Building the DOM without innerHTML: every piece of data goes in as text, so nothing a package name or an
// upstream error says can become markup.

/**
 * Creates an element. attrs: 'class', 'text' (textContent), 'on' ({event: handler}), 'dataset' ({key: value}),
 * booleans (true sets an empty attribute, false/null/undefined skips it), anything else via setAttribute.
 * children: nodes, strings (become text nodes), arrays of those, or null/undefined/false (skipped).
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Like h(), in the SVG namespace. */
export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function setAttrs(el, attrs) {
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'text') el.textContent = String(value);
    else if (key === 'on') for (const [ev, fn] of Object.entries(value)) el.addEventListener(ev, fn);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'class') el.setAttribute('class', value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Replaces all children of el. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

/** Says something to screen readers through the page's one polite live region. */
export function announce(message) {
  const status = document.getElementById('status');
  if (!status) return;
  // Clearing first makes a repeated message ("Copied") be read again.
  status.textContent = '';
  window.setTimeout(() => { status.textContent = message; }, 50);
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** 1536 -> "1.5 KiB". */
export function bytes(n) {
  if (n === null || n === undefined) return '—';
  let v = Number(n);
  let u = 0;
  while (v >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  return (u === 0 ? String(v) : v.toFixed(v < 10 ? 1 : 0)) + '\u00a0' + UNITS[u];
}

/** 12345 -> "12,345" in the reader's locale. */
export function count(n) {
  return Number(n).toLocaleString();
}

/** 0.8234 -> "82.3 %". */
export function percent(ratio) {
  return (ratio * 100).toLocaleString(undefined, { maximumFractionDigits: 1 }) + '\u00a0%';
}

/** A <time> element: relative text ("5 min ago"), the exact local time as its tooltip. */
export function time(value) {
  if (value === null || value === undefined || value === '') return h('span', { class: 'muted', text: 'never' });
  const date = typeof value === 'number' ? new Date(value) : new Date(value);
  if (Number.isNaN(date.getTime())) return h('span', { text: String(value) });
  return h('time', { datetime: date.toISOString(), title: date.toLocaleString() }, relative(date));
}

/** A date as local text, for upload times (which are about the file, not about now). */
export function date(value) {
  if (!value) return h('span', { class: 'muted', text: '—' });
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return h('span', { text: String(value) });
  return h('time', { datetime: d.toISOString(), title: d.toLocaleString() },
    d.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' }));
}

function relative(d) {
  const seconds = Math.round((Date.now() - d.getTime()) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return 'just now';
  const steps = [[60, 'minute'], [3600, 'hour'], [86400, 'day'], [2592000, 'month'], [31536000, 'year']];
  let unit = 'minute';
  let size = 60;
  for (const [secs, name] of steps) {
    if (abs >= secs) {
      unit = name;
      size = secs;
    }
  }
  const fmt = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  return fmt.format(-Math.round(seconds / size), unit);
}

/** Copies text to the clipboard; falls back to a selected textarea where the async API is missing (plain http). */
export async function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch (e) {
      // Permission refused: try the old way below.
    }
  }
  const focused = document.activeElement;
  const area = h('textarea', { class: 'offscreen', readonly: true, 'aria-hidden': 'true', tabindex: '-1' });
  area.value = text;
  document.body.append(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch (e) {
    ok = false;
  }
  area.remove();
  if (focused instanceof HTMLElement) focused.focus();
  return ok;
}

/** A button that copies text and says so; label is what is copied ("SHA-256 of x.whl"). */
export function copyButton(text, label) {
  const button = h('button', { type: 'button', class: 'copy', 'aria-label': 'Copy ' + label }, 'Copy');
  button.addEventListener('click', async () => {
    const ok = await copyText(text);
    button.textContent = ok ? 'Copied' : 'Copy failed';
    announce(ok ? 'Copied ' + label : 'Could not copy; select the text and copy it by hand');
    window.setTimeout(() => { button.textContent = 'Copy'; }, 2000);
  });
  return button;
}

/** A table inside a region that scrolls sideways on small screens and can be scrolled with the keyboard. */
export function scrollTable(label, table) {
  return h('div', { class: 'table-wrap', role: 'region', 'aria-label': label, tabindex: '0' }, table);
}
