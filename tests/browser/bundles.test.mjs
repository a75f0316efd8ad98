// Search over a site whose index is several Pagefind bundles (`search.bundle_size` in
// site.yaml), merged in the browser: every bundle is searched, a listing without a query
// stays newest first across bundles, filters and held-back entries behave as on a
// one-bundle site.

import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { after, afterEach, before, describe, test } from "node:test";

import {
  allResults,
  closePages,
  closeSite,
  entryPath,
  newPage,
  openSite,
  results,
  search,
  searchSettled,
  withoutSegmenter,
} from "./support.mjs";

const TOPICS = ["低保标准调整", "宅基地审批办理", "部门预算公开", "行政许可事项", "秸秆禁烧巡查"];
const AGENCIES = [
  { dir: "", name: "生成县人民政府", code: "11320100MB0000001X" },
  { dir: "jiaoyu", name: "生成县教育局", code: "11320100MB0000002X" },
];
// Phrases planted in one body each: the oldest entry (last bundle), one in the middle,
// the newest (primary bundle).
const PLANTED = { 2: "秸秆综合利用试点名单", 60: "农村公路养护资金明细", 118: "校车安全管理责任清单" };
const N = 120;
const DRAFT = 50;
const ON_REQUEST = 51;

/// Writes the site and returns its entries (as the tests expect to find them).
function writeSite(root) {
  const w = (rel, text) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  w("site.yaml", "title: 生成县人民政府信息公开\nbase_url: https://www.example.gov.cn/xxgk/\nsearch:\n  bundle_size: 25\n");
  for (const a of AGENCIES) {
    const dir = a.dir ? `content/${a.dir}/` : "content/";
    w(dir + "guide.md", `---\nagency: ${a.name}\ncode: "${a.code}"\noffice: 办公室\naddress: 人民路1号\nhours: 周一至周五\nphone: 0523-80000000\nemail: xxgk@example.gov.cn\n---\n指南。\n\n## 政府信息的分类、编排体系和获取方式\n\n按公开目录分类编排，在本平台查阅、检索和下载。\n`);
    w(dir + "catalogue.md", "---\ncategories:\n  - { code: \"01\", name: 政策文件 }\n  - { code: \"02\", name: 工作动态 }\n---\n按分类编排。\n");
  }
  const entries = [];
  const seqs = {};
  for (let i = 0; i < N; i++) {
    const a = AGENCIES[i % 2];
    // A week apart, so newer entries have larger numbers.
    const published = new Date(Date.UTC(2022, 0, 1 + 7 * i)).toISOString().slice(0, 10);
    const year = published.slice(0, 4);
    const seq = (seqs[a.code + year] = (seqs[a.code + year] || 0) + 1);
    const index = `${a.code}/${year}-${String(seq).padStart(5, "0")}`;
    const topic = TOPICS[i % TOPICS.length];
    const title = `第${i}号${topic}的通知`;
    let body = `为做好${topic}工作，现将有关事项通知如下。各单位要认真落实。`;
    if (PLANTED[i]) body += `附：${PLANTED[i]}。`;
    if (i === DRAFT) body += "草稿专用词甲乙丙。";
    if (i === ON_REQUEST) body += "依申请专用词丁戊己。";
    const validity = i % 10 === 0 ? "validity: 废止\n" : "";
    const held = i === DRAFT ? "draft: true\n" : i === ON_REQUEST ? "disclosure: 依申请公开\n" : "";
    w(`${a.dir ? "content/" + a.dir : "content"}/entries/${i}.md`,
      `---\nindex: "${index}"\ntitle: ${title}\nsummary: 关于${topic}的通知。\ncategory: "0${1 + (i % 2)}"\ncreated: ${published}\npublished: ${published}\n${validity}${held}---\n${body}\n`);
    // Listed: published (the 依申请公开 entry with its metadata, not its body).
    entries.push({ i, index, title, agency: a.name, repealed: Boolean(validity), listed: i !== DRAFT });
  }
  return entries;
}

let site, server, browser, base, entries;
const src = fs.mkdtempSync(path.join(os.tmpdir(), "gongkai-bundles-"));

before(async () => {
  entries = writeSite(src);
  ({ site, server, browser, base } = await openSite(src));
});

afterEach(closePages);

after(async () => {
  await closeSite({ site, server, browser });
  fs.rmSync(src, { recursive: true, force: true });
});

const number = (row) => Number(/第(\d+)号/.exec(row.title)[1]);

describe("an index of several bundles", () => {
  test("the site is indexed as several bundles", () => {
    const list = JSON.parse(fs.readFileSync(path.join(site.out, "search/pagefind/bundles.json"), "utf8"));
    // Named by their span of time: whole years, or slices of a year too big for one.
    assert.ok(list.merge.length >= 3, JSON.stringify(list.merge));
    for (const name of list.merge) assert.match(name, /^\d{4}(-\d{4}|-\d+of\d+(-\d+)?)?\/$/);
  });

  test("a phrase from one body finds that entry first, whichever bundle holds it", async () => {
    const page = await newPage(browser);
    for (const [i, phrase] of Object.entries(PLANTED)) {
      const rows = await search(page, base, phrase);
      assert.ok(rows.length >= 1, `${phrase}: results`);
      const e = entries[Number(i)];
      assert.equal(new URL(rows[0].href).pathname, "/xxgk/" + entryPath(e.index), `${phrase}: ${e.title} first`);
      assert.ok(rows[0].marks.length > 0, `${phrase}: highlighted`);
    }
    assert.deepEqual(page.errors, []);
  });

  test("a query loads only the bundles its route names; a word found nowhere loads none", async () => {
    const list = JSON.parse(fs.readFileSync(path.join(site.out, "search/pagefind/bundles.json"), "utf8"));
    assert.ok(list.route.shards >= 1);
    const loading = (page) => {
      const loaded = new Set();
      // Pagefind fetches from its web worker; the context sees those requests too.
      page.context().on("request", (r) => {
        const m = /\/search\/pagefind\/([^/]+)\/pagefind-entry\.json/.exec(r.url());
        if (m) loaded.add(m[1] + "/");
      });
      return loaded;
    };
    // The page merges the next newest bundle as it loads (`preloaded` in search.js),
    // whatever the query; any other is loaded only when the route names it.
    const preloaded = list.merge[0];
    // Entry 2 is among the oldest: in the last bundle.
    let page = await newPage(browser);
    let loaded = loading(page);
    const rows = await search(page, base, PLANTED[2]);
    assert.equal(new URL(rows[0].href).pathname, "/xxgk/" + entryPath(entries[2].index));
    assert.deepEqual([...loaded].sort(), [preloaded, list.merge[list.merge.length - 1]].sort());
    assert.deepEqual(page.errors, []);

    page = await newPage(browser);
    loaded = loading(page);
    assert.deepEqual(await search(page, base, "火星移民"), []);
    assert.match(await page.textContent("#search-status"), /没有找到与“火星移民”相关的信息/);
    assert.deepEqual([...loaded], [preloaded]);
    // A word in every bundle: the newest bundles first; once 40 results are found the
    // older ones wait for the visitor to ask, then every bundle is searched.
    assert.equal((await search(page, base, "通知如下")).length, 20);
    assert.ok(loaded.size < list.merge.length, `${loaded.size} of ${list.merge.length} bundles`);
    assert.match(await page.textContent("#search-status"), /以上是较近的信息/);
    await page.click("#search-older");
    await searchSettled(page);
    assert.equal(loaded.size, list.merge.length);
    assert.ok(await page.isHidden("#search-older"));
    const all = await allResults(page);
    assert.equal(all.length, entries.filter((e) => e.listed && e.i !== ON_REQUEST).length);
    assert.equal(await page.evaluate(() => document.activeElement.closest("#search-results") !== null), true);
    assert.deepEqual(page.errors, []);
  });

  test("the route is read while Pagefind is still loading", async () => {
    // Pagefind's web worker is held back until the route has been asked for (or 5 s):
    // a search that waited for Pagefind before reading the route asks for it only
    // after the worker, one more round trip on a slow network.
    const page = await newPage(browser);
    const order = [];
    let routeAsked;
    const asked = new Promise((ok) => (routeAsked = ok));
    await page.route("**/search/route/*.txt", (route) => {
      order.push("route");
      routeAsked();
      return route.continue();
    });
    await page.route("**/pagefind-worker.js", async (route) => {
      await Promise.race([asked, new Promise((ok) => setTimeout(ok, 5000))]);
      order.push("worker");
      return route.continue();
    });
    const rows = await search(page, base, PLANTED[60]);
    assert.equal(new URL(rows[0].href).pathname, "/xxgk/" + entryPath(entries[60].index));
    assert.equal(order[0], "route", order.join(" "));
    assert.ok(order.includes("worker"));
    assert.deepEqual(page.errors, []);
  });

  test("once the first bundles are in, a small route is fetched whole and a query reads it without a request", async () => {
    const list = JSON.parse(fs.readFileSync(path.join(site.out, "search/pagefind/bundles.json"), "utf8"));
    const page = await newPage(browser);
    const shards = new Set();
    let typed = false;
    const afterTyping = [];
    page.context().on("request", (r) => {
      const m = /\/search\/route\/([0-9a-f]+)\.txt$/.exec(new URL(r.url()).pathname);
      if (!m) return;
      if (typed) afterTyping.push(m[1]);
      shards.add(m[1]);
    });
    await page.goto(`${base}search/`);
    const deadline = Date.now() + 20000;
    while (shards.size < list.route.shards && Date.now() < deadline) await new Promise((ok) => setTimeout(ok, 50));
    assert.equal(shards.size, list.route.shards, `shards fetched before any query: ${[...shards].join(" ")}`);
    typed = true;
    await page.fill("#search-q", "火星移民");
    await page.waitForFunction(() => /没有找到与“火星移民”/.test(document.getElementById("search-status").textContent));
    await page.fill("#search-q", PLANTED[2]);
    await page.waitForFunction(() => document.querySelector("#search-results li"));
    assert.equal(new URL((await results(page))[0].href).pathname, "/xxgk/" + entryPath(entries[2].index));
    assert.deepEqual(afterTyping, [], "no route request once the route is in");
    assert.deepEqual(page.errors, []);
  });

  test("Pagefind's worker and WebAssembly are fetched with the page, and only once", async () => {
    // A server of its own that answers as static hosts do (Last-Modified, and 304 to
    // If-Modified-Since), logs each request and holds pagefind.js back: the worker
    // starts only once pagefind.js has run, so a worker script or WebAssembly asked for
    // before that comes from the page's prefetch. The worker then either takes that
    // copy or, the files being only seconds old, asks whether it is still current.
    const log = [];
    const own = http.createServer((req, res) => {
      const rel = decodeURIComponent(new URL(req.url, "http://x").pathname);
      const file = path.join(site.dir, path.normalize(rel.endsWith("/") ? rel + "index.html" : rel));
      const since = req.headers["if-modified-since"];
      log.push({ rel, since });
      const send = () => {
        if (!fs.existsSync(file)) return res.writeHead(404).end();
        const modified = new Date(fs.statSync(file).mtime).toUTCString();
        if (since === modified) return res.writeHead(304).end();
        const type = file.endsWith(".html") ? "text/html" : file.endsWith("js") ? "text/javascript" : "application/octet-stream";
        res.writeHead(200, { "Content-Type": type, "Last-Modified": modified });
        res.end(fs.readFileSync(file));
      };
      if (rel.endsWith("/pagefind.js")) {
        setTimeout(() => {
          log.push({ rel: "pagefind.js served" });
          send();
        }, 1000);
      } else send();
    });
    await new Promise((ok) => own.listen(0, "127.0.0.1", ok));
    try {
      const page = await newPage(browser);
      const rows = await search(page, `http://127.0.0.1:${own.address().port}/xxgk/`, PLANTED[118]);
      assert.equal(new URL(rows[0].href).pathname, "/xxgk/" + entryPath(entries[118].index));
      const names = log.map((r) => r.rel);
      const served = names.indexOf("pagefind.js served");
      for (const name of ["pagefind-worker.js", "wasm.unknown.pagefind"]) {
        const asked = log.filter((r) => r.rel.endsWith("/search/pagefind/" + name));
        assert.ok(asked.length >= 1 && log.indexOf(asked[0]) < served, `${name} asked for with the page: ${names.join(" ")}`);
        assert.ok(asked.slice(1).every((r) => r.since), `${name} downloaded once`);
        assert.ok(asked.length <= 2, `${name}: ${names.join(" ")}`);
      }
      assert.deepEqual(page.errors, []);
    } finally {
      own.close();
    }
  });

  test("a query finds the matching entries of every bundle", async () => {
    const page = await newPage(browser);
    for (const q of ["低保标准", "宅基地审批"]) {
      await search(page, base, q);
      const rows = await allResults(page);
      const expected = entries.filter((e) => e.listed && e.title.includes(q));
      assert.deepEqual(rows.map(number).sort((a, b) => a - b), expected.map((e) => e.i), q);
      assert.match(await page.textContent("#search-status"), new RegExp(`找到 ${expected.length} 条`));
    }
    assert.deepEqual(page.errors, []);
  });

  test("a filter without a query lists every match newest first across bundles", async () => {
    const page = await newPage(browser);
    await page.goto(`${base}search/?validity=${encodeURIComponent("废止")}`);
    await page.waitForFunction(() => document.getElementById("search-results").getAttribute("aria-busy") === "false" && document.getElementById("search-status").textContent);
    const rows = await allResults(page);
    const expected = entries.filter((e) => e.listed && e.repealed).map((e) => e.i).reverse();
    assert.deepEqual(rows.map(number), expected);
    // The list's count is the one the page was built with.
    assert.equal(await page.textContent("#filter-validity option[value='废止']"), `废止（${expected.length}）`);
  });

  test("a query and a filter together narrow every bundle", async () => {
    const page = await newPage(browser);
    const agency = AGENCIES[1].name;
    await search(page, base, "部门预算", `&agency=${encodeURIComponent(agency)}`);
    const rows = await allResults(page);
    const expected = entries.filter((e) => e.listed && e.agency === agency && e.title.includes("部门预算"));
    assert.ok(expected.length > 5);
    assert.deepEqual(rows.map(number).sort((a, b) => a - b), expected.map((e) => e.i));
    assert.equal(await page.inputValue("#filter-agency"), agency);
  });

  test("without Intl.Segmenter every bundle is still searched", async () => {
    const page = await newPage(browser);
    await withoutSegmenter(page);
    await search(page, base, "秸秆禁烧");
    const rows = await allResults(page);
    const expected = entries.filter((e) => e.listed && e.title.includes("秸秆禁烧"));
    assert.deepEqual(rows.map(number).sort((a, b) => a - b), expected.map((e) => e.i));
    assert.deepEqual(page.errors, []);
  });

  test("held-back entries are in no bundle", async () => {
    const page = await newPage(browser);
    for (const word of ["草稿专用词甲乙丙", "依申请专用词丁戊己", entries[DRAFT].title]) {
      const rows = await search(page, base, word);
      assert.ok(!rows.some((r) => number(r) === DRAFT), `${word}: the draft`);
      if (word !== entries[DRAFT].title) assert.deepEqual(rows, [], `${word} leaked`);
    }
  });
});
