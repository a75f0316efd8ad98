// Browser test support: build a site with the real binary, serve it on loopback with
// Python's http.server, and drive Debian's Chromium through Playwright.

import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
export const repo = path.resolve(here, "../..");
export const bin = process.env.GONGKAI_BIN || path.join(repo, "target/debug/gongkai");
export const artifacts = path.join(here, "artifacts");

/// Builds `root` into a fresh temp folder at `<tmp>/<subPath>` and returns the temp
/// folder (serve that, and the site answers under `/<subPath>/`).
export function buildSite(root, subPath = "xxgk") {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gongkai-browser-"));
  const out = path.join(dir, subPath);
  execFileSync(bin, ["build", "--root", root, "--output", out], { stdio: "pipe" });
  return { dir, out };
}

/// Starts `command` and waits until its stdout matches `ready` (whose first group is
/// returned as `url`); `close()` stops it.
export function startUntil(command, args, ready, what) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      // Logs on stderr are not read; an unread pipe would fill up and stall the process.
      stdio: ["ignore", "pipe", "ignore"],
    });
    let seen = "";
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`${what} did not start: ${seen}`));
    }, 60000);
    child.stdout.on("data", (chunk) => {
      seen += chunk;
      const m = ready.exec(seen);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1], close: () => child.kill() });
      }
    });
    child.on("error", reject);
  });
}

/// Serves `dir` on a free loopback port; `close()` stops the server.
export async function serve(dir) {
  const s = await startUntil(
    "python3",
    ["-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", dir],
    /port (\d+)/,
    "http.server",
  );
  return { url: `http://127.0.0.1:${s.url}/`, close: s.close };
}

/// Builds `root` under `/xxgk/`, serves it and starts Chromium, for a test file's
/// `before`; `closeSite` undoes it in `after`.
export async function openSite(root) {
  const site = buildSite(root);
  const server = await serve(site.dir);
  try {
    return { site, server, base: server.url + "xxgk/", browser: await launch() };
  } catch (e) {
    await closeSite({ site, server });
    throw e;
  }
}

export async function closeSite({ site, server, browser }) {
  await browser?.close();
  server?.close();
  if (site) fs.rmSync(site.dir, { recursive: true, force: true });
}

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
  });
}

const contexts = [];

/// A page in a fresh browser context (closed by `closePages`); script errors are
/// collected in `page.errors`.
export async function newPage(browser, options = {}) {
  const context = await browser.newContext({ locale: "zh-CN", ...options });
  contexts.push(context);
  const page = await context.newPage();
  page.errors = [];
  page.on("pageerror", (e) => page.errors.push(e.message));
  return page;
}

/// Makes `page` behave like a browser without `Intl.Segmenter` (older phones), in the
/// page and in Pagefind's web worker, which has its own `Intl`.
export async function withoutSegmenter(page) {
  const drop = "delete Intl.Segmenter;";
  await page.addInitScript(drop);
  await page.route("**/pagefind-worker.js", async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: drop + "\n" + (await response.text()) });
  });
}

export async function closePages() {
  for (const c of contexts.splice(0)) {
    // A route handler may still be fetching a file the page prefetched (Pagefind's
    // worker); closing the context under it would reject outside any test.
    for (const p of c.pages()) await p.unrouteAll({ behavior: "ignoreErrors" });
    await c.close();
  }
}

/// Waits until the search page has answered (status line filled, results rendered).
export async function searchSettled(page) {
  await page.waitForFunction(() => {
    const s = document.getElementById("search-status");
    const list = document.getElementById("search-results");
    return s && s.textContent && list.getAttribute("aria-busy") === "false";
  }, null, { timeout: 15000 });
}

/// Searches `q` through the search page's address and returns the result rows.
export async function search(page, base, q, params = "") {
  await page.goto(`${base}search/?q=${encodeURIComponent(q)}${params}`);
  await searchSettled(page);
  return results(page);
}

export function results(page) {
  return page.$$eval("#search-results > li", (items) =>
    items.map((li) => ({
      title: li.querySelector("h2 a").textContent,
      href: li.querySelector("h2 a").href,
      meta: li.querySelector(".result-meta").textContent,
      excerpt: (li.querySelector(".result-excerpt") || { textContent: "" }).textContent,
      marks: Array.from(li.querySelectorAll(".result-excerpt mark")).map((m) => m.textContent),
    })),
  );
}

/// Loads every result (the page shows 20 at a time).
export async function allResults(page) {
  for (;;) {
    const more = page.locator("#search-more");
    if (!(await more.isVisible())) break;
    const before = await page.locator("#search-results > li").count();
    await more.click();
    await page.waitForFunction((n) => document.querySelectorAll("#search-results > li").length > n, before);
  }
  return results(page);
}

/// The demo's entry files with their front matter fields and body (a small reader for
/// the flat `key: value` lines the demo uses; tests only need a few fields).
export function demoEntries() {
  const out = [];
  const walk = (dir) => {
    for (const name of fs.readdirSync(dir)) {
      const p = path.join(dir, name);
      if (fs.statSync(p).isDirectory()) walk(p);
      else if (name.endsWith(".md")) {
        const text = fs.readFileSync(p, "utf8");
        const [, front, body] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
        const fields = {};
        for (const line of front.split("\n")) {
          const m = /^(\w+):\s*"?(.*?)"?\s*$/.exec(line);
          if (m) fields[m[1]] = m[2];
        }
        out.push({ file: p, fields, body });
      }
    }
  };
  walk(path.join(repo, "content/entries"));
  return out;
}

/// The address of an entry page: its index number with every character outside
/// `A-Z a-z 0-9 . _ -` replaced by `-` (the rule in content-format.md).
export function entryPath(index) {
  return `entry/${index.replace(/[^A-Za-z0-9._-]/g, "-")}/`;
}

export function saveShot(name) {
  fs.mkdirSync(artifacts, { recursive: true });
  return path.join(artifacts, name);
}

/// The width Chromium lays out an A4 portrait page in with the theme's margins (12 mm
/// each side, `@page` in style.css): 186 mm at 96 px per inch.
export const A4_CONTENT_PX = Math.floor((186 / 25.4) * 96);

/// Puts `page` in print layout at the printed page's width, as print-to-PDF lays it out.
export async function printLayout(page) {
  await page.setViewportSize({ width: A4_CONTENT_PX, height: 1000 });
  await page.emulateMedia({ media: "print" });
}

/// Prints `page` to an A4 PDF (saved under artifacts/) and returns its page count and
/// page size in points.
export async function printToPdf(page, name) {
  const pdf = await page.pdf({ path: saveShot(name), preferCSSPageSize: true });
  const text = pdf.toString("latin1");
  const pages = (text.match(/\/Type\s*\/Page(?![s\w])/g) || []).length;
  const box = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(text);
  return { pages, width: box && +box[1], height: box && +box[2] };
}

/// Visible tables (or scroll regions) wider than their box or running past the page's
/// right edge: what print would cut off.
export function clippedTables(page) {
  return page.evaluate(() => {
    const right = document.documentElement.clientWidth;
    return [...document.querySelectorAll("main table, main .table-scroll")]
      .filter((el) => el.offsetParent !== null)
      .filter((el) => el.scrollWidth > el.clientWidth + 1 || el.getBoundingClientRect().right > right + 1)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}: ${el.scrollWidth} > ${el.clientWidth}`);
  });
}

/// Header cells narrower than four characters of their own font (or than their text,
/// when that is shorter): the label columns a phone must not squeeze.
export function squeezedLabels(page, scope = "main") {
  return page.evaluate((scope) => {
    const probe = document.createElement("span");
    probe.style.cssText = "position:absolute;visibility:hidden;white-space:nowrap";
    document.body.append(probe);
    const out = [];
    for (const th of document.querySelectorAll(`${scope} th`)) {
      if (th.offsetParent === null || !th.textContent.trim()) continue;
      const cs = getComputedStyle(th);
      probe.style.font = cs.font;
      probe.textContent = th.textContent.trim();
      const natural = probe.getBoundingClientRect().width;
      const inner = th.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
      const need = Math.min(4 * parseFloat(cs.fontSize), natural);
      if (inner + 0.5 < need) out.push(`${th.textContent.trim().slice(0, 16)}: ${Math.round(inner)} px < ${Math.round(need)} px`);
    }
    probe.remove();
    return out;
  }, scope);
}

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/// axe-core's WCAG 2.1 A/AA findings on `page`, one line each (id, help, first targets).
export async function axeViolations(page) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(() =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }),
  );
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join("; ")})`);
}
