// Learning to recognise (/learn) in Debian's Chromium on a phone (390×844)
// with page scripts off: a lesson opened through a facility's learning
// link, its knowledge check sent half answered (kept, with what is missing
// listed) and then in full (marked answer by answer), in English and
// Polish, with no cookie set; then the facility's security manager sees
// its lessons completed beside its figures, under the disclosure rules
// (run.sh seeded two published months: one lesson 7 and 6 times, one 2
// and 3 times).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, totp, squash, shot, fitsThePhone } from './common.mjs';

const base = process.env.PORTSAFE_URL;
const facility = process.env.PORTSAFE_PAGES_FACILITY;
const password = process.env.PORTSAFE_STAFF_PASSWORD;
const managerEmail = process.env.PORTSAFE_LEARN_MANAGER_EMAIL;
const managerUri = process.env.PORTSAFE_LEARN_MANAGER_URI;
const read = (path) => JSON.parse(readFileSync(new URL(`../../assets/${path}`, import.meta.url), 'utf8'));
const catalogue = { en: read('i18n/en.json'), pl: read('i18n/pl.json') };
const answers = Object.fromEntries(read('learn/lessons.json').lessons.map((l) => [l.id, l.answers]));
const lesson = (lang, id) => read(`learn/${lang}/${id}.json`);
const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });




for (const lang of ['en', 'pl']) {
  test(`a lesson and its check through the facility's link, in ${lang}, on a phone`, async () => {
    const t = catalogue[lang];
    const id = 'recruitment';
    const text = lesson(lang, id);
    const context = await browser.newContext({ ...phone, javaScriptEnabled: false });
    const page = await context.newPage();
    // The link as a poster prints it, typed in lower case.
    await page.goto(`${base}learn/${facility.toLowerCase()}?lang=${lang}`);
    assert.equal(squash(await page.textContent('h1')), t.learn_title);
    await fitsThePhone(page, `${lang} lessons`);
    await shot(page, `learn-index-${lang}-phone`);
    await page.click(`a[href^="/learn/${facility}/${id}"]`);
    assert.equal(squash(await page.textContent('h1')), text.title);
    for (const s of text.sections) {
      assert.ok(squash(await page.textContent('article')).includes(squash(s.heading)), s.heading);
    }
    await fitsThePhone(page, `${lang} lesson`);
    await shot(page, `learn-lesson-${lang}-phone`);

    // Half answered: sent back with the answers kept and the rest listed.
    const right = answers[id];
    const ids = Object.keys(right);
    await page.check(`#${ids[0]}-${right[ids[0]]}`);
    await page.click('section.check button[type="submit"]');
    assert.equal(squash(await page.textContent('.error-summary h2')), t.learn_answer_all);
    assert.ok(await page.isChecked(`#${ids[0]}-${right[ids[0]]}`));
    assert.equal((await page.$$('.error-summary li')).length, ids.length - 1);
    await fitsThePhone(page, `${lang} half-answered check`);

    // In full, the second one wrong: each answer marked, with why.
    const wrongOption = text.questions[1].options.find((o) => o.id !== right[ids[1]]);
    for (const q of ids) await page.check(`#${q}-${q === ids[1] ? wrongOption.id : right[q]}`);
    await page.click('section.check button[type="submit"]');
    const result = squash(await page.textContent('main'));
    assert.ok(result.includes(squash(t.learn_score.replace('{right}', ids.length - 1)
                                                 .replace('{total}', ids.length))), result);
    assert.ok(result.includes(squash(wrongOption.feedback)), result);
    assert.equal((await page.$$('ol.marked li.wrong')).length, 1);
    assert.equal((await page.$$('ol.marked li.right')).length, ids.length - 1);
    // It ends with "I was approached", through the facility.
    assert.ok(await page.$(`aside.then a[href="/approached/${facility}?lang=${lang}"]`));
    await fitsThePhone(page, `${lang} marked check`);
    await shot(page, `learn-result-${lang}-phone`);
    assert.deepEqual(await context.cookies(), [], 'no cookie, ever');
    await context.close();
  });
}

test('the facility\'s security manager sees its lessons completed, small counts hidden', async () => {
  const context = await browser.newContext({ ...phone, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${base}login`);
  await page.fill('#email', managerEmail);
  await page.fill('#password', password);
  await page.fill('#totp', totp(managerUri));
  await page.click('button[type="submit"]');
  await page.goto(`${base}facility/${facility}`);
  const text = squash(await page.textContent('main'));
  assert.ok(text.includes('Lessons completed'), text);
  const rows = await page.$$eval('tr', (trs) => trs.map((tr) => [...tr.children]
    .map((c) => c.textContent.replace(/\s+/g, ' ').trim()).join(' | ')));
  assert.ok(rows.includes('The three kinds of insider | 13'), rows.join('\n'));
  assert.ok(rows.includes('How recruitment approaches look | fewer than 5 in each month'),
            rows.join('\n'));
  await fitsThePhone(page, 'facility page with lessons');
  await shot(page, 'learn-manager-phone');
  await context.close();
});
