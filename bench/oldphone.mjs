// Search on an old phone: `node bench/oldphone.mjs SITE_DIR QUERY...` serves a built
// site over a slow-3G link (SITE_DIR is served at the root; for a site under a sub-path
// such as /zwgk/, set SEARCH_PAGE=zwgk/search/ and give a folder whose zwgk/ is the
// output) and, for each query
// in a fresh browser context (cold cache), opens search/, types the query with the
// page's CPU slowed 4×, and reports the time from typing to the first result (or the
// no-result answer) and the requests and bytes the query cost. Twice per query: typing
// as soon as the page has loaded, and typing once it has settled (a visitor who reads
// the page first; Pagefind's script, WebAssembly and primary index load meanwhile).
//
// The link is the server's: each response waits 2 s, then its body takes its share of a
// 50 KB/s line (Chrome DevTools' slow-3G profile). NETWORK=fast3g (562.5 ms, 180 KB/s:
// DevTools' fast 3G, since renamed slow 4G) or NETWORK=fast4g (165 ms, 1 MB/s) picks
// the other presets. Emulating it in the browser would
// miss Pagefind's web worker, which fetches the index; the server sees every request.
// The worker's CPU is not slowed (DevTools can slow the page's only).
// It answers as a static host does: Last-Modified, and 304 to a current If-Modified-Since.
// TRACE=1 lists each request of a query (arrived, done, in ms from typing).
// A measurement, not a test. Needs the browser tests' npm packages (`cd tests/browser
// && npm ci`).
import fs from "node:fs";
import http from "node:http";
import path from "node:path";

import { launch } from "../tests/browser/support.mjs";

// Chrome DevTools' presets (as Puppeteer's PredefinedNetworkConditions give them).
const NETWORKS = {
  slow3g: { latency: 2000, bytesPerS: 50_000 },
  fast3g: { latency: 562.5, bytesPerS: 180_000 },
  fast4g: { latency: 165, bytesPerS: 1_012_500 },
};
const network = NETWORKS[process.env.NETWORK || "slow3g"];
if (!network) throw new Error("NETWORK: one of " + Object.keys(NETWORKS).join(", "));
const LATENCY_MS = network.latency;
const BYTES_PER_S = network.bytesPerS;
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".json": "application/json" };

const [dir, ...queries] = process.argv.slice(2);
let lineFree = 0;
const tally = { requests: 0, bytes: 0, last: 0 };
// TRACE=1: each request of a query, when it arrived and when its last byte left.
const trace = [];

const server = http.createServer((req, res) => {
  let rel = decodeURIComponent(new URL(req.url, "http://x").pathname);
  if (rel.endsWith("/")) rel += "index.html";
  const file = path.join(dir, path.normalize(rel));
  let body, modified;
  try {
    body = fs.readFileSync(file);
    modified = fs.statSync(file).mtime.toUTCString();
  } catch {
    body = null;
  }
  tally.requests += 1;
  tally.last = Date.now();
  const traced = { rel, arrived: Date.now(), done: null };
  trace.push(traced);
  setTimeout(() => {
    const now = Date.now();
    // A 304 (the browser's copy is current) sends no body.
    const current = body && req.headers["if-modified-since"] === modified;
    const size = body && !current ? body.length : 0;
    const start = Math.max(now, lineFree);
    lineFree = start + (size / BYTES_PER_S) * 1000;
    setTimeout(() => {
      tally.bytes += size;
      tally.last = Date.now();
      traced.done = tally.last;
      if (!body) {
        res.writeHead(404).end();
        return;
      }
      if (current) {
        res.writeHead(304).end();
        return;
      }
      res.writeHead(200, {
        "Content-Type": TYPES[path.extname(file)] || "application/octet-stream",
        "Content-Length": size,
        // As a static host sends it (nginx, Apache): browsers cache by it.
        "Last-Modified": modified,
      });
      res.end(body);
    }, lineFree - now);
  }, LATENCY_MS);
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const url = `http://127.0.0.1:${server.address().port}/`;

const browser = await launch();
async function once(q, settle) {
  const context = await browser.newContext({ locale: "zh-CN" });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  await page.goto(url + (process.env.SEARCH_PAGE || "search/"), { waitUntil: "load", timeout: 300000 });
  if (settle) {
    // Settled: nothing requested or received for 3 s.
    while (Date.now() - tally.last < 3000) await new Promise((ok) => setTimeout(ok, 200));
  }
  const before = { ...tally };
  const started = Date.now();
  await page.fill("#search-q", q);
  await page.waitForFunction(() => {
    const s = document.getElementById("search-status").textContent;
    return document.querySelector("#search-results li") || /没有找到/.test(s);
  }, null, { timeout: 600000, polling: 50 });
  const first = { ms: Date.now() - started, requests: tally.requests - before.requests, bytes: tally.bytes - before.bytes };
  await page.waitForFunction(() => document.getElementById("search-results").getAttribute("aria-busy") === "false",
    null, { timeout: 900000, polling: 200 });
  const all = { ms: Date.now() - started, requests: tally.requests - before.requests, bytes: tally.bytes - before.bytes };
  const status = await page.textContent("#search-status");
  await context.close();
  if (process.env.TRACE) {
    for (const t of trace.filter((t) => t.done === null || t.done >= started)) {
      console.log(`  ${t.arrived - started}\t${t.done === null ? "-" : t.done - started}\t${t.rel}`);
    }
  }
  trace.length = 0;
  const kb = (b) => Math.round(b / 1024);
  console.log(
    `${q}\t${settle ? "settled" : "at load"}\tfirst result ${first.ms} ms, ${first.requests} requests, ${kb(first.bytes)} KB` +
    `\tall checked ${all.ms} ms, ${all.requests} requests, ${kb(all.bytes)} KB\t${status}`,
  );
}
for (const q of queries) {
  await once(q, false);
  await once(q, true);
}
await browser.close();
server.close();
