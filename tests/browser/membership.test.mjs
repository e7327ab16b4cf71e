// Membership and figures in a real browser (Debian's Chromium through
// Playwright): a facility applies on /join (with a mistake first), the
// programme admin declines one application and approves another at /admin,
// the invited security officer sets a password, reads the TOTP secret and
// signs in to the facility's page, the admin previews a newsletter, and the
// public /figures page shows charts beside tables. axe-core checks every
// page for WCAG 2.1 AA. run.sh makes the admin with `portsafe user add`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, expectNoAxeViolations as axeCheck, totp } from './common.mjs';

const base = process.env.PORTSAFE_URL;
const password = process.env.PORTSAFE_STAFF_PASSWORD;
const adminUri = process.env.PORTSAFE_ADMIN_TOTP_URI;
let browser;

before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function apply(page, facility, port) {
  await page.goto(`${base}join?lang=en`);
  await page.fill('#operator', 'Hutchison Ports');
  await page.fill('#port', port);
  await page.fill('#facility_name', facility);
  await page.fill('#email', `pfso@${facility.split(' ')[0].toLowerCase()}.browser.invalid`);
  await page.fill('#staff_count', '120');
  await page.click('button[type="submit"]');
}

test('a facility applies, the admin decides, the officer sets up the account and signs in', async () => {
  const context = await browser.newContext({ javaScriptEnabled: true, bypassCSP: true });
  const page = await context.newPage();

  // Sent empty: every problem at once, each next to its field, in the
  // reader's language.
  await page.goto(`${base}join?lang=pl`);
  assert.equal(await page.textContent('h1'), 'Dołącz do PortSafe');
  await page.click('button[type="submit"]');
  assert.equal((await page.$$('.error-summary li a')).length, 5);
  assert.equal((await page.$$('.field.has-error .error-text')).length, 5);
  assert.match(await page.textContent('.error-summary'), /Podaj służbowy adres e-mail/);
  assert.equal(await page.getAttribute('#email', 'aria-invalid'), 'true');
  assert.equal(await page.getAttribute('html', 'lang'), 'pl');
  await axeCheck(page, '/join in Polish with every error');

  // A port the directory does not know: a clear error, the answers kept.
  await apply(page, 'Landguard Terminal', 'Atlantis');
  assert.match(await page.textContent('.error-summary'), /Choose a UK seaport/);
  assert.equal(await page.inputValue('#facility_name'), 'Landguard Terminal');
  await axeCheck(page, '/join with an error');
  await apply(page, 'Landguard Terminal', 'Felixstowe');
  assert.match(await page.textContent('main'), /Application received/);
  await axeCheck(page, '/join received');
  await apply(page, 'Nowhere Depot', 'Dover');
  assert.match(await page.textContent('main'), /Application received/);

  // The admin signs in and lands on /admin.
  await page.goto(`${base}login`);
  await page.fill('#email', 'adm@browser.invalid');
  await page.fill('#password', password);
  await page.fill('#totp', totp(adminUri));
  await page.click('button[type="submit"]');
  assert.equal(new URL(page.url()).pathname, '/admin');
  await axeCheck(page, '/admin with applications');
  // Declining needs a reason.
  await page.click('button:has-text("Decline Nowhere Depot")');
  assert.match(await page.textContent('.error-summary'), /Say why/);
  await page.fill('section.application:has-text("Nowhere Depot") input[name="reason"]',
    'Not a port facility');
  await page.click('button:has-text("Decline Nowhere Depot")');
  assert.match(await page.textContent('.notice'), /Declined/);
  await page.click('button:has-text("Approve Landguard Terminal")');
  const notice = await page.textContent('.notice');
  assert.match(notice, /facility GBFXT-LANDGUARD is a member/);
  await axeCheck(page, '/admin after approval');
  const link = notice.match(/(https?:\/\/\S+\/invite\/[0-9a-f]{40})/)[1];
  const invite = new URL(link).pathname;

  // The newsletter: preview before sending.
  await page.goto(`${base}admin/newsletter`);
  await page.fill('#subject', 'Winter newsletter');
  await page.fill('#markdown', '# Winter\n\nThank you, **members**. <script>alert(1)</script>');
  await page.click('button[value="preview"]');
  assert.equal(await page.textContent('.newsletter h1'), 'Winter');
  assert.equal(await page.$('.newsletter script'), null);
  await axeCheck(page, '/admin/newsletter preview');
  // Sending asks first, with how many it goes to and what they will read;
  // with no mail server the admin is told so in words, the text kept.
  await page.click('button[value="send"]');
  assert.match(await page.textContent('#confirm'), /It goes to (the )?\d+ security officers?/);
  assert.equal(await page.textContent('.newsletter h1'), 'Winter');
  await axeCheck(page, '/admin/newsletter confirmation');
  await page.click('button[value="confirm"]');
  assert.match(await page.textContent('.error-summary'), /no mail server to send through, so nothing was sent/);
  assert.equal(await page.inputValue('#subject'), 'Winter newsletter');
  assert.match(await page.inputValue('#markdown'), /^# Winter\n\nThank you/);
  await page.click('button:has-text("Sign out")');

  // The security officer follows the one-time link.
  await page.goto(`${base}${invite.slice(1)}`);
  await axeCheck(page, '/invite');
  await page.fill('#password', 'a long enough passphrase');
  await page.fill('#password_again', 'a long enough passphrase');
  await page.click('button[type="submit"]');
  assert.match(await page.textContent('h1'), /Set up your authenticator app/);
  await axeCheck(page, '/invite done');
  const uri = await page.textContent('#totp-uri');
  // The recovery code is written down easily: groups of four, no I, L, O or U.
  assert.match(await page.textContent('#recovery-code'),
    /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){7}$/);
  // The account is not live until one code from the app is typed.
  const signIn = async (code) => {
    await page.goto(`${base}login`);
    await page.fill('#email', 'pfso@landguard.browser.invalid');
    await page.fill('#password', 'a long enough passphrase');
    await page.fill('#totp', code);
    await page.click('button[type="submit"]');
  };
  await signIn(totp(uri));
  assert.equal(new URL(page.url()).pathname, '/login');
  // A wrong code is refused next to its field; the right one makes it live.
  await page.goto(`${base}${invite.slice(1)}`);
  await page.fill('#password', 'a long enough passphrase');
  await page.fill('#password_again', 'a long enough passphrase');
  await page.click('button[type="submit"]');
  const uri2 = await page.textContent('#totp-uri');
  assert.notEqual(uri2, uri);  // opening the link again started over
  const right = totp(uri2);
  await page.fill('#totp', right === '000000' ? '111111' : '000000');
  await page.click('button:has-text("Start using my account")');
  assert.match(await page.textContent('#totp-error'), /That code is not right/);
  assert.equal(await page.getAttribute('#totp', 'aria-invalid'), 'true');
  await axeCheck(page, '/invite wrong code');
  await page.fill('#totp', totp(uri2));
  await page.click('button:has-text("Start using my account")');
  assert.match(await page.textContent('h1'), /Your account is ready/);
  await page.goto(`${base}${invite.slice(1)}`);
  assert.match(await page.textContent('main'), /This invitation link no longer works/);

  // Signing in at once, with the code the app still shows, works.
  await signIn(totp(uri2));
  assert.equal(new URL(page.url()).pathname, '/facility/GBFXT-LANDGUARD');
  const main = await page.textContent('main');
  assert.match(main, /\/r\/GBFXT-LANDGUARD/);
  assert.match(main, /fewer than 5/);
  await axeCheck(page, '/facility');
  // A download from the page, with the session cookie.
  const [status, type] = await page.evaluate(async (u) => {
    const r = await fetch(u);
    return [r.status, r.headers.get('content-type')];
  }, '/facility/GBFXT-LANDGUARD/materials/pl/leaflet-a5.pdf');
  assert.equal(status, 200);
  assert.equal(type, 'application/pdf');
  await context.close();
});

test('the public figures: a chart and a table for each, small counts hidden, CSV', async () => {
  const context = await browser.newContext({ javaScriptEnabled: true, bypassCSP: true });
  const page = await context.newPage();
  const requests = [];
  context.on('request', (r) => requests.push(new URL(r.url()).origin));
  await page.goto(`${base}figures`);
  assert.equal(await page.textContent('h1'), 'Figures');
  const charts = await page.$$('svg.chart[role="img"] title');
  const tables = await page.$$('table.figures');
  assert.ok(charts.length >= 5, 'a chart per table');
  assert.equal(charts.length, tables.length);
  assert.match(await page.textContent('main'), /fewer than 5/);
  // Two published months: the big counts are shown, and tables over months
  // say which months they cover.
  assert.match(await page.textContent('main'), /Months covered/);
  await axeCheck(page, '/figures');
  await page.goto(`${base}figures?lang=uk`);
  assert.match(await page.textContent('main'), /менше 5/);
  await axeCheck(page, '/figures in Ukrainian');
  const csv = await page.request.get(`${base}figures/reports-by-category.csv?lang=en`);
  assert.equal(csv.status(), 200);
  assert.match(csv.headers()['content-type'], /^text\/csv/);
  assert.match(await csv.text(), /^Kind of crime,Reports,State,Shown as\r\n/);
  // The column headers in the page's language.
  const csvUk = await page.request.get(`${base}figures/reports-by-category.csv?lang=uk`);
  assert.match(await csvUk.text(), /^[^\r\n]*Стан,Показано як\r\n/);
  // What a freeport is, under its table.
  await page.goto(`${base}figures?lang=en`);
  assert.match(await page.textContent('#h-reports-by-freeport ~ p.hint'), /A freeport is an area/);
  assert.ok(requests.every((o) => o === new URL(base).origin), 'no third-party requests');
  await context.close();
});
