// Reporter pages in a real browser (Debian's Chromium through Playwright):
// a report is filed and followed up with JavaScript disabled, on a phone-sized
// viewport, in two languages; no request leaves the site; the receipt never
// appears in a URL; axe-core finds no WCAG 2.1 AA violation on any page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, expectNoAxeViolations } from './common.mjs';

const base = process.env.PORTSAFE_URL;
const origin = new URL(base).origin;
const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
let browser;

before(async () => {
  browser = await launch();
});
after(async () => { await browser?.close(); });

// A context that records every request, so tests can prove nothing is
// fetched from anywhere but the site itself.
async function newContext(options) {
  const context = await browser.newContext({ ...phone, ...options });
  const urls = [];
  context.on('request', (r) => urls.push(r.url()));
  return { context, urls };
}

const png = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de' +
  '0000000c49444154789c63f8cfc0000003010100c9fe92ef0000000049454e44ae426082', 'hex');

async function fileReport(page, lang, text) {
  await page.goto(`${base}report?lang=${lang}`);
  await page.fill('#f-port', 'felixstowe');
  await page.click('button[value="find"]');
  assert.match(await page.inputValue('#f-port'), /GBFXT/);
  await page.fill('#f-description', text);
  await page.selectOption('#f-category', 'drugs');
  await page.check('#hk-saw');
  await page.fill('#f-containers', 'MSCU 123456 5');
  await page.setInputFiles('#f-files', { name: 'photo.png', mimeType: 'image/png', buffer: png });
  await page.click('button[value="send"]');
  const receipt = (await page.textContent('#receipt')).trim();
  assert.match(receipt, /^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
  // The receipt lists the photo under its new name, never the sent one.
  assert.ok((await page.textContent('ul.files')).includes('photo-1.png'));
  assert.ok(!(await page.content()).includes('photo.png'));
  return receipt;
}

for (const [lang, sendLabel] of [['en', 'Send report'], ['pl', 'Wyślij zgłoszenie']]) {
  test(`report and follow up with JavaScript disabled, phone viewport, ${lang}`, async () => {
    const { context, urls } = await newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base}report?lang=${lang}`);
    assert.equal(await page.getAttribute('html', 'lang'), lang);
    assert.equal((await page.textContent('button[value="send"]')).trim(), sendLabel);

    const text = `Blue van at gate 4 (${lang}) ${Date.now()}`;
    const receipt = await fileReport(page, lang, text);

    await page.goto(`${base}followup?lang=${lang}`);
    await page.fill('#f-receipt', receipt.toLowerCase().replaceAll('-', ' '));
    await page.click('form button[type="submit"]');
    assert.ok((await page.textContent('blockquote.report-text')).includes(text));
    await page.fill('#f-text', `More detail ${lang}`);
    await page.click('form:has(#f-text) button[type="submit"]');
    assert.ok((await page.textContent('ol.thread')).includes(`More detail ${lang}`));
    assert.ok((await page.textContent('ul.files')).includes('photo-1.png'));

    const wrong = await context.newPage();
    await wrong.goto(`${base}followup?lang=${lang}`);
    await wrong.fill('#f-receipt', 'AAAA-AAAA-AAAA-AAAA-AAAA');
    const res = await Promise.all([
      wrong.waitForResponse((r) => r.url().endsWith('/followup') && r.request().method() === 'POST'),
      wrong.click('form button[type="submit"]'),
    ]);
    assert.equal(res[0].status(), 404);

    const plain = receipt.replaceAll('-', '');
    for (const u of urls) {
      assert.ok(u.startsWith(origin), `request left the site: ${u}`);
      assert.ok(!u.includes(receipt) && !u.toUpperCase().includes(plain), `receipt in a URL: ${u}`);
    }
    await context.close();
  });
}

test('reporter pages have no WCAG 2.1 AA violations and fit a phone screen', async () => {
  // axe-core needs script; CSP forbids injected scripts, so this context
  // bypasses CSP for the checker only.
  const { context, urls } = await newContext({ javaScriptEnabled: true, bypassCSP: true });
  const page = await context.newPage();
  const check = async (name) => {
    await expectNoAxeViolations(page, name, 10);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${name} scrolls sideways by ${overflow}px`);
  };
  for (const lang of ['en', 'uk']) {
    await page.goto(`${base}?lang=${lang}`); await check(`home ${lang}`);
    await page.goto(`${base}report?lang=${lang}`); await check(`report form ${lang}`);
    await page.click('button[value="send"]'); await check(`report form with errors ${lang}`);
    await page.fill('#f-port', 'port'); await page.click('button[value="find"]'); await check(`port candidates ${lang}`);
    const receipt = await fileReport(page, lang, 'axe check report');
    await check(`receipt ${lang}`);
    await page.goto(`${base}followup?lang=${lang}`); await check(`follow-up form ${lang}`);
    await page.fill('#f-receipt', receipt);
    await page.click('form button[type="submit"]'); await check(`follow-up view ${lang}`);
    await page.goto(`${base}r/NOWHERE?lang=${lang}`); await check(`not found ${lang}`);
  }
  for (const u of urls) assert.ok(u.startsWith(origin), `request left the site: ${u}`);
  await context.close();
});
