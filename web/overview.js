// Overview: how full the cache is, how well it works, how the upstreams are, and the last 24 hours.

import { get } from './api.js';
import { h, replace, bytes, count, percent, time, scrollTable } from './dom.js';
import { drawHistory } from './chart.js';

const REFRESH_MS = 30000;

export function overview(main, ctx) {
  const body = h('div', { class: 'stack' }, h('p', { class: 'loading', text: 'Loading…' }));
  const updated = h('p', { class: 'muted small' });
  replace(main, h('h1', { tabindex: '-1', text: 'Overview' }), updated, body);
  let stopChart = () => {};
  let timer = 0;
  let stopped = false;

  const load = async (announceIt) => {
    // Redrawing under a keyboard user's focus would throw them back to the top: wait for the next round.
    if (!announceIt && body.contains(document.activeElement)) {
      timer = window.setTimeout(() => load(false), REFRESH_MS);
      return;
    }
    try {
      const [data, routing] = await Promise.all([get('overview'), get('routing')]);
      if (stopped) return;
      stopChart();
      replace(body, ...sections(data), ...routingSections(routing));
      stopChart = drawHistory(body.querySelector('#history-chart'), data.history);
      replace(updated, 'Updated ', time(data.generatedAt), ' · refreshes every 30 seconds');
      if (announceIt) ctx.announce('Overview loaded');
    } catch (e) {
      if (stopped) return;
      replace(body, h('p', { class: 'error', role: 'alert', text: 'Could not load the overview: ' + e.message }));
    }
    if (!stopped) timer = window.setTimeout(() => load(false), REFRESH_MS);
  };
  load(true);
  return () => {
    stopped = true;
    window.clearTimeout(timer);
    stopChart();
  };
}

function sections(d) {
  return [
    h('section', { 'aria-labelledby': 'cache-h', class: 'cards-section' },
      h('h2', { id: 'cache-h', text: 'Cache' }),
      h('dl', { class: 'cards' },
        card('Size', cacheSize(d.cache), cacheMeter(d.cache)),
        card('Files', count(d.cache.files)),
        card('Projects', count(d.cache.projects)),
        card('Hit ratio', percent(d.traffic.hitRatio),
          h('span', { class: 'muted small' }, `${count(d.traffic.served - d.traffic.fetched)} of ${count(d.traffic.served)} downloads from the cache`)),
        card('Traffic saved', bytes(d.traffic.bytesSaved),
          h('span', { class: 'muted small' }, `${bytes(d.traffic.bytesServed)} served, ${bytes(d.traffic.bytesFetched)} fetched upstream`)))),
    h('section', { 'aria-labelledby': 'history-h' },
      h('h2', { id: 'history-h', text: 'Last 24 hours' }),
      h('p', { class: 'muted small', text: 'Requests to the index and files, and how many the cache answered alone. Kept in memory: a restart starts a new day.' }),
      h('div', { id: 'history-chart', class: 'chart-box' })),
    h('section', { 'aria-labelledby': 'upstreams-h' },
      h('h2', { id: 'upstreams-h', text: 'Upstreams' }),
      upstreams(d.upstreams)),
    h('section', { 'aria-labelledby': 'top-h' },
      h('h2', { id: 'top-h', text: 'Most used projects' }),
      topProjects(d.topProjects)),
  ];
}

function routingSections(r) {
  if (r.upstreams.length < 2 && r.upstreams.every((u) => !u.minAge)) return [];
  const rules = r.upstreams.map((u) => h('tr', {},
    h('th', { scope: 'row' }, u.id),
    h('td', {}, globs(u.pins, 'none')),
    h('td', {}, globs(u.blocks, 'none')),
    h('td', {}, u.minAge ? h('span', {}, u.minAge, u.minAgeExempt.length ? h('span', { class: 'muted small' }, ' except ', u.minAgeExempt.join(', ')) : null,
      u.hideUndated ? h('span', { class: 'muted small', text: ' · undated files hidden' }) : null) : h('span', { class: 'muted', text: 'none' }))));
  const shadows = r.shadows.length === 0
    ? h('p', { class: 'muted', text: 'No shadowed names: no name a higher upstream owns is offered by a lower one.' })
    : scrollTable('Shadowed names', h('table', {},
      h('caption', { class: 'visually-hidden', text: 'Names owned by one upstream and also offered by a lower one' }),
      h('thead', {}, h('tr', {}, ['Project', 'Owned by', 'Also offered by (never used)'].map((t) => h('th', { scope: 'col', text: t })))),
      h('tbody', {}, r.shadows.map((s) => h('tr', {},
        h('th', { scope: 'row' }, h('a', { href: '#/projects/' + encodeURIComponent(s.project), text: s.project })),
        h('td', { text: s.owner }), h('td', { text: s.shadowedBy }))))));
  return [
    h('section', { 'aria-labelledby': 'routing-h' },
      h('h2', { id: 'routing-h', text: 'Routing' }),
      h('p', { class: 'muted small', text: 'Upstreams in priority order. A project belongs to the first that offers it, unless a rule pins it elsewhere.' }),
      scrollTable('Routing rules', h('table', {},
        h('caption', { class: 'visually-hidden', text: 'Routing rules and minimum age per upstream' }),
        h('thead', {}, h('tr', {}, ['Upstream', 'Pinned here', 'Blocked here', 'Minimum age'].map((t) => h('th', { scope: 'col', text: t })))),
        h('tbody', {}, rules)))),
    h('section', { 'aria-labelledby': 'shadows-h' },
      h('h2', { id: 'shadows-h', text: `Shadowed names (${count(r.shadows.length)})` }),
      shadows),
  ];
}

function globs(list, none) {
  return list.length ? h('code', { text: list.join(', ') }) : h('span', { class: 'muted', text: none });
}

function card(label, value, extra) {
  return h('div', { class: 'card' }, h('dt', { text: label }), h('dd', {}, h('span', { class: 'big', text: value }), extra));
}

function cacheSize(c) {
  return c.maxBytes > 0 ? `${bytes(c.bytes)} of ${bytes(c.maxBytes)}` : bytes(c.bytes);
}

function cacheMeter(c) {
  if (!(c.maxBytes > 0)) return h('span', { class: 'muted small', text: 'No size cap' });
  const used = Math.min(1, c.bytes / c.maxBytes);
  return h('span', { class: 'meter-wrap' },
    h('meter', { min: '0', max: String(c.maxBytes), value: String(Math.min(c.bytes, c.maxBytes)), 'aria-label': 'Cache use' }),
    h('span', { class: 'muted small', text: percent(used) + ' of the cap' }));
}

function upstreams(list) {
  const rows = list.map((u) => h('tr', {},
    h('th', { scope: 'row' }, u.id),
    h('td', {}, h('code', { class: 'url', text: u.url })),
    h('td', {}, stateBadge(u)),
    h('td', {}, time(u.lastSuccess)),
    h('td', {}, u.lastError
      ? h('span', {}, h('span', { class: 'error-text', text: u.lastError }), ' ', h('span', { class: 'muted small' }, '(', time(u.lastFailure), ')'))
      : h('span', { class: 'muted', text: 'none' }))));
  return scrollTable('Upstreams', h('table', {},
    h('caption', { class: 'visually-hidden', text: 'Upstream indexes and their health' }),
    h('thead', {}, h('tr', {},
      ['Upstream', 'Index URL', 'Circuit', 'Last success', 'Last error'].map((t) => h('th', { scope: 'col', text: t })))),
    h('tbody', {}, rows)));
}

function stateBadge(u) {
  let label;
  let kind;
  if (u.state === 'OPEN') {
    [label, kind] = ['Failing (circuit open)', 'bad'];
  } else if (u.state === 'HALF_OPEN') {
    [label, kind] = ['Probing (half-open)', 'warn'];
  } else if (u.consecutiveFailures > 0) {
    [label, kind] = [`${u.consecutiveFailures} failure${u.consecutiveFailures === 1 ? '' : 's'} in a row (closed)`, 'warn'];
  } else if (!u.lastSuccess) {
    [label, kind] = ['Not asked yet', 'muted'];
  } else {
    [label, kind] = ['Healthy (closed)', 'ok'];
  }
  return h('span', { class: 'badge badge-' + kind, text: label });
}

function topProjects(list) {
  if (list.length === 0) return h('p', { class: 'muted', text: 'Nothing downloaded through the mirror yet.' });
  return scrollTable('Most used projects', h('table', {},
    h('caption', { class: 'visually-hidden', text: 'Projects with the most downloads' }),
    h('thead', {}, h('tr', {}, ['Project', 'Hits', 'Cached files', 'Size'].map((t, i) =>
      h('th', { scope: 'col', class: i > 0 ? 'num' : null, text: t })))),
    h('tbody', {}, list.map((p) => h('tr', {},
      h('th', { scope: 'row' }, h('a', { href: '#/project/' + encodeURIComponent(p.name), text: p.name })),
      h('td', { class: 'num', text: count(p.hits) }),
      h('td', { class: 'num', text: `${count(p.cachedFiles)} of ${count(p.files)}` }),
      h('td', { class: 'num', text: bytes(p.bytes) }))))));
}
