// Time to first result: `node ttfr.mjs DIR QUERY...` serves a built site folder and,
// for each query in a fresh browser context (cold cache), times from navigating to
// `search/?q=…` until the first result is shown, with the requests and bytes the page
// fetched by then. A measurement, not a test.
import { serve, launch } from "./support.mjs";

const [dir, ...queries] = process.argv.slice(2);
const server = await serve(dir);
const browser = await launch();
for (const q of queries) {
  const context = await browser.newContext({ locale: "zh-CN" });
  const page = await context.newPage();
  let requests = 0;
  let bytes = 0;
  page.on("response", async (r) => {
    requests += 1;
    bytes += (await r.body().catch(() => Buffer.alloc(0))).length;
  });
  const started = Date.now();
  await page.goto(server.url + "search/?q=" + encodeURIComponent(q));
  await page.waitForSelector("#search-results li", { timeout: 60000 });
  const ms = Date.now() - started;
  const status = await page.textContent("#search-status");
  console.log(`${q}\t${ms} ms\t${requests} requests\t${(bytes / 1024).toFixed(0)} KB\t${status}`);
  await context.close();
}
await browser.close();
server.close();
