// Opens an entopic report in headless Chromium and checks that it works
// with no network: no console error, no failed or outside request, every
// chart drawn, every section filled, the document browser showing
// highlighted mentions. Saves a screenshot. Run by test-report.sh.
// Usage: node check-report.mjs REPORT.html SCREENSHOT.png
import { chromium } from 'playwright-core';
import { pathToFileURL } from 'node:url';

const [report, screenshot] = process.argv.slice(2);
const failures = [];
const fail = (msg) => { failures.push(msg); console.error(`FAIL ${msg}`); };
const pass = (msg) => console.error(`ok   ${msg}`);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox'],
});
const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
page.on('console', (m) => { if (m.type() === 'error') fail(`console error: ${m.text()}`); });
page.on('pageerror', (e) => fail(`page error: ${e.message}`));
page.on('requestfailed', (r) => fail(`request failed: ${r.url()}`));
page.on('request', (r) => {
  const u = r.url();
  if (!u.startsWith('file:') && !u.startsWith('data:')) fail(`request outside the file: ${u}`);
});
await page.goto(pathToFileURL(report).href, { waitUntil: 'load' });

for (const id of ['glance', 'topics', 'names', 'timeline', 'network', 'browser-section']) {
  const n = await page.locator(`#${id}`).count();
  if (n !== 1) fail(`section #${id} missing`); else pass(`section #${id}`);
}
const charts = await page.locator('svg.chart').evaluateAll((els) => els.map((e) => {
  const box = e.getBoundingClientRect();
  return { shapes: e.querySelectorAll('rect, circle, line, polyline').length, w: box.width, h: box.height,
    label: e.getAttribute('aria-label') };
}));
if (charts.length < 3) fail(`${charts.length} charts, want topics, timeline and network`);
for (const c of charts) {
  if (c.shapes < 3 || c.w < 100 || c.h < 50) fail(`chart "${c.label}" is empty (${c.shapes} shapes, ${c.w}×${c.h})`);
  else pass(`chart "${c.label}": ${c.shapes} shapes, ${Math.round(c.w)}×${Math.round(c.h)}`);
}
const sparks = await page.locator('svg.spark polyline').count();
if (sparks === 0) fail('no monthly trend drawn'); else pass(`${sparks} monthly trends`);
for (const t of ['PERSON', 'ORG', 'LOC', 'POLICY', 'DIALOGUE']) {
  const rows = await page.locator(`table.names[data-type="${t}"] tr`).count();
  if (rows < 2) fail(`no ${t} listed`); else pass(`${rows - 1} ${t} listed`);
}
const docs = await page.locator('#doclist > div').count();
const marks = await page.locator('#doc mark').count();
if (docs === 0 || marks === 0) fail(`document browser: ${docs} documents, ${marks} highlighted mentions`);
else pass(`document browser: ${docs} documents, the first with ${marks} highlighted mentions`);
await page.fill('#search', 'zzzz-no-such-text');
const none = await page.locator('#doclist > div').count();
await page.fill('#search', '');
if (none !== 0) fail(`search for nothing kept ${none} documents`); else pass('search filters the documents');

await page.screenshot({ path: screenshot, fullPage: true });
pass(`screenshot: ${screenshot}`);
await browser.close();
if (failures.length) {
  console.error(`check-report: ${failures.length} failures`);
  process.exit(1);
}
console.error('check-report: all checks passed');
