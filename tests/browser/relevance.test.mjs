// The search relevance set (relevance.json) on site-example and a generated corpus:
// what a result must be is read from the built index's own text (every Pagefind
// fragment of every bundle that bundles.json lists), so the set checks the search
// page's answers, not Pagefind's candidates.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { after, afterEach, before, test } from "node:test";

import {
  allResults,
  closePages,
  closeSite,
  entryPath,
  newPage,
  openSite,
  repo,
  search,
  withoutSegmenter,
} from "./support.mjs";

const set = JSON.parse(fs.readFileSync(new URL("relevance.json", import.meta.url), "utf8"));
const sites = {};
let corpusDir;
const figures = [];

// As search.js reads a fragment's text: no word breaks, full-width ASCII folded.
const clean = (t) => String(t || "").replace(/\u200b/g, "").replace(/([\u3400-\u9fff])\s+(?=[\u3400-\u9fff])/g, "$1");
const fold = (t) => t.replace(/[\uff01-\uff5eA-Z]/g, (c) => {
  const code = c.charCodeAt(0);
  return String.fromCharCode(code >= 0xff01 ? code - 0xfee0 : code).toLowerCase();
});

/// Every indexed entry of the built site `out`: its address, meta and text.
function indexed(out) {
  const root = path.join(out, "search/pagefind");
  const { merge } = JSON.parse(fs.readFileSync(path.join(root, "bundles.json"), "utf8"));
  const entries = [];
  for (const dir of ["", ...merge]) {
    const frag = path.join(root, dir, "fragment");
    for (const name of fs.readdirSync(frag)) {
      const raw = zlib.gunzipSync(fs.readFileSync(path.join(frag, name))).toString("utf8");
      const json = JSON.parse(raw.slice(raw.indexOf("{")));
      const list = json.url ? [json] : Object.values(json);
      for (const f of list) entries.push({ url: pathOf(f.url), meta: f.meta, text: fold(clean(f.content)) });
    }
  }
  return entries;
}

before(async () => {
  corpusDir = fs.mkdtempSync(path.join(os.tmpdir(), "gongkai-relevance-"));
  const corpus = path.join(path.dirname(process.env.GONGKAI_BIN || path.join(repo, "target/debug/gongkai")), "gongkai-corpus");
  execFileSync(corpus, ["--entries", "300", "--out", corpusDir], { stdio: "pipe" });
  for (const [name, root] of [["site-example", path.join(repo, "site-example")], ["corpus", path.join(corpusDir, "gongkai")]]) {
    const s = await openSite(root);
    s.entries = indexed(s.site.out);
    sites[name] = s;
  }
});

afterEach(closePages);

after(async () => {
  for (const s of Object.values(sites)) await closeSite(s);
  if (corpusDir) fs.rmSync(corpusDir, { recursive: true, force: true });
  const words = figures.filter((f) => f.kind === "word");
  const sum = (k) => words.reduce((a, f) => a + f[k], 0);
  console.log(
    `relevance: ${figures.length} queries; words: recall ${sum("hit")}/${sum("expected")}, ` +
      `precision ${sum("hit")}/${sum("shown")}, precision@10 ${sum("hit10")}/${sum("shown10")}; ` +
      `absent with 0 results ${figures.filter((f) => f.kind === "absent" && f.shown === 0).length}/` +
      `${figures.filter((f) => f.kind === "absent").length}; unique phrases first ` +
      `${figures.filter((f) => f.kind === "phrase" && f.first).length}/${figures.filter((f) => f.kind === "phrase").length}`,
  );
});

// An entry's address from "entry/" on (the index stores it without the site's base).
const pathOf = (href) => new URL(href, "http://x/").pathname.replace(/^.*?(?=entry\/)/, "");

for (const [name, queries] of Object.entries(set.sites)) {
  for (const item of queries) {
    test(`${name}: ${item.kind} ${item.q}`, async () => {
      const { browser, base, entries } = sites[name];
      const terms = fold(clean(item.q)).split(/\s+/).filter(Boolean);
      const holders = entries.filter((e) => terms.every((t) => e.text.includes(t)));
      const page = await newPage(browser);
      if (item.kind === "identifier") {
        const target = item.index
          ? entries.find((e) => e.meta.index === item.index)
          : entries.find((e) => e.meta.doc_number === item.q);
        assert.ok(target, `${item.q} is in the index`);
        await page.goto(`${base}search/?q=${encodeURIComponent(item.q)}`);
        await page.waitForURL("**/" + entryPath(target.meta.index));
        figures.push({ kind: item.kind });
        return;
      }
      await search(page, base, item.q);
      const rows = await allResults(page);
      const expected = new Set(holders.map((e) => e.url));
      const hit = rows.filter((r) => expected.has(pathOf(r.href))).length;
      const top = rows.slice(0, 10);
      figures.push({
        kind: item.kind,
        expected: expected.size,
        shown: rows.length,
        hit,
        shown10: top.length,
        hit10: top.filter((r) => expected.has(pathOf(r.href))).length,
        first: rows.length > 0 && item.index && pathOf(rows[0].href) === entryPath(item.index),
      });
      if (item.kind === "absent") {
        assert.equal(expected.size, 0, `${item.q} occurs in no entry`);
        assert.deepEqual(rows, [], `${item.q}: no result`);
        assert.match(await page.textContent("#search-status"), /没有找到/);
        assert.ok(await page.isVisible("#search-unavailable a[href$='index-numbers/']"), "links to the index-number list");
        return;
      }
      assert.ok(expected.size > 0, `${item.q} occurs somewhere`);
      for (const r of top) assert.ok(expected.has(pathOf(r.href)), `${item.q}: ${r.title} does not hold it`);
      assert.equal(hit, rows.length, `${item.q}: every result holds it`);
      assert.equal(hit, expected.size, `${item.q}: every entry holding it is found`);
      if (item.kind === "phrase") {
        assert.equal(expected.size, 1, `${item.q} is in one entry`);
        assert.ok(pathOf(rows[0].href) === entryPath(item.index), `${item.q}: ${item.index} first`);
      }
      // Readable results: an excerpt without the catalogue fields, the match marked
      // when the excerpt holds it.
      for (const r of rows.slice(0, 5)) {
        const e = entries.find((x) => x.url === pathOf(r.href));
        if (!/\d/.test(item.q)) assert.ok(!r.excerpt.includes(e.meta.index), `${r.title}: no index number in the excerpt`);
        if (terms.some((t) => fold(r.excerpt).includes(t))) assert.ok(r.marks.length > 0, `${r.title}: the match is marked`);
      }
      // The same answer, in the same order, without Intl.Segmenter.
      const old = await newPage(browser);
      await withoutSegmenter(old);
      await search(old, base, item.q);
      assert.deepEqual((await allResults(old)).map((r) => r.href), rows.map((r) => r.href), `${item.q}: same without Intl.Segmenter`);
      assert.deepEqual(page.errors, []);
    });
  }
}

// Not relevance, but it needs a route of several shards, which the corpus has.
test("a query asked as the page opens reads only its own route shard; the rest follow once it is answered", async () => {
  const { browser, base, site } = sites.corpus;
  const { route } = JSON.parse(fs.readFileSync(path.join(site.out, "search/pagefind/bundles.json"), "utf8"));
  assert.ok(route.shards >= 2, `${route.shards} shards`);
  const page = await newPage(browser);
  // When the page first answers (its result list busy, then not): route shards fetched
  // before that were the query's.
  await page.addInitScript(() => {
    let busy = false;
    window.answeredAt = null;
    new MutationObserver(() => {
      const state = document.getElementById("search-results")?.getAttribute("aria-busy");
      if (state === "true") busy = true;
      else if (busy && window.answeredAt === null) window.answeredAt = performance.now();
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ["aria-busy"] });
  });
  const shards = [];
  page.context().on("request", (r) => {
    const m = /\/search\/route\/([0-9a-f]+)\.txt$/.exec(new URL(r.url()).pathname);
    if (m) shards.push(m[1]);
  });
  // One pair of characters: one shard.
  assert.ok((await search(page, base, "预算")).length > 0);
  const before = await page.evaluate(() => performance.getEntriesByType("resource")
    .filter((e) => /\/search\/route\//.test(e.name) && e.startTime < window.answeredAt).map((e) => e.name));
  assert.equal(before.length, 1, `while searching: ${before.join(" ")}`);
  const deadline = Date.now() + 20000;
  while (new Set(shards).size < route.shards && Date.now() < deadline) await new Promise((ok) => setTimeout(ok, 50));
  assert.equal(new Set(shards).size, route.shards, `after: ${shards.join(" ")}`);
  assert.deepEqual(page.errors, []);
});
