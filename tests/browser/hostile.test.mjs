// Hostile text in an entry's fields, as a visitor's browser meets it: searching for it
// (full text and exact lookup by 文号) shows it as text, and nothing runs. The same
// entry's every page and file is checked on the Rust side (tests/it/never_publish.rs).

import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, afterEach, before, describe, test } from "node:test";

import { closePages, closeSite, newPage, openSite, repo, results, search } from "./support.mjs";

let root, site, server, browser, base;
const payload = (tag) => `<img src=x onerror="window.__xss='${tag}'"><script>window.__xss='${tag}'</script>`;

before(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "gongkai-hostile-"));
  fs.cpSync(path.join(repo, "tests/bad-inputs/base"), root, { recursive: true });
  const yaml = (s) => JSON.stringify(s);
  fs.writeFileSync(
    path.join(root, "content/entries/x.md"),
    [
      "---",
      'index: "11320100MB1234567X/2024-00002"',
      `title: ${yaml("恶意名称" + payload("title"))}`,
      `summary: ${yaml("恶意概述" + payload("summary"))}`,
      'category: "0202"',
      "created: 2024-03-01",
      "published: 2024-03-05",
      `doc_number: ${yaml("测政发〔2024〕9号" + payload("doc"))}`,
      `publisher: ${yaml(payload("publisher"))}`,
      "---",
      "恶意正文 " + payload("body"),
      "",
    ].join("\n"),
  );
  ({ site, server, browser, base } = await openSite(root));
});

afterEach(closePages);

after(async () => {
  await closeSite({ site, server, browser });
  fs.rmSync(root, { recursive: true, force: true });
});

describe("hostile text", () => {
  test("search results show it as text and run none of it", async () => {
    const page = await newPage(browser);
    const dialogs = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      d.dismiss();
    });
    const found = await search(page, base, "恶意名称");
    assert.equal(found.length, 1);
    assert.ok(found[0].title.includes("<script>"), found[0].title);
    // The exact lookup (the 文号 typed in full) goes straight to the page.
    await page.goto(`${base}search/?q=${encodeURIComponent("测政发〔2024〕9号" + payload("doc"))}`);
    await page.waitForURL(/entry\/11320100MB1234567X-2024-00002\/$/);
    assert.equal(await page.evaluate(() => window.__xss), undefined);
    for (const url of [base + "entry/11320100MB1234567X-2024-00002/", base, base + "category/0202/"]) {
      await page.goto(url);
      assert.equal(await page.evaluate(() => window.__xss), undefined, url);
      assert.equal(await page.locator("[onerror], [onload], [onclick]").count(), 0, url);
    }
    assert.deepEqual(dialogs, []);
    assert.deepEqual(page.errors, []);
  });
});
