// "I was approached" in Debian's Chromium on a phone (390×844) with page
// scripts off, in English and Polish: the path from the home page, its
// safety message, a refused approach that keeps every answer, two
// approaches naming one account (typed two ways) that each get a receipt;
// then a handler finds both by the handle, sees each marked as an approach
// with its own answers, and sees them linked by that handle. Texts are read
// from the catalogues the program embeds (assets/i18n/<lang>.json).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, totp, squash, shot, fitsThePhone } from './common.mjs';

const base = process.env.PORTSAFE_URL;
const password = process.env.PORTSAFE_STAFF_PASSWORD;
const handlerEmail = process.env.PORTSAFE_APPROACH_HANDLER_EMAIL;
const handlerUri = process.env.PORTSAFE_APPROACH_HANDLER_URI;
const catalogue = Object.fromEntries(['en', 'pl'].map((l) => [
  l, JSON.parse(readFileSync(new URL(`../../assets/i18n/${l}.json`, import.meta.url), 'utf8'))]));
const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
// One account, typed as a handle in English and as a profile address in Polish.
const handle = `dock_mate_${process.pid}`;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });




// Files an approach in `lang` from the home page; returns the receipt.
async function fileApproach(lang, typedHandle, asked) {
  const t = catalogue[lang];
  const context = await browser.newContext({ ...phone, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${base}?lang=${lang}`);
  await page.click(`section.approached a.button`);
  assert.equal(new URL(page.url()).pathname, '/approached');
  assert.equal(squash(await page.textContent('h1')), t.approach_title);
  const safety = squash(await page.textContent('aside.safety'));
  for (const k of ['approach_safety_trouble', 'approach_safety_confront', 'approach_safety_messages',
                   'approach_safety_999']) {
    assert.ok(safety.includes(squash(t[k])), `${lang}: the safety message says ${k}`);
  }
  await fitsThePhone(page, `${lang} approach form`);
  await shot(page, `approach-form-${lang}-phone`);

  // Sent without saying what was asked: refused, every answer kept.
  await page.check('#ah-social_media');
  await page.fill('#f-approach_handle', typedHandle);
  await page.check('#ao-money');
  await page.check('#aw-last_week');
  await page.fill('#f-port', 'Felixstowe');
  await page.fill('#f-people', 'Around forty, local accent');
  await page.check('#ad-unsure');
  await page.click('button[value="send"]');
  const summary = squash(await page.textContent('.error-summary'));
  assert.ok(summary.includes(t['error.approach_asked_required']), `${lang}: ${summary}`);
  assert.equal(await page.inputValue('#f-approach_handle'), typedHandle);
  assert.ok(await page.isChecked('#ah-social_media'));
  assert.ok(await page.isChecked('#ao-money'));
  assert.ok(await page.isChecked('#aw-last_week'));
  assert.ok(await page.isChecked('#ad-unsure'));
  assert.equal(await page.inputValue('#f-people'), 'Around forty, local accent');
  await fitsThePhone(page, `${lang} refused approach`);
  await shot(page, `approach-refused-${lang}-phone`);

  for (const a of asked) await page.check(`#aa-${a}`);
  await page.click('button[value="send"]');
  assert.equal(squash(await page.textContent('h1')), t.receipt_title);
  const receipt = squash(await page.textContent('#receipt')).replace(/\s/g, '');
  assert.match(receipt, /^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
  await fitsThePhone(page, `${lang} receipt`);
  await context.close();
  return receipt;
}

let receipts = {};

test('an approach is filed in English and in Polish on a phone, and each gets a receipt', async () => {
  receipts.en = await fileApproach('en', `@${handle.toUpperCase()}`, ['release_pin', 'pass_or_access']);
  receipts.pl = await fileApproach('pl', `https://instagram.example/${handle}/`, ['move_a_box']);
  assert.notEqual(receipts.en, receipts.pl);
});

test('the handler finds both by the handle, marked as approaches and linked by it', async () => {
  assert.ok(receipts.en && receipts.pl, 'the approaches were filed');
  const context = await browser.newContext({ ...phone, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${base}login`);
  await page.fill('#email', handlerEmail);
  await page.fill('#password', password);
  await page.fill('#totp', totp(handlerUri));
  await page.click('button[type="submit"]');
  assert.equal(new URL(page.url()).pathname, '/handle');
  // Searching the queue for the handle finds the two approaches, and only them.
  await page.fill('#q', `@${handle}`);
  await page.click('form.queue-search button:has-text("Search")');
  const rows = await page.$$('table.queue tbody tr');
  assert.equal(rows.length, 2, squash(await page.textContent('main')));
  for (const r of rows) assert.match(await r.textContent(), /approach/);
  await fitsThePhone(page, 'queue of approaches');
  await shot(page, 'approach-queue-phone');
  const hrefs = await page.$$eval('table.queue a[href^="/handle/reports/"]:not(.linked)',
                                  (as) => as.map((a) => a.getAttribute('href')));
  assert.equal(hrefs.length, 2);
  const en = catalogue.en;
  let sawEnglish = false;
  for (const href of hrefs) {
    await page.goto(`${base}${href.slice(1)}`);
    assert.match(await page.textContent('h1'), /approach/);
    const said = squash(await page.textContent('#report'));
    assert.ok(said.includes(en.field_approach_asked), said);
    assert.ok(said.includes(en['approach_how.social_media']), said);
    assert.ok(said.includes(en['approach_offered.money']), said);
    assert.ok(said.includes(en['yes_no_unsure.unsure']), said);
    if (said.includes(en['approach_asked.release_pin'])) sawEnglish = true;
    // Linked to the other by the handle, whichever way it was typed.
    assert.ok(said.includes(`Social media handle ${handle}`), said);
    const other = hrefs.find((h) => h !== href);
    assert.ok(await page.$(`a[href="${other}"]`), `${href} links to ${other}`);
    await fitsThePhone(page, 'approach report page');
  }
  assert.ok(sawEnglish, 'the English approach is one of the two');
  await shot(page, 'approach-report-phone');
  await context.close();
});
