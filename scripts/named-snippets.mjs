// scripts/build.sh: rewrites wasm-bindgen's `import * as importN from "./snippets/…"` (each
// handed whole to the wasm as its import module) into one named import of
// what the wasm imports from that module, so that esbuild drops the rest.
import { readFileSync, writeFileSync } from "node:fs";
const [glue, wasm] = process.argv.slice(2);
let js = readFileSync(glue, "utf8");
const imports = WebAssembly.Module.imports(new WebAssembly.Module(readFileSync(wasm)));
const star = /^import \* as (import\d+) from "(\.\/snippets\/[^"]+)"\n/gm;
const mods = new Map();
for (const m of js.matchAll(star)) (mods.get(m[2]) || mods.set(m[2], []).get(m[2])).push(m[1]);
if (mods.size === 0) { console.error(`named-snippets: no namespace import of a snippet in ${glue}`); process.exit(1); }
for (const [mod, aliases] of mods) {
  const names = [...new Set(imports.filter((i) => i.module === mod).map((i) => i.name))].sort();
  const local = (n) => `__io_${n}`;
  js = js.replace(star, (all, alias, m) => (m !== mod ? all : alias === aliases[0] ? `import { ${names.map((n) => `${n} as ${local(n)}`).join(", ")} } from "${mod}"\n` : ""));
  const entry = new RegExp(`^(\\s*)"${mod.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}": (import\\d+),\\n`, "gm");
  let first = true;
  js = js.replace(entry, (all, sp, alias) => {
    if (!aliases.includes(alias)) return all;
    if (!first) return "";
    first = false;
    return `${sp}"${mod}": { ${names.map((n) => `${n}: ${local(n)}`).join(", ")} },\n`;
  });
  if (first) { console.error(`named-snippets: ${mod} is not in the imports object of ${glue}`); process.exit(1); }
}
writeFileSync(glue, js);
