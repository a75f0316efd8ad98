// The demo's main pages in the browser: accessibility checks (axe-core plus what a
// keyboard user needs) and screenshots at phone and desktop widths (saved under
// tests/browser/artifacts/ for people to look at).

import assert from "node:assert/strict";
import fs from "node:fs";
import { after, afterEach, before, describe, test } from "node:test";

import {
  axeViolations,
  closePages,
  closeSite,
  newPage,
  openSite,
  repo,
  saveShot,
  searchSettled,
} from "./support.mjs";

let site, server, browser, base;

before(async () => {
  ({ site, server, browser, base } = await openSite(repo));
});

afterEach(closePages);

after(() => closeSite({ site, server, browser }));

// The pages every visitor meets; addresses follow src/output/layout.rs.
const PAGES = [
  { name: "home", path: "" },
  { name: "category", path: "category/11/" },
  { name: "entry", path: "entry/11320100MB1234567X-2024-00019/" },
  { name: "search", path: "search/?q=" + encodeURIComponent("低保标准"), search: true },
  { name: "index-numbers", path: "index-numbers/" },
  { name: "guide", path: "guide/" },
  { name: "catalogue", path: "catalogue/" },
  { name: "report", path: "reports/2024/" },
];

async function open(page, p) {
  await page.goto(base + p.path);
  if (p.search) await searchSettled(page);
}

describe("accessibility", () => {
  for (const p of PAGES) {
    test(`${p.name}: no axe violations (WCAG 2.1 A/AA), one h1, a language`, async () => {
      const page = await newPage(browser);
      await open(page, p);
      assert.deepEqual(await axeViolations(page), []);
      assert.equal(await page.locator("h1").count(), 1, "exactly one h1");
      assert.equal(await page.getAttribute("html", "lang"), "zh-CN");
      // Every form control has a label a screen reader reads out.
      const unlabelled = await page.$$eval("input, select, textarea", (els) =>
        els.filter((el) => el.type !== "hidden" && !(el.labels && el.labels.length) && !el.getAttribute("aria-label")).map((el) => el.outerHTML),
      );
      assert.deepEqual(unlabelled, []);
      assert.deepEqual(page.errors, []);
    });
  }

  test("keyboard only: skip link, search box, result, entry; focus is visible", async () => {
    const page = await newPage(browser);
    await page.goto(base);
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.className), "skip-link");
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.notEqual(outline, "none", "focus is visible");
    // Tab on to the header search box.
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press("Tab");
      if (await page.evaluate(() => document.activeElement.name === "q")) break;
    }
    assert.equal(await page.evaluate(() => document.activeElement.name), "q", "the search box is reachable by Tab");
    assert.notEqual(await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle), "none");
    await page.keyboard.type("宅基地审批");
    await page.keyboard.press("Enter");
    await page.waitForURL(/search\/\?q=/);
    await searchSettled(page);
    // The live region announces the count.
    const status = page.locator("[role=status]");
    assert.equal(await status.getAttribute("aria-live"), "polite");
    assert.match(await status.textContent(), /找到 \d+ 条/);
    // From the search box, Tab reaches the first result link (filters in between).
    await page.focus("#search-q");
    let onResult = false;
    for (let i = 0; i < 12 && !onResult; i++) {
      await page.keyboard.press("Tab");
      onResult = await page.evaluate(() => !!document.activeElement.closest("#search-results"));
    }
    assert.ok(onResult, "a result link is reachable by Tab");
    const title = await page.evaluate(() => document.activeElement.textContent);
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/entry\//);
    assert.equal(await page.textContent("h1"), title);
  });
});

describe("screenshots", () => {
  for (const width of [360, 1280]) {
    test(`home, category, entry and search results at ${width} px`, async () => {
      const page = await newPage(browser, { viewport: { width, height: 800 } });
      for (const p of PAGES.filter((x) => x.name !== "index-numbers")) {
        await open(page, p);
        const file = saveShot(`${p.name}-${width}.png`);
        await page.screenshot({ path: file, fullPage: true });
        assert.ok(fs.statSync(file).size > 10_000, `${file} has content`);
        // Nothing wider than the screen: a phone never scrolls sideways.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `${p.name} at ${width}px is ${overflow}px too wide`);
      }
    });
  }
});
