// `gongkai serve --drafts` as a clerk sees it: a draft's page under its banner (readable,
// no axe violations), the badge in the listing, and the 【请填写】 notice over a preview.

import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, afterEach, before, test } from "node:test";

import { axeViolations, bin, closePages, launch, newPage, repo, saveShot, startUntil } from "./support.mjs";

let serve, base, browser, dir;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "gongkai-preview-"));
  for (const f of ["site.yaml", "content"]) fs.cpSync(path.join(repo, f), path.join(dir, f), { recursive: true });
  // Something still to fill in, in a published entry.
  const entry = path.join(dir, "content/entries/2024/2024-00019-dibao-biaozhun-2024.md");
  fs.appendFileSync(entry, "\n联系人：【请填写】\n");
  serve = await startUntil(bin, ["serve", "--root", dir, "--port", "0", "--drafts"], /本地预览：(http:\/\/127\.0\.0\.1:\d+\/)/, "gongkai serve");
  base = serve.url + "xxgk/";
  browser = await launch();
});

afterEach(closePages);

after(async () => {
  await browser?.close();
  serve?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test("a draft is previewed under a banner that says build will not publish it", async () => {
  const page = await newPage(browser);
  await page.goto(base + "entry/11320100MB1234567X-2024-00018/");
  const banner = page.locator(".notice-unpublished");
  await banner.waitFor();
  assert.match(await banner.innerText(), /^草稿：本条目是草稿，只在本地预览中显示，gongkai build 不会发布它。$/);
  assert.ok(await banner.isVisible());
  // Only the error overlay may be above it: the banner itself passes axe.
  await page.evaluate(() => document.getElementById("gongkai-serve-errors")?.remove());
  assert.deepEqual(await axeViolations(page), []);
  await page.setViewportSize({ width: 360, height: 740 });
  await page.screenshot({ path: saveShot("preview-draft-360.png"), fullPage: false });
  assert.deepEqual(page.errors, []);
});

test("the listings mark the demo's two drafts, and nothing else", async () => {
  const page = await newPage(browser);
  await page.goto(base + "index-numbers/");
  const rows = page.locator("tr:has(.badge-unpublished)");
  assert.deepEqual(await rows.locator(".badge-unpublished").allInnerTexts(), ["草稿", "草稿"]);
  const indexes = await rows.locator("td.col-index").allInnerTexts();
  assert.deepEqual(indexes.sort(), ["11320100MB1234567X/2024-00015", "11320100MB1234567X/2024-00018"]);
});

test("what build would refuse is listed over the preview", async () => {
  const page = await newPage(browser);
  await page.goto(base);
  const notice = page.locator("#gongkai-serve-errors");
  await notice.waitFor();
  assert.match(await notice.innerText(), /还有 1 处标着【请填写】/);
  assert.match(await notice.innerText(), /content\/entries\/2024\/2024-00019-dibao-biaozhun-2024\.md:40/);
});
