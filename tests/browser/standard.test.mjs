// The pages the 基层政务公开标准目录 adds, in site-example's 东城镇 (which follows the
// township standard): an item's column with its 公开要求, and the 未涉及领域事项说明.
// Both pass axe and read in order.

import assert from "node:assert/strict";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { after, afterEach, before, test } from "node:test";

import { closePages, closeSite, newPage, openSite, repo } from "./support.mjs";

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

let site, server, browser, base;

before(async () => {
  ({ site, server, browser, base } = await openSite(path.join(repo, "site-example")));
});

afterEach(closePages);

after(() => closeSite({ site, server, browser }));

async function axe(page) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(() =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }),
  );
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join("; ")})`);
}

test("an item's column shows its 公开时限 and 公开依据, and passes axe", async () => {
  const page = await newPage(browser);
  await page.goto(base + "dongcheng/category/S200203/");
  assert.equal(await page.locator("h1").textContent(), "审核信息");
  const facts = await page.$$eval(".requirement dt", (dts) => dts.map((dt) => [dt.textContent, dt.nextElementSibling.textContent]));
  const byName = Object.fromEntries(facts);
  assert.equal(byName["公开时限"], "制定或获取信息之日起10个工作日内，公示7个工作日");
  assert.ok("公开依据" in byName, JSON.stringify(facts));
  assert.match(byName["标准目录"], /社会救助\/最低生活保障\/审核信息/);
  assert.deepEqual(await axe(page), []);
});

test("the 未涉及领域事项说明 lists each domain with its reason, linked from the catalogue, and passes axe", async () => {
  const page = await newPage(browser);
  await page.goto(base + "dongcheng/catalogue/");
  await page.getByRole("link", { name: "未涉及领域事项说明" }).click();
  await page.waitForURL(/catalogue\/not-applicable\/$/);
  const rows = await page.$$eval("tbody tr", (trs) => trs.map((tr) => tr.querySelector("th").textContent));
  assert.ok(rows.includes("城市综合执法") && rows.includes("户籍管理"), JSON.stringify(rows));
  assert.equal(await page.locator("h1").count(), 1);
  assert.deepEqual(await axe(page), []);
});
