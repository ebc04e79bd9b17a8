// The dashboard end to end: fixture reports → `geoflux site build` (a real Astro build) → preview
// server → Debian's Chromium. One build is shared by the whole file; a second, failing build
// proves a malformed report stops the build naming the file.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as siteBuild } from '../../reconciler/commands/site-build.ts';
import { buildEnvironment, buildSite } from '../../reconciler/site/build.ts';
import { pathSegment, relativeHref, sitePaths } from '../../reconciler/site/paths.ts';
import { startStaticServer, type StaticServer } from '../../reconciler/site/static-server.ts';
import { chromiumPath, requireService } from '../support/services.ts';
import { fixtureFacts, fixtureReports, writeFixtureReports, type FixtureOptions } from './fixtures.ts';

const secrets = { password: 'pw-7f3a91c2-never-shown', token: 'tok-5be80d44-never-shown' };
const envSecrets = { PROD_GEOSERVER_PASSWORD: 'env-2c4e6a8b-geoserver', GEOFLUX_FLOWS_SYNTHESE_PNE_SOURCE_TOKEN: 'env-9d1f3b5a-geonature' };
/** Where "run now" leads: read from the environment by `site build`, as GitLab CI sets CI_PROJECT_URL. */
const envSite = { GEOFLUX_SITE_GITLAB_PROJECT_URL: 'https://gitlab.example.org/sig/sdi', GEOFLUX_SITE_GITLAB_REF: 'main' };
const hostileTitle = '<script>alert("x")</script><img src=x onerror=alert(1)> Zonage';
const hostileFileName = '<img src=x onerror=alert(2)>referentiel';
const options: FixtureOptions = { commits: 3, resources: 120, secrets, hostileTitle, hostileFileName };
const facts = fixtureFacts(options);

/** A 1×1 PNG. */
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415408d76320f8cfc00000030101009a3c4d0e0000000049454e44ae426082',
  'hex',
);

let dir: string;
let out: string;
let server: StaticServer;
let browser: Browser | undefined;
const savedEnv: Record<string, string | undefined> = {};

async function allFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'geoflux-site-e2e-'));
  out = join(dir, 'site');
  for (const [name, value] of Object.entries({ ...envSecrets, ...envSite })) {
    savedEnv[name] = process.env[name];
    process.env[name] = value;
  }
  await writeFixtureReports(join(dir, 'reports'), options);
  const printed: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string) => (printed.push(String(chunk)), true)) as typeof process.stdout.write;
  try {
    expect(await siteBuild({ reports: join(dir, 'reports'), out, now: new Date('2025-07-01T00:00:00Z') })).toBe(0);
  } finally {
    process.stdout.write = write;
  }
  expect(printed.join('')).toBe(`${out}\n`);
  server = await startStaticServer({ dir: out });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  for (const [name, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('site build from fixture reports', () => {
  it('writes every page, download and badge', async () => {
    const files = (await allFiles(out)).map((file) => relative(out, file));
    for (const page of [sitePaths.overview, sitePaths.inventory, sitePaths.freshness, sitePaths.drift, sitePaths.history, sitePaths.flows, sitePaths.marker])
      expect(files).toContain(page);
    for (const platform of ['preprod', 'prod', 'public']) {
      for (const path of [
        sitePaths.driftOf(platform),
        sitePaths.freshnessOf(platform),
        sitePaths.platformBadge(platform),
        sitePaths.platformJson(platform),
        sitePaths.platformCsv(platform),
      ])
        expect(files).toContain(path);
    }
    for (const flow of ['synthese-pne', 'synthese-public'])
      for (const path of [sitePaths.flowBadge(flow), sitePaths.flowJson(flow), sitePaths.flowCsv(flow)]) expect(files).toContain(path);
    expect(files).toContain(sitePaths.resource(facts.driftedLayer.platform, 'layer', facts.driftedLayer.key));
    expect(files.filter((file) => /\.(mjs|js|map)$/.test(file))).toEqual([]);
  });

  it('builds the promotion matrix, the pages of what is still to promote, an inventory per platform, in both languages', async () => {
    const files = (await allFiles(out)).map((file) => relative(out, file));
    for (const page of [
      sitePaths.promotion,
      sitePaths.promotionGap('preprod', 'prod'),
      sitePaths.promotionGap('preprod', 'public'),
      sitePaths.promotionGap('prod', 'public'),
    ])
      for (const language of ['', 'en/']) expect(files).toContain(`${language}${page}`);
    for (const platform of ['preprod', 'prod', 'public']) expect(files).toContain(`en/${sitePaths.inventoryOf(platform)}`);
    const matrix = await readFile(join(out, sitePaths.promotion), 'utf8');
    const row = (key: string) => matrix.slice(matrix.indexOf(`data-item="layer:${key}"`), matrix.indexOf('</tr>', matrix.indexOf(`data-item="layer:${key}"`)));
    expect(row(facts.driftedLayer.key)).toMatch(
      /data-platform="prod"[^>]*><span class="cell cell-pending" data-cell="pending"><a href="resources\/prod\/layer\//,
    );
    expect(row(facts.failedLayer.key)).toMatch(/data-platform="public"[^>]*><span class="cell cell-failed" data-cell="failed">/);
    const gap = await readFile(join(out, sitePaths.promotionGap('preprod', 'public')), 'utf8');
    expect(gap).toContain('Sur preprod, pas encore sur public');
    expect(gap).toContain(`data-item="layer:${facts.failedLayer.key}"`);
    expect(gap).not.toContain(`data-item="layer:${facts.driftedLayer.key}"`);
    const english = await readFile(join(out, 'en', sitePaths.promotionGap('preprod', 'public')), 'utf8');
    expect(english).toContain('<html lang="en">');
    expect(english).toContain('On preprod, not yet on public');
    const french = relativeHref(`en/${sitePaths.promotionGap('preprod', 'public')}`, sitePaths.promotionGap('preprod', 'public'));
    expect(english).toContain(`<a href="${french}" hreflang="fr" lang="fr">Français</a>`);
    const inventory = await readFile(join(out, sitePaths.inventoryOf('prod')), 'utf8');
    expect(inventory.match(/<tr id="layer-/g)).toHaveLength(facts.layersPerPlatform);
    expect(inventory.match(/<tr id="record-/g)).toHaveLength(facts.recordsPerPlatform);
  });

  it('shows each file-backed layer’s data file and what every platform holds of it', async () => {
    const escapedPath = `workspaces/environnement/data/&lt;img src=x onerror=alert(2)&gt;referentiel.gpkg`;
    const identity = `GeoPackage · 50 Mio · sha256 <code title="${facts.dataFile.sha256}">${facts.dataFile.sha256.slice(0, 12)}</code>`;
    for (const platform of ['preprod', 'prod', 'public']) {
      const page = await readFile(join(out, sitePaths.inventoryOf(platform)), 'utf8');
      for (const layer of facts.dataFile.layers) {
        const start = page.indexOf(`data-item="layer:${layer}"`);
        const row = page.slice(start, page.indexOf('</tr>', start));
        expect(row, `${platform} ${layer}`).toContain(escapedPath);
        expect(row).toContain(identity);
        expect(row).toContain(platform === facts.dataFile.platformWithOtherContent ? '≠ autre contenu que git' : '= contenu de git');
      }
    }
    const overall = await readFile(join(out, sitePaths.inventory), 'utf8');
    const start = overall.indexOf(`data-datafile="${facts.dataFile.store}"`);
    const row = overall.slice(start, overall.indexOf('</tr>', start));
    expect(row.match(/data-content="same"/g)).toHaveLength(2);
    const prodCell = row.slice(row.indexOf('data-platform="prod"'), row.indexOf('</td>', row.indexOf('data-platform="prod"')));
    expect(prodCell).toContain(
      'data-content="other">≠ autre contenu que git</span> <span class="muted small">déposé le 29 juin 2025, 16:30 UTC (GeoServer)</span>',
    );
    const english = await readFile(join(out, 'en', sitePaths.inventoryOf('prod')), 'utf8');
    expect(english).toContain('≠ other content than git’s');
  });

  it('flags the records whose thumbnail a platform does not serve as git has it, and shows a record’s thumbnail on its page', async () => {
    const { thumbnails } = facts;
    const drifting = thumbnails.platformMissingOne;
    const inventory = await readFile(join(out, sitePaths.inventoryOf(drifting)), 'utf8');
    const row = (uuid: string) => {
      const start = inventory.indexOf(`data-item="record:${uuid}"`);
      return inventory.slice(start, inventory.indexOf('</tr>', start));
    };
    expect(row(thumbnails.present)).toContain(
      '<code>apercu.png</code><br /><span class="cell cell-equal" data-thumbnail="present">= servi par la plateforme</span>',
    );
    expect(row(thumbnails.missing)).toContain('<span class="cell cell-pending" data-thumbnail="missing">∅ absent de la plateforme</span>');
    expect(row(thumbnails.broken)).toContain(
      '<code>&lt;img src=x onerror=alert(2)&gt;referentiel.png</code><br /><span class="cell cell-failed" data-thumbnail="broken">✕ référence cassée</span>',
    );
    expect(row(thumbnails.scripted)).toContain('<code>javascript:alert(document.cookie)</code><br /><span class="cell cell-failed" data-thumbnail="broken">');
    expect(row(thumbnails.external)).toContain('data-thumbnail="unchecked">↗ URL externe, non vérifiée</span>');

    const overall = await readFile(join(out, sitePaths.inventory), 'utf8');
    const list = (platform: string) => {
      const start = overall.indexOf(`data-thumbnails="${platform}"`);
      return overall.slice(start, overall.indexOf('</ul>', start));
    };
    for (const platform of ['preprod', 'prod', 'public']) expect(list(platform).match(/<li /g), platform).toHaveLength(thumbnails.problems[platform]!);
    expect(list(drifting)).toContain(`data-item="record:${thumbnails.missing}"`);

    const present = await readFile(join(out, sitePaths.resource('preprod', 'record', thumbnails.present)), 'utf8');
    const url = thumbnails.url('preprod', thumbnails.present);
    expect(present).toMatch(
      new RegExp(`<img class="thumbnail" src="${url}" alt="Aperçu de la fiche « [^"<]+ »" width="240" height="180" loading="lazy" decoding="async"`),
    );
    expect(present).toContain(`img-src 'self' data: https://preprod.geonetwork.example.org;`);
    const missing = await readFile(join(out, sitePaths.resource(drifting, 'record', thumbnails.missing)), 'utf8');
    expect(missing).not.toContain('<img class="thumbnail"');
    expect(missing).toContain(`<a href="${thumbnails.url(drifting, thumbnails.missing)}">`);
    expect(missing).toContain(`img-src 'self' data:;`);
    const scripted = await readFile(join(out, sitePaths.resource(drifting, 'record', thumbnails.scripted)), 'utf8');
    expect(scripted).toContain('<code>javascript:alert(document.cookie)</code>');
    expect(scripted).toContain('Ni http ni https : jamais affichée.');
    for (const file of await allFiles(out)) {
      if (file.endsWith('.html')) expect(await readFile(file, 'utf8'), relative(out, file)).not.toMatch(/(href|src)="\s*javascript:/i);
    }
  });

  it('puts the derived status in the badges and the summaries', async () => {
    const badge = await readFile(join(out, sitePaths.platformBadge('prod')), 'utf8');
    expect(badge).toContain('aria-label="prod: écart"');
    expect(await readFile(join(out, sitePaths.platformBadge('public')), 'utf8')).toContain('en échec');
    expect(await readFile(join(out, sitePaths.flowBadge('synthese-public')), 'utf8')).toContain('en échec');
    for (const platform of ['preprod', 'prod', 'public']) {
      const summary = JSON.parse(await readFile(join(out, sitePaths.platformJson(platform)), 'utf8'));
      expect(summary.status).toBe(facts.expectedStatus[platform]);
      expect(summary.counts).toMatchObject({ layers: facts.layersPerPlatform, records: facts.recordsPerPlatform, pending: facts.expectedPending[platform] });
    }
    const reports = [...fixtureReports(options)].filter((report) => report.platform === 'prod');
    expect((await readFile(join(out, sitePaths.platformCsv('prod')), 'utf8')).trimEnd().split('\r\n')).toHaveLength(reports.length + 1);
  });

  it('shows each flow on the console: partner and national id, source, destination, schedule, alert target, and run now', async () => {
    const page = await readFile(join(out, sitePaths.flows), 'utf8');
    const section = page.slice(page.indexOf('data-flow="synthese-pne"'), page.indexOf('data-flow="synthese-public"'));
    for (const text of [
      'Parc national des Écrins',
      '6f6bd5f0-3a0c-4d5e-9b8a-0e2a1c4d7b01',
      'https://geonature.ecrins-parcnational.example/geonature — export 3',
      'gn_synthese.synthese, source &quot;Partenaire PNE&quot;',
      '30 2 * * *',
      'https://alerts.example.org',
      'sans succès depuis 2d',
      'Lancer maintenant',
      'href="https://gitlab.example.org/sig/sdi/-/pipelines/new?ref=main&var%5BGEOFLUX_FLOW%5D=synthese-pne"',
      'geoflux flows run synthese-pne',
      'Durée par exécution (s)',
    ]) {
      expect(section).toContain(text);
    }
  });

  it('shows no secret, from the environment or planted in reports, and runs no script', async () => {
    const leaks = [...Object.values(secrets), ...Object.values(envSecrets)];
    let hostileSeen = false;
    for (const file of await allFiles(out)) {
      const text = await readFile(file, 'utf8');
      for (const value of leaks) expect(text.includes(value), `${relative(out, file)} holds ${value}`).toBe(false);
      if (file.endsWith('.html')) {
        expect(text, relative(out, file)).not.toMatch(/<script|<img src=x/i);
        // The policy forbids scripts even if markup ever slipped through.
        expect(text).toContain(`default-src 'none'`);
        hostileSeen ||= /&lt;script&gt;alert\((&quot;|&#34;)x(&quot;|&#34;)\)&lt;\/script&gt;&lt;img src=x/.test(text);
      }
    }
    expect(hostileSeen).toBe(true);
    // The build process never had the caller's environment to read from.
    const env = buildEnvironment({ language: 'fr', staleAfterDays: 365, now: '', platformOrder: [], schemaFile: '' }, '/r', '/h');
    expect(Object.values(env).join('\n')).not.toMatch(/env-2c4e6a8b|env-9d1f3b5a/);
    expect(Object.keys(env).sort()).toEqual([
      'ASTRO_TELEMETRY_DISABLED',
      'GEOFLUX_REPORTS_DIR',
      'GEOFLUX_SITE_SETTINGS',
      'HOME',
      'NODE_ENV',
      'PATH',
      'TMPDIR',
      'TZ',
    ]);
  });
});

describe.runIf(requireService('Chromium', chromiumPath()))('site in Chromium', () => {
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: chromiumPath().path,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });

  it('goes from the overview to a drifted resource and back, by keyboard and clicks', async () => {
    const page = await browser!.newPage({ viewport: { width: 1200, height: 900 }, javaScriptEnabled: false });
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(server.url);

    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    for (const [platform, status] of Object.entries({ preprod: 'synchronisée', prod: 'écart', public: 'en échec' })) {
      const card = page.locator(`li.card[data-platform="${platform}"]`);
      expect(await card.locator('.status').textContent()).toBe(status);
      expect(await card.locator('[data-count="layers"]').textContent()).toBe(String(facts.layersPerPlatform));
      expect(await card.locator('[data-count="pending"]').textContent()).toBe(String(facts.expectedPending[platform]));
    }
    const badgeWidth = await page.locator(`img[src="${sitePaths.platformBadge('prod')}"]`).evaluate((img: HTMLImageElement) => img.naturalWidth);
    expect(badgeWidth).toBeGreaterThan(40);

    // Keyboard: the first Tab reaches the skip link, Enter moves to the main content.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('skip');
    await page.keyboard.press('Enter');
    expect(page.url()).toMatch(/#content$/);

    // Focus the drifted platform's card link and follow it with the keyboard.
    await page.locator(`li.card[data-platform="${facts.driftedLayer.platform}"] h3 a`).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/drift\/prod\.html$/);
    expect(await page.locator('h1').textContent()).toContain('prod');

    // Click the drifted layer and read its state and diff.
    await page.locator(`tr[data-resource="layer:${facts.driftedLayer.key}"] th a`).click();
    await page.waitForURL(new RegExp(`${sitePaths.resource('prod', 'layer', facts.driftedLayer.key).replace(/[.~]/g, '\\$&')}$`));
    expect(await page.locator('h1').textContent()).toBe(facts.driftedLayer.title);
    expect(await page.locator('[data-state]').textContent()).toBe('à modifier');
    expect(await page.locator('pre.diff .removed').first().textContent()).toContain('(modifié à la main)');
    expect(await page.locator('#history + .table-wrap tbody tr').count()).toBeGreaterThan(0);
    await mkdir('test-output', { recursive: true });
    await page.screenshot({ path: 'test-output/site-resource.png', fullPage: true });

    // Back to the overview by keyboard through the relative link.
    await page.getByRole('link', { name: 'Retour à la vue d’ensemble' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/index\.html$/);
    expect(await page.locator('h1').textContent()).toBe('Vue d’ensemble');
    await page.screenshot({ path: 'test-output/site-overview.png', fullPage: true });

    // A phone-sized viewport needs no horizontal scrolling of the page itself.
    await page.setViewportSize({ width: 375, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

    // The promotion matrix filters without a script: one click on a state, one on a workspace.
    await page.setViewportSize({ width: 1200, height: 900 });
    await page.goto(`${server.url}/${sitePaths.promotion}`);
    const visibleRows = () => page.locator('section.matrix tbody tr:visible').count();
    const all = await visibleRows();
    expect(all).toBe(await page.locator('section.matrix tbody tr').count());
    await page.locator('label:has(#state-pending)').click();
    expect(await visibleRows()).toBe(await page.locator('section.matrix tbody tr[data-states~="pending"]').count());
    expect(await visibleRows()).toBeGreaterThan(0);
    await page.locator('label:has(#ws-urbanisme)').click();
    const pendingInWorkspace = await visibleRows();
    expect(pendingInWorkspace).toBe(await page.locator('section.matrix tbody tr[data-states~="pending"][data-ws="urbanisme"]').count());
    expect(pendingInWorkspace).toBeGreaterThan(0);
    await page.locator('label:has(#state-all)').click();
    await page.locator('label:has(#ws-all)').click();
    expect(await visibleRows()).toBe(all);

    const origin = new URL(server.url).origin;
    expect(requests.filter((url) => !url.startsWith(origin) && !url.startsWith('data:'))).toEqual([]);
  });

  it('leads from the count of file-backed layers to the data files and from a layer to its store, flagging other content', async () => {
    const page = await browser!.newPage({ viewport: { width: 1200, height: 900 }, javaScriptEnabled: false });
    await page.goto(server.url);
    const platform = facts.dataFile.platformWithOtherContent;
    const card = page.locator(`li.card[data-platform="${platform}"]`);
    expect(await card.locator('[data-count="fileBackedLayers"]').textContent()).toBe(String(facts.dataFile.layers.length));
    await card.getByRole('link', { name: 'Couches sur fichier de données' }).click();
    await page.waitForURL(/inventory\.html#data-files$/);
    const cell = page.locator(`tr[data-datafile="${facts.dataFile.store}"] td[data-platform="${platform}"]`);
    expect(await cell.locator('[data-content]').textContent()).toBe('≠ autre contenu que git');

    await page.goto(`${server.url}/${sitePaths.inventoryOf(platform)}`);
    const layer = page.locator(`tr[data-item="layer:${facts.dataFile.layers[0]}"] td[data-label="Fichier de données"]`);
    expect(await layer.locator('code').first().textContent()).toBe(facts.dataFile.path);
    expect(await layer.locator('.cell').evaluate((element) => getComputedStyle(element).color)).toBe('rgb(163, 90, 0)');
    await layer.getByRole('link').first().click();
    expect(new URL(page.url()).hash).toBe(`#datastore-${pathSegment(facts.dataFile.store)}`);
    expect(await page.locator(':target [data-content]').textContent()).toBe('≠ autre contenu que git');
    await page.close();
  });

  it('leads from the count of thumbnail problems to a missing one, and shows a present one from its platform', async () => {
    const { thumbnails } = facts;
    const drifting = thumbnails.platformMissingOne;
    const page = await browser!.newPage({ viewport: { width: 1200, height: 900 }, javaScriptEnabled: false });
    const platformRequests: string[] = [];
    await page.route('https://*.geonetwork.example.org/**', (route) => {
      platformRequests.push(route.request().url());
      return route.fulfill({ contentType: 'image/png', body: PNG });
    });
    await page.goto(server.url);
    const card = page.locator(`li.card[data-platform="${drifting}"]`);
    expect(await card.locator('[data-count="thumbnailProblems"]').textContent()).toBe(String(thumbnails.problems[drifting]));
    await card.getByRole('link', { name: 'Fiches à l’aperçu manquant ou cassé' }).click();
    await page.waitForURL(new RegExp(`inventory\\.html#thumbnails-${drifting}$`));
    const missing = page.locator(`ul[data-thumbnails="${drifting}"] li[data-item="record:${thumbnails.missing}"]`);
    expect(await missing.locator('[data-thumbnail]').textContent()).toBe('∅ absent de la plateforme');
    expect(await missing.locator('[data-thumbnail]').evaluate((element) => getComputedStyle(element).color)).toBe('rgb(163, 90, 0)');
    await missing.getByRole('link').click();
    expect(await page.locator(`[data-thumbnail-of="${thumbnails.missing}"] [data-thumbnail]`).textContent()).toBe('∅ absent de la plateforme');
    expect(await page.locator('img.thumbnail').count()).toBe(0);

    await page.goto(`${server.url}/${sitePaths.resource('preprod', 'record', thumbnails.present)}`);
    const image = page.locator('img.thumbnail');
    await expect.poll(() => image.evaluate((element: HTMLImageElement) => element.complete && element.naturalWidth)).toBe(1);
    expect(await image.getAttribute('alt')).toBe(`Aperçu de la fiche « ${await page.locator('h1').textContent()} »`);
    expect(await image.getAttribute('loading')).toBe('lazy');
    expect(await image.boundingBox()).toMatchObject({ width: 240, height: 180 });
    expect(platformRequests).toEqual([thumbnails.url('preprod', thumbnails.present)]);
    await page.close();
  });
});

describe('malformed reports', () => {
  it('stop the build with the file and the JSON path of the error', async () => {
    const reports = join(dir, 'bad-reports');
    await mkdir(reports, { recursive: true });
    const [good, bad] = [...fixtureReports({ commits: 1, platforms: ['prod'], resources: 20 })];
    await writeFile(join(reports, `${good!.id}.json`), JSON.stringify(good));
    (bad!.resources[3] as { action: string }).action = 'destroy';
    await writeFile(join(reports, 'broken-run.json'), JSON.stringify(bad));
    await expect(buildSite({ reportsDir: reports, outDir: join(dir, 'bad-site') })).rejects.toThrow(
      /broken-run\.json: \/resources\/3\/action: must be equal to one of the allowed values/,
    );
  });

  it('never erase a folder that is not a geoflux site', async () => {
    const precious = join(dir, 'precious');
    await mkdir(precious, { recursive: true });
    await writeFile(join(precious, 'notes.txt'), 'keep me');
    await expect(buildSite({ reportsDir: join(dir, 'reports'), outDir: precious })).rejects.toThrow(/not empty and holds no geoflux site/);
    await expect(buildSite({ reportsDir: join(dir, 'reports'), outDir: dir })).rejects.toThrow(/holds the reports folder/);
    expect(await readFile(join(precious, 'notes.txt'), 'utf8')).toBe('keep me');
  });
});
