// The search page: Pagefind's index (built by `warta build` into pagefind/) behind the page's own form.
// A large site's index is in shards (data-shards: the other bundles' folders, from the site's root), merged
// into the first. Pagefind orders merged results by score even when asked for a date order, so for that
// order the page loads each shard's warta-dates.json (Pagefind's result id -> ISO date) and sorts by it.
// No inline script and no eval: this file is loaded as a module from the site itself.
// Opened from disk (file://) the browser forbids loading the index, so the page says so and loads nothing.
// A classic script, not a module: browsers refuse module scripts from file://, and then nothing could say so.

(() => {
const SHOWN_AT_ONCE = 10;
const FILTERS = ['theme', 'outlet', 'language', 'year'];
const DATES = 'warta-dates.json';

const root = document.getElementById('search');
if (root) {
  start(root);
}

async function start(root) {
  const texts = JSON.parse(root.dataset.texts || '{}');
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
    await pagefind.options({ excerptLength: 28 });
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
    const found = await pagefind.search(query || null, options);
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
  link.textContent = (item.meta && item.meta.title) || item.url;
  heading.append(link);
  li.append(heading);
  const facts = [item.meta && item.meta.outlet, item.meta && item.meta.date].filter(Boolean);
  if (facts.length) {
    const meta = document.createElement('p');
    meta.className = 'meta';
    meta.textContent = facts.join(' · ');
    li.append(meta);
  }
  const excerpt = document.createElement('p');
  excerpt.className = 'excerpt';
  excerpt.append(...marked(item.excerpt || ''));
  li.append(excerpt);
  return li;
}

// Pagefind's excerpt is HTML with <mark> round the matches: keep the marks, take everything else as text.
function marked(html) {
  const body = new DOMParser().parseFromString(html, 'text/html').body;
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
})();
