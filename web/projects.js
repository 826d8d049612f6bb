// Projects: a searchable, sortable, paged list. Search, sort and paging happen on the server, so thousands of
// projects cost one small query per view. The state lives in the URL (#/projects?q=&sort=&order=&page=&size=).

import { get } from './api.js';
import { h, replace, bytes, count, time, scrollTable } from './dom.js';

const COLUMNS = [
  { key: 'name', label: 'Project', firstOrder: 'asc' },
  { key: 'files', label: 'Files', firstOrder: 'desc', num: true },
  { key: 'size', label: 'Size', firstOrder: 'desc', num: true },
  { key: 'last-access', label: 'Last access', firstOrder: 'desc' },
  { key: 'hits', label: 'Hits', firstOrder: 'desc', num: true },
];
const SIZES = [25, 50, 100, 200];

export function projects(main, ctx, params) {
  const state = {
    q: params.get('q') || '',
    sort: COLUMNS.some((c) => c.key === params.get('sort')) ? params.get('sort') : 'name',
    order: params.get('order') === 'desc' || params.get('order') === 'asc' ? params.get('order') : null,
    page: Math.max(1, parseInt(params.get('page') || '1', 10) || 1),
    size: SIZES.includes(parseInt(params.get('size'), 10)) ? parseInt(params.get('size'), 10) : 50,
  };
  if (!state.order) state.order = COLUMNS.find((c) => c.key === state.sort).firstOrder;

  const search = h('input', { type: 'search', id: 'project-search', name: 'q', autocomplete: 'off', spellcheck: 'false',
    value: state.q, placeholder: 'e.g. requests', 'aria-describedby': 'search-hint' });
  const sizeSelect = h('select', { id: 'page-size' }, SIZES.map((n) => h('option', { value: String(n), selected: n === state.size }, String(n))));
  const summary = h('p', { class: 'summary', id: 'projects-summary' });
  const tableSlot = h('div', {}, h('p', { class: 'loading', text: 'Loading…' }));
  const pager = h('nav', { class: 'pager', 'aria-label': 'Pages of projects' });

  replace(main,
    h('h1', { tabindex: '-1', text: 'Projects' }),
    h('form', { class: 'toolbar', role: 'search', on: { submit: (e) => { e.preventDefault(); state.page = 1; load(true); } } },
      h('div', { class: 'field' },
        h('label', { for: 'project-search', text: 'Search projects' }),
        search,
        h('span', { id: 'search-hint', class: 'muted small', text: 'Part of a name; results update as you type.' })),
      h('div', { class: 'field field-narrow' },
        h('label', { for: 'page-size', text: 'Per page' }),
        sizeSelect)),
    summary, tableSlot, pager);

  let debounce = 0;
  let generation = 0;
  search.addEventListener('input', () => {
    window.clearTimeout(debounce);
    debounce = window.setTimeout(() => { state.page = 1; load(true); }, 250);
  });
  sizeSelect.addEventListener('change', () => {
    state.size = parseInt(sizeSelect.value, 10);
    state.page = 1;
    load(true);
  });

  const load = async (announceIt) => {
    state.q = search.value.trim();
    const mine = ++generation;
    writeUrl(state);
    try {
      const data = await get('projects', {
        q: state.q, sort: state.sort, order: state.order, limit: state.size, offset: (state.page - 1) * state.size,
      });
      if (mine !== generation) return;
      const pages = Math.max(1, Math.ceil(data.total / state.size));
      if (state.page > pages && data.total > 0) {
        state.page = pages;
        load(announceIt);
        return;
      }
      renderTable(tableSlot, data, state, (key) => {
        if (state.sort === key) state.order = state.order === 'asc' ? 'desc' : 'asc';
        else {
          state.sort = key;
          state.order = COLUMNS.find((c) => c.key === key).firstOrder;
        }
        state.page = 1;
        load(true).then(() => tableSlot.querySelector(`th[data-key="${key}"] button`)?.focus());
      });
      const text = summaryText(data, state);
      replace(summary, text);
      renderPager(pager, state, pages, (page) => {
        state.page = page;
        load(true).then(() => {
          // A button that just became disabled (the last page) drops the focus: hand it to the other one.
          if (document.activeElement === document.body || document.activeElement?.disabled) {
            pager.querySelector('button:not([disabled])')?.focus();
          }
        });
      });
      if (announceIt) ctx.announce(text);
    } catch (e) {
      if (mine !== generation) return;
      replace(summary);
      replace(tableSlot, h('p', { class: 'error', role: 'alert', text: 'Could not load projects: ' + e.message }));
      pager.hidden = true;
    }
  };
  load(false);
  return () => { generation++; window.clearTimeout(debounce); };
}

function summaryText(data, state) {
  const what = state.q ? ` matching “${state.q}”` : '';
  if (data.total === 0) return state.q ? `No projects match “${state.q}”.` : 'No projects yet: install something through the mirror.';
  const first = data.offset + 1;
  const last = data.offset + data.items.length;
  return `${count(first)}–${count(last)} of ${count(data.total)} projects${what}`;
}

function renderTable(slot, data, state, onSort) {
  if (data.items.length === 0) {
    replace(slot);
    return;
  }
  const head = h('tr', {}, COLUMNS.map((c) => {
    const active = state.sort === c.key;
    const dir = active ? (state.order === 'asc' ? 'ascending' : 'descending') : null;
    return h('th', { scope: 'col', 'aria-sort': dir, 'data-key': c.key, class: c.num ? 'num' : null },
      h('button', { type: 'button', class: 'sort', on: { click: () => onSort(c.key) } },
        c.label,
        h('span', { class: 'sort-icon', 'aria-hidden': 'true', text: active ? (state.order === 'asc' ? '▲' : '▼') : '↕' }),
        active ? null : h('span', { class: 'visually-hidden', text: ', sortable' })));
  }));
  const rows = data.items.map((p) => h('tr', {},
    h('th', { scope: 'row' }, h('a', { href: '#/project/' + encodeURIComponent(p.name), text: p.name })),
    h('td', { class: 'num' }, `${count(p.cachedFiles)} of ${count(p.files)} cached`),
    h('td', { class: 'num', text: bytes(p.bytes) }),
    h('td', {}, time(p.lastAccess)),
    h('td', { class: 'num', text: count(p.hits) })));
  replace(slot, scrollTable('Projects table', h('table', { class: 'projects' },
    h('caption', { class: 'visually-hidden', text: 'Projects, sorted by ' + COLUMNS.find((c) => c.key === state.sort).label + ' ' + (state.order === 'asc' ? 'ascending' : 'descending') }),
    h('thead', {}, head),
    h('tbody', {}, rows))));
}

function renderPager(pager, state, pages, go) {
  // Built once and updated, so the button a keyboard user pressed keeps the focus.
  if (!pager.firstChild) {
    pager.append(
      h('button', { type: 'button', class: 'prev', on: { click: () => go(pager.dataset.page - 1) } }, '← Previous'),
      h('span', { class: 'page-of' }),
      h('button', { type: 'button', class: 'next', on: { click: () => go(Number(pager.dataset.page) + 1) } }, 'Next →'));
  }
  pager.hidden = pages <= 1;
  pager.dataset.page = String(state.page);
  pager.querySelector('.prev').disabled = state.page <= 1;
  pager.querySelector('.next').disabled = state.page >= pages;
  pager.querySelector('.page-of').textContent = `Page ${count(state.page)} of ${count(pages)}`;
}

function writeUrl(state) {
  const p = new URLSearchParams();
  if (state.q) p.set('q', state.q);
  if (state.sort !== 'name') p.set('sort', state.sort);
  if (state.order !== COLUMNS.find((c) => c.key === state.sort).firstOrder) p.set('order', state.order);
  if (state.page > 1) p.set('page', String(state.page));
  if (state.size !== 50) p.set('size', String(state.size));
  const hash = '#/projects' + (p.toString() ? '?' + p.toString() : '');
  // replaceState fires no hashchange: the view updates itself, and Back leaves the list instead of each keystroke.
  if (window.location.hash !== hash) window.history.replaceState(null, '', hash);
}
