// `gongkai check --html`: the inspection score sheet of site-example (eight agencies, one
// neglected) opened in Chromium: axe finds nothing, the county table has a row per
// agency linking to its section, and it reads on a phone and prints one agency a page.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, test } from "node:test";

import { bin, closePages, launch, newPage, repo, saveShot } from "./support.mjs";

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

let browser, dir, url;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "gongkai-sheet-"));
  const file = path.join(dir, "评分表.html");
  execFileSync(bin, ["check", "--root", path.join(repo, "site-example"), "--date", "2025-02-28", "--html", file], {
    stdio: "pipe",
  });
  url = pathToFileURL(file).href;
  browser = await launch();
});

after(async () => {
  await closePages();
  await browser?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test("the score sheet has no axe violations (WCAG 2.1 A/AA) and one h1", async () => {
  const page = await newPage(browser);
  await page.goto(url);
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(() =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }),
  );
  const problems = result.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join("; ")})`,
  );
  assert.deepEqual(problems, []);
  assert.equal(await page.locator("h1").count(), 1);
  assert.equal(await page.getAttribute("html", "lang"), "zh-CN");
  assert.deepEqual(page.errors, []);
});

test("the county table: a row per agency, linked to its section; the neglected one stands out", async () => {
  const page = await newPage(browser);
  await page.goto(url);
  const rows = await page.$$eval("#overview-h ~ .scroll tbody tr", (trs) =>
    trs.map((tr) => ({
      name: tr.querySelector("th").textContent,
      href: tr.querySelector("th a").getAttribute("href"),
      cells: Array.from(tr.querySelectorAll("td")).map((td) => td.textContent),
    })),
  );
  assert.ok(rows.length >= 8, JSON.stringify(rows));
  for (const r of rows) {
    assert.equal(await page.locator(r.href).count(), 1, `${r.name}: section ${r.href}`);
  }
  const neglected = rows.find((r) => r.name === "南山乡人民政府");
  assert.equal(neglected.cells.at(-1), "2 项", "two 单项否决 lines reached");
  const kept = rows.find((r) => r.name === "东城镇人民政府");
  assert.deepEqual(kept.cells, ["乡镇", "51/51", "0", "0", "0", "2024年 按时发布", "无"]);
  // Every section states the three veto lines with a verdict in words, not colour alone.
  const verdicts = await page.$$eval(".agency table tbody td:last-child span", (s) => s.map((x) => x.textContent));
  assert.ok(verdicts.includes("触及，单项否决") && verdicts.includes("未触及"));
});

test("readable at 360 px without sideways scrolling of the page, and printable one agency a page", async () => {
  const page = await newPage(browser, { viewport: { width: 360, height: 800 } });
  await page.goto(url);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page scrolls sideways by ${overflow}px`);
  // Wide tables scroll inside their focusable region instead of squeezing their columns.
  const narrowest = await page.$$eval("#overview-h ~ .scroll th[scope=col]", (ths) => Math.min(...ths.map((th) => th.getBoundingClientRect().width)));
  assert.ok(narrowest >= 48, `a column is ${narrowest}px wide`);
  await page.screenshot({ path: saveShot("sheet-360.png"), fullPage: false });
  const wide = await newPage(browser, { viewport: { width: 1280, height: 900 } });
  await wide.goto(url);
  await wide.screenshot({ path: saveShot("sheet-1280.png"), fullPage: false });
  const pdf = await wide.pdf({ format: "A4" });
  const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) || []).length;
  const sections = await wide.locator("section.agency").count();
  assert.ok(pages >= sections + 1, `${pages} printed pages for ${sections} agencies`);
});
