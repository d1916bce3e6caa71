// Debian's Chromium, driven by playwright-core, against the built page served on loopback:
// the one setup every browser test shares.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { before, after } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { serveStatic } from './static-server.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const WEB = fileURLToPath(new URL('../../web/', import.meta.url));

/** The browser and the page's base URL; `close` ends both. */
export interface PageHost { browser: Browser; base: string; close(): Promise<void> }

/** Serves dist/web and starts headless Chromium with no background networking (this machine has no network). */
export async function startPageHost(): Promise<PageHost> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is missing at ${CHROMIUM}: install it with 'apt-get install -y chromium' (.ci/run does), or set CHROMIUM_PATH`);
  }
  if (!existsSync(`${WEB}index.html`)) throw new Error(`the page is not built (${WEB}); run 'npm run build:web'`);
  const { server, url } = await serveStatic(WEB);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
  });
  return { browser, base: url, close: async () => { await browser.close(); server.close(); } };
}

/** Starts the host before a test file's tests and ends it after them; read `browser` and `base` inside tests. */
export function pageHostForTests(): { readonly browser: Browser; readonly base: string } {
  let host: PageHost | undefined;
  before(async () => { host = await startPageHost(); });
  after(async () => { await host?.close(); });
  const started = (): PageHost => {
    if (!host) throw new Error('the page host has not started');
    return host;
  };
  return { get browser() { return started().browser; }, get base() { return started().base; } };
}
