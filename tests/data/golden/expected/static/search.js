// The search page: Pagefind's index (built by `warta build` into pagefind/) behind the page's own form.
// A large site's index is in shards (data-shards: the other bundles' folders, from the site's root), merged
// into the first. Pagefind orders merged results by score even when asked for a date order, so for that
// order the page loads each shard's warta-dates.json (Pagefind's result id -> ISO date) and sorts by it.
// No inline script and no eval: this file is loaded as a module from the site itself.
// Opened from disk (file://) the browser forbids loading the index, so the page says so and loads nothing.
// A classic script, not a module: browsers refuse module scripts from file://, and then nothing could say so.
// Words: the index takes each character of data-one-letter-words (Han, kana) as a word of its own, written
// after a space and a WORD JOINER (U+2060) in the text it was given (warta.search.spaced); the query is cut
// the same way (its characters are then all to be on a page, in a row when quoted), and what is shown has
// those spaces taken out again. Alias block: the words of a page's text after its last ALIASES word are the
// names of the alias groups it mentions, there to be found, not shown: such a page's excerpt is made of the
// text before (warta.search.indexed_html).

(() => {
const SHOWN_AT_ONCE = 10;
const FILTERS = ['theme', 'outlet', 'language', 'year'];
const DATES = 'warta-dates.json';
const EXCERPT_WORDS = 28;
const JOINER = '\u2060';
const ALIASES = '\u2063';

const root = document.getElementById('search');
if (root) {
  start(root);
}

async function start(root) {
  const texts = JSON.parse(root.dataset.texts || '{}');
  const letters = root.dataset.oneLetterWords;
  const between = letters
    ? new RegExp(`(?<=\\S)(?=[${letters}])|(?<=[${letters}])[^\\p{L}\\p{N}_\\s]*(?=(?![${letters}])[\\p{L}\\p{N}])`, 'gu')
    : null;
  const $ = (id) => document.getElementById(id);
  const form = $('search-form');
  const input = $('search-q');
  const sort = $('search-sort');
  const status = $('search-status');
  const list = $('search-results');
  const more = $('search-more');
  const selects = Object.fromEntries(FILTERS.map((key) => [key, $('search-filter-' + key)]));
  const params = new URLSearchParams(location.search);
  input.value = params.get('q') || '';
  sort.value = params.get('sort') === 'date' ? 'date' : '';

  if (location.protocol === 'file:') {
    $('search-offline').hidden = false;
    for (const el of form.elements) el.disabled = true;
    return;
  }

  const bundle = new URL(root.dataset.bundle, document.baseURI);
  const shards = JSON.parse(root.dataset.shards || '[]').map((folder) => new URL(folder, new URL('../', bundle)));
  let pagefind;
  let totals;
  let dated = null;
  try {
    pagefind = await import(bundle.href);
    await pagefind.options({ excerptLength: EXCERPT_WORDS });
    await Promise.all(shards.map((shard) => pagefind.mergeIndex(shard.pathname)));
    totals = await pagefind.filters();
  } catch (error) {
    status.textContent = texts.failed;
    return;
  }

  for (const key of FILTERS) {
    const values = Object.keys(totals[key] || {}).sort(collate(key));
    if (!values.length) continue;
    const select = selects[key];
    select.append(new Option(texts.all, ''));
    for (const value of values) {
      const option = new Option(value, value);
      option.dataset.label = value;
      select.append(option);
    }
    select.value = values.includes(params.get(key)) ? params.get(key) : '';
    select.closest('.search-filter').hidden = false;
    $('search-filters').hidden = false;
  }

  let results = [];
  let shown = 0;
  let latest = 0;

  async function run() {
    const query = input.value.trim();
    const chosen = {};
    for (const key of FILTERS) {
      if (selects[key].value) chosen[key] = selects[key].value;
    }
    remember(query, chosen);
    const ticket = ++latest;
    if (!query && !Object.keys(chosen).length) {
      results = [];
      list.textContent = '';
      more.hidden = true;
      status.textContent = texts.prompt;
      counts(totals);
      return;
    }
    status.textContent = texts.loading;
    const options = { filters: chosen };
    if (sort.value === 'date') options.sort = { date: 'desc' };
    const found = await pagefind.search(query ? words(query) : null, options);
    if (ticket !== latest || !found) return;
    results = found.results;
    if (options.sort && shards.length) {
      try {
        results = await newestFirst(results);
      } catch (error) {
        dated = null;
        if (ticket === latest) status.textContent = texts.failed;
        return;
      }
      if (ticket !== latest) return;
    }
    shown = 0;
    list.textContent = '';
    counts(found.filters);
    status.textContent = results.length ? plural(texts.found, results.length) : texts.none;
    await showMore(ticket);
  }

  async function showMore(ticket) {
    const batch = results.slice(shown, shown + SHOWN_AT_ONCE);
    const data = await Promise.all(batch.map((r) => r.data()));
    if (ticket !== latest) return;
    for (const item of data) list.append(card(item));
    shown += batch.length;
    more.hidden = shown >= results.length;
  }

  // Newest first, undated last, ties in Pagefind's order. Two shards may give two pages the same id:
  // such an id maps to [date, page path] in each, and the page's own URL tells which it is.
  async function newestFirst(found) {
    dated = dated || loadDates();
    const { dates, shared } = await dated;
    const keyed = await Promise.all(found.map(async (result, order) => {
      let date = dates.get(result.id) || '';
      const candidates = shared.get(result.id);
      if (candidates) {
        const path = new URL((await result.data()).url, location.href).pathname;
        const match = candidates.find((candidate) => candidate.path === path);
        date = match ? match.date : '';
      }
      return { result, order, date };
    }));
    keyed.sort((a, b) => (a.date < b.date) - (a.date > b.date) || a.order - b.order);
    return keyed.map((item) => item.result);
  }

  async function loadDates() {
    const site = new URL('../', bundle);
    const maps = await Promise.all([bundle, ...shards].map(async (folder) => {
      const response = await fetch(new URL(DATES, folder));
      if (!response.ok) throw new Error(`${DATES}: ${response.status}`);
      return response.json();
    }));
    const dates = new Map();
    const shared = new Map();
    for (const map of maps) {
      for (const [id, value] of Object.entries(map)) {
        if (!Array.isArray(value)) {
          dates.set(id, value);
        } else {
          if (!shared.has(id)) shared.set(id, []);
          shared.get(id).push({ date: value[0], path: new URL(value[1], site).pathname });
        }
      }
    }
    return { dates, shared };
  }

  function counts(byFilter) {
    for (const key of FILTERS) {
      for (const option of selects[key].options) {
        if (!option.value) continue;
        const n = (byFilter && byFilter[key] && byFilter[key][option.value]) || 0;
        option.textContent = `${option.dataset.label} (${n})`;
      }
    }
  }

  function remember(query, chosen) {
    const next = new URLSearchParams();
    if (query) next.set('q', query);
    for (const [key, value] of Object.entries(chosen)) next.set(key, value);
    if (sort.value) next.set('sort', sort.value);
    const search = next.toString();
    history.replaceState(null, '', search ? '?' + search : location.pathname);
  }

  let timer = 0;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(run, 250);
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    run();
  });
  sort.addEventListener('change', run);
  for (const select of Object.values(selects)) select.addEventListener('change', run);
  $('search-clear').addEventListener('click', () => {
    for (const select of Object.values(selects)) select.value = '';
    run();
  });
  more.addEventListener('click', () => showMore(latest));
  run();

  // The query cut into the index's words as warta.search.spaced cuts the text: a space where a word begins.
  function words(query) {
    return between ? query.replace(between, (found) => found + ' ') : query;
  }

  function plural(forms, n) {
    const text = typeof forms === 'string' ? forms : (texts.plural === 'one-other' && n === 1 ? forms.one : forms.other);
    return text.replace('{n}', String(n));
  }
}

function collate(key) {
  if (key === 'year') return (a, b) => b.localeCompare(a);
  return (a, b) => a.localeCompare(b, document.documentElement.lang || undefined, { sensitivity: 'base' });
}

function card(item) {
  const li = document.createElement('li');
  li.className = 'search-result';
  const heading = document.createElement('h2');
  heading.className = 'search-result-title';
  const link = document.createElement('a');
  link.href = item.url;
  link.textContent = joined((item.meta && item.meta.title) || '') || item.url;
  heading.append(link);
  inLanguage(heading, item);
  li.append(heading);
  const outlet = item.meta && item.meta.outlet;
  const date = item.meta && item.meta.date;
  if (outlet || date) {
    const meta = document.createElement('p');
    meta.className = 'meta';
    if (outlet) {
      // isolated, as on the site's own pages: a right-to-left name must not draw the date's digits into it
      const name = document.createElement('bdi');
      name.className = 'outlet';
      name.textContent = outlet;
      meta.append(name);
    }
    if (outlet && date) meta.append(' · ');
    if (date) meta.append(date);
    li.append(meta);
  }
  const excerpt = document.createElement('p');
  excerpt.className = 'excerpt';
  inLanguage(excerpt, item);
  const words = (item.content || '').trim().split(/\s+/);
  const aliases = words.lastIndexOf(ALIASES);
  excerpt.append(...(aliases >= 0 ? articleExcerpt(item, words, aliases) : marked(item.excerpt || '')));
  li.append(excerpt);
  return li;
}

// Marks an element holding the article's own words with its language and, when it differs from the
// page's, its direction (the article page's filters "lang" and "dir"), as the site's lists mark them.
function inLanguage(element, item) {
  const [lang] = (item.filters && item.filters.lang) || [];
  const [dir] = (item.filters && item.filters.dir) || [];
  if (lang && lang !== document.documentElement.lang) element.lang = lang;
  if (dir && dir !== getComputedStyle(document.documentElement).direction) element.dir = dir;
}

// Text the index was given, as it was written: without the spaces put before one-letter words.
function joined(text) {
  return text.replace(/ ?\u2060/g, '');
}

// Pagefind's excerpt is HTML with <mark> round the matches: keep the marks, take everything else as text.
// A mark that a taken-out space alone parted from the one before is one mark with it.
function marked(html) {
  const whole = html.replace(/ (<mark>)?\u2060/g, '$1').replace(/\u2060/g, '').replace(/<\/mark><mark>/g, '');
  const body = new DOMParser().parseFromString(whole, 'text/html').body;
  const out = [];
  for (const node of body.childNodes) {
    if (node.nodeName === 'MARK') {
      const mark = document.createElement('mark');
      mark.textContent = node.textContent;
      out.push(mark);
    } else {
      out.push(document.createTextNode(node.textContent));
    }
  }
  return out;
}

// The excerpt of a page with an alias block, from the article's own text (the words before the block):
// round its densest matches there as Pagefind chooses them, or from the start of the article after the
// title when it matched only in the block.
function articleExcerpt(item, all, end) {
  const weighted = (item.weighted_locations || (item.locations || []).map((location) => ({ location, balanced_score: 1 })))
    .filter((l) => l.location < end);
  const start = weighted.length
    ? Math.max(0, Math.min(densest(weighted), end - EXCERPT_WORDS))
    : afterTitle(all, end, item.meta.title || '');
  const hits = new Set(weighted.map((l) => l.location));
  const out = [];
  let mark = null;
  for (let i = start; i < Math.min(end, start + EXCERPT_WORDS); i++) {
    const word = all[i];
    const gap = i > start && !word.startsWith(JOINER) ? ' ' : '';
    const text = word.replaceAll(JOINER, '');
    if (hits.has(i)) {
      if (!(mark && !gap)) {
        if (gap) out.push(document.createTextNode(gap));
        mark = document.createElement('mark');
        out.push(mark);
      }
      mark.textContent += text;
    } else {
      out.push(document.createTextNode(gap + text));
      mark = null;
    }
  }
  return out;
}

// Where the window of EXCERPT_WORDS words that holds the most of the matches' score begins (Pagefind's rule).
function densest(weighted) {
  const score = [];
  for (const { location, balanced_score: s } of weighted) score[location] = (score[location] || 0) + s;
  if (score.length <= EXCERPT_WORDS) return 0;
  let sum = 0;
  for (let i = 0; i < EXCERPT_WORDS; i++) sum += score[i] || 0;
  let best = sum;
  let at = [0];
  for (let i = 0; i < score.length; i++) {
    sum += (score[i + EXCERPT_WORDS] || 0) - (score[i] || 0);
    if (sum > best) {
      best = sum;
      at = [i];
    } else if (sum === best && at[at.length - 1] === i - 1) {
      at.push(i);
    }
  }
  return at[Math.floor(at.length / 2)];
}

// The first word after the title, which the text begins with (the page's <h1>), if it does.
function afterTitle(all, end, title) {
  const words = title.trim().split(/\s+/);
  const begins = words.every((word, i) => all[i] === word || (i === words.length - 1 && all[i] === word + '.'));
  return begins && words.length < end ? words.length : 0;
}
})();
