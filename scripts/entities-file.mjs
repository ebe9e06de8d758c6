// Writes pkg/entities.txt: the whole table of HTML named character
// references (src/markup/entities/table.rs's TABLE, its records separated by
// NUL), which the live builds add when a body names a reference their
// built-in table lacks (src/markup/entities/later.rs; docs/benchmarks.md, "The live build").
//
//   node scripts/entities-file.mjs [OUT]      (default pkg/entities.txt)
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const src = readFileSync(join(root, "src/markup/entities/table.rs"), "utf8");
const start = src.indexOf('pub(super) const TABLE: &str = "');
if (start < 0) throw new Error("entities-file.mjs: no TABLE in entities.rs");
let i = src.indexOf('"', start) + 1;
let out = "";
for (;;) {
  const c = src[i];
  if (c === '"') break;
  if (c !== "\\") { out += c; i++; continue; }
  const e = src[i + 1];
  if (e === "\n") { i += 2; while (/\s/.test(src[i])) i++; continue; } // a line continuation
  if (e === "0") out += "\0";
  else if (e === "n") out += "\n";
  else if (e === "t") out += "\t";
  else if (e === '"' || e === "\\" || e === "'") out += e;
  else if (e === "u") {
    const end = src.indexOf("}", i);
    out += String.fromCodePoint(parseInt(src.slice(i + 3, end), 16));
    i = end + 1;
    continue;
  } else throw new Error(`entities-file.mjs: unexpected escape \\${e}`);
  i += 2;
}
const records = out.split("\0").filter(Boolean);
if (records.length !== 2125 || !out.startsWith("AElig~Æ\0") || !out.endsWith("zwnj=\u200c\0")) throw new Error(`entities-file.mjs: ${records.length} records, not the table`);
writeFileSync(process.argv[2] || join(root, "pkg/entities.txt"), out);
