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

// A large site's index is several Pagefind bundles (each built within a memory bound),
// newest first: the primary one beside pagefind.js, and the others that `bundles.json`
// lists. The page loads the primary one and the list while the visitor types, and
// merges the others into it only when a query needs them (see `routeOf`).
let listLoad = null;
function bundleList() {
  if (!listLoad) {
    listLoad = fetch(new URL("bundles.json", bundleUrl)).then((r) => {
      if (!r.ok) throw new Error("bundles.json: " + r.status);
      return r.json();
    });
    listLoad.catch(() => {
      listLoad = null;
    });
  }
  return listLoad;
}

let pagefindLoad = null;
const options = { baseUrl: siteRoot.pathname, excerptLength: 40 };
function pagefind() {
  if (!pagefindLoad) {
    const list = bundleList();
    pagefindLoad = import(new URL("pagefind.js", bundleUrl).href).then(async (pf) => {
      await pf.options({ basePath: bundleUrl.pathname, ...options });
      const init = pf.init();
      const { merge, route } = await list;
      const index = { pf, merge, route, preloaded: merge.length ? [0, 1] : [0] };
      // The next newest bundle is merged at once too, while the primary one loads: the
      // primary one is a slice of the newest days and may hold few entries, and a merge
      // costs two round trips (its entry file, then its metadata) that a first search
      // should not wait for. (Pagefind starts a merge once its WebAssembly is in.)
      mergeBundles(index, index.preloaded).then(() => prefetchRoute(route), () => {});
      await init;
      // Each bundle's records carry its number as a filter, so that a search can keep to
      // the bundles its route names.
      await pf.options({ mergeFilter: { bundle: "0" } });
      return index;
    });
  }
  return pagefindLoad;
}

// Bundle n (0: the primary one) merged into the search, once.
const merged = new Map([[0, Promise.resolve()]]);
function mergeBundles(index, numbers) {
  return Promise.all(numbers.map((n) => {
    if (!merged.has(n)) {
      const path = new URL(index.merge[n - 1], bundleUrl).pathname;
      merged.set(n, index.pf.mergeIndex(path, { ...options, mergeFilter: { bundle: String(n) } }).catch((e) => {
        merged.delete(n);
        throw e;
      }));
    }
    return merged.get(n);
  }));
}

// ---- Routing: which bundles can hold a query (src/search/route.rs) ----
//
// For every pair of consecutive letters or digits in the indexed text, the route says
// which bundles hold it. A result holds each term as written, so only bundles holding
// all of the query's pairs are searched; a word that occurs nowhere needs none.

// The 32-bit FNV-1a hash of `text`'s UTF-8.
function fnv1a(text) {
  let h = 0x811c9dc5;
  for (const b of new TextEncoder().encode(text)) {
    h = Math.imul(h ^ b, 0x01000193);
  }
  return h >>> 0;
}

// At most this many of a query's pairs are looked up (spread along each term): fewer
// requests, and any of them is enough to leave out the bundles that lack it.
const ROUTE_PAIRS = 6;

function routePairs(terms) {
  const pairs = [];
  for (const t of terms) {
    const chars = Array.from(t).filter((c) => /[\p{Alphabetic}\p{N}]/u.test(c));
    const own = [];
    // A pair with a character beyond the Basic Multilingual Plane is not routed.
    for (let i = 0; i + 1 < chars.length; i++) {
      if (chars[i].length === 1 && chars[i + 1].length === 1) own.push(chars[i] + chars[i + 1]);
    }
    pairs.push(own);
  }
  const per = Math.max(1, Math.floor(ROUTE_PAIRS / Math.max(1, pairs.length)));
  const picked = new Set();
  for (const own of pairs) {
    const step = Math.max(1, (own.length - 1) / Math.max(1, per - 1));
    for (let k = 0; k < per && k * step < own.length; k++) picked.add(own[Math.round(k * step)]);
  }
  return Array.from(picked);
}

// Shard k of `count` (a power of two), named as `shard_name` in route.rs writes it:
// hexadecimal, as wide as the last shard's number.
function shardName(k, count) {
  return k.toString(16).padStart((count - 1).toString(16).length, "0");
}

const shards = new Map();
function routeShard(name) {
  if (!shards.has(name)) {
    shards.set(name, fetch(new URL("../route/" + name + ".txt", bundleUrl)).then(async (r) => {
      if (!r.ok) throw new Error("route " + name + ": " + r.status);
      // A line per pair: the pair (two characters), then its bundles.
      const rows = new Map();
      for (const line of (await r.text()).split("\n")) {
        const chars = Array.from(line);
        if (chars.length > 2) rows.set(chars[0] + chars[1], chars.slice(2).join(""));
      }
      return rows;
    }).catch((e) => {
      shards.delete(name);
      throw e;
    }));
  }
  return shards.get(name);
}

// A route of at most this many shards (about 8 KB each: a site of up to some 10,000
// entries) is fetched whole once the first bundles are in, so that a later query reads
// it without a round trip: "no result" comes at once, and an older bundle's search
// starts one round sooner. A larger route is read shard by shard as queries need it.
// It waits while a query runs: a browser opens six connections to a host, and the
// query's own requests should not queue behind it.
const ROUTE_PREFETCH = 8;
let searching = 0;
let routeWaiting = null;
function prefetchRoute(route) {
  if (!route || route.shards > ROUTE_PREFETCH) return;
  if (searching) {
    routeWaiting = route;
    return;
  }
  for (let k = 0; k < route.shards; k++) routeShard(shardName(k, route.shards)).catch(() => {});
}

// A bundle set as the route writes it: numbers, `0,3`, or `x` and hexadecimal digits,
// `xf1` (digit k holds bundles 4k to 4k + 3, lowest bit first).
function bundleSet(value) {
  if (!value) return [];
  if (value[0] !== "x") return value.split(",").map(Number);
  const out = [];
  for (let k = 1; k < value.length; k++) {
    const d = parseInt(value[k], 16);
    for (let b = 0; b < 4; b++) if ((d >> b) & 1) out.push(4 * (k - 1) + b);
  }
  return out;
}

// The bundles that can hold a result for `terms`, newest first, or every bundle when
// the query has no pair or the route cannot be read. Needs only the bundle list, so it
// runs while Pagefind loads.
async function routeOf(list, terms) {
  const every = Array.from({ length: list.merge.length + 1 }, (_, n) => n);
  const pairs = list.route ? routePairs(terms) : [];
  if (!pairs.length) return every;
  const count = list.route.shards;
  try {
    const sets = await Promise.all(pairs.map(async (pair) =>
      bundleSet((await routeShard(shardName(fnv1a(pair) & (count - 1), count))).get(pair))));
    return every.filter((n) => sets.every((set) => set.indexOf(n) >= 0));
  } catch (e) {
    return every;
  }
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

// ---- Query rules (the README's 站内搜索 section states them for users) ----
//
// Pagefind only proposes candidates: it falls back to single characters of a Chinese
// word it does not know, so every candidate is checked here against its indexed text
// (the fragment's `content`, the whole indexed text and not an excerpt). A query is
// split at spaces into terms and every term must occur (AND), as written: a Chinese run
// is a phrase (a dictionary word or several), never any single character of it. The
// check uses no Intl.Segmenter, so phones without it get the same results.

// Pagefind's text with its word breaks (zero-width spaces) removed, and line breaks
// between two Chinese characters joined, as the reader sees it.
function clean(text) {
  return String(text || "")
    .replace(/\u200b/g, "")
    .replace(/([\u3400-\u9fff])\s+(?=[\u3400-\u9fff])/g, "$1");
}

// Full-width letters and digits as ASCII, ASCII letters lower case; one UTF-16 unit
// for one, so positions in the folded text are positions in the text.
function fold(text) {
  return text.replace(/[\uff01-\uff5eA-Z]/g, (c) => {
    const code = c.charCodeAt(0);
    return String.fromCharCode(code >= 0xff01 ? code - 0xfee0 : code).toLowerCase();
  });
}

function queryTerms(q) {
  return fold(clean(q))
    .split(/[\s\u3000]+/)
    .filter((t) => /[\p{L}\p{N}]/u.test(t));
}

function count(hay, needle) {
  let n = 0;
  for (let at = hay.indexOf(needle); at >= 0 && n < 5; at = hay.indexOf(needle, at + needle.length)) n++;
  return n;
}

// The relevance of a candidate, or 0 when some term does not occur. A phrase in the
// title outweighs any number of occurrences in the body.
function relevance(data, terms) {
  const text = fold(clean(data.content));
  const title = fold(clean((data.meta || {}).title));
  let score = 0;
  for (const t of terms) {
    const n = count(text, t);
    if (!n) return 0;
    score += (title.includes(t) ? 100 : 0) + n;
  }
  return score;
}

// The distance of `needle` to its closest substring of `hay` (edit operations on
// characters), for "did you mean" titles.
function substringDistance(needle, hay) {
  const a = Array.from(needle);
  const b = Array.from(hay);
  let prev = new Array(a.length + 1);
  for (let i = 0; i <= a.length; i++) prev[i] = i;
  let best = a.length;
  for (let j = 1; j <= b.length; j++) {
    const row = [0];
    for (let i = 1; i <= a.length; i++) {
      row[i] = Math.min(prev[i] + 1, row[i - 1] + 1, prev[i - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    best = Math.min(best, row[a.length]);
    prev = row;
  }
  return best;
}

// Titles within a quarter of the query's length of it (at least one edit, and only for
// queries of three characters or more): likely misspellings, not shared characters.
function nearestTitles(q, candidates) {
  const needle = fold(clean(q)).replace(/\s+/g, "");
  const len = Array.from(needle).length;
  if (len < 3) return [];
  const allowed = Math.max(1, Math.floor(len / 4));
  const seen = new Set();
  return candidates
    .map((d) => ({ d, dist: substringDistance(needle, fold(clean(d.meta.title))) }))
    .filter(({ d, dist }) => dist <= allowed && !seen.has(d.url) && seen.add(d.url))
    .sort((x, y) => x.dist - y.dist)
    .slice(0, 5)
    .map(({ d }) => d);
}

// ---- State in the address ----

function readAddress() {
  const params = new URLSearchParams(location.search);
  const filters = {};
  for (const key of filterKeys) {
    const v = params.get(key);
    if (v) filters[key] = v;
  }
  return { q: params.get("q") || "", filters, sort: params.get("sort") === "new" ? "new" : "" };
}

function writeAddress(q, filters) {
  const params = new URLSearchParams();
  if (q) params.set("q", q);
  for (const key of filterKeys) if (filters[key]) params.set(key, filters[key]);
  if (sortBy.value) params.set("sort", sortBy.value);
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

// The sentence of the body (or the summary) where the query's words occur, as text
// with the occurrences marked: [text, marked] pieces. Catalogue fields (title, index
// number, 文号, agency, keywords) are not sentences, so they are passed over.
function excerptPieces(data, terms) {
  const meta = data.meta || {};
  const needles = terms;
  const skip = new Set(
    [meta.title, meta.index, meta.doc_number, meta.agency].filter(Boolean).map((v) => fold(clean(v))),
  );
  const text = clean(data.content);
  const folded = fold(text);
  const sentence = /[^。！？；!?;\s]+[。！？；!?;]?/g;
  let hit = null;
  for (let m; (m = sentence.exec(folded)); ) {
    const s = m[0];
    // Short pieces are headings, table cells, keywords and category names.
    if (Array.from(s).length < 10 || skip.has(s.replace(/[。！？；!?;]$/, ""))) continue;
    if (needles.some((n) => s.includes(n))) {
      hit = [m.index, m.index + s.length];
      break;
    }
  }
  let piece;
  if (hit) {
    let [from, to] = hit;
    const at = Math.min(...needles.map((n) => folded.indexOf(n, from)).filter((i) => i >= 0 && i < to));
    // A long sentence is cut around its first occurrence.
    const lead = from < at - 30 ? "…" : "";
    const tail = to > at + 60 ? "…" : "";
    from = Math.max(from, at - 30);
    to = Math.min(to, at + 60);
    piece = lead + text.slice(from, to) + tail;
  } else {
    piece = clean(meta.summary || "");
  }
  return markPieces(piece, needles);
}

function markPieces(piece, needles) {
  const folded = fold(piece);
  const marked = new Array(piece.length).fill(false);
  for (const n of needles) {
    for (let at = folded.indexOf(n); at >= 0; at = folded.indexOf(n, at + n.length)) {
      for (let i = at; i < at + n.length; i++) marked[i] = true;
    }
  }
  const out = [];
  for (let i = 0; i < piece.length; ) {
    let j = i;
    while (j < piece.length && marked[j] === marked[i]) j++;
    out.push([piece.slice(i, j), marked[i]]);
    i = j;
  }
  return out;
}

function excerptNodes(pieces) {
  const out = document.createDocumentFragment();
  for (const [text, marked] of pieces) {
    const node = document.createTextNode(text);
    if (marked) {
      const m = document.createElement("mark");
      m.appendChild(node);
      out.appendChild(m);
    } else {
      out.appendChild(node);
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

// A result: the title, the sentence where the words occur, then a quiet line of
// date, agency and index number.
function resultItem(data, terms) {
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
  const pieces = terms.length ? excerptPieces(data, terms) : markPieces(clean(meta.summary || ""), []);
  if (pieces.length) {
    const p = document.createElement("p");
    p.className = "result-excerpt";
    p.appendChild(excerptNodes(pieces));
    li.appendChild(p);
  }
  li.appendChild(metaLine([
    ["公开日期", meta.published],
    ["发布机构", meta.agency],
    ["索引号", meta.index],
    ["文号", meta.doc_number],
  ]));
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
// Results not shown yet, each a function giving its data; `found`: the checked results
// of the last query (re-sorted when the order changes), `terms`: its terms.
let pending = [];
let found = [];
let terms = [];
// Candidates checked per query at most: Pagefind ranks entries holding the query's
// words above those sharing only characters, so the real matches come first.
const CHECK = 400;
// The bundles a route names are searched newest first, in stages of these sizes (the
// last one repeats), the results shown as they come: on a slow network each bundle
// costs requests, and the first results should not wait for all of them.
const STAGES = [1, 3, 12];
// Once this many results are found, older bundles wait for the visitor to ask ("查找更早
// 的信息"): a common word is in every bundle, and a phone should not download them all
// for a first look.
const ENOUGH = 2 * PAGE;
// The first candidates checked, before the rest of the first page: their fragments are
// at most this many files, which a browser fetches at once over one HTTP/1.1 host (six
// connections), so the first results come one round trip sooner.
const FIRST_BATCH = 6;
// Whether the current query searches every bundle it names (the button was pressed),
// and how many stages were left unsearched.
let everyBundle = false;
let olderLeft = 0;
const olderButton = document.getElementById("search-older");

const sortBy = document.getElementById("search-sort-by");
const sortBox = document.getElementById("search-sort");
const suggestBox = document.getElementById("search-suggest");

async function showMore(focusFirst) {
  const mine = generation;
  const batch = pending.splice(0, PAGE);
  const data = await Promise.all(batch.map((get) => get()));
  if (mine !== generation) return;
  let first = null;
  for (const d of data) {
    const li = resultItem(d, terms);
    first = first || li;
    list.appendChild(li);
  }
  moreButton.hidden = pending.length === 0;
  if (focusFirst && first) first.querySelector("a").focus();
}

// Newest first, or by relevance (then newest first); the address keeps the choice.
function ordered(rows) {
  const newest = (x, y) => (y.d.meta.published || "").localeCompare(x.d.meta.published || "") ||
    x.d.url.localeCompare(y.d.url);
  return rows.slice().sort(sortBy.value === "new" ? newest : (x, y) => y.score - x.score || newest(x, y));
}

function showFound() {
  list.textContent = "";
  pending = ordered(found).map((row) => () => Promise.resolve(row.d));
  moreButton.hidden = true;
  return showMore(false);
}

function showSuggestions(q, titles) {
  suggestBox.textContent = "";
  suggestBox.hidden = titles.length === 0;
  if (!titles.length) return;
  const p = document.createElement("p");
  p.textContent = "您要找的是不是：";
  const ul = document.createElement("ul");
  for (const d of titles) {
    const li = document.createElement("li");
    const a = document.createElement("a");
    a.href = d.url;
    a.textContent = d.meta.title;
    li.appendChild(a);
    ul.appendChild(li);
  }
  suggestBox.appendChild(p);
  suggestBox.appendChild(ul);
}

function noResult(q, on) {
  document.getElementById("search-unavailable-reason").textContent =
    "没有找到与“" + q + "”相关的信息。可以换一个词、减少筛选条件，或按分类浏览公开目录、在索引号一览中查找：";
  document.getElementById("search-unavailable").hidden = !on;
}

// `go`: open the entry when the query is exactly one index number or 文号 (Enter,
// paste, or a query arriving in the address); typing only shows the match. Counted in
// `searching` from its first step (the exact lookup is a request too).
async function run(go, filters) {
  searching++;
  try {
    await runSearch(go, filters);
  } finally {
    searching--;
    if (!searching && routeWaiting) {
      const route = routeWaiting;
      routeWaiting = null;
      prefetchRoute(route);
    }
  }
}

async function runSearch(go, filters) {
  const q = input.value.trim();
  filters = filters || currentFilters();
  writeAddress(q, filters);
  const mine = ++generation;
  list.setAttribute("aria-busy", "true");
  olderButton.hidden = true;
  olderLeft = 0;
  showSuggestions(q, []);
  sortBox.hidden = true;
  if (!q && !Object.keys(filters).length) {
    list.textContent = "";
    showExact([]);
    moreButton.hidden = true;
    document.getElementById("search-unavailable").hidden = true;
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
  let total;
  try {
    total = await searchText(q, filters, mine, exact.length);
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
  if (total === null || mine !== generation) return;
  noResult(q, q && !total && !exact.length);
  olderButton.hidden = !olderLeft;
  say(summary(q, exact.length, total) + (olderLeft ? "以上是较近的信息；要查找更早的信息，请点页面下方的“查找更早的信息”。" : ""));
  list.setAttribute("aria-busy", "false");
}

// The full-text results of `q` shown, and their number; null when a newer search took
// over. Throws when Pagefind or a bundle cannot load.
async function searchText(q, filters, mine, exact) {
  const asked = q ? queryTerms(q) : [];
  // On a first search the route's requests go out with Pagefind's own, not after them.
  const route = asked.length ? bundleList().then((list) => routeOf(list, asked)) : null;
  if (route) route.catch(() => {});
  const index = await pagefind();
  if (mine !== generation) return null;
  terms = asked;
  const pfQuery = q ? (hasSegmenter ? q : pairQuery(q)) : null;
  // The search of the given bundles (null: all merged so far), or null when stale.
  const search = async (numbers) => {
    const only = numbers ? { bundle: { any: numbers.map(String) } } : {};
    const response = await index.pf.search(pfQuery, { filters: { ...filters, ...only } });
    return mine === generation ? response : null;
  };
  let total;
  if (terms.length) {
    // The bundles that can hold a result, newest first, in `STAGES`. The preloaded
    // ones are searched while the route is read, and their answer is the first stage
    // if the route names any of them (results of one it does not name cannot hold
    // the terms, and the check below drops them).
    const early = mergeBundles(index, index.preloaded).then(() => search(index.preloaded));
    early.catch(() => {});
    const wanted = await route;
    const first = wanted.filter((n) => index.preloaded.includes(n));
    const rest = wanted.filter((n) => !index.preloaded.includes(n));
    const stages = first.length ? [first] : [];
    for (let at = 0, k = stages.length; at < rest.length; k++) {
      const size = STAGES[Math.min(k, STAGES.length - 1)];
      stages.push(rest.slice(at, at + size));
      at += size;
    }
    const data = [];
    const seen = new Set();
    found = [];
    olderLeft = 0;
    for (const [k, stage] of stages.entries()) {
      if (!everyBundle && found.length >= ENOUGH) {
        olderLeft = stages.length - k;
        break;
      }
      let response;
      if (k === 0 && first.length) {
        response = await early;
      } else {
        await mergeBundles(index, stage);
        response = await search(stage);
      }
      if (!response) return null;
      // Checked in batches in Pagefind's order, the first results shown as soon as a
      // batch holds some.
      const candidates = response.results.filter((r) => !seen.has(r.id)).slice(0, CHECK);
      for (const r of candidates) seen.add(r.id);
      for (let at = 0, size = FIRST_BATCH; at < candidates.length; at += size, size = PAGE) {
        const batch = await Promise.all(candidates.slice(at, at + size).map((r) => r.data()));
        if (mine !== generation) return null;
        const before = found.length;
        for (const d of batch) {
          data.push(d);
          const score = relevance(d, terms);
          if (score) found.push({ d, score });
        }
        if (before < PAGE && found.length > before) await showFound();
        if (mine !== generation) return null;
      }
    }
    total = found.length;
    sortBox.hidden = total < 2;
    if (!total && !exact) {
      // Spelling help: titles near the query among the candidates. When no bundle holds
      // the query, the "no result" answer does not wait for it: the candidates of the
      // bundles loaded so far follow.
      if (data.length) {
        showSuggestions(q, nearestTitles(q, data));
      } else {
        search(null).then(async (response) => {
          if (!response) return;
          const near = await Promise.all(response.results.slice(0, PAGE).map((r) => r.data()));
          if (mine === generation) showSuggestions(q, nearestTitles(q, near));
        }).catch(() => {});
      }
    }
    list.textContent = "";
    await showFound();
  } else {
    // Without a query the results come in index order, which is newest first across
    // all bundles (a sort key would be merged by score and lose that order).
    await mergeBundles(index, index.merge.map((_, n) => n + 1));
    const response = await search(null);
    if (!response) return null;
    found = [];
    total = response.results.length;
    list.textContent = "";
    pending = response.results.map((r) => () => r.data());
    await showMore(false);
  }
  return mine === generation ? total : null;
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
    return q ? "没有找到与“" + q + "”相关的信息。" : "没有符合筛选条件的信息。";
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
sortBy.value = start.sort;
// A pasted index number opens its entry; typed text only shows the match.
let pasted = false;
const typed = debounce(() => {
  const go = pasted;
  pasted = false;
  everyBundle = false;
  run(go);
}, 250);
input.addEventListener("input", typed);
input.addEventListener("paste", () => { pasted = true; });
form.addEventListener("submit", (event) => {
  event.preventDefault();
  everyBundle = false;
  run(true);
});
// The older bundles: the same search again over every bundle (what was loaded stays
// loaded, so only the older bundles are downloaded).
olderButton.addEventListener("click", async () => {
  everyBundle = true;
  await run(false);
  const first = list.querySelector("li a");
  if (first) first.focus();
});
form.addEventListener("change", (event) => {
  if (event.target.tagName === "SELECT") run(false);
});
moreButton.addEventListener("click", () => showMore(true));
sortBy.addEventListener("change", () => {
  writeAddress(input.value.trim(), currentFilters());
  showFound();
});

// A query in the address runs at once (the exact lookup needs no Pagefind).
setupFilters(start.filters);
if (start.q || Object.keys(start.filters).length) run(true, currentFilters());
else input.focus();
// Pagefind (its script, WebAssembly and index metadata) loads while the visitor is
// still typing, so on a slow network the first result waits only for the query's own
// index chunks and fragments. A failure here is reported by the search that needs it.
if (fullText) pagefind().catch(() => {});
