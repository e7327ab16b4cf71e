// Shared by the browser tests: launching Debian's Chromium, running
// axe-core (WCAG 2.1 AA) on a page, one-time codes, screenshots and the
// phone-width check.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// Runs axe-core on the page (the context must bypass CSP: the pages forbid
// injected scripts) and fails on any WCAG 2.1 A/AA violation.
export async function expectNoAxeViolations(page, name, minPasses = 5) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => await window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  }));
  assert.ok(result.passes.length > minPasses, `${name}: axe ran no checks`);
  const summary = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(summary, [], `${name}: ${summary.join('; ')}`);
}

function base32(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of text.replace(/=+$/, '')) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

// The current RFC 6238 code for an otpauth:// URI (or at `when`, in ms).
export function totp(uri, when = Date.now()) {
  const secret = base32(new URL(uri).searchParams.get('secret'));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(when / 1000 / 30)));
  const h = createHmac('sha1', secret).update(counter).digest();
  const o = h[h.length - 1] & 15;
  return String((h.readUInt32BE(o) & 0x7fffffff) % 1000000).padStart(6, '0');
}

// Text with its runs of white space made one space, trimmed.
export const squash = (s) => s.replace(/\s+/g, ' ').trim();

// A full-page screenshot for a person to look at, when PORTSAFE_SHOTS names
// a folder.
export async function shot(page, name) {
  if (process.env.PORTSAFE_SHOTS) {
    await page.screenshot({ path: `${process.env.PORTSAFE_SHOTS}/${name}.png`, fullPage: true });
  }
}

// Nothing wider than a 390 px phone's screen (page scripts are off in the
// page; this measurement runs in Playwright's own world).
export async function fitsThePhone(page, what) {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 390, `${what}: the page is ${wide} px wide on a 390 px phone`);
}
