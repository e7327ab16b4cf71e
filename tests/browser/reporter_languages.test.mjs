// The reporter's flows in every language, in Debian's Chromium on a phone
// (390×844) with page scripts off: the home page and its safety advice, the
// form, a refused form, a port typed with a typo, the receipt, the
// follow-up (and a mistyped receipt kept), a facility link typed in lower
// case, and the language switch keeping the facility. Every text checked is
// the language's own, read from the catalogue the program embeds
// (assets/i18n/<lang>.json).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, squash, fitsThePhone } from './common.mjs';

const base = process.env.PORTSAFE_URL;
const facility = process.env.PORTSAFE_PAGES_FACILITY;
const languages = ['en', 'lt', 'pl', 'pt', 'ro', 'uk'];
const catalogue = Object.fromEntries(languages.map((l) => [
  l, JSON.parse(readFileSync(new URL(`../../assets/i18n/${l}.json`, import.meta.url), 'utf8'))]));
const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const png = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de' +
  '0000000c49444154789c63f8cfc0000003010100c9fe92ef0000000049454e44ae426082', 'hex');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function phonePage() {
  const context = await browser.newContext({ ...phone, javaScriptEnabled: false });
  return { context, page: await context.newPage() };
}



async function headingIs(page, text, what) {
  assert.equal(squash(await page.textContent('h1')), squash(text), what);
}

test('reporter flows hold in every language on a phone with page scripts off', async () => {
  assert.ok(facility, 'PORTSAFE_PAGES_FACILITY names the facility the pages test made');
  for (const lang of languages) {
    const t = catalogue[lang];
    const { context, page } = await phonePage();
    try {
      // Home: in the language, with the safety advice.
      let res = await page.goto(`${base}?lang=${lang}`);
      assert.equal(res.status(), 200, `${lang} home`);
      assert.equal(await page.getAttribute('html', 'lang'), lang);
      await headingIs(page, t.home_title, `${lang} home heading`);
      const safety = squash(await page.textContent('aside.safety'));
      for (const key of ['safety_title', 'safety_own_phone', 'safety_private', 'safety_kept',
        'safety_tell_nobody']) {
        assert.ok(safety.includes(squash(t[key])), `${lang} home: ${key} in the safety box`);
      }
      await fitsThePhone(page, `${lang} home`);

      // The form, and a form sent empty: every error in the language, each
      // linked from the summary to its field.
      res = await page.goto(`${base}report?lang=${lang}`);
      assert.equal(res.status(), 200);
      await headingIs(page, t.report_title, `${lang} form heading`);
      assert.ok((await page.textContent('aside.safety')).includes(t.safety_own_phone));
      await page.click('button[value="send"]');
      assert.equal(await page.getAttribute('html', 'lang'), lang);
      const summary = squash(await page.textContent('.error-summary'));
      assert.ok(summary.includes(squash(t.errors_title)), `${lang}: error summary heading`);
      assert.ok(summary.includes(squash(t['error.required'])), `${lang}: "required" in words`);
      const links = await page.$$eval('.error-summary a', (as) => as.map((a) => a.getAttribute('href')));
      assert.ok(links.includes('#f-port') && links.includes('#f-description'), `${lang}: ${links}`);
      assert.ok(await page.$('#e-port'), `${lang}: the port's error is next to the port`);
      await fitsThePhone(page, `${lang} refused form`);

      // A port typed with a typo, and Find port: Felixstowe is offered and
      // chosen, and the words typed meanwhile stay.
      await page.fill('#f-port', 'Port of Felixtowe');
      await page.fill('#f-description', `Seals cut on a reefer (${lang})`);
      await page.click('button[value="find"]');
      assert.match(await page.inputValue('#f-port'), /^Felixstowe \(GBFXT\)$/, `${lang}: typo`);
      assert.equal(await page.inputValue('#f-description'), `Seals cut on a reefer (${lang})`);
      assert.ok((await page.textContent('fieldset.candidates legend')).includes(t.port_candidates));

      // Send with a photo: the receipt, whole groups, what arrived, and no
      // link in the header that leads away from it.
      await page.fill('#f-port', 'felixtowe');  // resolved on Send, no Find step needed
      await page.check('#hk-saw');
      await page.setInputFiles('#f-files', { name: 'gate.png', mimeType: 'image/png', buffer: png });
      await page.click('button[value="send"]');
      await headingIs(page, t.receipt_title, `${lang} receipt heading`);
      const groups = await page.$$eval('#receipt span', (s) => s.map((e) => e.textContent));
      assert.equal(groups.length, 5, `${lang}: ${groups}`);
      const receipt = groups.join('');
      assert.match(receipt, /^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
      const spans = await page.$$eval('#receipt span', (s) => s.map((e) => {
        const r = e.getBoundingClientRect();
        return { top: r.top, bottom: r.bottom, lines: e.getClientRects().length };
      }));
      assert.ok(spans.every((s) => s.lines === 1), `${lang}: a group of the receipt broke`);
      const files = squash(await page.textContent('ul.files'));
      assert.ok(files.includes('photo-1.png') && files.includes(squash(t.receipt_file_kept)),
        `${lang}: the receipt lists the photo received: ${files}`);
      assert.equal(await page.$('header nav'), null, `${lang}: header links on the receipt`);
      assert.ok((await page.textContent('p.warning')).includes(t.receipt_leave_warning));
      await fitsThePhone(page, `${lang} receipt`);

      // Follow-up: a mistyped receipt is refused and kept as typed; the
      // right one, typed in lower case with spaces, opens the report with
      // every answer.
      await page.goto(`${base}followup?lang=${lang}`);
      await headingIs(page, t.followup_title, `${lang} follow-up heading`);
      const wrong = receipt.slice(0, -1) + (receipt.endsWith('2') ? '3' : '2');
      await page.fill('#f-receipt', wrong);
      await page.click('main button[type="submit"]');
      assert.ok((await page.textContent('.error-summary')).includes(t['error.receipt_not_found']));
      assert.equal(await page.inputValue('#f-receipt'), wrong, `${lang}: the typed receipt is kept`);
      await page.fill('#f-receipt', receipt.toLowerCase().replaceAll('-', ' '));
      await page.click('main button[type="submit"]');
      await headingIs(page, t.view_title, `${lang} report view heading`);
      const view = squash(await page.textContent('main'));
      assert.ok(view.includes(`Seals cut on a reefer (${lang})`), `${lang}: the report's words`);
      assert.ok(view.includes(squash(t['how_known.saw'])), `${lang}: the "how do you know" answer`);
      assert.ok(view.includes('photo-1.png'), `${lang}: the photo`);
      await fitsThePhone(page, `${lang} follow-up`);

      // A facility's link typed in lower case, as a phone keyboard types it.
      res = await page.goto(`${base}r/${facility.toLowerCase()}?lang=${lang}`);
      assert.equal(res.status(), 200, `${lang}: /r/ in lower case`);
      assert.equal(await page.inputValue('input[name="facility"]'), facility);
      // The language switch keeps the facility.
      const other = languages[(languages.indexOf(lang) + 1) % languages.length];
      await page.click(`header nav a[hreflang="${other}"]`);
      assert.equal(await page.getAttribute('html', 'lang'), other);
      assert.equal(new URL(page.url()).pathname, `/r/${facility}`);
      assert.equal(await page.inputValue('input[name="facility"]'), facility,
        `${lang} → ${other}: the facility is kept`);
      await headingIs(page, catalogue[other].report_title, `${other} form heading`);
    } finally {
      await context.close();
    }
  }
});

test('the browser\'s language is used when the link names none, and never kept', async () => {
  for (const lang of languages) {
    const context = await browser.newContext({ ...phone, javaScriptEnabled: false, locale: lang });
    const page = await context.newPage();
    try {
      await page.goto(`${base}report`);
      assert.equal(await page.getAttribute('html', 'lang'), lang);
      assert.equal(await page.inputValue('input[name="lang"]'), lang);
      const cookies = await context.cookies();
      assert.deepEqual(cookies, [], `${lang}: a cookie was set`);
    } finally {
      await context.close();
    }
  }
});
