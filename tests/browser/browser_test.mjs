// Drives headless Chromium against a running `dyad serve` and checks what
// an analyst sees. Called by scripts/browser_test.sh, which starts the
// server; environment:
//   BASE_URL        http://127.0.0.1:PORT (required)
//   CHROMIUM        the browser executable (default /usr/bin/chromium)
//   SCREENSHOT_DIR  where PNGs go (default: no screenshots)
//   XSS_DOC         name of the stored document carrying script markup
// Prints one line per check and a final "N passed, N failed"; exits 1 on
// any failure.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';

const BASE = process.env.BASE_URL;
const EXE = process.env.CHROMIUM || '/usr/bin/chromium';
const SHOTS = process.env.SCREENSHOT_DIR || '';
const XSS_DOC = process.env.XSS_DOC || 'xss-probe';
const STEP_MS = 20000;

if (!BASE) {
  console.error('BASE_URL is not set');
  console.log('0 passed, 1 failed');
  process.exit(1);
}

let passed = 0;
let failed = 0;
function check(name, ok, detail) {
  if (ok) { passed++; console.log(`ok   ${name}${detail ? ' (' + detail + ')' : ''}`); }
  else { failed++; console.log(`FAIL ${name}${detail ? ': ' + detail : ''}`); }
}

async function step(name, fn) {
  try { await fn(); } catch (e) { check(name, false, String((e && e.message) || e).split('\n')[0]); }
}

async function api(p) {
  const r = await fetch(BASE + '/api/' + p);
  return { status: r.status, body: await r.json() };
}

const browser = await chromium.launch({
  executablePath: EXE,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--disable-dev-shm-usage'],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
const page = await context.newPage();
page.setDefaultTimeout(STEP_MS);

const foreign = [];
const pageErrors = [];
const consoleErrors = [];
const dialogs = [];
page.on('request', (r) => { if (!r.url().startsWith(BASE) && !r.url().startsWith('data:')) foreign.push(r.url()); });
page.on('pageerror', (e) => pageErrors.push(String(e)));
page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });

async function open(hash) {
  await page.goto(BASE + '/' + hash);
  await page.waitForSelector('body[data-ready="1"]');
}

// Navigates inside the app (hash change) and waits for the new view.
async function navigate(hash) {
  await page.evaluate(() => document.body.removeAttribute('data-ready'));
  await page.evaluate((h) => { location.hash = h; }, hash);
  await page.waitForSelector('body[data-ready="1"]');
}

async function shot(name) {
  if (!SHOTS) return;
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, name + '.png') });
}

const count = (sel) => page.locator(sel).count();

try {
  const stats = (await api('stats')).body;
  check('store has documents and events', stats.docs > 0 && stats.events > 0, `${stats.docs} docs, ${stats.events} events`);

  await step('overview', async () => {
    await open('#/');
    const ev = Number(await page.textContent('#stat-events'));
    check('overview shows the event count', ev === stats.events, `${ev}`);
    const bars = await count('#timeline-svg rect.bar');
    check('overview timeline has bars', bars > 0, `${bars} bars`);
    const d = await page.getAttribute('#timeline-svg path.tone-line', 'd');
    check('overview timeline has a tone line', !!d && d.startsWith('M'), d ? d.slice(0, 30) : 'none');
    const dyads = await count('#top-dyads tbody tr');
    check('overview lists top dyads', dyads > 0, `${dyads}`);
    const docs = await count('#doc-table tr.doc-row');
    check('overview lists documents', docs === stats.docs, `${docs}`);
    const latest = await count('tr.event-row');
    check('overview lists latest events', latest > 0, `${latest}`);
    await shot('overview');
  });

  await step('events filter', async () => {
    await open('#/events');
    const before = await count('tr.event-row');
    const totalBefore = Number(await page.getAttribute('.pager .count', 'data-total'));
    check('event table has rows', before > 0 && totalBefore === stats.events, `${before} rows of ${totalBefore}`);
    // A type that occurs but is not every event: the filter must narrow.
    const tl = (await api('timeline')).body;
    const perType = {};
    for (const b of tl.buckets) for (const [t, n] of Object.entries(b.by_type)) perType[t] = (perType[t] || 0) + n;
    const ranked = Object.entries(perType).sort((a, b) => b[1] - a[1]);
    const [type] = ranked.find(([, n]) => n < totalBefore) || ranked[0];
    await page.selectOption('#filters select[name="type"]', type);
    await page.evaluate(() => document.body.removeAttribute('data-ready'));
    await page.click('#filters button[type="submit"]');
    await page.waitForSelector('body[data-ready="1"]');
    const after = await count('tr.event-row');
    const totalAfter = Number(await page.getAttribute('.pager .count', 'data-total'));
    const types = await page.locator('tr.event-row .type').allTextContents();
    check(`filter type=${type} narrows the table`, totalAfter < totalBefore && after < before
      && after > 0 && types.every((t) => t === type), `${before} → ${after} rows, total ${totalBefore} → ${totalAfter}`);
    check('filter is in the URL', page.url().includes('type=' + type), page.url());
    await shot('events');
    // A text filter that matches nothing empties the table.
    await navigate('#/events?text=zzqqxx-no-such-text');
    check('non-matching text filter empties the table', (await count('tr.event-row')) === 0 && (await count('#no-events')) === 1);
    // A bad filter shows the API's message, not a broken page. (Chromium
    // logs the expected 400 as a console error: not counted below.)
    const logged = consoleErrors.length;
    await navigate('#/events?since=2022-13');
    const err = await page.textContent('.error');
    check('bad date shows the API error', (err || '').includes("bad date '2022-13'"), err);
    consoleErrors.splice(logged);
  });

  await step('event opens its document', async () => {
    await open('#/events');
    const link = page.locator('tr.event-row a.quote-link').first();
    const quote = await link.textContent();
    const href = await link.getAttribute('href');
    await page.evaluate(() => document.body.removeAttribute('data-ready'));
    await link.click();
    await page.waitForSelector('body[data-ready="1"]');
    check('click opens the document view', page.url().includes('#/doc/') && page.url().includes('event='), page.url());
    const hl = (await page.locator('#doc-text .ann-hl').allTextContents()).join('');
    check('the quote is highlighted', hl === quote, `${hl.length} chars highlighted, quote ${quote.length}`);
    const inView = await page.evaluate(() => {
      const r = document.querySelector('#doc-text .ann-hl').getBoundingClientRect();
      return r.top >= 0 && r.bottom <= window.innerHeight;
    });
    check('the quote is scrolled into view', inView);
    const layers = await page.evaluate(() => ({
      actor: document.querySelectorAll('#doc-text .ann-actor').length,
      time: document.querySelectorAll('#doc-text .ann-time').length,
      quote: document.querySelectorAll('#doc-text .ann-quote').length,
    }));
    check('actors, dates and quotes are highlighted', layers.actor > 0 && layers.quote > 0, JSON.stringify(layers));
    check('selected event panel shown', (await count('#selected-event')) === 1, href);
    await shot('document');
  });

  await step('dyad page', async () => {
    await open('#/dyad');
    const title = await page.textContent('h1');
    const bars = await count('#timeline-svg rect.bar');
    const rows = await count('tr.event-row');
    check('dyad page picks the top dyad and draws its timeline', bars > 0 && rows > 0, `${title.trim()}: ${bars} bars, ${rows} events`);
    const line = await count('#timeline-svg path.tone-line');
    check('dyad timeline has the tone line', line === 1);
    await shot('dyad');
  });

  await step('network', async () => {
    await open('#/network');
    const nodes = await count('#network-svg g.node');
    const edges = await count('#network-svg .edge');
    check('network renders nodes and edges', nodes > 1 && edges > 0, `${nodes} nodes, ${edges} edges`);
    const net = (await api('network')).body;
    check('network node count matches the API', nodes === Math.min(40, net.nodes.length), `${net.nodes.length} in API`);
    await shot('network');
    // A click on an edge opens the dyad page.
    await page.evaluate(() => document.body.removeAttribute('data-ready'));
    await page.locator('#network-svg line.edge').first().dispatchEvent('click');
    await page.waitForSelector('body[data-ready="1"]');
    check('edge click opens the dyad', page.url().includes('#/dyad/'), page.url());
  });

  await step('search', async () => {
    await open('#/');
    const ev = (await api('events?limit=1')).body.items[0];
    const word = ev.quote.split(/[^A-Za-z]+/).filter((w) => w.length > 5).sort((a, b) => b.length - a.length)[0] || 'the';
    await page.fill('#search-box', word);
    await page.evaluate(() => document.body.removeAttribute('data-ready'));
    await page.press('#search-box', 'Enter');
    await page.waitForSelector('body[data-ready="1"]');
    const hits = await count('#search-hits li');
    check(`search for "${word}" finds sentences`, hits > 0, `${hits} hits`);
    const marks = await count('#search-hits mark');
    check('search marks the matched words', marks > 0, `${marks}`);
    await page.evaluate(() => document.body.removeAttribute('data-ready'));
    await page.locator('#search-hits li a').first().click();
    await page.waitForSelector('body[data-ready="1"]');
    check('a hit opens its sentence in the document', (await count('#doc-text .ann-hl')) > 0, page.url());
  });

  await step('documents list', async () => {
    await open('#/docs');
    check('documents page lists every document', (await count('tr.doc-row')) === stats.docs);
  });

  await step('xss', async () => {
    const probe = await api('docs/' + encodeURIComponent(XSS_DOC));
    check('the XSS probe document is stored', probe.status === 200 && probe.body.text.includes('<script>'), `HTTP ${probe.status}`);
    await open('#/doc/' + encodeURIComponent(XSS_DOC));
    await page.waitForTimeout(300);
    const pwned = await page.evaluate(() => typeof window.__pwned);
    check('script in an article does not run', pwned === 'undefined', `typeof window.__pwned = ${pwned}`);
    const injected = await page.evaluate(() => document.querySelectorAll('#main script, #main img, #main iframe, #main [onerror]').length);
    check('article markup creates no elements', injected === 0, `${injected} injected elements`);
    const shown = await page.textContent('#doc-text');
    check('article markup is shown as text', shown.includes('<script>window.__pwned=1</script>'));
    check('no dialogs opened', dialogs.length === 0, dialogs.join('; '));
    await shot('xss-probe');
  });

  check('no request left the server', foreign.length === 0, foreign.slice(0, 3).join(', '));
  check('no script errors', pageErrors.length === 0, pageErrors.slice(0, 3).join('; '));
  check('no console errors', consoleErrors.length === 0, consoleErrors.slice(0, 3).join('; '));
} catch (e) {
  check('browser run', false, String(e));
} finally {
  await browser.close();
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
