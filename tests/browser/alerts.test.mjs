// Alerts back to the ports in Debian's Chromium with page scripts off: a
// handler drafts two alerts on a phone (390×844), is held back by the
// identifying-content check until each warning is ticked; a second person,
// a supervisor, approves them at a desk; the Felixstowe facility's manager
// sees both on the facility page and acknowledges one; Dover's manager sees
// neither; the handler sees who acknowledged; the TLP:CLEAR one is on the
// public site in Polish.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, totp, squash, shot, fitsThePhone } from './common.mjs';

const base = process.env.PORTSAFE_URL;
const password = process.env.PORTSAFE_STAFF_PASSWORD;
const facility = process.env.PORTSAFE_PAGES_FACILITY;  // at Felixstowe (GBFXT)
const [handlerUri, supervisorUri, managerUri, doverUri] = process.env.PORTSAFE_ALERT_URIS.split(' ');
const pl = JSON.parse(readFileSync(new URL('../../assets/i18n/pl.json', import.meta.url), 'utf8'));
const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const desk = { viewport: { width: 1280, height: 800 } };
const amber = `Release PINs offered for cash ${process.pid}`;
const clear = `Drones over the stacks ${process.pid}`;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function signedIn(email, uri, size, when = Date.now()) {
  const context = await browser.newContext({ ...size, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${base}login`);
  await page.fill('#email', email);
  await page.fill('#password', password);
  await page.fill('#totp', totp(uri, when));
  await page.click('button[type="submit"]');
  assert.notEqual(new URL(page.url()).pathname, '/login', `${email} signs in`);
  return { page, close: () => context.close() };
}

// Fills the draft form; the expiry keeps the date the form starts with.
async function fillDraft(page, { title, text, lookFor, tlp, ports, publicSite }) {
  await page.fill('#title', title);
  await page.fill('#text', text);
  await page.fill('#look_for', lookFor.join('\n'));
  await page.check(`#tlp-${tlp}`);
  await page.fill('#ports', ports);
  if (publicSite) await page.check('#public_site');
}

test('a handler drafts two alerts on a phone, held back until each warning is ticked', async () => {
  const { page, close } = await signedIn('al-hand@browser.invalid', handlerUri, phone);
  await page.click('nav a:has-text("Alerts")');
  assert.equal(new URL(page.url()).pathname, '/handle/alerts');
  assert.match(await page.inputValue('#expires_on'), /^\d{4}-\d{2}-\d{2}$/);
  await fitsThePhone(page, 'the alerts page');
  await shot(page, 'alerts-draft-phone');

  await fillDraft(page, {
    title: amber,
    text: 'I saw John Smith take cash for a release PIN at 23:15.',
    lookFor: ['Anyone asking for a release PIN', 'Cars waiting near the gates after dark'],
    tlp: 'amber', ports: 'gbfxt',
  });
  await page.click('button:has-text("Save and ask a supervisor to approve")');
  assert.equal(new URL(page.url()).pathname, '/handle/alerts');
  const warnings = await page.$$('#acknowledge input[name="ack"]');
  assert.ok(warnings.length >= 3, squash(await page.textContent('main')));
  assert.equal(await page.inputValue('#title'), amber);  // what was typed is kept
  assert.match(await page.inputValue('#look_for'), /after dark/);
  await fitsThePhone(page, 'the refused draft');
  await shot(page, 'alerts-draft-warnings-phone');
  // Ticking one of them is not enough.
  await warnings[0].check();
  await page.click('button:has-text("Save and ask a supervisor to approve")');
  assert.equal(new URL(page.url()).pathname, '/handle/alerts');
  // Rewritten without the names and times, it is stored.
  await page.fill('#text', 'Hauliers at Felixstowe were offered cash for container release PINs.');
  await page.click('button:has-text("Save and ask a supervisor to approve")');
  assert.match(new URL(page.url()).pathname, /^\/handle\/alerts\/[0-9a-f]{16}$/);
  assert.match(squash(await page.textContent('main')), /awaiting approval/);
  assert.match(squash(await page.textContent('main')), /A supervisor other than you must approve/);
  await fitsThePhone(page, 'the alert');
  await shot(page, 'alert-awaiting-phone');

  await page.goto(`${base}handle/alerts`);
  await fillDraft(page, {
    title: clear, text: 'Drones have been flown over the container stacks to watch the staff.',
    lookFor: ['A drone over the stacks'], tlp: 'clear', ports: 'GBFXT', publicSite: true,
  });
  await page.click('button:has-text("Save and ask a supervisor to approve")');
  assert.match(new URL(page.url()).pathname, /^\/handle\/alerts\/[0-9a-f]{16}$/);
  await close();
});

test('a supervisor approves both at a desk', async () => {
  const { page, close } = await signedIn('al-sup@browser.invalid', supervisorUri, desk);
  for (const title of [amber, clear]) {
    await page.goto(`${base}handle/alerts`);
    await page.click(`a:has-text("${title}")`);
    await page.click('button:has-text("Approve and send to the facilities")');
    assert.match(squash(await page.textContent('.notice')), /^Approved/);
  }
  await shot(page, 'alert-approved-desk');
  await page.goto(`${base}handle/alerts`);
  await shot(page, 'alerts-list-desk');
  await close();
});

test('Felixstowe\'s manager sees and acknowledges them; Dover\'s sees neither', async () => {
  const { page, close } = await signedIn('al-pfso@browser.invalid', managerUri, phone);
  await page.goto(`${base}facility/${facility}`);
  const cards = await page.$$eval('article.alert-card h3', (hs) => hs.map((h) => h.textContent));
  assert.ok(cards.includes(amber) && cards.includes(clear), cards.join(' | '));
  assert.match(squash(await page.textContent('main')), /TLP:AMBER/);
  await fitsThePhone(page, 'the facility page with alerts');
  await shot(page, 'facility-alerts-phone');
  const card = page.locator('article.alert-card', { has: page.locator(`h3:has-text("${amber}")`) });
  await card.locator('button:has-text("Acknowledge")').click();
  const after = page.locator('article.alert-card', { has: page.locator(`h3:has-text("${amber}")`) });
  assert.match(squash(await after.textContent()), /Acknowledged on \d{4}-\d{2}-\d{2}/);
  await close();

  const dover = await signedIn('al-dover@browser.invalid', doverUri, phone);
  await dover.page.goto(`${base}facility/GBDVR-ALERTS`);
  const main = squash(await dover.page.textContent('main'));
  assert.ok(!main.includes(amber) && !main.includes(clear), main);
  assert.match(main, /No alerts for your facility just now/);
  await dover.close();

  // The service sees who acknowledged (the handler signs in again, with the
  // next one-time code).
  const handler = await signedIn('al-hand@browser.invalid', handlerUri, desk, Date.now() + 30000);
  await handler.page.goto(`${base}handle/alerts`);
  await handler.page.click(`a:has-text("${amber}")`);
  const row = await handler.page.$$eval('table.inbox tbody tr td', (tds) => tds.map((t) => t.textContent));
  assert.equal(row.length, 3, row.join(' | '));
  assert.equal(row[0], 'Pages Terminal (GBFXT-PAGES)');
  assert.equal(row[1], 'al-pfso@browser.invalid');
  assert.match(row[2], /^\d{4}-\d{2}-\d{2}$/);
  await shot(handler.page, 'alert-acknowledged-desk');
  await handler.close();
});

test('the TLP:CLEAR alert is on the public site in Polish, the AMBER one is not', async () => {
  const context = await browser.newContext({ ...phone, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${base}?lang=pl`);
  await page.click(`a:has-text("${pl.home_alerts_link}")`);
  assert.equal(new URL(page.url()).pathname, '/alerts');
  assert.equal(squash(await page.textContent('h1')), pl.alerts_title);
  const main = squash(await page.textContent('main'));
  assert.ok(main.includes(clear), main);
  assert.ok(!main.includes(amber), main);
  assert.ok(main.includes(pl.alerts_look_for), main);
  await fitsThePhone(page, 'the public alerts');
  await shot(page, 'public-alerts-pl-phone');
  await context.close();
});
