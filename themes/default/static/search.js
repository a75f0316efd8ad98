// gongkai search page: exact index-number / 文号 lookup, then Pagefind full-text search.
// Loaded as a module only by the search page; browsers without modules see a message
// and links instead (see search.html). The query lives in the address (?q=…), so a
// search can be bookmarked and shared.

const app = document.getElementById("search-app");
const form = document.getElementById("search-form");
const input = document.getElementById("search-q");
const statusLine = document.getElementById("search-status");
const exactBox = document.getElementById("search-exact");
const list = document.getElementById("search-results");
const moreButton = document.getElementById("search-more");
const filterBox = document.getElementById("search-filters");
const filterKeys = Array.prototype.map.call(
  document.querySelectorAll("[data-filter]"),
  (el) => el.getAttribute("data-filter"),
);

const bundleUrl = new URL(app.getAttribute("data-bundle"), location.href);
// `search.full_text: false` in site.yaml: no full-text index, only the exact lookup.
const fullText = app.getAttribute("data-full-text") !== "false";
const lookupUrl = new URL(app.getAttribute("data-lookup"), location.href);
const siteRoot = new URL(app.getAttribute("data-root"), location.href);

const PAGE = 20;
const hasSegmenter = typeof Intl === "object" && typeof Intl.Segmenter === "function";

// ---- Exact lookup: the same normalisation and shard hash as src/search/lookup.rs ----

// Drops spaces and punctuation (any bracket around a 文号's year, "/", "-"), makes
// full-width letters and digits ASCII, letters upper case.
function lookupKey(text) {
  let out = "";
  for (const ch of text) {
    let c = ch.codePointAt(0);
    if (c >= 0xff01 && c <= 0xff5e) c -= 0xfee0;
    if (c < 0x80) {
      const a = String.fromCharCode(c);
      if (/[0-9A-Za-z]/.test(a)) out += a.toUpperCase();
      continue;
    }
    const dropped =
      c === 0x85 || c === 0xa0 || c === 0x1680 || c === 0xfeff ||
      (c >= 0x2000 && c <= 0x206f) ||
      (c >= 0x3000 && c <= 0x303f) ||
      (c >= 0xfe30 && c <= 0xfe6f) ||
      (c >= 0xff5f && c <= 0xff65);
    if (!dropped) out += String.fromCodePoint(c);
  }
  return out;
}

// The low byte of the key's 32-bit FNV-1a hash over UTF-8, as two hex digits.
function shardOf(key) {
  let h = 0x811c9dc5;
  for (const b of new TextEncoder().encode(key)) {
    h = Math.imul(h ^ b, 0x01000193);
  }
  return ("0" + (h & 0xff).toString(16)).slice(-2);
}

async function lookup(query) {
  const key = lookupKey(query);
  // Index numbers and 文号 always hold digits; plain words skip the request.
  if (key.length < 4 || !/[0-9]/.test(key)) return [];
  try {
    const response = await fetch(new URL(shardOf(key) + ".json", lookupUrl));
    if (!response.ok) return [];
    const rows = await response.json();
    return rows.filter((row) => row.keys.indexOf(key) >= 0);
  } catch (e) {
    return [];
  }
}

// ---- Full-text search (Pagefind) ----

// A large site's index is several Pagefind bundles (each built within a memory bound):
// the primary one beside pagefind.js, and the others that `bundles.json` lists, merged
// into it so that one search covers them all. The list is fetched while the script
// loads, so it costs no extra wait.
let pagefindLoad = null;
function pagefind() {
  if (!pagefindLoad) {
    const bundles = fetch(new URL("bundles.json", bundleUrl)).then((r) => {
      if (!r.ok) throw new Error("bundles.json: " + r.status);
      return r.json();
    });
    pagefindLoad = import(new URL("pagefind.js", bundleUrl).href).then(async (pf) => {
      const options = { baseUrl: siteRoot.pathname, excerptLength: 40 };
      await pf.options({ basePath: bundleUrl.pathname, ...options });
      await pf.init();
      const { merge } = await bundles;
      await Promise.all(
        merge.map((path) => pf.mergeIndex(new URL(path, bundleUrl).pathname, options)),
      );
      return pf;
    });
  }
  return pagefindLoad;
}

// Runs of Chinese characters (the blocks Pagefind indexes as character pairs).
const HAN_RUN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{2fa1f}\u{30000}-\u{323af}]{2,}/gu;

// Without Intl.Segmenter (older phones) Pagefind cannot split a Chinese query into
// words; every pair of adjacent characters is in the index, so search for those.
function pairQuery(query) {
  return query.replace(HAN_RUN, (run) => {
    const chars = Array.from(run);
    const pairs = [];
    for (let i = 0; i + 1 < chars.length; i++) pairs.push(chars[i] + chars[i + 1]);
    return " " + pairs.join(" ") + " ";
  }).replace(/\s+/g, " ").trim();
}

// ---- State in the address ----

function readAddress() {
  const params = new URLSearchParams(location.search);
  const filters = {};
  for (const key of filterKeys) {
    const v = params.get(key);
    if (v) filters[key] = v;
  }
  return { q: params.get("q") || "", filters };
}

function writeAddress(q, filters) {
  const params = new URLSearchParams();
  if (q) params.set("q", q);
  for (const key of filterKeys) if (filters[key]) params.set(key, filters[key]);
  const search = params.toString();
  const url = location.pathname + (search ? "?" + search : "");
  if (url !== location.pathname + location.search) history.replaceState(null, "", url);
}

function currentFilters() {
  const filters = {};
  for (const key of filterKeys) {
    const v = document.getElementById("filter-" + key).value;
    if (v) filters[key] = v;
  }
  return filters;
}

// ---- Rendering ----

function say(text) {
  statusLine.textContent = text;
}

function entryHref(url) {
  return new URL(url, siteRoot).href;
}

// Pagefind's excerpt is text with < and > escaped and matches wrapped in <mark>;
// it is rebuilt as DOM nodes rather than trusted as HTML.
function excerptNodes(excerpt) {
  const out = document.createDocumentFragment();
  const parts = excerpt.split(/(<mark>|<\/mark>)/);
  let marked = false;
  for (const part of parts) {
    if (part === "<mark>") { marked = true; continue; }
    if (part === "</mark>") { marked = false; continue; }
    if (!part) continue;
    const text = document.createTextNode(part.replace(/&lt;/g, "<").replace(/&gt;/g, ">"));
    if (marked) {
      const m = document.createElement("mark");
      m.appendChild(text);
      out.appendChild(m);
    } else {
      out.appendChild(text);
    }
  }
  return out;
}

function metaLine(parts) {
  const p = document.createElement("p");
  p.className = "result-meta";
  for (const [label, value] of parts) {
    if (!value) continue;
    const span = document.createElement("span");
    span.textContent = label + "：" + value;
    p.appendChild(span);
  }
  return p;
}

function resultItem(data) {
  const meta = data.meta || {};
  const li = document.createElement("li");
  li.className = "result";
  const h = document.createElement("h2");
  const a = document.createElement("a");
  a.href = data.url;
  a.textContent = meta.title || data.url;
  h.appendChild(a);
  if (meta.validity && meta.validity !== "有效") {
    const badge = document.createElement("span");
    badge.className = "badge";
    badge.textContent = meta.validity;
    h.appendChild(document.createTextNode(" "));
    h.appendChild(badge);
  }
  li.appendChild(h);
  li.appendChild(metaLine([
    ["索引号", meta.index],
    ["文号", meta.doc_number],
    ["公开日期", meta.published],
    ["发布机构", meta.agency],
  ]));
  if (data.excerpt) {
    const p = document.createElement("p");
    p.className = "result-excerpt";
    p.appendChild(excerptNodes(data.excerpt));
    li.appendChild(p);
  }
  return li;
}

function showExact(rows) {
  exactBox.textContent = "";
  exactBox.hidden = rows.length === 0;
  if (!rows.length) return;
  const h = document.createElement("h2");
  h.textContent = rows.length === 1 ? "索引号或文号完全匹配" : "以下信息的索引号或文号完全匹配";
  exactBox.appendChild(h);
  const ul = document.createElement("ul");
  for (const row of rows) {
    const li = document.createElement("li");
    const a = document.createElement("a");
    a.href = entryHref(row.url);
    a.textContent = row.title;
    li.appendChild(a);
    li.appendChild(metaLine([
      ["索引号", row.index],
      ["文号", row.doc_number],
      ["公开日期", row.published],
      ["发布机构", row.agency],
    ]));
    ul.appendChild(li);
  }
  exactBox.appendChild(ul);
}

// ---- Searching ----

let generation = 0;
let pending = [];

async function showMore(focusFirst) {
  const mine = generation;
  const batch = pending.splice(0, PAGE);
  const data = await Promise.all(batch.map((r) => r.data()));
  if (mine !== generation) return;
  let first = null;
  for (const d of data) {
    const li = resultItem(d);
    first = first || li;
    list.appendChild(li);
  }
  moreButton.hidden = pending.length === 0;
  if (focusFirst && first) first.querySelector("a").focus();
}

// `go`: open the entry when the query is exactly one index number or 文号 (Enter,
// paste, or a query arriving in the address); typing only shows the match.
async function run(go, filters) {
  const q = input.value.trim();
  filters = filters || currentFilters();
  writeAddress(q, filters);
  const mine = ++generation;
  list.setAttribute("aria-busy", "true");
  if (!q && !Object.keys(filters).length) {
    list.textContent = "";
    showExact([]);
    moreButton.hidden = true;
    say("");
    list.setAttribute("aria-busy", "false");
    return;
  }
  const exact = q ? await lookup(q) : [];
  if (mine !== generation) return;
  if (go && exact.length === 1) {
    location.replace(entryHref(exact[0].url));
    return;
  }
  showExact(exact);
  if (!fullText) {
    // Only the exact lookup: say so, with the catalogue and index-number lists.
    document.getElementById("search-unavailable-reason").textContent =
      "本站不提供全文搜索。您可以按分类浏览公开目录，或在索引号一览中查找索引号和文号：";
    document.getElementById("search-unavailable").hidden = exact.length > 0;
    say(exact.length
      ? "索引号或文号完全匹配 " + exact.length + " 条。"
      : "没有索引号或文号与“" + q + "”完全相同的信息。");
    list.textContent = "";
    moreButton.hidden = true;
    list.setAttribute("aria-busy", "false");
    return;
  }
  // Without a query the results come in index order, which is newest first across
  // all bundles (a sort key would be merged by score and lose that order).
  const options = { filters };
  let response;
  try {
    const pf = await pagefind();
    response = await pf.search(q ? (hasSegmenter ? q : pairQuery(q)) : null, options);
  } catch (e) {
    // Pagefind could not load (an old browser, a file opened from disk, a broken upload).
    if (mine !== generation) return;
    document.getElementById("search-unavailable-reason").textContent =
      "站内搜索暂时无法使用。您也可以按分类浏览公开目录，或在索引号一览中查找索引号和文号：";
    document.getElementById("search-unavailable").hidden = false;
    say(exact.length ? "索引号或文号完全匹配 " + exact.length + " 条。" : "站内搜索暂时无法使用。");
    list.setAttribute("aria-busy", "false");
    return;
  }
  if (mine !== generation || !response) return;
  document.getElementById("search-unavailable").hidden = true;
  pending = response.results.slice();
  list.textContent = "";
  say(summary(q, exact.length, response.results.length));
  moreButton.hidden = true;
  await showMore(false);
  if (mine === generation) list.setAttribute("aria-busy", "false");
}

// What the live region announces after a search.
function summary(q, exact, found) {
  if (exact) {
    const head = "索引号或文号完全匹配 " + exact + " 条";
    return found ? head + "；另找到 " + found + " 条相关信息。" : head + "。";
  }
  // A query that reads like an index number or 文号 (many digits, one word) says
  // plainly that none is exactly that, then lists partial matches.
  const identifier = !/\s/.test(q) && (lookupKey(q).match(/[0-9]/g) || []).length >= 6;
  if (identifier) {
    const head = "没有索引号或文号与“" + q + "”完全相同的信息";
    return found ? head + "，以下是 " + found + " 条部分匹配或相关的信息。" : head + "。";
  }
  if (!found) {
    return q ? "没有找到与“" + q + "”相关的信息。可以换一个词，或减少筛选条件。" : "没有符合筛选条件的信息。";
  }
  return "找到 " + found + " 条" + (q ? "与“" + q + "”相关的" : "符合筛选条件的") + "信息。";
}

function debounce(fn, ms) {
  let timer = null;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(fn, ms);
  };
}

// ---- Filters ----

// The lists are written into the page at build time (with each value's count), so no
// filter index is downloaded until a filter is used. A value asked for in the address
// is selected, and its filter shown even where it was hidden as useless.
function setupFilters(wanted) {
  for (const key of filterKeys) {
    const select = document.getElementById("filter-" + key);
    if (!select || !wanted[key]) continue;
    const known = Array.prototype.some.call(select.options, (o) => o.value === wanted[key]);
    if (!known) continue;
    select.value = wanted[key];
    select.closest("[data-filter]").hidden = false;
    filterBox.hidden = false;
  }
}

// ---- Wiring ----

const start = readAddress();
input.value = start.q;
// A pasted index number opens its entry; typed text only shows the match.
let pasted = false;
const typed = debounce(() => {
  const go = pasted;
  pasted = false;
  run(go);
}, 250);
input.addEventListener("input", typed);
input.addEventListener("paste", () => { pasted = true; });
form.addEventListener("submit", (event) => {
  event.preventDefault();
  run(true);
});
form.addEventListener("change", (event) => {
  if (event.target.tagName === "SELECT") run(false);
});
moreButton.addEventListener("click", () => showMore(true));

// A query in the address runs at once (the exact lookup needs no Pagefind).
setupFilters(start.filters);
if (start.q || Object.keys(start.filters).length) run(true, currentFilters());
else input.focus();
