// The UI's shell: a hash router (#/, #/projects?…, #/project/<name>, #/setup) that renders one view at a time into
// <main>, keeps the navigation's aria-current right and moves the focus to the new heading.

import { announce, h, replace } from './dom.js';
import { overview } from './overview.js';
import { projects } from './projects.js';
import { project } from './project.js';
import { setup } from './setup.js';

const main = document.getElementById('main');
let cleanup = () => {};
let first = true;

function parse() {
  const raw = window.location.hash.replace(/^#/, '') || '/';
  const [path, query] = raw.split('?', 2);
  return { path, params: new URLSearchParams(query || '') };
}

function route() {
  const { path, params } = parse();
  cleanup();
  cleanup = () => {};
  const ctx = { announce };
  let section = null;
  let view;
  let title;
  const m = /^\/project\/([^/]+)$/.exec(path);
  if (path === '/' || path === '') {
    section = 'overview';
    title = 'Overview';
    view = () => overview(main, ctx);
  } else if (path === '/projects') {
    section = 'projects';
    title = 'Projects';
    view = () => projects(main, ctx, params);
  } else if (m) {
    const name = safeDecode(m[1]);
    section = 'projects';
    title = name;
    view = () => project(main, ctx, params, name);
  } else if (path === '/setup') {
    section = 'setup';
    title = 'Setup';
    view = () => setup(main, ctx);
  } else {
    title = 'Not found';
    view = () => {
      replace(main, h('h1', { tabindex: '-1', text: 'Not found' }),
        h('p', {}, 'There is no such page here. ', h('a', { href: '#/', text: 'Go to the overview' }), '.'));
      return () => {};
    };
  }
  document.title = title + ' · Pantry';
  for (const a of document.querySelectorAll('[data-nav]')) {
    if (a.dataset.nav === section) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  cleanup = view() || (() => {});
  // On a navigation (not the first load) the focus goes to the new page's heading, as a page load would do.
  if (!first) main.querySelector('h1')?.focus();
  first = false;
}

function safeDecode(s) {
  try {
    return decodeURIComponent(s);
  } catch (e) {
    return s;
  }
}

// The skip link would change the hash, which is the router's: move the focus by hand instead.
document.getElementById('skip-link').addEventListener('click', (e) => {
  e.preventDefault();
  main.focus();
});
window.addEventListener('hashchange', route);
route();
