// The yearly report and the guide as citizens and inspectors meet them: on a 360 px
// phone (tables 三 and 四 in their compact form, nothing squeezed or clipped), at
// 1280 px (the official tables, whole), on paper (print-to-PDF on A4: the official
// layout, no navigation, no table cut off) and with a keyboard (scroll regions take
// focus). Screenshots and PDFs go to tests/browser/artifacts/ for people to look at.

import assert from "node:assert/strict";
import { after, afterEach, before, describe, test } from "node:test";

import {
  axeViolations,
  clippedTables,
  closePages,
  closeSite,
  newPage,
  openSite,
  printLayout,
  printToPdf,
  repo,
  saveShot,
  squeezedLabels,
} from "./support.mjs";

let site, server, browser, base;

before(async () => {
  ({ site, server, browser, base } = await openSite(repo));
});

afterEach(closePages);

after(() => closeSite({ site, server, browser }));

const REPORT = "reports/2024/";
const GUIDE = "guide/";

/// The rows of an official table 三 / 四 body: label (the row's last header cell) and
/// the figures after it.
function officialRows(page, part) {
  return page.$$eval(`#part-${part} .report-official tbody tr`, (rows) =>
    rows.map((tr) => {
      const th = [...tr.querySelectorAll("th")].pop();
      return { label: th ? th.textContent.trim() : "", figures: [...tr.querySelectorAll("td")].map((td) => Number(td.textContent)) };
    }),
  );
}

function compactRows(page, part) {
  return page.$$eval(`#part-${part} .compact-table tbody tr:not(.group)`, (rows) =>
    rows.map((tr) => ({
      label: tr.querySelector("th").textContent,
      total: Number(tr.querySelector(".total").textContent),
      parts: (tr.querySelector(".parts") || { textContent: "" }).textContent,
    })),
  );
}

describe("the report on a phone (360 px)", () => {
  test("tables 三 and 四 are read in their compact form: labels not squeezed, nothing wider than the screen", async () => {
    const page = await newPage(browser, { viewport: { width: 360, height: 800 } });
    await page.goto(base + REPORT);
    await page.screenshot({ path: saveShot("report-360.png"), fullPage: true });
    for (const part of [3, 4]) await page.locator(`#part-${part}`).screenshot({ path: saveShot(`report-360-part-${part}.png`) });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px too wide`);
    assert.deepEqual(await squeezedLabels(page), [], "no label cell narrower than four characters");
    for (const part of [3, 4]) {
      // One table per part for everyone, screen readers included: the other form is display:none.
      assert.equal(await page.locator(`#part-${part}`).getByRole("table").count(), 1, `part ${part}`);
      assert.ok(await page.locator(`#part-${part} .compact-table`).isVisible());
      assert.ok(!(await page.locator(`#part-${part} .report-official`).isVisible()));
    }
    // Table 三's label cells were one character wide and the page 13,800 px tall.
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    const part3 = await page.locator("#part-3").boundingBox();
    assert.ok(part3.height < 2600, `table 三 takes ${part3.height}px`);
    assert.ok(height < 9000, `the page is ${height}px tall`);
  });

  test("every figure of the official tables 三 and 四 is in the compact form", async () => {
    const page = await newPage(browser, { viewport: { width: 360, height: 800 } });
    await page.goto(base + REPORT);
    const kinds = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"];
    const official = await officialRows(page, 3);
    const compact = await compactRows(page, 3);
    assert.equal(official.length, 25);
    for (const row of official) {
      const found = compact.filter((c) => c.label.endsWith(row.label) || c.label.includes(row.label + "；") || c.label.endsWith("；" + row.label));
      assert.equal(found.length, 1, `「${row.label}」 once in the compact form`);
      const [c] = found;
      assert.equal(c.total, row.figures[6], row.label);
      row.figures.slice(0, 6).forEach((n, k) => {
        if (n !== 0) assert.ok(c.parts.includes(`${kinds[k]} ${n}`), `${row.label}: ${kinds[k]} ${n} in “${c.parts}”`);
      });
      // A folded row names rows that are all zero.
      if (c.label.includes("以下各项均为 0")) assert.equal(row.figures[6], 0, row.label);
    }
    const appeals = (await officialRows(page, 4))[0].figures;
    const groups = await compactRows(page, 4);
    assert.deepEqual(groups.map((g) => g.total), [appeals[4], appeals[9], appeals[14]]);
    if (appeals[0]) assert.ok(groups[0].parts.includes(`结果维持 ${appeals[0]}`), groups[0].parts);
  });

  test("axe finds nothing at 360 px; the wide statistics table scrolls in a focusable region with a hint", async () => {
    const page = await newPage(browser, { viewport: { width: 360, height: 800 } });
    await page.goto(base + REPORT);
    assert.deepEqual(await axeViolations(page), []);
    const region = page.locator(".report-statistics .table-scroll");
    assert.equal(await region.getAttribute("tabindex"), "0");
    assert.equal(await region.getAttribute("role"), "region");
    assert.ok(await region.evaluate((r) => r.classList.contains("overflows")), "marked as wider than the screen");
    const hint = await region.evaluate((r) => getComputedStyle(r, "::before").content);
    assert.match(hint, /左右滑动/);
    await region.focus();
    assert.notEqual(await region.evaluate((r) => getComputedStyle(r).outlineStyle), "none", "focus is visible");
    await page.keyboard.press("ArrowRight");
    // Keyboard scrolling may be animated.
    await region.evaluate((r) => new Promise((done, fail) => {
      const t0 = performance.now();
      (function wait() {
        if (r.scrollLeft > 0) done();
        else if (performance.now() - t0 > 3000) fail(new Error("the arrow keys do not scroll it"));
        else requestAnimationFrame(wait);
      })();
    }));
  });
});

describe("the report at 1280 px", () => {
  test("the official tables are shown whole, axe finds nothing, every scroll region takes focus", async () => {
    const page = await newPage(browser, { viewport: { width: 1280, height: 800 } });
    await page.goto(base + REPORT);
    await page.screenshot({ path: saveShot("report-1280.png"), fullPage: true });
    assert.deepEqual(await clippedTables(page), [], "no table clipped in its scroll box");
    for (const part of [3, 4]) {
      assert.ok(await page.locator(`#part-${part} .report-official`).isVisible());
      assert.ok(!(await page.locator(`#part-${part} .compact-table`).isVisible()));
      assert.equal(await page.locator(`#part-${part}`).getByRole("table").count(), 1);
    }
    const regions = await page.$$eval(".table-scroll", (rs) =>
      rs.map((r) => ({ tabindex: r.getAttribute("tabindex"), role: r.getAttribute("role"), labelled: !!document.getElementById(r.getAttribute("aria-labelledby")) })),
    );
    assert.ok(regions.length >= 4);
    for (const r of regions) assert.deepEqual(r, { tabindex: "0", role: "region", labelled: true });
    assert.deepEqual(await axeViolations(page), []);
  });

  test("the catalogue statistics come after part 六, outside the six parts", async () => {
    const page = await newPage(browser);
    await page.goto(base + REPORT);
    const order = await page.$$eval("main h2", (hs) => hs.map((h) => h.textContent.trim()));
    assert.equal(order.length, 7, order.join(" | "));
    assert.match(order[5], /^六、/);
    assert.equal(order[6], "附：本年度主动公开信息统计");
    assert.equal(await page.locator(".report-part .report-statistics").count(), 0);
  });
});

describe("print and 另存为 PDF", () => {
  test("the button opens the print dialog", async () => {
    const page = await newPage(browser);
    await page.addInitScript(() => {
      window.printed = 0;
      window.print = () => window.printed++;
    });
    for (const path of [REPORT, GUIDE]) {
      await page.goto(base + path);
      const button = page.getByRole("button", { name: "打印 / 另存为 PDF" });
      await button.click();
      assert.equal(await page.evaluate(() => window.printed), 1, path);
    }
  });

  test("the report prints on A4 portrait in the official layout, no table cut off", async () => {
    const page = await newPage(browser);
    await page.goto(base + REPORT);
    await printLayout(page);
    await page.screenshot({ path: saveShot("report-print.png"), fullPage: true });
    assert.deepEqual(await clippedTables(page), []);
    const hidden = await page.evaluate(() =>
      [".site-header", ".agency-nav", ".breadcrumbs", ".site-footer", ".neighbours", ".page-actions", ".compact-table"].filter((s) =>
        [...document.querySelectorAll(s)].some((el) => el.offsetParent !== null),
      ),
    );
    assert.deepEqual(hidden, [], "navigation, buttons and the phone forms are not printed");
    for (const part of [3, 4]) assert.ok(await page.locator(`#part-${part} .report-official table`).isVisible());
    // Header rows repeat on every page a table spans.
    assert.equal(await page.$eval(".report-requests thead", (t) => getComputedStyle(t).display), "table-header-group");
    const pdf = await printToPdf(page, "report-2024.pdf");
    assert.deepEqual([Math.round(pdf.width), Math.round(pdf.height)], [595, 842], "A4 portrait");
    // The demo's 2024 report: the six parts on four pages, the statistics on their own (2 more).
    assert.ok(pdf.pages >= 4 && pdf.pages <= 6, `${pdf.pages} pages`);
  });

  test("the guide prints without navigation, the working office named", async () => {
    const page = await newPage(browser);
    await page.goto(base + GUIDE);
    const facts = await page.$$eval(".facts dt", (dts) => dts.map((dt) => [dt.textContent, dt.nextElementSibling.textContent]));
    assert.deepEqual(facts.slice(0, 2), [
      ["名称", "示例镇党政办公室"],
      ["所属机关", "示例镇人民政府"],
    ]);
    // On a phone each fact's value sits right under its label.
    await page.setViewportSize({ width: 360, height: 800 });
    const gaps = await page.$$eval(".facts dt", (dts) =>
      dts.map((dt) => {
        const text = document.createRange();
        text.selectNodeContents(dt);
        return dt.nextElementSibling.getBoundingClientRect().top - text.getBoundingClientRect().bottom;
      }),
    );
    assert.ok(gaps.every((g) => g < 8), `gaps under the labels: ${gaps}`);
    await printLayout(page);
    await page.screenshot({ path: saveShot("guide-print.png"), fullPage: true });
    assert.equal(await page.locator(".agency-nav").isVisible(), false);
    const pdf = await printToPdf(page, "guide.pdf");
    assert.ok(pdf.pages >= 2 && pdf.pages <= 4, `${pdf.pages} pages`);
  });
});
