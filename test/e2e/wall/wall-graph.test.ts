/// <reference lib="dom" />
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '@ioc-graph/cli';
import { ServiceProcess, findFreePort } from '@ioc-graph/kit/internal';
import { type Browser, type Page, chromium } from 'playwright-core';
import { type TestSystem, gql, startTestSystem } from '../../support/system';

/**
 * The wall follows the graph (issue 10): a partner's page appears without a reload when its pillar
 * joins, a partner that is down costs only its own page, and a tile without a reading says who has
 * not reported. Real gateway, subgraphs, partner process and Chromium.
 */

const CHROMIUM = process.env.IOC_CHROMIUM ?? '/usr/bin/chromium';

interface WallDebug {
  live: string;
  pages: string[];
  pillars: Record<string, string>;
  discoveries: number;
}

describe('a wall that follows the graph', () => {
  let system: TestSystem;
  let partner: ServiceProcess;
  let partnerUrl: string;
  let gateway: ServiceProcess | null = null;
  let browser: Browser;
  let page: Page;
  let base: string;
  const pageErrors: string[] = [];

  /** A rover supergraph.yaml with the three pillars, and the partner when `withPartner`. */
  function supergraphYaml(withPartner: boolean): string {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'wall-supergraph-')), 'supergraph.yaml');
    const entry = (name: string, url: string) => `  ${name}:\n    routing_url: ${url}\n    schema:\n      subgraph_url: ${url}\n`;
    const s = system.subgraphs;
    writeFileSync(
      file,
      `federation_version: =2.7.0\nsubgraphs:\n${entry('governance', s.governance.url)}${entry('economy', s.economy.url)}${entry('society', s.society.url)}${withPartner ? entry('health', partnerUrl) : ''}`,
    );
    return file;
  }

  /** (Re)starts the gateway on the system's port with another subgraph list. */
  async function startGateway(withPartner: boolean, env: NodeJS.ProcessEnv = {}): Promise<void> {
    await gateway?.stop();
    gateway = new ServiceProcess({
      name: 'gateway',
      script: path.join(ROOT, 'gateway/dist/main.js'),
      env: { ...system.env, SUPERGRAPH_CONFIG: supergraphYaml(withPartner), ...env },
      healthUrl: `http://127.0.0.1:${system.gateway.port}/healthz`,
      startTimeoutMs: 60_000,
    });
    await gateway.start();
  }

  const wall = () => page.evaluate(() => (window as unknown as { __wall: WallDebug }).__wall);
  const open = async (query: string) => {
    await page.goto(`${base}/wall?${query}`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
  };

  beforeAll(async () => {
    system = await startTestSystem();
    base = system.url.replace(/\/graphql$/, '');
    const port = await findFreePort();
    partnerUrl = `http://127.0.0.1:${port}/graphql`;
    partner = new ServiceProcess({
      name: 'health',
      script: path.join(ROOT, 'examples/partner-health/dist/main.js'),
      env: { ...system.env, HEALTH_PORT: String(port), LOG_LEVEL: 'warn' },
      healthUrl: `http://127.0.0.1:${port}/healthz`,
    });
    await partner.start();
    await system.gateway.stop();
    await startGateway(false);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    page.on('pageerror', (e) => pageErrors.push(e.message));
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await gateway?.stop();
    await partner?.stop();
    await system?.dispose();
  });

  it("should name the agency that has not reported on a tile without a reading, and show national targets", async () => {
    await open('unit=19&rotate=0');
    for (const id of (await wall()).pages) {
      await page.locator(`.tab[data-page="${id}"]`).click();
      // No tile of bare dashes: every tile without a value names who has not reported, for which period.
      const bare = await page.locator('.page.active .tile').evaluateAll((tiles) =>
        tiles
          .filter((t) => t.querySelector('.tile-number')?.textContent === '—' && !t.querySelector('.tile-missing')?.textContent)
          .map((t) => (t as HTMLElement).dataset.indicator),
      );
      expect({ page: id, bare }).toEqual({ page: id, bare: [] });
    }
    const missing = page.locator('.tile[data-missing-agency]').first();
    expect(await missing.count()).toBe(1);
    const agencyCode = (await missing.getAttribute('data-missing-agency'))!;
    const agencies = await gql<{ agencies: { code: string; name: string }[] }>(system.url, '{ agencies { code name } }');
    const name = agencies.data!.agencies.find((a) => a.code === agencyCode)?.name ?? agencyCode;
    expect(await missing.locator('.tile-missing').textContent()).toBe(`Chưa báo cáo: ${name}`);
    expect(await missing.locator('.tile-change').getAttribute('title')).toMatch(/^Chưa có số liệu kỳ /);
    expect(await missing.locator('.tile-period').textContent()).toMatch(/^(\d{4}|Q[1-4]\/\d{4}|\d{2}\/\d{4}|\d{2}\/\d{2}\/\d{4})$/);

    // 749/QĐ-TTg: 90 % of provincial dossiers online by 2025; Thái Nguyên has no target of its own.
    const own = await gql<{ governanceIndicator: { national: number | null; province: number | null } }>(
      system.url,
      '{ governanceIndicator(code: "GOV_ONLINE_DOSSIER_RATE") { national: target(year: 2025) province: target(year: 2025, unitCode: "19") } }',
    );
    expect(own.data!.governanceIndicator).toEqual({ national: 90, province: 90 });
    await page.locator('.tab').first().click();
    expect(await page.locator('.page.active .tile[data-indicator="GOV_ONLINE_DOSSIER_RATE"] .tile-target-text').textContent()).toBe('Mục tiêu 90 %');
  });

  it("should add the partner's page without a reload when its pillar joins the graph", async () => {
    await open('unit=19&rotate=0');
    expect((await wall()).pages).not.toContain('health');
    const before = (await wall()).discoveries;
    await startGateway(true); // the socket reconnects: the wall introspects again
    await page.waitForFunction(() => (window as unknown as { __wall: WallDebug }).__wall.pages.includes('health'), undefined, { timeout: 45_000 });
    expect((await wall()).discoveries).toBeGreaterThan(before);
    await page.locator('.tab[data-page="health"]').click();
    await page.waitForFunction(
      () => document.querySelector<HTMLElement>('.page.active .tile[data-indicator="HEALTH_EMR_HOSPITAL_RATE"]')?.dataset.value === '40',
      undefined,
      { timeout: 20_000 },
    );
    // The partner's own name when its definition publishes one (healthPillar), else its prefix.
    const named = await gql<{ healthPillar?: { name: string } }>(system.url, '{ healthPillar { name } }');
    expect(await page.locator('.tab[data-page="health"]').textContent()).toBe(named.data?.healthPillar?.name ?? 'Health');
    expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
  });

  it("should keep a partner page's tiles the size of a full column's, however few they are", async () => {
    await page.locator('.tab[data-page="health"]').click();
    const sizes = () =>
      page.locator('.page.active .tile').evaluateAll((tiles) => tiles.map((t) => ({ w: t.getBoundingClientRect().width, h: t.getBoundingClientRect().height })));
    const health = await sizes();
    expect(health.length).toBeGreaterThanOrEqual(1);
    expect(health.length).toBeLessThan(4); // the case at stake: fewer tiles than a row holds
    // A detail page of the layout (9 tiles, 3 per row) is the yardstick of a sane tile.
    await page.locator('.tab[data-page="kinh-te-so"]').click();
    const [full] = await sizes();
    for (const tile of health) {
      expect(tile.w).toBeLessThanOrEqual(full.w * 1.01);
      expect(tile.h).toBeLessThanOrEqual(full.h * 1.01);
      expect(tile.w).toBeLessThan(1920 / 3);
      expect(tile.h).toBeLessThan(1080 / 2);
    }
  });

  it("should keep the partner's name on its tab while the partner is down and its fields come from the cached SDL", async () => {
    expect(await page.locator('.tab[data-page="health"]').textContent()).toBe('Y tế số');
    await partner.stop();
    const before = (await wall()).discoveries;
    await startGateway(true); // composes health from its cached SDL; the socket reconnects and the wall introspects again
    await page.waitForFunction((n) => (window as unknown as { __wall: WallDebug }).__wall.discoveries > n, before, { timeout: 45_000 });
    expect((await wall()).pages).toContain('health');
    expect(await page.locator('.tab[data-page="health"]').textContent()).toBe('Y tế số');
    // A wall reloaded during the outage remembers the name too.
    await open('unit=19&rotate=0');
    expect((await wall()).pillars.health).toBe('failed');
    expect(await page.locator('.tab[data-page="health"]').textContent()).toBe('Y tế số');
    await partner.start();
  });

  it('should drop the partner page without a reload when the partner leaves the graph', async () => {
    await startGateway(false);
    await page.waitForFunction(() => !(window as unknown as { __wall: WallDebug }).__wall.pages.includes('health'), undefined, { timeout: 45_000 });
    expect(await page.locator('.page[data-page="health"]').count()).toBe(0);
    expect(await page.locator('.tab').count()).toBe(4);
    expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
  });

  it('should show the core pages of a freshly opened wall whose partner is down, and the error on its page only', async () => {
    await startGateway(true);
    await partner.stop();
    await open('unit=19&rotate=0');
    const w = await wall();
    expect(w.pillars).toMatchObject({ governance: 'ready', economy: 'ready', society: 'ready', health: 'failed' });
    expect(await page.locator('.page.active .tile[data-indicator="ECO_ETAX_ENTERPRISES"] .tile-number').textContent()).toBe('6.700');
    expect(await page.locator('.page.active .tile[data-indicator="GOV_DIGITAL_SIGNATURES"] .tile-number').textContent()).toBe('1.400');
    expect(await page.locator('#banner').isHidden()).toBe(true);
    expect(await page.locator('.column.failed').evaluateAll((cs) => cs.map((c) => (c as HTMLElement).dataset.pillar))).toEqual(['health']);
    expect(await page.locator('.column[data-pillar="health"] .column-error').textContent()).toMatch(/^Không tải được số liệu/);
    await page.waitForFunction(() => (window as unknown as { __wall: WallDebug }).__wall.live === 'live', undefined, { timeout: 20_000 });

    // The partner comes back: its page fills in without a reload.
    await partner.start();
    await page.locator('.tab[data-page="health"]').click();
    await page.waitForFunction(
      () => document.querySelector<HTMLElement>('.page.active .tile[data-indicator="HEALTH_EMR_HOSPITAL_RATE"]')?.dataset.value === '40',
      undefined,
      { timeout: 60_000 },
    );
    expect(await page.locator('.column.failed').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('should name the key at fault when the wall layout is invalid, on the wall and at /wall/layout.json', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'wall-layout-')), 'layout.json');
    writeFileSync(file, JSON.stringify({ rotateSeconds: 'fast', pages: [{ id: 'p', title: 'P', columns: [{ pillar: 'economy', title: 'E', tiles: [{ indicatr: 'X' }] }] }] }));
    await startGateway(false, { IOC_WALL_LAYOUT: file });
    const res = await fetch(`${base}/wall/layout.json`);
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).toContain('layout.json: rotateSeconds:');
    expect(text).toContain('layout.json: pages[0].columns[0].tiles[0]');
    expect(text).not.toContain(path.dirname(file)); // no server paths in the answer
    await page.goto(`${base}/wall?unit=19`);
    await page.waitForSelector('#banner:not([hidden])', { timeout: 20_000 });
    expect(await page.locator('#banner-detail').textContent()).toContain('rotateSeconds');
  });
});
