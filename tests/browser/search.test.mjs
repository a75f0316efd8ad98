// Search on the built demo, served under a sub-path (/xxgk/) as on a county portal.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, afterEach, before, describe, test } from "node:test";

import {
  allResults,
  closePages,
  closeSite,
  demoEntries,
  entryPath,
  newPage,
  openSite,
  repo,
  results,
  search,
  searchSettled,
  withoutSegmenter,
} from "./support.mjs";

let site, server, browser, base;
const entries = demoEntries();
const published = (e) => fs.existsSync(path.join(site.out, entryPath(e.fields.index), "index.html"));

before(async () => {
  ({ site, server, browser, base } = await openSite(repo));
});

afterEach(closePages);

after(() => closeSite({ site, server, browser }));

describe("full-text search", () => {
  test("a phrase from an entry's body finds that entry first", async () => {
    const page = await newPage(browser);
    // Phrases that occur in one entry's body only (checked against the sources below).
    for (const phrase of ["低保边缘家庭认定收入标准", "收割机须加装秸秆切碎装置", "镇联审联办"]) {
      const holders = entries.filter((e) => e.body.includes(phrase));
      assert.equal(holders.length, 1, `${phrase} is in one body`);
      assert.ok(published(holders[0]), `${phrase} is in a published entry`);
      const rows = await search(page, base, phrase);
      assert.ok(rows.length >= 1, `${phrase}: results`);
      assert.equal(
        new URL(rows[0].href).pathname,
        "/xxgk/" + entryPath(holders[0].fields.index),
        `${phrase}: the first result is ${holders[0].fields.title}`,
      );
      assert.ok(rows[0].marks.length > 0, `${phrase}: the excerpt highlights the match`);
      assert.match(rows[0].meta, /公开日期：\d{4}-\d\d-\d\d.*发布机构：示例镇人民政府.*索引号：.+/);
    }
    assert.deepEqual(page.errors, []);
  });

  // Pagefind issues #659 and #889: the browser's segmentation of a query must still
  // meet the index's. Every entry whose title holds the query must be found, and the
  // top result must really contain it.
  for (const q of ["公开", "预算", "行政许可", "依申请公开", "低保标准"]) {
    test(`the ${[...q].length}-character query ${q} finds the entries that contain it`, async () => {
      const page = await newPage(browser);
      await search(page, base, q);
      const rows = await allResults(page);
      assert.ok(rows.length > 0, `${q}: no results`);
      const expected = entries.filter((e) => published(e) && e.fields.title.includes(q));
      for (const e of expected) {
        assert.ok(rows.some((r) => r.title === e.fields.title), `${q}: missing ${e.fields.title}`);
      }
      const top = await page.context().request.get(rows[0].href);
      assert.ok((await top.text()).includes(q), `${q}: the top result ${rows[0].title} contains it`);
      assert.deepEqual(page.errors, []);
    });
  }

  test("drafts, unreviewed entries and 依申请公开 bodies are not searchable", async () => {
    const page = await newPage(browser);
    // The demo plants these words only in held-back files (or the body of a 依申请公开 entry).
    for (const word of ["草稿专用词甲乙丙", "依申请专用词丁戊己", "未审核专用词庚辛壬"]) {
      const holders = entries.filter((e) => e.body.includes(word));
      assert.equal(holders.length, 1, `${word} is planted once`);
      const rows = await search(page, base, word);
      assert.deepEqual(rows, [], `${word} leaked into the search index`);
      assert.match(await page.textContent("#search-status"), /没有找到/);
    }
    // The draft's title is unique to it too.
    const draft = entries.find((e) => e.body.includes("草稿专用词甲乙丙"));
    const rows = await search(page, base, draft.fields.title);
    assert.ok(!rows.some((r) => r.title === draft.fields.title), "the draft's title is not found");
  });

  test("a misspelt word finds nothing, says so, and offers the titles one character away", async () => {
    const page = await newPage(browser);
    const han = (e) => /[\u4e00-\u9fff]{6,}/.exec(e.fields.title);
    const target = entries.find((e) => published(e) && !e.fields.disclosure && han(e));
    // Six characters of the title with the fourth one wrong: no entry holds it.
    const chars = Array.from(han(target)[0]).slice(0, 6);
    chars[3] = "氹";
    const q = chars.join("");
    assert.deepEqual(await search(page, base, q), []);
    assert.match(await page.textContent("#search-status"), new RegExp(`没有找到与“${q}”相关的信息`));
    assert.ok(await page.isVisible("#search-unavailable"), "the catalogue and index-number links");
    await page.waitForSelector("#search-suggest li a", { timeout: 15000 });
    const offered = await page.$$eval("#search-suggest li a", (links) => links.map((a) => a.textContent));
    assert.ok(offered.includes(target.fields.title), `${q}: ${JSON.stringify(offered)}`);
    assert.deepEqual(page.errors, []);
  });

  test("a filter narrows the results and stays in the address", async () => {
    const page = await newPage(browser);
    const all = await search(page, base, "办法");
    await page.waitForSelector("#filter-validity option[value='废止']", { state: "attached" });
    await page.selectOption("#filter-validity", "废止");
    await page.waitForFunction(() => /validity=/.test(location.search));
    await searchSettled(page);
    const repealed = await results(page);
    assert.ok(repealed.length > 0 && repealed.length < all.length, "fewer results");
    const expected = entries.filter((e) => published(e) && e.fields.validity === "废止" && (e.body + e.fields.title).includes("办法"));
    assert.ok(expected.length > 0);
    for (const r of repealed) {
      assert.ok(expected.some((e) => e.fields.title === r.title), `${r.title} is 废止`);
    }
    assert.equal(new URL(page.url()).searchParams.get("validity"), "废止");
    assert.equal(new URL(page.url()).searchParams.get("q"), "办法");
    // The address alone restores the search.
    await page.goto(page.url());
    await searchSettled(page);
    assert.equal(await page.inputValue("#filter-validity"), "废止");
    assert.deepEqual((await results(page)).map((r) => r.title), repealed.map((r) => r.title));
  });

  test("typing keeps the query in the address", async () => {
    const page = await newPage(browser);
    await page.goto(base + "search/");
    await page.fill("#search-q", "低保");
    await page.waitForFunction(() => new URLSearchParams(location.search).get("q") === "低保");
    await searchSettled(page);
    assert.ok((await results(page)).length > 0);
  });

  test("without Intl.Segmenter (older phones) Chinese queries still work", async () => {
    const page = await newPage(browser);
    await withoutSegmenter(page);
    for (const q of ["预算", "行政许可", "依申请公开", "低保边缘家庭认定收入标准"]) {
      await search(page, base, q);
      assert.equal(await page.evaluate(() => typeof Intl.Segmenter), "undefined");
      const rows = await allResults(page);
      assert.ok(rows.length > 0, `${q}: results without Intl.Segmenter`);
      for (const e of entries.filter((x) => published(x) && (x.fields.title + x.body).includes(q))) {
        assert.ok(rows.some((r) => r.title === e.fields.title), `${q}: missing ${e.fields.title}`);
      }
      const top = await page.context().request.get(rows[0].href);
      assert.ok((await top.text()).includes(q), `${q}: the top result ${rows[0].title} contains it`);
    }
    assert.deepEqual(page.errors, []);
  });
});

describe("index-number lookup", () => {
  test("an index number typed into the header box opens its entry", async () => {
    const page = await newPage(browser);
    const e = entries.find((x) => x.fields.index.endsWith("2024-00019"));
    await page.goto(base);
    await page.fill("header input[name=q]", e.fields.index);
    await page.press("header input[name=q]", "Enter");
    await page.waitForURL("**/" + entryPath(e.fields.index));
    assert.equal(await page.textContent("h1"), e.fields.title);
  });

  test("a 文号 written with other brackets and full-width digits opens its entry", async () => {
    const page = await newPage(browser);
    const e = entries.find((x) => x.fields.doc_number && published(x));
    const typed = e.fields.doc_number
      .replace("〔", "[")
      .replace("〕", "]")
      .replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
    assert.notEqual(typed, e.fields.doc_number);
    await page.goto(base + "search/");
    await page.fill("#search-q", typed);
    await page.press("#search-q", "Enter");
    await page.waitForURL("**/" + entryPath(e.fields.index));
    assert.equal(await page.textContent("h1"), e.fields.title);
  });

  test("a pasted index number opens its entry; a linked one too", async () => {
    const page = await newPage(browser);
    const e = entries.find((x) => published(x) && x.fields.index.endsWith("2023-00005"));
    await page.goto(base + "search/");
    await page.focus("#search-q");
    await page.evaluate((text) => {
      const input = document.getElementById("search-q");
      const data = new DataTransfer();
      data.setData("text/plain", text);
      input.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true }));
      input.value = text;
      input.dispatchEvent(new Event("input", { bubbles: true }));
    }, e.fields.index);
    await page.waitForURL("**/" + entryPath(e.fields.index));
    await page.goto(`${base}search/?q=${encodeURIComponent(e.fields.index)}`);
    await page.waitForURL("**/" + entryPath(e.fields.index));
  });

  test("a partial index number lists the matching entries", async () => {
    const page = await newPage(browser);
    const rows = await search(page, base, "2024-0001");
    await allResults(page);
    const expected = entries.filter((e) => published(e) && e.fields.index.includes("2024-0001"));
    assert.ok(expected.length > 1);
    const all = await results(page);
    for (const e of expected) {
      assert.ok(all.some((r) => r.meta.includes(e.fields.index)), `missing ${e.fields.index}`);
    }
    assert.ok(rows[0].meta.includes("2024-0001"), "the first result has a matching index number");
    assert.match(page.url(), /search\/\?q=/, "stays on the search page");
  });

  test("an unknown index number or 文号 says so and stays on the search page", async () => {
    const page = await newPage(browser);
    for (const q of ["11320100MB1234567X/2099-99999", "示政发〔2099〕999号"]) {
      await search(page, base, q);
      assert.match(await page.textContent("#search-status"), /没有索引号或文号与“.+”完全相同的信息/);
      assert.match(page.url(), /search\/\?q=/);
    }
  });

  test("each agency's index-number page lists every published entry without JavaScript", async () => {
    const page = await newPage(browser, { javaScriptEnabled: false });
    await page.goto(base + "index-numbers/");
    const text = await page.textContent("main");
    for (const e of entries) {
      assert.equal(text.includes(e.fields.index), published(e), `${e.fields.index} listed iff published`);
    }
  });
});

describe("without JavaScript", () => {
  test("the search page explains and links to the catalogue", async () => {
    const page = await newPage(browser, { javaScriptEnabled: false });
    await page.goto(base);
    await page.fill("header input[name=q]", "低保");
    await page.press("header input[name=q]", "Enter");
    await page.waitForURL(/search\/\?q=/);
    const notice = page.locator("main .search-fallback").first();
    assert.match(await notice.textContent(), /需要浏览器启用 JavaScript/);
    await notice.locator("a", { hasText: "政府信息公开目录" }).first().click();
    await page.waitForURL("**/catalogue/");
    assert.equal(await page.locator("h1").count(), 1);
  });
});
