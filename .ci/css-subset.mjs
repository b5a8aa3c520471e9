// Gives each wasm module's pages a stylesheet with only the rules their widgets can use.
//
//   node .ci/css-subset.mjs STAGE SHEET.css
//
// STAGE is the built site; SHEET.css (a file in STAGE) is the one stylesheet every page
// links. Pages are grouped by the wasm module they load. For each group, a rule is kept
// when one of its selectors can match: every `gdz-…` class or element name the selector
// names outside parentheses occurs in the group's pages, in the JS they load or in the
// module itself (where the widgets' class names are string constants). Names inside
// `:is(…)`, `:where(…)`, `:not(…)` are not checked, so such a rule is always kept. A
// group whose stylesheet comes out smaller gets its own file (`site-HASH.css`, named for
// its content) and its pages link that; the rest keep SHEET.css.
//
// Nothing here guesses at what the code may do at run time: a class a widget names only
// by building its text would be dropped. tests/e2e/styles.spec.mjs checks, on every
// page, that each class in the page once its widgets have mounted has its rules.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync, writeFileSync, existsSync, unlinkSync } from 'node:fs';
import { join, dirname } from 'node:path';

const [stage, sheet] = process.argv.slice(2);
if (!sheet) {
  console.error('usage: node .ci/css-subset.mjs STAGE SHEET.css');
  process.exit(2);
}
const fail = (msg) => {
  console.error(`css-subset: ${msg}`);
  process.exit(1);
};

const pages = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return pages(p);
    return name.endsWith('.html') ? [p] : [];
  });

// The file a root-absolute URL (`/zoo/x.js` under a sub-path) names in STAGE.
const local = (url) => {
  const file = url.split('/').pop();
  return file && existsSync(join(stage, file)) ? join(stage, file) : null;
};

// The rules of a stylesheet: { prelude, body } for a rule, { prelude, rules } for a
// grouping at-rule (@media, @supports), { text } for anything else (kept as it is).
function parse(css, at = 0, nested = false) {
  const out = [];
  let i = at;
  while (i < css.length) {
    while (i < css.length && /\s/.test(css[i])) i++;
    if (i >= css.length) break;
    if (css[i] === '}') {
      if (!nested) fail(`unbalanced } at ${i}`);
      return [out, i + 1];
    }
    const open = css.indexOf('{', i);
    const semi = css.indexOf(';', i);
    if (semi !== -1 && (open === -1 || semi < open)) {
      out.push({ text: css.slice(i, semi + 1) });
      i = semi + 1;
      continue;
    }
    if (open === -1) fail(`no { after ${css.slice(i, i + 40)}`);
    const prelude = css.slice(i, open).trim();
    if (/^@(media|supports|layer|container)\b/.test(prelude)) {
      const [rules, end] = parse(css, open + 1, true);
      out.push({ prelude, rules });
      i = end;
    } else {
      // A rule's body (or a @font-face / @keyframes block): up to the matching brace.
      let depth = 0;
      let j = open;
      for (; j < css.length; j++) {
        if (css[j] === '{') depth++;
        else if (css[j] === '}' && --depth === 0) break;
      }
      if (j >= css.length) fail(`unclosed { after ${prelude.slice(0, 40)}`);
      out.push(prelude.startsWith('@') ? { text: css.slice(i, j + 1) } : { prelude, body: css.slice(open, j + 1) });
      i = j + 1;
    }
  }
  if (nested) fail('unclosed at-rule');
  return [out, i];
}

// A selector list split at its top-level commas.
function selectors(prelude) {
  const parts = [];
  let depth = 0;
  let start = 0;
  for (let k = 0; k < prelude.length; k++) {
    const c = prelude[k];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(prelude.slice(start, k));
      start = k + 1;
    }
  }
  parts.push(prelude.slice(start));
  return parts.map((s) => s.trim());
}

// The `gdz-…` names a selector requires: outside parentheses and attribute brackets.
function required(selector) {
  let flat = selector;
  for (;;) {
    const next = flat.replace(/\([^()]*\)/g, '').replace(/\[[^\[\]]*\]/g, '');
    if (next === flat) break;
    flat = next;
  }
  return [...flat.matchAll(/(?:^|[^\w-])\.?(gdz-[\w-]+)/g)].map((m) => m[1]);
}

function subset(rules, has) {
  return rules.flatMap((r) => {
    if (r.text) return [r.text];
    if (r.rules) {
      const inner = subset(r.rules, has);
      return inner.length ? [`${r.prelude}{${inner.join('')}}`] : [];
    }
    const live = selectors(r.prelude).filter((s) => required(s).every(has));
    return live.length ? [`${live.join(',')}${r.body}`] : [];
  });
}

const sheetPath = join(stage, sheet);
const css = readFileSync(sheetPath, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
const [rules] = parse(css);
const full = subset(rules, () => true).join('\n');

// Pages by the module they load.
const groups = new Map();
for (const page of pages(stage)) {
  const html = readFileSync(page, 'utf8');
  if (!html.includes(sheet)) continue;
  const wasm = (html.match(/["'(]([^"'()\s]*_bg\.wasm)["')]/) || [])[1] || '';
  if (!groups.has(wasm)) groups.set(wasm, []);
  groups.get(wasm).push({ page, html });
}

let written = 0;
for (const [wasm, members] of groups) {
  const texts = members.map((m) => m.html);
  const files = new Set();
  if (wasm) {
    const w = local(wasm);
    if (!w) fail(`${members[0].page} loads ${wasm}, which is not in ${stage}`);
    files.add(w);
  }
  for (const { html } of members) {
    for (const m of html.matchAll(/(?:src|href)="([^"]+\.js)"/g)) {
      const f = local(m[1]);
      if (f) files.add(f);
    }
  }
  for (const f of [...files]) {
    if (!f.endsWith('.js')) continue;
    for (const m of readFileSync(f, 'utf8').matchAll(/from\s*["'](\.\/[^"']+\.js)["']/g)) {
      const s = join(dirname(f), m[1]);
      if (existsSync(s)) files.add(s);
    }
  }
  for (const f of files) texts.push(readFileSync(f, 'latin1'));
  const corpus = texts.join('\n');
  const cut = subset(rules, (name) => corpus.includes(name)).join('\n');
  if (cut.length >= full.length) continue;
  const name = `site-${createHash('sha256').update(cut).digest('hex').slice(0, 16)}.css`;
  writeFileSync(join(stage, name), cut);
  for (const { page, html } of members) {
    writeFileSync(page, html.replaceAll(sheet, name));
  }
  written++;
}
// The full sheet stays only if some page still links it.
const linked = pages(stage).some((p) => readFileSync(p, 'utf8').includes(sheet));
if (!linked) unlinkSync(sheetPath);
console.log(`css-subset: ${written} of ${groups.size} module groups got their own stylesheet`);
