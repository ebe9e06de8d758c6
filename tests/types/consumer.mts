// A TypeScript user of the package: tests/package-types.test.mjs compiles it
// with `tsc --noEmit` against the installed tarball under each tsconfig here
// (moduleResolution node16 and bundler). Every line must type-check; each
// `@ts-expect-error` line must NOT (so the types are not `any`).
import init, { isLive, mount, render, renderToString, Widget } from "thread-widget";
import type { Author, Format, InitOptions, Options, Post, Thread } from "thread-widget";

const author: Author = { name: "Grumpy John", posts: 48807, joined: "2004-03" };
const format: Format = "bbcode";
const post: Post = { id: 1, number: 1, author, body: "[b]Hello[/b]", format };
const thread: Thread = { version: 1, title: "Typed", posts: [post, { id: 2, author: "ann", body: "hi" }], users: { ann: { name: "Ann" } } };
const options: Options = { lang: "de", pageSize: 20, theme: "auto", layout: "nested" };
const initOptions: InitOptions = { markdown: true, lang: ["de", "fr"], i18n: new URL("https://example.org/i18n/") };

export async function ssr(): Promise<string> {
  await init();
  await init(initOptions);
  const html: string = renderToString(thread, { lang: "de" });
  return html + renderToString(JSON.stringify(thread));
}

export async function browser(element: Element): Promise<void> {
  const widget: Widget = await mount(element, { src: "/threads/1234.json", theme: "dark" });
  widget.setOptions({ pageSize: 20 });
  widget.update(thread);
  widget.destroy();
  const again: Widget = render(element, thread, options);
  again.free();
  const live: boolean = isLive("https://mastodon.social/@Gargron/1");
  void live;
}

// The types say what is wrong.
// @ts-expect-error: a post needs an id and an author
const noAuthor: Post = { id: 3, body: "x" };
// @ts-expect-error: the theme is one of four words
const badTheme: Options = { theme: "blue" };
// @ts-expect-error: renderToString returns a string, not a promise
const notAPromise: Promise<string> = renderToString(thread);
// @ts-expect-error: mount needs an element
void mount("#comments");
// @ts-expect-error: Widget's constructor is private (mount and render make widgets)
void new Widget();
void noAuthor, badTheme, notAPromise;
