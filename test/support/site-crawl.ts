// Walks a built site in Chromium from its home page, breadth first, as a phone user would: every
// page opened at 390 px, every internal link followed (pages) or fetched (files), every fragment
// looked up on its page. What it finds is returned for the test to judge.
import { readdir } from 'node:fs/promises';
import { sep } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { startStaticServer } from '../../reconciler/site/static-server.ts';

export interface CrawlResult {
  /** Site path → clicks from the home page. */
  depth: Map<string, number>;
  /** Built .html files (site paths). */
  built: string[];
  consoleErrors: string[];
  /** Pages wider than the viewport, with their width. */
  overflowing: string[];
  /** Links that did not answer 200: "from → to (status)". */
  brokenLinks: string[];
  /** Fragments with no element of that id on their page: "from → to#id". */
  brokenFragments: string[];
  /** Requests leaving the site, but for the platforms' thumbnails. */
  external: string[];
  /** Thumbnails a record page loads from its platform's GeoNetwork (answered here by a stand-in image, as the crawl has no platform). */
  platformImages: string[];
}

/** A GeoNetwork attachment URL: what a record page shows as the record's thumbnail. */
const PLATFORM_ATTACHMENT = /\/srv\/api\/records\/[^/]+\/attachments\/[^/?]+$/;
const STAND_IN_PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415408d76360f8cfc00000030101009a3c4d0e0000000049454e44ae426082',
  'hex',
);

/** Pages open at once. */
const TABS = 4;
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export async function crawlSite(siteDir: string, chromiumPath: string, width = 390): Promise<CrawlResult> {
  const server = await startStaticServer({ dir: siteDir });
  const browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
  const origin = new URL(server.url).origin;
  const result: CrawlResult = {
    depth: new Map(),
    built: (await readdir(siteDir, { recursive: true })).filter((file) => file.endsWith('.html')).map((file) => file.split(sep).join('/')),
    consoleErrors: [],
    overflowing: [],
    brokenLinks: [],
    brokenFragments: [],
    external: [],
    platformImages: [],
  };
  const ids = new Map<string, Set<string>>();
  const fragments: { from: string; to: string; id: string }[] = [];
  const fetched = new Map<string, number>();
  try {
    const sitePath = (url: URL) => decodeURIComponent(url.pathname.replace(/^\//, '')) || 'index.html';
    const urlOf = (path: string) => `${origin}/${path.split('/').map(encodeURIComponent).join('/')}`;
    const visit = async (page: Page, current: string, depth: number, next: string[]) => {
      const response = await page.goto(urlOf(current), { waitUntil: 'load' });
      if (response?.status() !== 200) {
        result.brokenLinks.push(`${current} (${response?.status()})`);
        return;
      }
      const facts = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        ids: [...document.querySelectorAll('[id]')].map((element) => element.id),
        links: [...document.querySelectorAll('a[href]')].map((anchor) => (anchor as HTMLAnchorElement).href),
      }));
      if (facts.scrollWidth > width) result.overflowing.push(`${current} (${facts.scrollWidth} px)`);
      ids.set(current, new Set(facts.ids));
      for (const href of facts.links) {
        const url = new URL(href);
        if (url.origin !== origin) continue;
        const target = sitePath(url);
        if (url.hash.length > 1) fragments.push({ from: current, to: target, id: decodeURIComponent(url.hash.slice(1)) });
        if (target.endsWith('.html')) {
          if (!result.depth.has(target)) {
            result.depth.set(target, depth + 1);
            next.push(target);
          }
        } else if (!fetched.has(target)) {
          fetched.set(target, 0);
          const status = (await fetch(urlOf(target))).status;
          fetched.set(target, status);
          if (status !== 200) result.brokenLinks.push(`${current} → ${target} (${status})`);
        }
      }
    };
    const pages = await Promise.all(
      Array.from({ length: TABS }, async () => {
        const page = await browser.newPage({ viewport: { width, height: 800 } });
        const state = { current: '' };
        page.on('console', (message) => {
          if (message.type() === 'error') result.consoleErrors.push(`${state.current}: ${message.text()}`);
        });
        page.on('pageerror', (error) => result.consoleErrors.push(`${state.current}: ${error.message}`));
        await page.route(
          (url) => url.origin !== origin && PLATFORM_ATTACHMENT.test(url.pathname),
          (route) => {
            result.platformImages.push(`${state.current}: ${route.request().url()}`);
            return route.fulfill({ status: 200, contentType: 'image/png', body: STAND_IN_PNG });
          },
        );
        page.on('request', (request) => {
          const url = request.url();
          if (url.startsWith(origin) || url.startsWith('data:') || (request.resourceType() === 'image' && PLATFORM_ATTACHMENT.test(new URL(url).pathname)))
            return;
          result.external.push(`${state.current}: ${url}`);
        });
        page.on('response', (response) => {
          if (response.status() >= 400) result.brokenLinks.push(`${state.current} → ${response.url()} (${response.status()})`);
        });
        return { page, state };
      }),
    );
    // Level by level, so that each page's depth is its fewest clicks from the home page.
    let level = ['index.html'];
    result.depth.set('index.html', 0);
    for (let depth = 0; level.length > 0; depth++) {
      const next: string[] = [];
      const queue = [...level];
      await Promise.all(
        pages.map(async ({ page, state }) => {
          for (let current = queue.shift(); current !== undefined; current = queue.shift()) {
            state.current = current;
            await visit(page, current, depth, next);
          }
        }),
      );
      level = next;
    }
  } finally {
    await browser.close();
    await server.close();
  }
  for (const { from, to, id } of fragments) {
    const known = ids.get(to);
    if (known && !known.has(id)) result.brokenFragments.push(`${from} → ${to}#${id}`);
  }
  return result;
}
