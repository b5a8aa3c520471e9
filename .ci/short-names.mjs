// Shortens the names a wasm-bindgen module and its JS glue use for each other.
//
//   node .ci/short-names.mjs LONG.wasm SHORT.wasm GLUE.js
//
// SHORT.wasm is LONG.wasm after `wasm-opt --minify-imports-and-exports-and-modules`:
// the same module whose imports and exports have one- or two-letter names (and whose
// import modules are merged). wasm-bindgen's names carry a 16-digit hash each (e.g.
// `__wbg_setAttribute_0123456789abcdef`), and they appear twice in a page's download,
// once in the wasm and once in the glue, where gzip cannot shrink them much. This
// rewrites GLUE.js in place to speak SHORT.wasm's names. The two modules list their
// imports and exports in the same order, which is how the old and new names pair up.
// Anything unexpected in the glue stops the build rather than shipping a broken page.
import { readFileSync, writeFileSync } from 'node:fs';

const [longPath, shortPath, gluePath] = process.argv.slice(2);
if (!gluePath) {
  console.error('usage: node .ci/short-names.mjs LONG.wasm SHORT.wasm GLUE.js');
  process.exit(2);
}
const load = (p) => new WebAssembly.Module(readFileSync(p));
const [long, short] = [load(longPath), load(shortPath)];
const fail = (msg) => {
  console.error(`short-names: ${msg}`);
  process.exit(1);
};

const oldImports = WebAssembly.Module.imports(long);
const newImports = WebAssembly.Module.imports(short);
const oldExports = WebAssembly.Module.exports(long);
const newExports = WebAssembly.Module.exports(short);
if (oldImports.length !== newImports.length || oldExports.length !== newExports.length) {
  fail('the two modules do not have the same imports and exports');
}

let js = readFileSync(gluePath, 'utf8');
const quote = (s) => JSON.stringify(s);
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const replaceAll = (re, to, what) => {
  let n = 0;
  js = js.replace(re, (...m) => {
    n += 1;
    return typeof to === 'function' ? to(...m) : to;
  });
  if (n === 0) fail(`${what} not found in the glue`);
};

// The object of import modules the glue hands to the instance: `"path": importN,`.
const ret = /return \{\s*__proto__: null,\s*((?:"[^"]+": import\d+,\s*)+)\};/;
const found = js.match(ret);
if (!found) fail("the glue's import object was not found");
const moduleVar = new Map([...found[1].matchAll(/"([^"]+)": (import\d+)/g)].map((m) => [m[1], m[2]]));
const own = [...moduleVar.keys()].find((k) => k.endsWith('_bg.js'));
if (!own) fail("the glue's own import module was not found");

// Imports from the glue's own object are renamed where they are defined; imports from
// other modules (snippets) are looked up on their module under the new name.
const merged = new Map();
oldImports.forEach((imp, i) => {
  const to = newImports[i];
  const v = moduleVar.get(imp.module) ?? fail(`no module for the import ${imp.module}`);
  if (!merged.has(to.module)) merged.set(to.module, { own: false, extra: [] });
  const m = merged.get(to.module);
  if (imp.module === own) {
    m.own = true;
    replaceAll(new RegExp(`(^|[\\s,{])${escape(imp.name)}:`, 'gm'), (_, pre) => `${pre}${quote(to.name)}:`, `import ${imp.name}`);
  } else {
    m.extra.push(`${quote(to.name)}: ${v}[${quote(imp.name)}]`);
  }
});
if ([...merged.values()].filter((m) => m.own).length > 1) fail('own imports split over modules');
const entries = [...merged].map(([name, m]) => {
  const extra = `{ ${m.extra.join(', ')} }`;
  return `${quote(name)}: ${m.own ? `Object.assign(${moduleVar.get(own)}, ${extra})` : extra}`;
});
js = js.replace(ret, `return { __proto__: null, ${entries.join(', ')} };`);

// Exports are read as `wasm.name`.
oldExports.forEach((exp, i) => {
  const to = newExports[i].name;
  const prop = /^[A-Za-z_$][\w$]*$/.test(to) ? `.${to}` : `[${quote(to)}]`;
  const re = new RegExp(`\\bwasm\\.${escape(exp.name)}(?![\\w$])`, 'g');
  if (re.test(js)) js = js.replace(re, `wasm${prop}`);
});
for (const exp of oldExports) {
  if (exp.name.length > 8 && new RegExp(`wasm\\.${escape(exp.name)}(?![\\w$])`).test(js)) {
    fail(`the export ${exp.name} is still used by its old name`);
  }
}
writeFileSync(gluePath, js);
