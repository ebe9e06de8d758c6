// Writes pkg/README.md, the npm package's README, from README.md: its opening
// paragraph, then its install and usage sections ("3. npm and a bundler" and
// "Server-side rendering (Node)"), so that the two never disagree.
// Run by scripts/build.sh.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..");
const readme = readFileSync(join(repo, "README.md"), "utf8");
const version = JSON.parse(readFileSync(join(repo, "pkg", "package.json"), "utf8")).version;

/** The section whose heading starts with `start`, up to the next heading of its level or above (heading excluded). */
function section(start) {
  const lines = readme.split("\n");
  const i = lines.findIndex((l) => l.startsWith(start));
  if (i < 0) throw new Error(`package-readme: README.md has no heading "${start}"`);
  const level = start.match(/^#+/)[0].length;
  let j = i + 1;
  let fence = false;
  for (; j < lines.length; j++) {
    if (lines[j].startsWith("```")) fence = !fence;
    const h = !fence && lines[j].match(/^(#+) /);
    if (h && h[1].length <= level) break;
  }
  return lines.slice(i + 1, j).join("\n").trim();
}

const intro = readme.split("\n\n")[1].trim(); // the paragraph under the title
const out = `# thread-widget

${intro}

This is the npm package (version ${version}): the ES module, its WebAssembly
builds, the classic-script loader, the stylesheet, the language catalogs and
TypeScript types. The full documentation (the script tag, every attribute,
events, languages, theming, the thread JSON schema, the command-line tool) is
the project's README.md.

## Install and use

${section("### 3. npm and a bundler")}

## Server-side rendering (Node)

${section("### Server-side rendering (Node)")}

## License

MIT OR Apache-2.0: LICENSE-MIT and LICENSE-APACHE in this package.
`;
writeFileSync(join(repo, "pkg", "README.md"), out);
