// Search on an old phone: `node bench/oldphone.mjs SITE_DIR QUERY...` serves a built
// site (SITE_DIR holds the output at its root) and, for each query in a fresh browser
// context (cold cache), opens search/, then types the query with the CPU slowed 4×
// and a slow-3G network (Chrome DevTools' profile: 2 s latency, 50 KB/s each way),
// and reports the time from typing to the first result (or the no-result answer) and
// the bytes downloaded meanwhile. A measurement, not a test. Needs the browser tests'
// npm packages (`cd tests/browser && npm ci`).
import { launch, serve } from "../tests/browser/support.mjs";

const [dir, ...queries] = process.argv.slice(2);
const server = await serve(dir);
const browser = await launch();
for (const q of queries) {
  const context = await browser.newContext({ locale: "zh-CN" });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 2000,
    downloadThroughput: 50000,
    uploadThroughput: 50000,
  });
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  let bytes = 0;
  let counting = false;
  cdp.on("Network.loadingFinished", (e) => {
    if (counting) bytes += e.encodedDataLength;
  });
  await page.goto(server.url + "search/", { waitUntil: "load", timeout: 120000 });
  counting = true;
  const started = Date.now();
  await page.fill("#search-q", q);
  await page.waitForFunction(() => {
    const s = document.getElementById("search-status").textContent;
    return document.querySelector("#search-results li") || /没有找到/.test(s);
  }, null, { timeout: 120000, polling: 50 });
  const ms = Date.now() - started;
  const first = bytes;
  // The rest of the candidates are checked after the first results show.
  await page.waitForFunction(() => document.getElementById("search-results").getAttribute("aria-busy") === "false",
    null, { timeout: 600000, polling: 200 });
  const done = Date.now() - started;
  const status = await page.textContent("#search-status");
  console.log(`${q}\tfirst result ${ms} ms, ${Math.round(first / 1024)} KB\tall checked ${done} ms, ${Math.round(bytes / 1024)} KB\t${status}`);
  await context.close();
}
await browser.close();
server.close();
