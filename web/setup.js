// Setup: copy-paste configuration for pip, uv, poetry and CI, pointing at this mirror as the browser reaches it
// (so it is right behind a reverse proxy too).

import { get, mirrorUrl } from './api.js';
import { h, replace, copyButton } from './dom.js';

export function setup(main, ctx) {
  const body = h('div', { class: 'stack' }, h('p', { class: 'loading', text: 'Loading…' }));
  replace(main, h('h1', { tabindex: '-1', text: 'Setup' }), body);
  let stopped = false;
  (async () => {
    try {
      const data = await get('setup', { index: mirrorUrl('simple/') });
      if (stopped) return;
      replace(body, ...render(data));
      ctx.announce('Setup loaded');
    } catch (e) {
      if (!stopped) replace(body, h('p', { class: 'error', role: 'alert', text: 'Could not load the setup: ' + e.message }));
    }
  })();
  return () => { stopped = true; };
}

function render(d) {
  const out = [
    h('p', { class: 'lead' }, 'Point your tools at this index URL. Pantry fetches from its upstreams and keeps what you download.'),
    h('div', { class: 'index-url' },
      h('code', { id: 'index-url', text: d.indexUrl }),
      copyButton(d.indexUrl, 'index URL')),
  ];
  if (d.trustedHost) {
    out.push(h('p', { class: 'notice' },
      'This mirror is reached over plain HTTP, so pip must be told to trust ', h('code', { text: d.trustedHost }),
      '; the snippets below do that. Put the mirror behind HTTPS to drop it.'));
  }
  for (const snip of d.snippets) {
    const id = 'snippet-' + snip.id;
    out.push(h('section', { class: 'snippet', 'aria-labelledby': id + '-h' },
      h('div', { class: 'snippet-head' },
        h('h2', { id: id + '-h', text: snip.title }),
        copyButton(snip.text, snip.title)),
      h('pre', { tabindex: '0', 'aria-labelledby': id + '-h' }, h('code', { id, class: 'lang-' + snip.language, text: snip.text }))));
  }
  return out;
}
