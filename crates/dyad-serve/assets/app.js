// dyad's analyst page: a framework-free single-page app over the JSON API.
//
// Safety rule for this file: article text and every other value from the
// API is untrusted. The DOM is built with createElement + textContent (see
// h() and s()); HTML strings are never parsed. Links are only ever built as
// "#/..." routes with encodeURIComponent, or http(s) URLs checked by safeUrl().
'use strict';

(function () {
  const SVGNS = 'http://www.w3.org/2000/svg';
  const PAGE = 50;
  const MAX_MONTHS = 36;

  // PLOVER types from cooperation to conflict, with a colour ramp from
  // blue/green (cooperation) through amber to red (conflict).
  const TYPES = ['AGREE', 'CONSULT', 'SUPPORT', 'CONCEDE', 'COOPERATE', 'AID', 'RETREAT',
    'REQUEST', 'ACCUSE', 'REJECT', 'THREATEN', 'PROTEST', 'SANCTION', 'MOBILIZE', 'COERCE',
    'ASSAULT'];
  const TYPE_COLOURS = ['#1b6ca8', '#3a8fc7', '#5fb3d9', '#2a9d8f', '#3aa66a', '#7cbf4d',
    '#b5c93a', '#d9c03a', '#e8a13a', '#e58334', '#e0622f', '#c9542d', '#b83b5e', '#9b3a8c',
    '#a3262a', '#6b0f1a'];
  const STATUSES = ['asserted', 'reported', 'denied', 'planned', 'hypothetical'];
  const FILTER_KEYS = ['actor', 'dyad', 'type', 'status', 'since', 'until', 'doc', 'text'];

  function typeColour(t) {
    const i = TYPES.indexOf(t);
    return i >= 0 ? TYPE_COLOURS[i] : '#888';
  }

  // Tone colour: red for conflict (-10), grey at 0, green for cooperation (+10).
  function toneColour(v) {
    const x = Math.max(-1, Math.min(1, (Number(v) || 0) / 6));
    const grey = [150, 150, 150];
    const end = x < 0 ? [192, 40, 40] : [30, 140, 80];
    const a = Math.abs(x);
    const c = grey.map((g, i) => Math.round(g + (end[i] - g) * a));
    return 'rgb(' + c.join(',') + ')';
  }

  // ---- DOM helpers: text only, never HTML ---------------------------------

  function append(node, kids) {
    for (const k of kids) {
      if (k === null || k === undefined || k === false) continue;
      if (Array.isArray(k)) append(node, k);
      else if (k instanceof Node) node.appendChild(k);
      else node.appendChild(document.createTextNode(String(k)));
    }
    return node;
  }

  function setAttrs(node, attrs) {
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') node.setAttribute('class', v);
      else if (k === 'on') for (const [ev, fn] of Object.entries(v)) node.addEventListener(ev, fn);
      else if (k === 'text') node.textContent = String(v);
      else node.setAttribute(k, String(v));
    }
  }

  // An HTML element.
  function h(tag, attrs, ...kids) {
    const n = document.createElement(tag);
    setAttrs(n, attrs);
    return append(n, kids);
  }

  // An SVG element.
  function s(tag, attrs, ...kids) {
    const n = document.createElementNS(SVGNS, tag);
    setAttrs(n, attrs);
    return append(n, kids);
  }

  // Only plain web links become clickable; anything else (javascript:,
  // data:) is shown as text.
  function safeUrl(u) {
    return typeof u === 'string' && /^https?:\/\//i.test(u) ? u : null;
  }

  function route(path, params) {
    const segs = path.map(encodeURIComponent).join('/');
    const q = params ? new URLSearchParams(clean(params)).toString() : '';
    return '#/' + segs + (q ? '?' + q : '');
  }

  function clean(params) {
    const out = {};
    for (const [k, v] of Object.entries(params)) {
      if (v !== null && v !== undefined && String(v).trim() !== '') out[k] = String(v).trim();
    }
    return out;
  }

  function docLink(name, params, label) {
    return h('a', { href: route(['doc', name], params), class: 'doc-link' }, label || name);
  }

  // ---- API -----------------------------------------------------------------

  async function api(path, params) {
    const q = params ? new URLSearchParams(clean(params)).toString() : '';
    const resp = await fetch('/api/' + path + (q ? '?' + q : ''), { headers: { Accept: 'application/json' } });
    let body = null;
    try { body = await resp.json(); } catch (e) { body = null; }
    if (!resp.ok) throw new Error((body && body.error) || ('HTTP ' + resp.status));
    return body;
  }

  // ---- Router ----------------------------------------------------------------

  function parseHash() {
    const raw = location.hash.replace(/^#\/?/, '');
    const qi = raw.indexOf('?');
    const pathPart = qi >= 0 ? raw.slice(0, qi) : raw;
    const query = new URLSearchParams(qi >= 0 ? raw.slice(qi + 1) : '');
    const path = pathPart.split('/').filter(Boolean).map((p) => {
      try { return decodeURIComponent(p); } catch (e) { return p; }
    });
    return { path, query };
  }

  const main = document.getElementById('main');
  let renderSeq = 0;

  async function render() {
    const seq = ++renderSeq;
    const { path, query } = parseHash();
    const view = h('div', { class: 'view' });
    const page = path[0] || '';
    document.body.setAttribute('data-page', page || 'overview');
    document.body.removeAttribute('data-ready');
    const box = document.getElementById('search-box');
    if (box && page !== 'search') box.value = '';
    try {
      if (page === '') await overview(view);
      else if (page === 'events') await eventsPage(view, query);
      else if (page === 'clusters') await clustersPage(view, query);
      else if (page === 'dyad') await dyadPage(view, path[1], path[2]);
      else if (page === 'network') await networkPage(view, query);
      else if (page === 'docs') await docsPage(view, query);
      else if (page === 'doc') await docPage(view, path.slice(1).join('/'), query);
      else if (page === 'search') await searchPage(view, query);
      else view.appendChild(h('p', { class: 'error' }, 'No such page.'));
    } catch (err) {
      view.appendChild(h('p', { class: 'error', role: 'alert' }, String(err.message || err)));
    }
    if (seq !== renderSeq) return; // a newer navigation won
    main.replaceChildren(view);
    document.body.setAttribute('data-ready', '1');
    if (view.afterMount) view.afterMount();
  }

  window.addEventListener('hashchange', render);
  document.getElementById('search-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const q = document.getElementById('search-box').value.trim();
    if (q) location.hash = route(['search'], { q });
  });

  // ---- Shared pieces ----------------------------------------------------------

  function typeBadge(t) {
    const b = h('span', { class: 'type' }, t);
    b.style.background = typeColour(t);
    return b;
  }

  function actorLabel(code, sector) {
    if (!code) return h('span', { class: 'muted' }, '—');
    const a = h('a', { href: route(['events'], { actor: code }) }, code);
    return sector ? [a, h('span', { class: 'muted' }, ' ' + sector)] : a;
  }

  // The quote with its trigger words in bold (found by text; display only).
  function quoteWithTrigger(quote, trigger) {
    const i = trigger ? quote.indexOf(trigger) : -1;
    if (i < 0) return [quote];
    return [quote.slice(0, i), h('b', null, trigger), quote.slice(i + trigger.length)];
  }

  function eventTable(items) {
    const rows = items.map((e) => h('tr', { class: 'event-row', 'data-id': e.id },
      h('td', null, e.date || h('span', { class: 'muted' }, 'undated')),
      h('td', null, typeBadge(e.type)),
      h('td', null, actorLabel(e.source, e.source_sector), ' → ', actorLabel(e.target, e.target_sector),
        e.joint ? h('span', { class: 'muted', title: 'reciprocal' }, ' ⇄') : null),
      h('td', null, h('span', { class: 'status ' + e.status }, e.status),
        e.attributed_to ? h('div', { class: 'muted' }, 'per ' + e.attributed_to) : null),
      h('td', { class: 'quote' },
        h('a', { href: route(['doc', e.doc], { event: e.id }), class: 'quote-link' },
          quoteWithTrigger(e.quote, e.trigger))),
      h('td', null, docLink(e.doc))));
    return h('table', { class: 'events', 'data-testid': 'event-table' },
      h('thead', null, h('tr', null, ['Date', 'Type', 'Source → target', 'Status', 'Quote', 'Document']
        .map((c) => h('th', null, c)))),
      h('tbody', null, rows));
  }

  function pager(total, limit, offset, go, noun) {
    const from = total === 0 ? 0 : offset + 1;
    const to = Math.min(offset + limit, total);
    return h('div', { class: 'pager' },
      h('span', { class: 'count', 'data-total': total }, `${from}–${to} of ${total} ${noun || 'events'}`),
      offset > 0 ? h('button', { type: 'button', on: { click: () => go(Math.max(0, offset - limit)) } }, '← Previous') : null,
      to < total ? h('button', { type: 'button', on: { click: () => go(offset + limit) } }, 'Next →') : null);
  }

  function filterForm(values, onSubmit, hide, clearHref) {
    const field = (name, label, input) => (hide && hide.includes(name)) ? null : h('label', null, label, input);
    const inp = (name, ph) => h('input', { name, value: values[name] || '', placeholder: ph || '' });
    const sel = (name, opts) => {
      const el = h('select', { name }, h('option', { value: '' }, 'any'),
        opts.map((o) => h('option', { value: o }, o)));
      el.value = values[name] || '';
      return el;
    };
    const form = h('form', { class: 'filters', id: 'filters' },
      field('actor', 'Actor', inp('actor', 'RUS')),
      field('dyad', 'Dyad', inp('dyad', 'RUS-PRK')),
      field('type', 'Type', sel('type', TYPES)),
      field('status', 'Status', sel('status', STATUSES)),
      field('since', 'Since', inp('since', '2024-01')),
      field('until', 'Until', inp('until', '2024-12')),
      field('doc', 'Document', inp('doc')),
      field('text', 'Quote contains', inp('text')),
      h('button', { type: 'submit' }, 'Apply'),
      h('a', { href: clearHref || '#/events' }, 'Clear'));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const out = {};
      for (const k of FILTER_KEYS) if (form.elements[k]) out[k] = form.elements[k].value;
      onSubmit(out);
    });
    return form;
  }

  function filtersFrom(query) {
    const f = {};
    for (const k of FILTER_KEYS) if (query.get(k)) f[k] = query.get(k);
    return f;
  }

  // ---- Timeline chart (stacked bars per month + tone line) -------------------

  function monthRange(first, last) {
    const out = [];
    let [y, m] = first.split('-').map(Number);
    const [ly, lm] = last.split('-').map(Number);
    while ((y < ly || (y === ly && m <= lm)) && out.length < 600) {
      out.push(y + '-' + String(m).padStart(2, '0'));
      m += 1; if (m > 12) { m = 1; y += 1; }
    }
    return out;
  }

  function timelineChart(tl) {
    const wrap = h('div', { class: 'chart-wrap' });
    // Every chart says which date places its events.
    const reported = tl && tl.by === 'reported';
    wrap.appendChild(h('p', { class: 'muted timeline-basis' }, reported
      ? 'By publication date (when it was reported): each article\u2019s report of an event counts, in the month the article was published.'
      : 'By event date (when it happened): events without a date of their own to the month are not shown.'));
    const buckets = (tl && tl.buckets) || [];
    if (buckets.length === 0) {
      wrap.appendChild(h('p', { class: 'muted' }, 'No events dated to a month.'));
      return wrap;
    }
    const byMonth = new Map(buckets.map((b) => [b.month, b]));
    // A few stray early dates would squash the chart: show at most the last
    // MAX_MONTHS months of the range and say how many events lie before it.
    let months = monthRange(buckets[0].month, buckets[buckets.length - 1].month);
    let earlier = 0;
    if (months.length > MAX_MONTHS) {
      months = months.slice(months.length - MAX_MONTHS);
      earlier = buckets.filter((b) => b.month < months[0]).reduce((a, b) => a + b.total, 0);
    }
    const shown = buckets.filter((b) => b.month >= months[0]);
    const W = 1100, H = 300;
    const m = { l: 44, r: 44, t: 26, b: 40 };
    const iw = W - m.l - m.r, ih = H - m.t - m.b;
    const maxN = Math.max(1, ...shown.map((b) => b.total));
    const bw = iw / months.length;
    const y = (n) => m.t + ih - (n / maxN) * ih;
    const yTone = (v) => m.t + ih / 2 - (v / 10) * (ih / 2);
    const svgEl = s('svg', { viewBox: `0 0 ${W} ${H}`, width: '100%', id: 'timeline-svg', role: 'img',
      'aria-label': 'Events per month by type, with the mean tone' });
    const grid = s('g', { class: 'grid' });
    const ticks = niceTicks(maxN);
    for (const t of ticks) {
      grid.appendChild(s('line', { x1: m.l, x2: W - m.r, y1: y(t), y2: y(t) }));
      grid.appendChild(s('text', { x: m.l - 6, y: y(t) + 4, 'text-anchor': 'end' }, String(t)));
    }
    for (const v of [-10, 0, 10]) {
      grid.appendChild(s('text', { x: W - m.r + 6, y: yTone(v) + 4 }, (v > 0 ? '+' : '') + v));
    }
    svgEl.appendChild(grid);
    svgEl.appendChild(s('text', { x: 4, y: 12 }, 'events'));
    svgEl.appendChild(s('text', { x: W - m.r - 4, y: 12 }, 'tone'));
    const bars = s('g', { class: 'bars' });
    const labelEvery = Math.ceil(months.length / 12);
    months.forEach((mo, i) => {
      const b = byMonth.get(mo);
      const x = m.l + i * bw;
      let acc = 0;
      if (b) {
        for (const t of TYPES) {
          const n = (b.by_type && b.by_type[t]) || 0;
          if (!n) continue;
          const r = s('rect', { class: 'bar', x: x + 1, width: Math.max(1, bw - 2), y: y(acc + n),
            height: Math.max(0.5, y(acc) - y(acc + n)), fill: typeColour(t), 'data-type': t },
          s('title', null, `${mo}: ${n} ${t}`));
          bars.appendChild(r);
          acc += n;
        }
      }
      if (i % labelEvery === 0) {
        bars.appendChild(s('text', { x: x + bw / 2, y: H - m.b + 14, 'text-anchor': 'middle' }, mo));
      }
    });
    svgEl.appendChild(bars);
    svgEl.appendChild(s('line', { class: 'axis', x1: m.l, x2: W - m.r, y1: m.t + ih, y2: m.t + ih, stroke: '#999' }));
    svgEl.appendChild(s('line', { x1: m.l, x2: W - m.r, y1: yTone(0), y2: yTone(0), stroke: '#bbb', 'stroke-dasharray': '3 3' }));
    // The tone line: mean intensity of the months that have events; gaps stay gaps.
    let d = '';
    let pen = false;
    months.forEach((mo, i) => {
      const b = byMonth.get(mo);
      if (!b) { pen = false; return; }
      const px = m.l + i * bw + bw / 2, py = yTone(b.mean_intensity);
      d += (pen ? 'L' : 'M') + px.toFixed(1) + ' ' + py.toFixed(1) + ' ';
      pen = true;
    });
    svgEl.appendChild(s('path', { class: 'tone-line', d: d.trim(), fill: 'none', stroke: '#222', 'stroke-width': 2 }));
    months.forEach((mo, i) => {
      const b = byMonth.get(mo);
      if (!b) return;
      svgEl.appendChild(s('circle', { class: 'tone-point', cx: m.l + i * bw + bw / 2, cy: yTone(b.mean_intensity), r: 3,
        fill: toneColour(b.mean_intensity), stroke: '#222' },
      s('title', null, `${mo}: mean tone ${b.mean_intensity.toFixed(1)} over ${b.total} events`)));
    });
    wrap.appendChild(svgEl);
    const present = TYPES.filter((t) => shown.some((b) => b.by_type && b.by_type[t]));
    const legend = h('div', { class: 'legend' }, present.map((t) => {
      const sw = h('i');
      sw.style.background = typeColour(t);
      return h('span', null, sw, t);
    }), h('span', null, '— mean tone (−10 conflict … +10 cooperation)'));
    wrap.appendChild(legend);
    const notes = [];
    if (earlier) notes.push(`${earlier} event${earlier === 1 ? '' : 's'} before ${months[0]}`);
    if (tl.imprecise) notes.push(`${tl.imprecise} events dated only to a season or year`);
    if (tl.undated) notes.push(`${tl.undated} undated events`);
    if (notes.length) wrap.appendChild(h('p', { class: 'muted' }, 'Not shown: ' + notes.join(', ') + '.'));
    return wrap;
  }

  function niceTicks(max) {
    const step = max <= 5 ? 1 : max <= 10 ? 2 : max <= 25 ? 5 : Math.ceil(max / 5 / 10) * 10;
    const out = [];
    for (let t = 0; t <= max; t += step) out.push(t);
    return out;
  }

  // ---- Network (deterministic force layout in SVG) ---------------------------

  function mergeEdges(edges) {
    const m = new Map();
    for (const e of edges) {
      const [a, b] = e.source < e.target ? [e.source, e.target] : [e.target, e.source];
      const key = a + '\u0000' + b;
      const cur = m.get(key) || { a, b, count: 0, sum: 0, parts: [] };
      cur.count += e.count;
      cur.sum += e.mean_intensity * e.count;
      cur.parts.push(`${e.source} → ${e.target}: ${e.count} (tone ${e.mean_intensity.toFixed(1)})`);
      m.set(key, cur);
    }
    return [...m.values()].map((e) => ({ ...e, tone: e.count ? e.sum / e.count : 0 }));
  }

  function layout(nodes, links, W, H) {
    const n = nodes.length;
    const pos = nodes.map((_, i) => ({
      x: W / 2 + Math.cos((2 * Math.PI * i) / Math.max(1, n)) * W * 0.35,
      y: H / 2 + Math.sin((2 * Math.PI * i) / Math.max(1, n)) * H * 0.35,
      vx: 0, vy: 0,
    }));
    const idx = new Map(nodes.map((nd, i) => [nd.code, i]));
    const k = Math.sqrt((W * H) / Math.max(1, n)) * 0.45;
    for (let it = 0; it < 300; it++) {
      const temp = 1 - it / 300;
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          let dx = pos[i].x - pos[j].x, dy = pos[i].y - pos[j].y;
          let d2 = dx * dx + dy * dy;
          if (d2 < 0.01) { dx = 0.1 * (i - j); dy = 0.1; d2 = dx * dx + dy * dy; }
          const f = (k * k) / d2;
          pos[i].vx += dx * f * 0.05; pos[i].vy += dy * f * 0.05;
          pos[j].vx -= dx * f * 0.05; pos[j].vy -= dy * f * 0.05;
        }
      }
      for (const l of links) {
        const a = idx.get(l.a), b = idx.get(l.b);
        if (a === undefined || b === undefined || a === b) continue;
        const dx = pos[b].x - pos[a].x, dy = pos[b].y - pos[a].y;
        const d = Math.sqrt(dx * dx + dy * dy) || 1;
        const f = ((d - k) / d) * 0.05 * Math.min(3, 1 + Math.log(1 + l.count));
        pos[a].vx += dx * f; pos[a].vy += dy * f;
        pos[b].vx -= dx * f; pos[b].vy -= dy * f;
      }
      for (const p of pos) {
        p.vx += (W / 2 - p.x) * 0.01; p.vy += (H / 2 - p.y) * 0.01;
        const sp = Math.sqrt(p.vx * p.vx + p.vy * p.vy);
        const cap = 20 * temp + 1;
        if (sp > cap) { p.vx *= cap / sp; p.vy *= cap / sp; }
        p.x = Math.max(40, Math.min(W - 40, p.x + p.vx));
        p.y = Math.max(30, Math.min(H - 30, p.y + p.vy));
        p.vx *= 0.5; p.vy *= 0.5;
      }
    }
    return new Map(nodes.map((nd, i) => [nd.code, pos[i]]));
  }

  function networkChart(net, maxNodes) {
    const wrap = h('div', { class: 'chart-wrap' });
    const nodes = (net.nodes || []).slice(0, maxNodes || 40);
    if (nodes.length === 0) {
      wrap.appendChild(h('p', { class: 'muted' }, 'No events with both a source and a target.'));
      return wrap;
    }
    const keep = new Set(nodes.map((n) => n.code));
    const links = mergeEdges((net.edges || []).filter((e) => keep.has(e.source) && keep.has(e.target)));
    const W = 1100, H = 560;
    const pos = layout(nodes, links, W, H);
    const maxEv = Math.max(1, ...nodes.map((n) => n.events));
    const maxC = Math.max(1, ...links.map((l) => l.count));
    const svgEl = s('svg', { viewBox: `0 0 ${W} ${H}`, width: '100%', id: 'network-svg', role: 'img',
      'aria-label': 'Actor network' });
    const eg = s('g', { class: 'edges' });
    for (const l of links) {
      const a = pos.get(l.a), b = pos.get(l.b);
      if (!a || !b) continue;
      let el;
      if (l.a === l.b) {
        el = s('circle', { cx: a.x, cy: a.y - 18, r: 12, fill: 'none' });
      } else {
        el = s('line', { x1: a.x, y1: a.y, x2: b.x, y2: b.y });
      }
      setAttrs(el, { class: 'edge', stroke: toneColour(l.tone), 'stroke-opacity': 0.8,
        'stroke-width': (1 + 7 * Math.sqrt(l.count / maxC)).toFixed(1), 'data-count': l.count });
      el.appendChild(s('title', null, l.parts.join('\n')));
      el.addEventListener('click', () => { location.hash = route(['dyad', l.a, l.b]); });
      eg.appendChild(el);
    }
    svgEl.appendChild(eg);
    const ng = s('g', { class: 'nodes' });
    for (const nd of nodes) {
      const p = pos.get(nd.code);
      const r = 6 + 18 * Math.sqrt(nd.events / maxEv);
      const g = s('g', { class: 'node', 'data-code': nd.code, transform: `translate(${p.x.toFixed(1)},${p.y.toFixed(1)})` },
        s('circle', { r: r.toFixed(1), fill: '#3b6ea5' }, s('title', null, `${nd.code}: ${nd.events} events`)),
        s('text', { y: -r - 4, 'text-anchor': 'middle' }, nd.code));
      g.addEventListener('click', () => { location.hash = route(['events'], { actor: nd.code }); });
      ng.appendChild(g);
    }
    svgEl.appendChild(ng);
    wrap.appendChild(svgEl);
    const lg = h('div', { class: 'legend' });
    for (const [v, label] of [[-8, 'conflict'], [0, 'neutral'], [8, 'cooperation']]) {
      const sw = h('i'); sw.style.background = toneColour(v);
      lg.appendChild(h('span', null, sw, label));
    }
    lg.appendChild(h('span', { class: 'muted' }, 'Circle size: events of the actor; line width: events between the pair. Click a line for the dyad.'));
    wrap.appendChild(lg);
    if ((net.nodes || []).length > nodes.length) {
      wrap.appendChild(h('p', { class: 'muted' }, `Showing the ${nodes.length} most active of ${net.nodes.length} actors.`));
    }
    return wrap;
  }

  // ---- Pages -------------------------------------------------------------------

  async function overview(view) {
    const [stats, tl, net, docs] = await Promise.all([
      api('stats'), api('timeline'), api('network'), api('docs', { limit: 500 })]);
    view.appendChild(h('h1', null, 'Overview'));
    view.appendChild(h('div', { class: 'cards' },
      h('div', { class: 'card' }, h('div', { class: 'n', id: 'stat-docs' }, stats.docs), h('div', { class: 'l' }, 'documents')),
      h('div', { class: 'card' }, h('div', { class: 'n', id: 'stat-events' }, stats.events), h('div', { class: 'l' }, 'events')),
      h('div', { class: 'card' }, h('div', { class: 'n' }, stats.sentences), h('div', { class: 'l' }, 'sentences'))));
    view.appendChild(h('h2', null, 'Events per month'));
    if (tl.clustered) {
      view.appendChild(h('p', { class: 'muted', id: 'counts-clusters' },
        'Each event counts once however many articles report it; denials are not counted. ',
        h('a', { href: '#/clusters' }, 'See the clustered events →')));
    }
    const tlPanel = h('div', { class: 'panel' }, timelineChart(tl));
    // Toggle the timeline's axis: the events' own dates or their articles'.
    const axis = (by, label) => h('button', { type: 'button', id: 'timeline-by-' + by, on: {
      click: async () => {
        try {
          tlPanel.replaceChildren(timelineChart(await api('timeline', { by })));
        } catch (e) {
          tlPanel.replaceChildren(h('p', { class: 'muted' }, 'Timeline unavailable: ' + e.message));
        }
      } } }, label);
    view.appendChild(h('p', { id: 'timeline-by' }, 'Place events by: ',
      axis('event', 'event date'), ' ', axis('reported', 'publication date')));
    view.appendChild(tlPanel);

    const dyads = mergeEdges(net.edges || []).filter((d) => d.a !== d.b)
      .sort((x, y) => y.count - x.count).slice(0, 10);
    const dyadTable = h('table', { id: 'top-dyads' },
      h('thead', null, h('tr', null, h('th', null, 'Dyad'), h('th', null, 'Events'), h('th', null, 'Mean tone'))),
      h('tbody', null, dyads.map((d) => {
        const tone = h('span', null, (d.tone > 0 ? '+' : '') + d.tone.toFixed(1));
        tone.style.color = toneColour(d.tone);
        return h('tr', null, h('td', null, h('a', { href: route(['dyad', d.a, d.b]) }, `${d.a} – ${d.b}`)),
          h('td', { class: 'num' }, d.count), h('td', { class: 'num' }, tone));
      })));

    // Latest events: walk back from the last month until ten events are
    // covered, fetch from there, newest first.
    const buckets = tl.buckets || [];
    let acc = 0, since = null;
    for (let i = buckets.length - 1; i >= 0; i--) {
      acc += buckets[i].total; since = buckets[i].month;
      if (acc >= 10) break;
    }
    let latest = [];
    if (since) {
      const page = await api('events', { since, limit: 500 });
      latest = page.items.filter((e) => e.date)
        .sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0)).slice(0, 10);
    }
    view.appendChild(h('div', { class: 'grid2' },
      h('div', null, h('h2', null, 'Top dyads'), dyadTable),
      h('div', null, h('h2', null, 'Documents'), docTable(docs.items))));
    view.appendChild(h('h2', null, 'Latest events'));
    view.appendChild(latest.length ? eventTable(latest) : h('p', { class: 'muted' }, 'No dated events.'));
  }

  function docTable(items) {
    return h('table', { id: 'doc-table' },
      h('thead', null, h('tr', null, ['Document', 'Published', 'Events'].map((c) => h('th', null, c)))),
      h('tbody', null, items.map((d) => h('tr', { class: 'doc-row' },
        h('td', null, docLink(d.doc, null, d.title || d.doc), h('div', { class: 'muted' }, d.doc)),
        h('td', null, d.published || h('span', { class: 'muted' }, 'unknown'),
          d.published_basis && d.published ? h('span', { class: 'muted' }, ' (' + d.published_basis + ')') : null),
        h('td', { class: 'num' }, h('a', { href: route(['events'], { doc: d.doc }) }, d.events))))));
  }

  async function eventsPage(view, query) {
    const f = filtersFrom(query);
    const offset = Math.max(0, parseInt(query.get('offset') || '0', 10) || 0);
    view.appendChild(h('h1', null, 'Events'));
    view.appendChild(filterForm(f, (nf) => { location.hash = route(['events'], nf); }));
    const page = await api('events', { ...f, limit: PAGE, offset });
    view.appendChild(pager(page.total, page.limit, page.offset,
      (o) => { location.hash = route(['events'], { ...f, offset: o || '' }); }));
    view.appendChild(page.items.length ? eventTable(page.items) : h('p', { class: 'muted', id: 'no-events' }, 'No events match.'));
  }

  // ---- Event clusters: one real-world event, every article reporting it ------

  // A cluster id is `c-<leader mention id>` and a mention id `<doc>-<nn>`:
  // enough to link a contradicting cluster to its leading report.
  function clusterLink(id, label) {
    const mention = String(id).replace(/^c-/, '');
    const cut = mention.lastIndexOf('-');
    if (cut <= 0) return h('span', null, label + ' ' + id);
    const doc = mention.slice(0, cut);
    return h('a', { href: route(['doc', doc], { event: mention }), class: 'cluster-link' }, label + ' ' + doc);
  }

  // Each document's first report, in order.
  function firstPerDoc(sources) {
    const seen = new Set();
    return sources.filter((src) => !seen.has(src.doc) && seen.add(src.doc));
  }

  function clusterTable(items) {
    const rows = items.map((c) => {
      const statuses = Object.entries(c.statuses || {}).map(([k, n]) =>
        h('span', { class: 'status ' + k }, n > 1 ? `${k} ×${n}` : k));
      const links = [
        ...(c.contradicted_by || []).map((id) => h('div', null, clusterLink(id, 'denied in'))),
        ...(c.denies || []).map((id) => h('div', null, clusterLink(id, 'denies claim in')))];
      const first = (c.sources || [])[0];
      return h('tr', { class: 'cluster-row', 'data-id': c.id },
        h('td', null, c.date || h('span', { class: 'muted' }, 'undated')),
        h('td', null, typeBadge(c.type)),
        h('td', null, actorLabel(c.source), c.joint ? ' ⇄ ' : ' → ', actorLabel(c.target)),
        h('td', { class: 'corroboration' },
          `${c.corroboration} document${c.corroboration === 1 ? '' : 's'}`,
          h('div', { class: 'muted' }, firstPerDoc(c.sources || []).map((src, i) => [i ? ', ' : '',
            h('a', { href: route(['doc', src.doc], { event: src.mention }) }, src.doc)]))),
        h('td', null, statuses.map((x, i) => [i ? ', ' : '', x])),
        h('td', null, links.length ? links : h('span', { class: 'muted' }, '—')),
        h('td', { class: 'quote' }, first
          ? h('a', { href: route(['doc', first.doc], { event: first.mention }), class: 'quote-link' }, first.quote)
          : null));
    });
    return h('table', { class: 'events clusters', 'data-testid': 'cluster-table' },
      h('thead', null, h('tr', null, ['Date', 'Type', 'Source → target', 'Reported by', 'Statuses',
        'Contradiction', 'First report'].map((c) => h('th', null, c)))),
      h('tbody', null, rows));
  }

  async function clustersPage(view, query) {
    const f = filtersFrom(query);
    const offset = Math.max(0, parseInt(query.get('offset') || '0', 10) || 0);
    view.appendChild(h('h1', null, 'Event clusters'));
    view.appendChild(h('p', { class: 'muted' }, 'Each row is one event with every article that reports it. ' +
      'Status, document and quote filters select events with at least one such report.'));
    view.appendChild(filterForm(f, (nf) => { location.hash = route(['clusters'], nf); }, null, '#/clusters'));
    const page = await api('clusters', { ...f, limit: PAGE, offset });
    if (!page.current) {
      view.appendChild(h('p', { class: 'muted', id: 'clusters-stale' },
        'Articles changed since the events were last clustered; run dyad ingest again to update.'));
    }
    view.appendChild(pager(page.total, page.limit, page.offset,
      (o) => { location.hash = route(['clusters'], { ...f, offset: o || '' }); }, 'clustered events'));
    view.appendChild(page.items.length ? clusterTable(page.items)
      : h('p', { class: 'muted', id: 'no-clusters' }, 'No clustered events match.'));
  }

  async function dyadPage(view, a, b) {
    const net = await api('network');
    const codes = (net.nodes || []).map((n) => n.code);
    if (!a || !b) {
      const top = mergeEdges(net.edges || []).filter((d) => d.a !== d.b).sort((x, y) => y.count - x.count)[0];
      if (top) { a = a || top.a; b = b || top.b; }
    }
    view.appendChild(h('h1', null, 'Dyad ', a && b ? `${a} – ${b}` : ''));
    const pick = (name, val) => {
      const el = h('select', { name }, codes.map((c) => h('option', { value: c }, c)));
      if (val && !codes.includes(val)) el.appendChild(h('option', { value: val }, val));
      el.value = val || '';
      return el;
    };
    const form = h('form', { class: 'filters', id: 'dyad-form' },
      h('label', null, 'Actor A', pick('a', a)), h('label', null, 'Actor B', pick('b', b)),
      h('button', { type: 'submit' }, 'Show'));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      location.hash = route(['dyad', form.elements.a.value, form.elements.b.value]);
    });
    view.appendChild(form);
    if (!a || !b) { view.appendChild(h('p', { class: 'muted' }, 'Pick two actors.')); return; }
    const dyad = `${a}-${b}`;
    const [tl, page] = await Promise.all([api('timeline', { dyad }), api('events', { dyad, limit: 500 })]);
    view.appendChild(h('div', { class: 'panel' }, h('h2', null, 'Events per month by type, and mean tone'), timelineChart(tl)));
    view.appendChild(h('h2', null, `Events (${page.total})`));
    if (page.total > page.items.length) {
      view.appendChild(h('p', null, h('a', { href: route(['events'], { dyad }) }, `All ${page.total} events with filters →`)));
    }
    view.appendChild(page.items.length ? eventTable(page.items) : h('p', { class: 'muted' }, 'No events between these actors.'));
  }

  async function networkPage(view, query) {
    const f = filtersFrom(query);
    view.appendChild(h('h1', null, 'Actor network'));
    view.appendChild(filterForm(f, (nf) => { location.hash = route(['network'], nf); }, ['doc', 'text', 'dyad'], '#/network'));
    const net = await api('network', f);
    view.appendChild(h('div', { class: 'panel' }, networkChart(net, 40)));
  }

  async function docsPage(view, query) {
    const offset = Math.max(0, parseInt(query.get('offset') || '0', 10) || 0);
    const page = await api('docs', { limit: 100, offset });
    view.appendChild(h('h1', null, `Documents (${page.total})`));
    view.appendChild(docTable(page.items));
    if (page.total > offset + page.items.length) {
      view.appendChild(h('p', null, h('a', { href: route(['docs'], { offset: offset + 100 }) }, 'More →')));
    }
  }

  // Splits the document text at every annotation boundary and wraps each
  // piece in a span whose classes say which layers cover it. Offsets are
  // Unicode code points (as the API gives them), so the text is indexed as
  // an array of code points, not UTF-16 units.
  function annotatedText(doc, selected) {
    const cps = Array.from(doc.text);
    const n = cps.length;
    const layers = [];
    const add = (arr, cls, title) => {
      for (const a of arr || []) {
        const st = Math.max(0, Math.min(n, a.start)), en = Math.max(0, Math.min(n, a.end));
        if (en > st) layers.push({ start: st, end: en, cls, title: title ? title(a) : null, ref: a });
      }
    };
    add(doc.actors, 'ann-actor', (a) => `${a.name}${a.code ? ' (' + a.code + (a.sector ? ' ' + a.sector : '') + ')' : ''} — ${a.kind}`);
    add(doc.times, 'ann-time', (t) => `date: ${t.value || 'unresolved'}${t.relative ? ' (relative)' : ''}`);
    add(doc.quantities, 'ann-qty', (q) => `quantity: ${q.quantity.value} ${q.quantity.unit}${q.upper ? ' – ' + q.upper.value : ''}`);
    add(doc.events, 'ann-quote', (e) => `${e.id}: ${e.type} ${e.source || '?'} → ${e.target || '?'} (${e.status})`);
    add((doc.events || []).map((e) => ({ start: e.trigger_start, end: e.trigger_end })), 'ann-trigger');
    if (selected) add([selected], 'ann-hl');
    const cuts = new Set([0, n]);
    for (const l of layers) { cuts.add(l.start); cuts.add(l.end); }
    let paras = (doc.paragraphs || []).map((p) => ({ start: p.start, end: p.end, kind: p.kind }));
    if (paras.length === 0) paras = [{ start: 0, end: n, kind: 'body' }];
    for (const p of paras) { cuts.add(Math.min(n, p.start)); cuts.add(Math.min(n, p.end)); }
    const sorted = [...cuts].sort((x, y) => x - y);
    const box = h('div', { id: 'doc-text' });
    for (const p of paras) {
      const pe = h('p', { class: p.kind || 'body' });
      for (let i = 0; i < sorted.length - 1; i++) {
        const a = sorted[i], b = sorted[i + 1];
        if (a < p.start || b > p.end || a >= b) continue;
        const txt = cps.slice(a, b).join('');
        const cover = layers.filter((l) => l.start <= a && l.end >= b);
        if (cover.length === 0) { pe.appendChild(document.createTextNode(txt)); continue; }
        const span = h('span', { class: [...new Set(cover.map((c) => c.cls))].join(' ') }, txt);
        const titles = cover.map((c) => c.title).filter(Boolean);
        if (titles.length) span.setAttribute('title', titles.join('\n'));
        pe.appendChild(span);
      }
      box.appendChild(pe);
    }
    return box;
  }

  async function docPage(view, name, query) {
    if (!name) throw new Error('No document named.');
    const doc = await api('docs/' + encodeURIComponent(name));
    const evId = query.get('event');
    const sentIdx = query.get('sent');
    let selected = null, selEvent = null;
    if (evId) {
      selEvent = (doc.events || []).find((e) => e.id === evId) || null;
      if (selEvent) selected = { start: selEvent.start, end: selEvent.end };
    } else if (sentIdx !== null && doc.sentences) {
      const sIdx = parseInt(sentIdx, 10);
      if (sIdx >= 0 && sIdx < doc.sentences.length) selected = doc.sentences[sIdx];
    }
    const r = doc.record || {};
    view.appendChild(h('h1', null, r.title || doc.record.doc));
    const url = safeUrl(r.url);
    view.appendChild(h('div', { class: 'meta' },
      r.doc, r.site_name ? ' · ' + r.site_name : '', r.author ? ' · ' + r.author : '',
      ' · published ', r.published || 'unknown', r.published ? ` (${r.published_basis})` : '',
      url ? [' · ', h('a', { href: url, rel: 'noopener noreferrer nofollow', target: '_blank' }, 'original')] : (r.url ? ' · ' + r.url : '')));
    if (evId && !selEvent) view.appendChild(h('p', { class: 'error' }, `No event ${evId} in this document.`));
    view.appendChild(h('div', { class: 'legend' },
      h('span', { class: 'ann-actor' }, 'actor'), h('span', { class: 'ann-time' }, 'date'),
      h('span', { class: 'ann-qty' }, 'quantity'), h('span', { class: 'ann-quote' }, 'event quote'),
      h('span', { class: 'ann-trigger' }, 'trigger'), selected ? h('span', { class: 'ann-hl' }, 'selected') : null));
    const text = annotatedText(doc, selected);
    const side = h('aside', { class: 'side panel' });
    if (selEvent) {
      side.appendChild(h('h3', null, 'Selected event'));
      side.appendChild(h('div', { id: 'selected-event' }, typeBadge(selEvent.type), ' ',
        selEvent.source || '?', ' → ', selEvent.target || '?', ' · ', selEvent.date || 'undated',
        ' · ', h('span', { class: 'status ' + selEvent.status }, selEvent.status),
        selEvent.attributed_to ? ' · per ' + selEvent.attributed_to : ''));
      if ((selEvent.why || []).length) {
        side.appendChild(h('ul', { class: 'why' }, selEvent.why.map((w) => h('li', null, w))));
      }
      side.appendChild(h('div', { class: 'muted' }, 'rule ', selEvent.rule));
    }
    side.appendChild(h('h3', null, `Events (${(doc.events || []).length})`));
    side.appendChild(h('ul', { id: 'doc-events' }, (doc.events || []).map((e) => h('li', { class: e.id === evId ? 'current' : '' },
      h('a', { href: route(['doc', r.doc], { event: e.id }) }, `${e.type} ${e.source || '?'} → ${e.target || '?'}`),
      h('span', { class: 'muted' }, ' ' + (e.date || 'undated') + ' · ' + e.status)))));
    const actorSet = new Map();
    for (const a of doc.actors || []) {
      const key = a.code || a.name;
      actorSet.set(key, (actorSet.get(key) || 0) + 1);
    }
    side.appendChild(h('h3', null, 'Actors'));
    side.appendChild(h('ul', null, [...actorSet.entries()].sort((x, y) => y[1] - x[1])
      .map(([k, c]) => h('li', null, k, h('span', { class: 'muted' }, ' ×' + c)))));
    const dates = (doc.times || []).map((t) => t.value).filter(Boolean);
    if (dates.length) {
      side.appendChild(h('h3', null, 'Dates'));
      side.appendChild(h('ul', null, [...new Set(dates)].sort().map((d) => h('li', null, d))));
    }
    view.appendChild(h('div', { class: 'doc-layout' }, text, side));
    view.afterMount = () => {
      const first = document.querySelector('#doc-text .ann-hl');
      if (first) first.scrollIntoView({ block: 'center' });
    };
  }

  async function searchPage(view, query) {
    const q = query.get('q') || '';
    const box = document.getElementById('search-box');
    if (box) box.value = q;
    view.appendChild(h('h1', null, 'Search'));
    if (!q) { view.appendChild(h('p', { class: 'muted' }, 'Type words in the search box.')); return; }
    const page = await api('search', { q, limit: 100 });
    view.appendChild(h('p', { id: 'search-count' }, `${page.total} sentences match “${q}”.`));
    view.appendChild(h('ol', { class: 'hits', id: 'search-hits' }, page.items.map((hit) => {
      // The store marks matched words with [ ]; turn them into <mark> text nodes.
      const parts = [];
      const re = /\[([^\]]*)\]/g;
      let last = 0, m;
      while ((m = re.exec(hit.snippet)) !== null) {
        parts.push(hit.snippet.slice(last, m.index), h('mark', null, m[1]));
        last = m.index + m[0].length;
      }
      parts.push(hit.snippet.slice(last));
      return h('li', null, h('a', { href: route(['doc', hit.doc], { sent: hit.sentence }) }, hit.doc), ' — ', parts);
    })));
  }

  render();
})();
