// One project: its files grouped by version, newest first, with what the cache holds of each, links to the
// upstream's page and the mirror's own, and (with an admin token) refresh and remove.

import { get, adminPost, adminDelete, adminToken, setAdminToken, mirrorUrl } from './api.js';
import { h, replace, bytes, count, time, date, copyButton, scrollTable } from './dom.js';

export function project(main, ctx, params, name) {
  const title = h('h1', { tabindex: '-1' }, h('span', { class: 'muted', text: 'Project ' }), name);
  const body = h('div', { class: 'stack' }, h('p', { class: 'loading', text: 'Loading…' }));
  replace(main, h('p', { class: 'crumbs' }, h('a', { href: '#/projects', text: '← All projects' })), title, body);
  let stopped = false;
  // Phones get one card per file instead of a seven-column table; the switch follows the window.
  const narrow = window.matchMedia('(max-width: 700px)');
  let versions = null;
  let shown = null;
  const redraw = () => { if (versions && shown) replace(versions, ...versionBlocks(shown, narrow.matches)); };
  narrow.addEventListener('change', redraw);

  const load = async (message) => {
    try {
      const data = await get('projects/' + encodeURIComponent(name));
      if (stopped) return;
      const notice = message ? h('p', { class: 'notice', tabindex: '-1', text: message }) : null;
      shown = data;
      versions = h('div', { class: 'versions' });
      replace(body, notice, ...render(data, { reload: load }), versions);
      redraw();
      ctx.announce(message || `${data.name}: ${count(data.files)} files in ${count(data.versions.length)} versions`);
      // After an admin action the panel was redrawn under the focus: put it on the outcome instead.
      if (notice) notice.focus();
    } catch (e) {
      if (stopped) return;
      const text = e.status === 404 ? `The mirror has no files of “${name}” yet.` : 'Could not load the project: ' + e.message;
      replace(body, h('p', { class: e.status === 404 ? 'notice' : 'error', role: 'alert', text }),
        h('p', {}, 'Its index page, fetched on demand: ', h('a', { href: mirrorUrl('simple/' + encodeURIComponent(name) + '/'), text: 'simple/' + name + '/' })));
    }
  };
  load();
  return () => {
    stopped = true;
    narrow.removeEventListener('change', redraw);
  };
}

// PEP 792 statuses as a badge; 'active' (or none) needs no mention.
const STATUS = {
  quarantined: ['Quarantined upstream: no files are offered or served', 'bad'],
  archived: ['Archived upstream: no new releases expected', 'warn'],
  deprecated: ['Deprecated upstream', 'warn'],
};

function standing(d) {
  const parts = [];
  if (d.owner) parts.push(h('span', {}, 'Owned by upstream ', h('strong', { text: d.owner }), '; no other upstream supplies it.'));
  const s = d.status && d.status !== 'active' ? (STATUS[d.status] || [`Status upstream: ${d.status}`, 'muted']) : null;
  if (s) parts.push(' ', h('span', { class: 'badge badge-' + s[1], text: s[0] }));
  return parts.length ? h('p', { class: 'standing' }, ...parts) : null;
}

function render(d, actions) {
  const out = [
    h('p', { class: 'lead' },
      `${count(d.cachedFiles)} of ${count(d.files)} file${d.files === 1 ? '' : 's'} cached, ${bytes(d.bytes)}.`),
    standing(d),
    h('ul', { class: 'links' },
      h('li', {}, h('a', { href: mirrorUrl(d.simplePath), text: 'Mirror’s index page' }),
        h('span', { class: 'muted small' }, ' ', d.simplePath)),
      d.upstreams.map((u) => h('li', {},
        h('a', { href: u.pageUrl, rel: 'noreferrer noopener', text: `Upstream page (${u.id})` }),
        h('span', { class: 'muted small' }, ' ', u.pageUrl)))),
  ];
  if (d.admin) out.push(adminPanel(d, actions));
  return out;
}

function versionBlocks(d, narrow) {
  if (d.versions.length === 0) return [h('p', { class: 'muted', text: 'No distribution files listed.' })];
  return d.versions.map((v) => versionSection(d.name, v, narrow));
}

function versionSection(project, v, narrow) {
  const id = 'v-' + v.version.replace(/[^A-Za-z0-9_-]/g, '_');
  const heading = h('h2', { id }, h('span', { class: 'muted', text: 'Version ' }), v.version,
    h('span', { class: 'muted small' }, ` · ${count(v.files.length)} file${v.files.length === 1 ? '' : 's'}`));
  if (narrow) {
    return h('section', { class: 'version', 'aria-labelledby': id }, heading,
      h('ul', { class: 'file-cards' }, v.files.map(fileCard)));
  }
  const rows = v.files.map((f) => h('tr', { 'data-filename': f.filename },
    h('th', { scope: 'row', class: 'filename' }, h('a', { href: mirrorUrl(f.path), text: f.filename })),
    h('td', {}, status(f)),
    h('td', { class: 'num', text: bytes(f.size) }),
    h('td', {}, date(f.uploadTime)),
    h('td', {}, time(f.lastAccess)),
    h('td', { class: 'num', text: count(f.hits) }),
    h('td', {}, f.sha256
      ? h('div', { class: 'hash-box' }, h('code', { class: 'hash', text: f.sha256 }), copyButton(f.sha256, 'SHA-256 of ' + f.filename))
      : h('span', { class: 'muted', text: 'not listed' }))));
  return h('section', { class: 'version', 'aria-labelledby': id }, heading,
    scrollTable('Files of version ' + v.version, h('table', { class: 'files' },
      h('caption', { class: 'visually-hidden', text: `Files of ${project} ${v.version}` }),
      // Fixed column widths line the tables of all versions up with each other.
      h('colgroup', {}, ['file', 'status', 'size', 'uploaded', 'access', 'hits', 'hash'].map((c) => h('col', { class: 'col-' + c }))),
      h('thead', {}, h('tr', {}, ['File', 'Status', 'Size', 'Uploaded', 'Last access', 'Hits', 'SHA-256'].map((t, i) =>
        h('th', { scope: 'col', class: i === 2 || i === 5 ? 'num' : null, text: t })))),
      h('tbody', {}, rows))));
}

function fileCard(f) {
  return h('li', { class: 'file-card', 'data-filename': f.filename },
    h('h3', { class: 'filename' }, h('a', { href: mirrorUrl(f.path), text: f.filename })),
    status(f),
    h('dl', { class: 'facts' },
      h('div', {}, h('dt', { text: 'Size' }), h('dd', { text: bytes(f.size) })),
      h('div', {}, h('dt', { text: 'Uploaded' }), h('dd', {}, date(f.uploadTime))),
      h('div', {}, h('dt', { text: 'Last access' }), h('dd', {}, time(f.lastAccess))),
      h('div', {}, h('dt', { text: 'Hits' }), h('dd', { text: count(f.hits) })),
      h('div', { class: 'fact-wide' }, h('dt', { text: 'SHA-256' }), h('dd', {}, f.sha256
        ? h('div', { class: 'hash-box' }, h('code', { class: 'hash', text: f.sha256 }), copyButton(f.sha256, 'SHA-256 of ' + f.filename))
        : h('span', { class: 'muted', text: 'not listed' })))));
}

function status(f) {
  const badges = [f.cached
    ? h('span', { class: 'badge badge-ok', text: 'Cached' })
    : h('span', { class: 'badge badge-muted', text: 'Not cached' })];
  if (f.yanked) badges.push(h('span', { class: 'badge badge-warn', text: f.yankedReason ? 'Yanked: ' + f.yankedReason : 'Yanked' }));
  if (f.requiresPython) badges.push(h('span', { class: 'badge badge-info', text: 'Python ' + f.requiresPython }));
  return h('span', { class: 'badges' }, badges);
}

function adminPanel(d, actions) {
  const section = h('section', { class: 'admin', 'aria-labelledby': 'admin-h' }, h('h2', { id: 'admin-h', text: 'Admin' }));
  const result = h('p', { class: 'admin-result', role: 'status' });
  const fill = () => {
    replace(section, h('h2', { id: 'admin-h', text: 'Admin' }));
    if (!adminToken()) {
      const input = h('input', { type: 'password', id: 'admin-token', autocomplete: 'off', required: true,
        'aria-describedby': 'admin-token-hint' });
      section.append(h('form', { class: 'toolbar toolbar-end', on: { submit: (e) => {
        e.preventDefault();
        setAdminToken(input.value.trim());
        fill();
        section.querySelector('button')?.focus();
      } } },
      h('div', { class: 'field' }, h('label', { for: 'admin-token', text: 'Admin token' }), input),
      h('button', { type: 'submit', text: 'Unlock' })),
      h('p', { id: 'admin-token-hint', class: 'muted small', text: 'Refresh and remove need the admin token. It is kept in this tab only (sessionStorage).' }));
      return;
    }
    const run = async (button, what, call) => {
      button.disabled = true;
      replace(result, what + '…');
      try {
        const r = await call();
        await actions.reload(describe(r));
      } catch (e) {
        if (e.status === 401) setAdminToken(null);
        replace(result, h('span', { class: 'error-text', text: `${what} failed: ${e.message}` }));
        button.disabled = false;
        if (e.status === 401) fill();
      }
    };
    const refresh = h('button', { type: 'button', text: 'Refresh index page' });
    refresh.addEventListener('click', () => run(refresh, 'Refreshing', () => adminPost('projects/' + encodeURIComponent(d.name) + '/refresh')));
    const remove = h('button', { type: 'button', class: 'danger', text: 'Remove cached files' });
    remove.addEventListener('click', () => {
      if (!window.confirm(`Remove all cached files of ${d.name}? They are fetched again when someone asks for them.`)) return;
      run(remove, 'Removing', () => adminDelete('projects/' + encodeURIComponent(d.name) + '/files'));
    });
    const lock = h('button', { type: 'button', class: 'secondary', text: 'Forget token',
      on: { click: () => { setAdminToken(null); fill(); section.querySelector('input')?.focus(); } } });
    section.append(h('div', { class: 'toolbar' }, refresh, remove, lock), result);
  };
  fill();
  return section;
}

function describe(r) {
  const plural = (n, word) => `${count(n)} ${word}${n === 1 ? '' : 's'}`;
  if ('bytesFreed' in r) {
    const kept = r.inUse > 0 ? ` ${plural(r.inUse, 'file')} in use right now kept.` : '';
    return `Removed ${plural(r.files, 'cached file')} of ${r.name}; ${bytes(r.bytesFreed)} freed.${kept}`;
  }
  return `Index page of ${r.name} refreshed (${r.status === 'REVALIDATED' ? 'unchanged upstream' : 'fetched anew'}).`;
}
