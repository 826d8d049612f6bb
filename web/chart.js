// Requests and cache hits over the last 24 hours as an inline SVG, drawn at the container's real width so labels
// keep their size on a phone. No chart library: two paths, a few grid lines and labels.

import { s, h, count } from './dom.js';

const HEIGHT = 220;
const PAD = { top: 12, right: 12, bottom: 28, left: 44 };

/**
 * Draws history ({start, bucketMinutes, requests[], hits[]}) into container and redraws it when the container
 * changes width. Returns a function that stops watching.
 */
export function drawHistory(container, history) {
  let lastWidth = 0;
  const render = () => {
    const width = Math.max(280, Math.floor(container.clientWidth));
    if (width === lastWidth) return;
    lastWidth = width;
    container.replaceChildren(chart(width, history), legend());
  };
  render();
  if (typeof ResizeObserver === 'undefined') return () => {};
  const observer = new ResizeObserver(render);
  observer.observe(container);
  return () => observer.disconnect();
}

function chart(width, history) {
  const { requests, hits, start, bucketMinutes } = history;
  const n = requests.length;
  const bucketMs = bucketMinutes * 60000;
  const max = niceMax(Math.max(1, ...requests));
  const plotW = width - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const x = (i) => PAD.left + (n <= 1 ? 0 : (i / (n - 1)) * plotW);
  const y = (v) => PAD.top + plotH - (v / max) * plotH;

  const totalRequests = requests.reduce((a, b) => a + b, 0);
  const totalHits = hits.reduce((a, b) => a + b, 0);
  let peak = 0;
  requests.forEach((v, i) => { if (v > requests[peak]) peak = i; });
  const peakText = totalRequests === 0 ? 'No requests yet.'
    : `Busiest ${bucketMinutes} minutes: ${count(requests[peak])} requests at ${clock(start + peak * bucketMs)}.`;

  const svg = s('svg', {
    class: 'chart', width, height: HEIGHT, viewBox: `0 0 ${width} ${HEIGHT}`, role: 'img',
    'aria-labelledby': 'chart-title chart-desc',
  },
  s('title', { id: 'chart-title', text: 'Requests and cache hits, last 24 hours' }),
  s('desc', { id: 'chart-desc',
    text: `Per ${bucketMinutes} minutes. In total ${count(totalRequests)} requests and ${count(totalHits)} hits. ${peakText}` }));

  // Horizontal grid lines with their values.
  for (let k = 0; k <= 4; k++) {
    const v = (max * k) / 4;
    svg.append(
      s('line', { class: 'grid', x1: PAD.left, x2: width - PAD.right, y1: y(v), y2: y(v) }),
      s('text', { class: 'axis', x: PAD.left - 6, y: y(v) + 4, 'text-anchor': 'end', text: compact(v) }));
  }
  // Time labels on whole hours, as many as fit.
  const hoursPerLabel = plotW < 420 ? 6 : plotW < 720 ? 4 : 2;
  const firstHour = Math.ceil(start / 3600000) * 3600000;
  for (let t = firstHour; t < start + n * bucketMs; t += 3600000) {
    const d = new Date(t);
    if (d.getHours() % hoursPerLabel !== 0) continue;
    const xi = x((t - start) / bucketMs);
    svg.append(
      s('line', { class: 'tick', x1: xi, x2: xi, y1: PAD.top + plotH, y2: PAD.top + plotH + 4 }),
      s('text', { class: 'axis', x: xi, y: HEIGHT - 8, 'text-anchor': 'middle', text: clock(t) }));
  }
  svg.append(
    s('path', { class: 'area-requests', d: area(requests, x, y, PAD.top + plotH) }),
    s('path', { class: 'line-requests', d: line(requests, x, y) }),
    s('path', { class: 'line-hits', d: line(hits, x, y) }),
    s('line', { class: 'baseline', x1: PAD.left, x2: width - PAD.right, y1: PAD.top + plotH, y2: PAD.top + plotH }));
  return svg;
}

function legend() {
  return h('ul', { class: 'legend', 'aria-hidden': 'true' },
    h('li', {}, h('span', { class: 'swatch swatch-requests' }), 'Requests'),
    h('li', {}, h('span', { class: 'swatch swatch-hits' }), 'Cache hits'));
}

function line(values, x, y) {
  return values.map((v, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join('');
}

function area(values, x, y, base) {
  if (values.length === 0) return '';
  return `M${x(0).toFixed(1)},${base}` + values.map((v, i) => `L${x(i).toFixed(1)},${y(v).toFixed(1)}`).join('')
    + `L${x(values.length - 1).toFixed(1)},${base}Z`;
}

/** An axis maximum of four round steps (1, 2, 2.5 or 5 times a power of ten; whole numbers) that covers v. */
function niceMax(v) {
  const raw = Math.max(1, v / 4);
  const p = Math.pow(10, Math.floor(Math.log10(raw)));
  for (const m of p >= 10 ? [1, 2, 2.5, 5, 10] : [1, 2, 5, 10]) {
    if (m * p >= raw) return 4 * m * p;
  }
  return 40 * p;
}

function compact(v) {
  return v >= 10000 ? Math.round(v / 1000) + 'k' : String(Math.round(v * 10) / 10);
}

function clock(ms) {
  return new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}
