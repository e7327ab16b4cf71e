// Staff pages in a real browser (Debian's Chromium through Playwright):
// sign-in with password and a TOTP code computed here (RFC 6238), the queue,
// a report page, grading, the sanitised report, approval by a second
// supervisor, the agency's inbox and package, and axe-core on every staff
// page (WCAG 2.1 AA). run.sh makes the accounts with `portsafe user add` and
// files a report.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, expectNoAxeViolations as axeCheck, totp, shot } from './common.mjs';

const base = process.env.PORTSAFE_URL;
const origin = new URL(base).origin;
const email = process.env.PORTSAFE_STAFF_EMAIL;
const password = process.env.PORTSAFE_STAFF_PASSWORD;
const totpUri = process.env.PORTSAFE_STAFF_TOTP_URI;
const marker = process.env.PORTSAFE_REPORT_MARKER;
const handlerUri = process.env.PORTSAFE_HANDLER_TOTP_URI;
const approverUri = process.env.PORTSAFE_APPROVER_TOTP_URI;
const officerUri = process.env.PORTSAFE_OFFICER_TOTP_URI;
const linkMarker = process.env.PORTSAFE_LINK_MARKER;
const accountsUri = process.env.PORTSAFE_ACCOUNTS_TOTP_URI;
const firstUri = process.env.PORTSAFE_FIRST_TOTP_URI;
let browser;

before(async () => {
  browser = await launch();
});
after(async () => { await browser?.close(); });

test('a wrong one-time code is refused with a clear message', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${base}login`);
  await page.fill('#email', email);
  await page.fill('#password', password);
  const wrong = totp(totpUri, Date.now() - 10 * 60 * 1000);  // ten minutes old
  await page.fill('#totp', wrong === totp(totpUri) ? '000000' : wrong);
  await page.click('button[type="submit"]');
  assert.match(await page.textContent('.error-summary'), /^Wrong e-mail address, password or one-time code/);
  assert.equal(new URL(page.url()).pathname, '/login');
  // No session: only the sign-in form's own token (login CSRF).
  assert.deepEqual((await context.cookies()).map((c) => c.name), ['__Host-portsafe-login']);
  await context.close();
});

test('sign in with TOTP, work the queue and grade a report, accessibly', async () => {
  // axe-core needs script; CSP forbids injected scripts, so this context
  // bypasses CSP for the checker only. The pages themselves use no script.
  const context = await browser.newContext({ javaScriptEnabled: true, bypassCSP: true });
  const urls = [];
  context.on('request', (r) => urls.push(r.url()));
  const page = await context.newPage();
  await page.goto(`${base}handle`);
  assert.equal(new URL(page.url()).pathname, '/login');  // signed out: sent to sign in
  await axeCheck(page, 'sign-in');
  await page.click('a[href="/login/recover"]');
  await axeCheck(page, 'password recovery');
  await page.goto(`${base}login`);

  await page.fill('#email', email);
  await page.fill('#password', password);
  await page.fill('#totp', totp(totpUri));
  await page.click('button[type="submit"]');
  assert.equal(new URL(page.url()).pathname, '/handle');
  const cookie = (await context.cookies()).find((c) => c.name === '__Host-portsafe');
  assert.ok(cookie, 'the session cookie is set');
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.secure, true);
  assert.equal(cookie.sameSite, 'Strict');
  assert.match(await page.textContent('h1'), /Report queue/);
  await axeCheck(page, 'queue');

  // The reporter tests filed reports too: open the one run.sh filed.
  const links = await page.$$eval('table.queue a[href^="/handle/reports/"]', (as) => as.map((a) => a.href));
  let found = false;
  for (const link of links) {
    await page.goto(link);
    if ((await page.textContent('main')).includes(marker)) { found = true; break; }
  }
  assert.ok(found, 'the report is shown decrypted');
  await axeCheck(page, 'report');

  await page.selectOption('#source', '2');
  await page.selectOption('#intelligence', 'B');
  await page.selectOption('#handling', 'C');
  await page.click('form:has(#source) button[type="submit"]');
  assert.match(await page.textContent('.error-summary'), /conditions/);  // C needs conditions
  // The error sits beside its field, and the summary at the top leads there.
  assert.match(await page.textContent('#e-conditions'), /conditions/);
  assert.equal(await page.getAttribute('.error-summary a', 'href'), '#conditions');
  assert.equal(await page.inputValue('#handling'), 'C');  // the choices kept
  await axeCheck(page, 'report with an error');
  await page.fill('#conditions', 'Not to be shared with the port operator');
  await page.click('form:has(#source) button[type="submit"]');
  assert.match(await page.textContent('.notice'), /Grade saved/);
  assert.match(await page.textContent('dl.summary'), /2BC \(Not to be shared with the port operator\)/);

  await page.selectOption('#priority', 'threat_to_life');
  await page.click('form:has(#priority) button[type="submit"]');
  assert.match(await page.textContent('dl.summary'), /Threat to life/);
  await page.goto(`${base}handle`);
  assert.match(await page.textContent('table.queue tr.threat'), /Threat to life/);

  await page.goto(`${base}handle/phone`);
  await axeCheck(page, 'phone report');
  await page.goto(`${base}account`);
  await axeCheck(page, 'account');

  await page.click('button:has-text("Sign out")');
  assert.equal(new URL(page.url()).pathname, '/login');
  await page.goto(`${base}handle`);
  assert.equal(new URL(page.url()).pathname, '/login');
  for (const u of urls) assert.ok(u.startsWith(origin), `request left the site: ${u}`);
  await context.close();
});

// Signs in on the /login form (with the code of the time `when`: a code
// works once, so a second sign-in within 30 s takes the next one); returns
// where the browser landed.
async function signIn(page, who, uri, when = Date.now()) {
  await page.goto(`${base}login`);
  await page.fill('#email', who);
  await page.fill('#password', password);
  await page.fill('#totp', totp(uri, when));
  await page.click('button[type="submit"]');
  return new URL(page.url()).pathname;
}

async function signOut(page) {
  await page.click('button:has-text("Sign out")');
  assert.equal(new URL(page.url()).pathname, '/login');
}

// Opens the report run.sh filed from the queue.
async function openMarkedReport(page) {
  await page.goto(`${base}handle`);
  const links = await page.$$eval('table.queue a[href^="/handle/reports/"]', (as) => as.map((a) => a.href));
  for (const link of links) {
    await page.goto(link);
    if ((await page.textContent('main')).includes(marker)) return;
  }
  assert.fail('the marked report is not in the queue');
}

test('sanitise, approve by a second supervisor, and the agency acts on the package', async () => {
  const context = await browser.newContext({ javaScriptEnabled: true, bypassCSP: true });
  const urls = [];
  context.on('request', (r) => urls.push(r.url()));
  const page = await context.newPage();

  // The handler writes the sanitised report beside the original.
  assert.equal(await signIn(page, 'hand@browser.invalid', handlerUri), '/handle');
  await openMarkedReport(page);
  assert.match(await page.textContent('.side-by-side'), new RegExp(marker));  // the original beside
  await page.fill('#sanitised', 'I saw two men at 23:15 by the gate.');
  await page.click('form:has(#sanitised) button[type="submit"]');
  const warnings = await page.textContent('.warnings');
  assert.match(warnings, /reporter's own voice/);
  assert.match(warnings, /time of day/);
  // One box per warning, to acknowledge each before asking for approval.
  assert.equal((await page.$$('input[name="ack"]')).length, (await page.$$('.warnings li')).length);
  await axeCheck(page, 'report with sanitising warnings');
  await page.fill('#sanitised', 'Two men were seen moving bags near a gate overnight.');
  await page.click('form:has(#sanitised) button[type="submit"]');
  // It never says the text is safe: it says what it looked for.
  assert.match(await page.textContent('.notice'), /found none of what it looks for/);
  assert.doesNotMatch(await page.textContent('main'), /nothing identifying/i);
  assert.match(await page.textContent('main'), /The check looks for personal names/);
  assert.equal(await page.$('.warnings'), null);
  // The rules propose the local force for the port; it is ticked.
  assert.equal(await page.isChecked('#to-SUFFOLK-POLICE'), true);
  // A draft with a warning goes to a supervisor only once it is ticked.
  await page.fill('#sanitised', 'Two men were seen moving bags near a gate overnight. They left at 23:15.');
  await page.click('form:has(#sanitised) button[type="submit"]');
  assert.match(await page.textContent('.warnings'), /time of day/);
  await page.click('button:has-text("Ask a supervisor to approve")');
  assert.match(await page.textContent('.error-summary'), /acknowledged yet/);
  assert.equal(await page.isChecked('#to-SUFFOLK-POLICE'), true);  // as the handler left it
  assert.doesNotMatch(await page.textContent('main'), /Waiting for a supervisor's approval/);
  for (const box of await page.$$('input[name="ack"]')) await box.check();
  await page.click('button:has-text("Ask a supervisor to approve")');
  assert.match(await page.textContent('.notice'), /approval/);
  assert.match(await page.textContent('main'), /Waiting for a supervisor's approval/);
  assert.equal(await page.$('button:has-text("Approve and send")'), null);  // not for a handler
  await signOut(page);

  // A second supervisor approves.
  await signIn(page, 'sup2@browser.invalid', approverUri);
  await openMarkedReport(page);
  // The supervisor sees which warnings the handler acknowledged.
  assert.match(await page.textContent('.warnings'), /23:15.*acknowledged by the handler/s);
  await axeCheck(page, 'report awaiting approval');
  await page.click('button:has-text("Approve and send")');
  assert.match(await page.textContent('.notice'), /Approved/);
  assert.match(await page.textContent('dl.summary'), /Disseminated/);
  assert.match(await page.textContent('section.package'), /Suffolk Constabulary/);
  await page.goto(`${base}team`);
  assert.match(await page.textContent('table.queue'), /hand@browser\.invalid/);
  // A holder's key can be taken back; one's own cannot.
  assert.notEqual(await page.$('button[aria-label="Take back the key from hand@browser.invalid"]'), null);
  assert.equal(await page.$('button[aria-label="Take back the key from sup2@browser.invalid"]'), null);
  await axeCheck(page, 'team');
  await signOut(page);

  // The officer: inbox, package, acknowledgement, question, outcome.
  assert.equal(await signIn(page, 'off@browser.invalid', officerUri), '/agency');
  await axeCheck(page, 'agency inbox');
  // The inbox names the port beside its code.
  assert.match(await page.textContent('table.inbox'), /Felixstowe \(GBFXT\)/);
  await page.click('table.inbox a[href^="/agency/packages/"]');
  const text = await page.textContent('main');
  assert.match(text, /Two men were seen moving bags near a gate overnight\./);
  assert.ok(!text.includes(marker), 'the original never reaches the agency');
  await axeCheck(page, 'agency package');
  await page.click('button:has-text("Acknowledge receipt")');
  assert.match(await page.textContent('.notice'), /Acknowledged/);
  await page.fill('#question', 'Which gate?');
  await page.click('button:has-text("Send the question")');
  assert.match(await page.textContent('ol.thread'), /Which gate\?/);
  await page.selectOption('#kind', 'seizure');
  await page.click('button:has-text("Record the outcome")');
  assert.match(await page.textContent('.error-summary'), /choose what was seized/);
  await axeCheck(page, 'agency package with an error');
  await page.selectOption('#seizure_type', 'drugs');
  await page.fill('#quantity', '40 kg');
  await page.click('button:has-text("Record the outcome")');
  assert.match(await page.textContent('dl.summary'), /Seizure of Drugs \(40 kg\)/);
  assert.ok(await page.$('button:has-text("Change the outcome")'), 'a recorded outcome is changed');
  // The queue is not for officers: a clear refusal, itself accessible.
  const refused = await page.goto(`${base}handle`);
  assert.equal(refused.status(), 403);
  assert.ok(!(await page.textContent('main')).includes(marker));
  await axeCheck(page, 'refusal page');
  await signOut(page);
  for (const u of urls) assert.ok(u.startsWith(origin), `request left the site: ${u}`);
  await context.close();
});

test('reports naming the same van are linked: the queue, the report page and the graph', async () => {
  const context = await browser.newContext({ javaScriptEnabled: true, bypassCSP: true });
  const urls = [];
  context.on('request', (r) => urls.push(r.url()));
  const page = await context.newPage();
  // The handler signed in moments ago: the next code.
  assert.equal(await signIn(page, 'hand@browser.invalid', handlerUri, Date.now() + 30000), '/handle');
  // The queue marks linked reports; one of them is a van report.
  assert.ok((await page.$$('a.linked')).length >= 2, 'linked reports are marked in the queue');
  const reports = await page.$$eval('table.queue a[href^="/handle/reports/"]', (as) => as.map((a) => a.href));
  let vanReport;
  for (const r of reports) {
    await page.goto(r);
    if ((await page.textContent('main')).includes(linkMarker)) { vanReport = r; break; }
  }
  assert.ok(vanReport, 'a van report is in the queue');
  assert.match(await page.textContent('#links ~ table.queue'), /UK vehicle AB12CDE/);
  await page.click('a:has-text("See the link graph")');
  assert.match(new URL(page.url()).pathname, /^\/handle\/links\/[0-9a-f]{32}$/);
  assert.match(await page.textContent('h1'), /Links of report/);
  assert.equal(await page.locator('svg.link-graph').count(), 1);
  assert.match(await page.textContent('svg.link-graph'), /UK vehicle AB12CDE/);
  assert.match(await page.textContent('table.queue'), /UK vehicle AB12CDE/);
  await axeCheck(page, 'link graph');
  // From the graph to the other van report, whose page lists the first.
  const other = await page.$eval('table.queue a[href^="/handle/reports/"]', (a) => a.href);
  assert.notEqual(other, vanReport);
  await page.goto(other);
  assert.match(await page.textContent('main'), new RegExp(linkMarker));
  const listed = await page.$$eval('#links ~ table.queue a[href^="/handle/reports/"]', (as) => as.map((a) => a.href));
  assert.ok(listed.includes(vanReport), `${vanReport} in ${listed}`);
  await axeCheck(page, 'report with links');
  // The queue's search: the van's number, typed as a person types it,
  // finds both its reports; the reference read out on the phone, in lower
  // case, finds its one; "linked" keeps the linked ones.
  const queueLinks = () => page.$$eval('table.queue a[href^="/handle/reports/"]', (as) => as.map((a) => a.href));
  await page.goto(`${base}handle?q=${encodeURIComponent('ab12 cde')}`);
  const byVan = await queueLinks();
  assert.ok(byVan.includes(vanReport) && byVan.includes(other), `${byVan}`);
  await page.goto(vanReport);
  const reference = (await page.textContent('h1')).match(/[0-9A-Z]{4}-[0-9A-Z]{4}/)[0];
  await page.goto(`${base}handle`);
  await page.fill('#q', reference.toLowerCase());
  await page.click('form.queue-search button[type="submit"]');
  assert.deepEqual(await queueLinks(), [vanReport]);
  assert.match(await page.textContent('main p.notice'), new RegExp(`Reference ${reference}`));
  await axeCheck(page, 'queue search');
  await page.goto(`${base}handle?linked=1`);
  const linkedOnly = await queueLinks();
  assert.ok(linkedOnly.includes(vanReport) && linkedOnly.includes(other), `${linkedOnly}`);
  await page.goto(`${base}handle?q=${encodeURIComponent('no such thing at all')}`);
  assert.deepEqual(await queueLinks(), []);
  assert.match(await page.textContent('main .error-summary'), /Nothing matches/);
  // Closing is destructive: styled so, and refused until confirmed.
  await page.goto(other);
  // The page is in parts, listed at the top; closing waits, folded, in the summary.
  assert.deepEqual(await page.$$eval('nav.contents a', (as) => as.map((a) => a.textContent)),
    ['Summary', 'What the reporter said', 'Conversation with the reporter', 'Grading', 'Sanitised intelligence report', 'History']);
  assert.equal(await page.isVisible('button:has-text("Close the report")'), false);
  await page.click('summary:has-text("Close this report")');
  assert.equal(await page.getAttribute('button:has-text("Close the report")', 'class'), 'danger');
  await page.fill('#note', 'Duplicate of the van report');
  await page.click('button:has-text("Close the report")');
  assert.match(await page.textContent('main .error-summary'), /Tick "Yes, close this report"/);
  assert.match(await page.textContent('#e-sure'), /Tick "Yes, close this report"/);
  assert.equal(await page.inputValue('#note'), 'Duplicate of the van report');  // kept, and open
  assert.equal(await page.isVisible('#sure'), true);
  assert.ok(!(await page.textContent('main dl')).includes('Closed because'), 'closed unconfirmed');
  await signOut(page);
  for (const u of urls) assert.ok(u.startsWith(origin), `request left the site: ${u}`);
  await context.close();

  // Without JavaScript the graph is there all the same: drawn by the server.
  const plain = await browser.newContext({ javaScriptEnabled: false });
  const p2 = await plain.newPage();
  assert.equal(await signIn(p2, email, totpUri, Date.now() + 30000), '/handle');
  await p2.goto(vanReport.replace('/handle/reports/', '/handle/links/'));
  assert.ok(await p2.locator('svg.link-graph rect').count() >= 3, 'the graph is drawn');
  await plain.close();
});

test('a first password is changed before anything else, and the admin stops the account', async () => {
  // The new handler, on a phone, without JavaScript.
  const phone = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
  const page = await phone.newPage();
  assert.equal(await signIn(page, 'new@browser.invalid', firstUri), '/account');
  assert.match(await page.textContent('main .notice'), /Choose your own password before anything else/);
  await shot(page, 'first-password-390');
  await page.goto(`${base}handle`);
  assert.equal(new URL(page.url()).pathname, '/account');  // nowhere else yet
  await page.fill('#old_password', password);
  await page.fill('#new_password', 'a password of my own choosing');
  await page.click('button:has-text("Change password")');
  assert.match(await page.textContent('.notice'), /Your password is changed/);
  assert.equal(await page.$('.error-summary'), null);
  await page.goto(`${base}handle`);
  assert.equal(new URL(page.url()).pathname, '/handle');

  // The programme admin's accounts view, at a desk and on a phone.
  const desk = await browser.newContext({ javaScriptEnabled: true, bypassCSP: true, viewport: { width: 1280, height: 800 } });
  const admin = await desk.newPage();
  assert.equal(await signIn(admin, 'acc@browser.invalid', accountsUri), '/admin');
  await admin.goto(`${base}team`);
  await axeCheck(admin, 'accounts');
  await shot(admin, 'accounts-1280');
  await admin.setViewportSize({ width: 390, height: 844 });
  assert.ok(await admin.evaluate(() => document.documentElement.scrollWidth <= 390), 'the accounts view fits 390 px');
  await shot(admin, 'accounts-390');
  const card = admin.locator('ul.accounts > li', { hasText: 'new@browser.invalid' });
  assert.match(await card.textContent(), /active/);
  // Removing needs the box ticked (the browser itself refuses the form).
  await card.locator('button:has-text("Remove")').click();
  assert.ok(await admin.locator('ul.accounts > li', { hasText: 'new@browser.invalid' }).count() === 1);
  await card.locator('button:has-text("Disable")').click();
  assert.match(await admin.textContent('.notice'), /Account disabled/);
  assert.match(await admin.locator('ul.accounts > li', { hasText: 'new@browser.invalid' }).textContent(), /disabled/);
  await shot(admin, 'accounts-disabled-390');

  // The handler's next request finds the session gone.
  await page.goto(`${base}handle`);
  assert.equal(new URL(page.url()).pathname, '/login');
  await phone.close();
  await desk.close();
});
