// Every page of every role, as its user sees it: page scripts off, on a
// phone (390×844) and at a desk (1280×800). On each page and at each size:
//   - nothing is wider than the window, except inside a box that scrolls;
//   - chart text is drawn at least 11 px high;
//   - axe-core finds no WCAG 2.1 AA violation.
// One of the reports carries a 4032×3024 photo, as a phone takes it. With
// PORTSAFE_SHOTS naming a folder, a full-page screenshot of every page at
// both sizes is written there (scripts/screens.sh) for a person to look at.
//
// Layout is measured in a context with JavaScript disabled (the pages have
// no script of their own; Playwright's evaluate still reads the layout).
// axe-core needs script and timers, so it runs in a second context with the
// same cookies, which bypasses CSP for the checker only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, expectNoAxeViolations, totp } from './common.mjs';

const base = process.env.PORTSAFE_URL;
const password = process.env.PORTSAFE_STAFF_PASSWORD;
const who = JSON.parse(process.env.PORTSAFE_PAGES_ACCOUNTS);  // role -> {email, uri}
const facility = process.env.PORTSAFE_PAGES_FACILITY;
const photoMarker = `PAGES-PHOTO-${process.pid}`;
const sizes = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desk', width: 1280, height: 800 },
];
let browser;
let photo;  // a 4032×3024 JPEG

before(async () => {
  browser = await launch();
  // Drawn by the browser itself: Debian's Chromium is the one image tool
  // every test machine has.
  const context = await browser.newContext({ viewport: { width: 4032, height: 3024 } });
  const page = await context.newPage();
  await page.setContent('<body style="margin:0;width:4032px;height:3024px;' +
    'background:linear-gradient(135deg,#2b6cb0,#f6ad55 40%,#2f855a 70%,#1a202c)">' +
    '<p style="font:400px sans-serif;color:#fff;margin:600px">Gate 4</p></body>');
  photo = await page.screenshot({ type: 'jpeg', quality: 85 });
  await context.close();
  assert.equal(photo.readUInt16BE(0), 0xffd8);
});
after(async () => { await browser?.close(); });

// What the layout check finds on the page as it is now: elements that reach
// past the window's sides outside any scrolling box, and chart text drawn
// smaller than 11 px.
async function layoutProblems(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const problems = [];
    const name = (el) => el.tagName.toLowerCase() + (el.id ? `#${el.id}` : '') +
      (typeof el.className === 'string' && el.className ? `.${el.className.split(' ').join('.')}` : '');
    const scrolls = (el) => {
      for (let p = el.parentElement; p && p !== document.documentElement; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if (o === 'auto' || o === 'scroll' || o === 'hidden' && p.scrollWidth > p.clientWidth) {
          return true;
        }
      }
      return false;
    };
    if (document.documentElement.scrollWidth > width) {
      problems.push(`the page is ${document.documentElement.scrollWidth}px wide`);
    }
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if (getComputedStyle(el).position === 'absolute' && r.width <= 1) continue;  // visually hidden
      if (r.right > width + 0.5 || r.left < -0.5) {
        if (el.classList.contains('skip')) continue;  // the skip link waits off screen for focus
        if (!scrolls(el)) problems.push(`${name(el)} spans ${Math.round(r.left)}–${Math.round(r.right)}px`);
      }
    }
    for (const t of document.querySelectorAll('svg text')) {
      const ctm = t.getScreenCTM();
      if (!ctm || t.getBoundingClientRect().width === 0) continue;
      const px = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(ctm.a, ctm.b);
      if (px < 11) problems.push(`chart text "${t.textContent.slice(0, 30)}" is ${px.toFixed(1)}px`);
    }
    return problems.slice(0, 10);
  });
}

// Looks at the page the browser is on at both sizes: the layout in `view`
// (scripts off), then axe in `axe`, which `go` has brought to the same page.
async function looksRight(view, axe, role, name) {
  for (const size of sizes) {
    await view.setViewportSize({ width: size.width, height: size.height });
    assert.equal(await view.evaluate(() => document.scripts.length), 0, `${role} ${name}: a page script`);
    assert.deepEqual(await layoutProblems(view), [], `${role} ${name} at ${size.width}px`);
    if (process.env.PORTSAFE_SHOTS) {
      await view.screenshot({ path: `${process.env.PORTSAFE_SHOTS}/${role}-${name}-${size.name}.png`, fullPage: true });
    }
    await axe.setViewportSize({ width: size.width, height: size.height });
    await expectNoAxeViolations(axe, `${role} ${name} at ${size.width}px`);
  }
}

// Two pages of one browser user: scripts off for the view, on for axe.
async function pagesFor(storageState) {
  const viewContext = await browser.newContext({ javaScriptEnabled: false, storageState });
  const axeContext = await browser.newContext({ javaScriptEnabled: true, bypassCSP: true, storageState });
  return {
    view: await viewContext.newPage(), axe: await axeContext.newPage(),
    close: async () => { await viewContext.close(); await axeContext.close(); },
  };
}

// Visits `path` (or runs `go`) in both pages and looks at the result.
async function visit(p, role, name, go) {
  for (const page of [p.view, p.axe]) {
    if (typeof go === 'string') {
      const res = await page.goto(`${base}${go.replace(/^\//, '')}`);
      assert.ok(res.status() < 500, `${role} ${name}: ${res.status()}`);
    } else {
      await go(page);
    }
  }
  await looksRight(p.view, p.axe, role, name);
}

// Signs in on the form with scripts off; tries the next code once if this
// one was spent by an earlier sign-in in the same 30 s.
async function signedIn(role) {
  const { email, uri } = who[role];
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  for (const when of [Date.now(), Date.now() + 30000]) {
    await page.goto(`${base}login`);
    await page.fill('#email', email);
    await page.fill('#password', password);
    await page.fill('#totp', totp(uri, when));
    await page.click('button[type="submit"]');
    if (new URL(page.url()).pathname !== '/login') break;
  }
  assert.notEqual(new URL(page.url()).pathname, '/login', `${role} signs in`);
  const state = await context.storageState();
  await context.close();
  return pagesFor(state);
}

async function fileWithPhoto(page) {
  await page.goto(`${base}report`);
  await page.fill('#f-port', 'GBFXT');
  await page.click('button[value="find"]');
  await page.fill('#f-description', `${photoMarker} a van loading at gate 4, photo attached`);
  await page.selectOption('#f-category', 'drugs');
  await page.check('#hk-saw');
  await page.setInputFiles('#f-files', { name: 'IMG_4032.jpg', mimeType: 'image/jpeg', buffer: photo });
  await page.click('button[value="send"]');
  assert.match((await page.textContent('#receipt')).trim(), /^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
}

// Hrefs of the links matching `selector` on the page `path`.
async function hrefs(page, path, selector) {
  await page.goto(`${base}${path.replace(/^\//, '')}`);
  return page.$$eval(selector, (as) => as.map((a) => new URL(a.href).pathname));
}

test('the public pages fit both sizes, with a report carrying a 4032×3024 photo', async () => {
  const p = await pagesFor(undefined);
  for (const [name, path] of [
    ['home', '/'], ['home-pl', '/?lang=pl'], ['report-form', '/report'], ['followup', '/followup'],
    ['facility-link', `/r/${facility}`], ['not-found', '/r/NOWHERE'], ['figures', '/figures'],
    ['figures-uk', '/figures?lang=uk'], ['join', '/join'], ['sign-in', '/login'],
    ['recover', '/login/recover'], ['invite-spent', '/invite/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
    ['approached', '/approached'], ['approached-pl', `/approached/${facility}?lang=pl`],
    ['learn', '/learn'], ['learn-facility-uk', `/learn/${facility}?lang=uk`],
    ['learn-lesson-lt', '/learn/signs-on-coast?lang=lt'],
    ['alerts', '/alerts'], ['alerts-uk', '/alerts?lang=uk'],
  ]) {
    await visit(p, 'public', name, path);
  }
  await visit(p, 'public', 'report-errors', async (page) => {
    await page.goto(`${base}report`);
    await page.click('button[value="send"]');
  });
  await visit(p, 'public', 'approached-errors', async (page) => {
    await page.goto(`${base}approached?lang=uk`);
    await page.click('button[value="send"]');
  });
  await visit(p, 'public', 'learn-result-ro', async (page) => {
    await page.goto(`${base}learn/${facility}/staying-safe?lang=ro`);
    for (const q of await page.$$eval('fieldset.question', (fs) => fs.map((f) => f.id))) {
      await page.check(`#${q}-b`);
    }
    await page.click('section.check button[type="submit"]');
  });
  await visit(p, 'public', 'receipt', fileWithPhoto);
  // The follow-up of the report just sent, with its photo listed.
  await visit(p, 'public', 'followup-view', async (page) => {
    await fileWithPhoto(page);
    const receipt = (await page.textContent('#receipt')).trim();
    await page.goto(`${base}followup`);
    await page.fill('#f-receipt', receipt);
    await page.click('main form button[type="submit"]');
  });
  await visit(p, 'public', 'join-errors', async (page) => {
    await page.goto(`${base}join`);
    await page.click('main form button[type="submit"]');
  });
  await p.close();
});

// The staff pages every signed-in role has.
async function common(p, role) {
  await visit(p, role, 'account', '/account');
}

test('the handler\'s pages fit both sizes, the report with the big photo too', async () => {
  const p = await signedIn('handler');
  await visit(p, 'handler', 'queue', '/handle');
  await visit(p, 'handler', 'queue-search', '/handle?q=Felixstowe&overdue=1');
  await visit(p, 'handler', 'phone-report', '/handle/phone');
  await visit(p, 'handler', 'groups', '/handle/groups');
  let photoReport, linkGraph;
  for (const path of await hrefs(p.view, '/handle', 'a[href^="/handle/reports/"]')) {
    await p.view.goto(`${base}${path.slice(1)}`);
    const main = await p.view.textContent('main');
    if (main.includes(photoMarker)) photoReport = path;
    const graph = await p.view.$('a[href^="/handle/links/"]');
    if (graph && !linkGraph) linkGraph = new URL(await graph.evaluate((a) => a.href)).pathname;
    if (photoReport && linkGraph) break;
  }
  assert.ok(photoReport, 'the report with the photo is in the queue');
  await visit(p, 'handler', 'report-with-photo', photoReport);
  assert.ok(await p.view.$('img.evidence'), 'the photo is shown on the report page');
  // A refused form: its error beside the field, the close form open.
  await visit(p, 'handler', 'report-with-an-error', async (page) => {
    await page.goto(`${base}${photoReport.slice(1)}`);
    await page.click('summary:has-text("Close this report")');
    await page.click('button:has-text("Close the report")');
  });
  assert.ok(await p.view.$('#e-sure'), 'the error is beside the tick box');
  assert.ok(linkGraph, 'a report with links is in the queue');
  await visit(p, 'handler', 'link-graph', linkGraph);
  await visit(p, 'handler', 'team', '/team');
  await visit(p, 'handler', 'alerts', '/handle/alerts');
  await visit(p, 'handler', 'alerts-refused', async (page) => {
    await page.goto(`${base}handle/alerts`);
    await page.fill('#title', 'A title');
    await page.fill('#text', 'A text');
    await page.click('button:has-text("Save and ask a supervisor to approve")');
  });
  assert.ok(await p.view.$('#e-targets'), 'the error is beside the targets');
  await common(p, 'handler');
  await p.close();
});

test('the supervisor\'s pages fit both sizes', async () => {
  const p = await signedIn('supervisor');
  await visit(p, 'supervisor', 'home', '/staff');
  await visit(p, 'supervisor', 'queue', '/handle');
  await visit(p, 'supervisor', 'team', '/team');
  const alerts = await hrefs(p.view, '/handle/alerts', 'a[href^="/handle/alerts/"]');
  assert.ok(alerts.length > 0, 'an alert is listed (alerts.test.mjs drafts them)');
  await visit(p, 'supervisor', 'alert', alerts[0]);
  await common(p, 'supervisor');
  await p.close();
});

test('the agency officer\'s pages fit both sizes', async () => {
  const p = await signedIn('officer');
  await visit(p, 'officer', 'inbox', '/agency');
  const packages = await hrefs(p.view, '/agency', 'a[href^="/agency/packages/"]');
  assert.ok(packages.length > 0, 'the inbox holds a package (staff.test.mjs sends one)');
  await visit(p, 'officer', 'package', packages[0]);
  await common(p, 'officer');
  await p.close();
});

test('the port manager\'s pages fit both sizes', async () => {
  const p = await signedIn('manager');
  await visit(p, 'manager', 'facility', `/facility/${facility}`);
  await visit(p, 'manager', 'facility-pl', `/facility/${facility}?lang=pl`);
  await common(p, 'manager');
  await p.close();
});

test('the programme admin\'s pages fit both sizes', async () => {
  const p = await signedIn('admin');
  await visit(p, 'admin', 'members', '/admin');
  await visit(p, 'admin', 'newsletter', '/admin/newsletter');
  await visit(p, 'admin', 'newsletter-confirm', async (page) => {
    await page.goto(`${base}admin/newsletter`);
    await page.fill('#subject', 'Winter newsletter');
    await page.fill('#markdown', '# Winter\n\nThank you, **members**, for a long list:\n\n- one\n- two');
    await page.click('button[value="send"]');
  });
  assert.ok(await p.view.$('#confirm'), 'the newsletter asks before sending');
  await visit(p, 'admin', 'accounts', '/team');
  // Suspending asks first.
  await visit(p, 'admin', 'suspend-confirm', async (page) => {
    await page.goto(`${base}admin`);
    await page.click(`button:has-text("Suspend ${facility}")`);
  });
  assert.match(await p.view.textContent('#confirm-heading'), /^Suspend .*\?$/);
  await common(p, 'admin');

  // A facility joins; its security officer sets up the account from the
  // invitation (this site has no mail server: the admin is shown the link).
  await p.view.goto(`${base}join`);
  await p.view.fill('#operator', 'Invite Test Ports');
  await p.view.fill('#port', 'GBFXT');
  await p.view.fill('#facility_name', 'Invite Terminal');
  await p.view.fill('#email', 'pfso@invite.browser.invalid');
  await p.view.fill('#staff_count', '40');
  await p.view.click('button[type="submit"]');
  await p.view.goto(`${base}admin`);
  await p.view.click('button:has-text("Approve Invite Terminal")');
  const link = (await p.view.textContent('.notice')).match(/https?:\/\/\S+(\/invite\/[0-9a-f]{40})/)[1];
  await p.close();
  const officer = await pagesFor(undefined);
  await visit(officer, 'invited', 'set-password', link);
  // Each visit starts the set-up over, so both pages show a live QR code.
  await visit(officer, 'invited', 'authenticator', async (page) => {
    await page.goto(`${base}${link.slice(1)}`);
    await page.fill('#password', password);
    await page.fill('#password_again', password);
    await page.click('button[type="submit"]');
  });
  assert.ok(await officer.view.$('.totp-qr svg'), 'the QR code is on the page');
  await visit(officer, 'invited', 'wrong-code', async (page) => {
    await page.fill('#totp', '000000');
    await page.click('button:has-text("Start using my account")');
  });
  await officer.close();
});
