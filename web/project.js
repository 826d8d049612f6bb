// One project: its files grouped by version, newest first, with what the cache holds of each, links to the
// upstream's page and the mirror's own, and (with an admin token) refresh and remove.

import { get, adminPost, adminDelete, adminToken, setAdminToken, mirrorUrl } from './api.js';
import { h, replace, bytes, count, time, date, copyButton, scrollTable } from './dom.js';

export function project(main, ctx, params, name) {
  const title = h('h1', { tabindex: '-1' }, h('span', { class: 'muted', text: 'Project ' }), name);
  const body = h('div', { class: 'stack' }, h('p', { class: 'loading', text: 'Loading…' }));
  replace(main, h('p', { class: 'crumbs' }, h('a', { href: '#/projects', text: '← All projects' })), title, body);
  let stopped = false;

  const load = async (message) => {
    try {
      const data = await get('projects/' + encodeURIComponent(name));
      if (stopped) return;
      const notice = message ? h('p', { class: 'notice', tabindex: '-1', text: message }) : null;
      replace(body, notice, ...render(data, { reload: load }));
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
  return () => { stopped = true; };
}

function render(d, actions) {
  const out = [
    h('p', { class: 'lead' },
      `${count(d.cachedFiles)} of ${count(d.files)} files cached, ${bytes(d.bytes)}.`),
    h('ul', { class: 'links' },
      h('li', {}, h('a', { href: mirrorUrl(d.simplePath), text: 'Mirror’s index page' }),
        h('span', { class: 'muted small' }, ' ', d.simplePath)),
      d.upstreams.map((u) => h('li', {},
        h('a', { href: u.pageUrl, rel: 'noreferrer noopener', text: `Upstream page (${u.id})` }),
        h('span', { class: 'muted small' }, ' ', u.pageUrl)))),
  ];
  if (d.admin) out.push(adminPanel(d, actions));
  if (d.versions.length === 0) out.push(h('p', { class: 'muted', text: 'No distribution files listed.' }));
  for (const v of d.versions) out.push(versionSection(d.name, v));
  return out;
}

function versionSection(project, v) {
  const id = 'v-' + v.version.replace(/[^A-Za-z0-9_-]/g, '_');
  const rows = v.files.map((f) => h('tr', { 'data-filename': f.filename },
    h('th', { scope: 'row', class: 'filename' }, h('a', { href: mirrorUrl(f.path), text: f.filename })),
    h('td', {}, status(f)),
    h('td', { class: 'num', text: bytes(f.size) }),
    h('td', {}, date(f.uploadTime)),
    h('td', {}, time(f.lastAccess)),
    h('td', { class: 'num', text: count(f.hits) }),
    h('td', { class: 'hash-cell' }, f.sha256
      ? [h('code', { class: 'hash', text: f.sha256 }), copyButton(f.sha256, 'SHA-256 of ' + f.filename)]
      : h('span', { class: 'muted', text: 'not listed' }))));
  return h('section', { class: 'version', 'aria-labelledby': id },
    h('h2', { id }, h('span', { class: 'muted', text: 'Version ' }), v.version,
      h('span', { class: 'muted small' }, ` · ${count(v.files.length)} file${v.files.length === 1 ? '' : 's'}`)),
    scrollTable('Files of version ' + v.version, h('table', { class: 'files' },
      h('caption', { class: 'visually-hidden', text: `Files of ${project} ${v.version}` }),
      h('thead', {}, h('tr', {}, ['File', 'Status', 'Size', 'Uploaded', 'Last access', 'Hits', 'SHA-256'].map((t, i) =>
        h('th', { scope: 'col', class: i === 2 || i === 5 ? 'num' : null, text: t })))),
      h('tbody', {}, rows))));
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
      const input = h('input', { type: 'password', id: 'admin-token', autocomplete: 'off', required: true });
      section.append(h('form', { class: 'toolbar', on: { submit: (e) => {
        e.preventDefault();
        setAdminToken(input.value.trim());
        fill();
        section.querySelector('button')?.focus();
      } } },
      h('div', { class: 'field' },
        h('label', { for: 'admin-token', text: 'Admin token' }), input,
        h('span', { class: 'muted small', text: 'Kept in this tab only (sessionStorage).' })),
      h('button', { type: 'submit', text: 'Unlock' })));
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
  if ('blobsDeleted' in r) return `Removed ${r.files} cached files of ${r.name}; ${r.blobsDeleted} blobs deleted, ${bytes(r.bytesFreed)} freed.`;
  return `Index page of ${r.name} refreshed (${r.status.toLowerCase()}).`;
}
