// Eleventy prerenders each page's thread at build time, into the widget's
// container: readers without JavaScript (and search engines) get the whole
// thread in the HTML, and the script tag mounts the widget in that container.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import init, { renderToString } from "thread-widget";

/** A value for a double-quoted attribute. */
const attr = (s) => String(s).replaceAll("&", "&amp;").replaceAll('"', "&quot;").replaceAll("<", "&lt;");

export default async function (eleventyConfig) {
  // In Node the entry reads its .wasm with node:fs: no arguments needed. The
  // Markdown build reads every format (text, BBCode, Markdown, HTML).
  await init({ markdown: true });

  // The widget's files at /thread-widget/, the threads at /threads/ (the widget reads them again in the browser).
  eleventyConfig.addPassthroughCopy({ "node_modules/thread-widget": "thread-widget" });
  eleventyConfig.addPassthroughCopy("threads");
  eleventyConfig.ignores.add("README.md");

  // {% thread "/threads/1234.json" %}: the container, with the thread's markup inside.
  // renderToString escapes every text and attribute of the thread; its output is
  // HTML to insert as it is (Eleventy does not run it through the template engine).
  eleventyConfig.addShortcode("thread", function (src, lang) {
    const thread = JSON.parse(readFileSync(join(eleventyConfig.directories.input, src), "utf8"));
    const html = renderToString(thread, lang ? { lang } : undefined);
    return `<div class="thread-widget tw-root" data-tw-theme="auto" data-src="${attr(src)}"${lang ? ` data-lang="${attr(lang)}"` : ""}>${html}</div>`;
  });
}
