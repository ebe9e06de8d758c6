// scripts/build.sh: gives the wasm's imports, its import modules and its
// internal exports short names, in the .wasm and in its glue and .d.ts alike.
//
//   node scripts/short-names.mjs pkg/NAME.js pkg/NAME_bg.wasm pkg/NAME.d.ts
//
// wasm-bindgen names each import `__wbg_<method>_<16 hex digits>` and each
// closure's export after its whole Rust type (up to 334 characters): written
// twice (the .wasm's import and export sections, the glue's object keys and
// property reads), the hex digits do not compress. Renamed here:
// - every import, to a short name in the order of the import section;
// - every import module (the glue's own and the snippets'), to one letter;
// - every export the glue alone calls (`__wbindgen_*`, `__wbg_*`,
//   `__externref_*`, `wasm_bindgen_*`, `__abort_handler`,
//   `__instance_terminated`).
// The exports a caller of init() may read keep their names: `memory` and
// the API (`mount`, `render`, `addCatalog`…).
//
// Each old name is replaced where it stands as a whole identifier (or a
// module's string); the script fails if an old name is missing from the glue
// or is still there after, so a change in wasm-bindgen's output cannot pass
// unnoticed.
import { readFileSync, writeFileSync, existsSync } from "node:fs";

const [gluePath, wasmPath, dtsPath] = process.argv.slice(2);
const bytes = readFileSync(wasmPath);

// ------------------------------------------------------------ the binary

let pos = 0;
function u32() {
  let result = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[pos++];
    result += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (!(b & 0x80)) return result;
  }
}
function name() {
  const n = u32();
  const s = bytes.toString("utf8", pos, pos + n);
  pos += n;
  return s;
}
function leb(n) {
  const out = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return Buffer.from(out);
}
const str = (s) => {
  const b = Buffer.from(s, "utf8");
  return Buffer.concat([leb(b.length), b]);
};

/** The bytes of an import's description after its kind byte, skipped. */
function skipImportDesc(kind) {
  const limits = () => {
    const flags = bytes[pos++];
    u32();
    if (flags & 1) u32();
  };
  if (kind === 0) u32(); // a function: its type
  else if (kind === 1) { pos++; limits(); } // a table: its element type, limits
  else if (kind === 2) limits(); // a memory
  else if (kind === 3) pos += 2; // a global: its value type, mutability
  else if (kind === 4) { pos++; u32(); } // a tag
  else throw new Error(`short-names: unknown import kind ${kind} in ${wasmPath}`);
}

if (bytes.readUInt32LE(0) !== 0x6d736100) throw new Error(`short-names: ${wasmPath} is not a wasm module`);
pos = 8;
const sections = [];
while (pos < bytes.length) {
  const id = bytes[pos++];
  const size = u32();
  sections.push({ id, start: pos, end: pos + size });
  pos += size;
}

// A short name for the n-th of a kind: a…z, A…Z, then two and more characters.
const LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const short = (n) => (n < LETTERS.length ? LETTERS[n] : short(Math.floor(n / LETTERS.length) - 1) + LETTERS[n % LETTERS.length]);

const keys = new Map(); // an import's old name → new (a key of the glue's imports object)
const reads = new Map(); // an export's old name → new (read as `wasm.name` in the glue)
const modules = new Map(); // old module → new
const INTERNAL = /^(__wbindgen_|__wbg_|__externref_|wasm_bindgen_|__abort_handler$|__instance_terminated$)/;

const out = [bytes.subarray(0, 8)];
for (const s of sections) {
  pos = s.start;
  let body;
  if (s.id === 2) {
    const parts = [];
    const count = u32();
    parts.push(leb(count));
    for (let i = 0; i < count; i++) {
      const mod = name();
      const field = name();
      const descStart = pos;
      const kind = bytes[pos++];
      skipImportDesc(kind);
      if (!modules.has(mod)) modules.set(mod, String.fromCharCode(97 + modules.size));
      // The glue's own functions (`__wbg_…`); a snippet's (js/io.js) keep their names.
      if (INTERNAL.test(field) && !keys.has(field)) keys.set(field, short(keys.size));
      parts.push(str(modules.get(mod)), str(keys.get(field) || field), bytes.subarray(descStart, pos));
    }
    body = Buffer.concat(parts);
  } else if (s.id === 7) {
    const parts = [];
    const count = u32();
    parts.push(leb(count));
    let n = 0;
    for (let i = 0; i < count; i++) {
      const field = name();
      const descStart = pos;
      pos++;
      u32();
      let to = field;
      if (INTERNAL.test(field)) {
        // "_" and letters: apart from the kept names.
        to = "_" + short(n++);
        reads.set(field, to);
      }
      parts.push(str(to), bytes.subarray(descStart, pos));
    }
    body = Buffer.concat(parts);
  }
  out.push(Buffer.from([s.id]));
  if (body) out.push(leb(body.length), body);
  else out.push(leb(s.end - s.start), bytes.subarray(s.start, s.end));
}

// ------------------------------------------------------------ the glue and its types

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
const word = (s) => new RegExp(`(?<![\\w$])${escape(s)}(?![\\w$])`);
/**
 * Renames in the glue (`required`: each old name must be there) or the .d.ts:
 * modules as strings, imports as object keys (`name:`), exports as property
 * reads (`.name`) or, in the .d.ts, keys. Nothing else is touched, and no
 * old name may be left in those places.
 */
function rewrite(path, required) {
  let js = readFileSync(path, "utf8");
  const swap = (re, to, what) => {
    if (required && !re.test(js)) throw new Error(`short-names: ${what} is not in ${path}`);
    js = js.replace(re, to);
  };
  for (const [from, to] of modules) swap(new RegExp(`(["'])${escape(from)}\\1`, "g"), `"${to}"`, `import module ${from}`);
  for (const [from, to] of keys) swap(new RegExp(`(?<![\\w$.])${escape(from)}(?=\\s*:)`, "g"), to, `import ${from}`);
  for (const [from, to] of reads) {
    // Some are not called by the glue at all (`__abort_handler`): renamed all the same.
    if (required) js = js.replace(new RegExp(`(?<=\\.)${escape(from)}(?![\\w$])`, "g"), to);
    else js = js.replace(new RegExp(`(?<![\\w$.])${escape(from)}(?=\\s*:)`, "g"), to);
  }
  // (The glue's local wrappers of the closures' exports share their names: minified, they go.)
  const left = (from) => word(from).test(js) && (keys.has(from) || new RegExp(`\\.${escape(from)}(?![\\w$])|(?<![\\w$.])${escape(from)}\\s*:`).test(js));
  for (const from of [...keys.keys(), ...reads.keys()]) if (left(from)) throw new Error(`short-names: ${from} is still in ${path}`);
  for (const from of modules.keys()) if (js.includes(from)) throw new Error(`short-names: ${from} is still in ${path}`);
  writeFileSync(path, js);
}
rewrite(gluePath, true);
if (dtsPath && existsSync(dtsPath)) rewrite(dtsPath, false);
writeFileSync(wasmPath, Buffer.concat(out));
// The module must still compile, with the same number of imports and exports.
const before = new WebAssembly.Module(bytes);
const after = new WebAssembly.Module(readFileSync(wasmPath));
for (const f of ["imports", "exports"]) {
  if (WebAssembly.Module[f](before).length !== WebAssembly.Module[f](after).length) throw new Error(`short-names: ${wasmPath} lost ${f}`);
}
