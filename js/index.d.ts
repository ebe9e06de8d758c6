/* thread-widget: the npm entry (pkg/thread_widget.js). */
// The libraries these types use, so that a project that does not list them
// (a Node project with `lib: ["es2022"]`) still compiles with skipLibCheck off:
// DOM types (Element, URL, Response, WebAssembly) and, for wasm-bindgen's
// `[Symbol.dispose]` in thread_widget_core.d.ts, the disposable types.
// tests/package-types.test.mjs checks it.
/// <reference lib="dom" />
/// <reference lib="esnext.disposable" />
import type { InitInput, InitOutput, Options, Thread } from "./thread_widget_core.js";
export type { Author, Format, Options, Post, Thread } from "./thread_widget_core.js";

export interface InitOptions {
  /** Load the build that reads Markdown and HTML bodies instead of the core (for pages that show them). */
  markdown?: boolean;
  /** The same as `markdown`: one build reads both Markdown and HTML bodies. */
  html?: boolean;
  /**
   * Also load the catalogs of these languages (BCP 47 tags; `pt-BR` loads `pt`) ahead, so that
   * `render` and `renderToString` need not read them with a synchronous request. English is built
   * in; a language with no catalog is English.
   */
  lang?: string | string[];
  /** The URL of the folder with the catalog files (`de.json`…), when not `i18n/` beside this file (a bundler moved it). */
  i18n?: string | URL;
  /** Where the core's .wasm is, when not beside this file. */
  module_or_path?: InitInput | Promise<InitInput>;
}

/**
 * Loads the core build (text and BBCode); a thread with Markdown or HTML bodies loads the second build (both readers)
 * when it first needs it.
 * A widget in a language other than English loads that language's catalog (`i18n/{lang}.json`) when it first needs it.
 * In Node 20+, Deno and Bun (this file read from a `file:` URL) it reads the `.wasm` and catalog files with `node:fs`:
 * `await init()` needs no arguments there either.
 */
export default function init(options?: InitOptions): Promise<InitOutput>;

/** A widget: `update(thread)`, `setOptions(options)`, `destroy()`. */
export class Widget {
  private constructor();
  /** Replaces the thread (a JS object or JSON text); throws an `Error` with the precise reason. */
  update(thread: Thread | string): void;
  /** Changes options (the data attributes, camelCased). */
  setOptions(options: Options): void;
  /** Removes the widget and everything it holds. */
  destroy(): void;
  /** The same as `destroy()`. */
  free(): void;
}

/**
 * Loads a thread from `options.src` (or the container's inline JSON) and renders it; rejects with the precise reason.
 * When `src` is a post's public address (Mastodon, Bluesky, GitHub, Hacker News, Discourse), the conversation is read
 * from the platform's API (`options.api` points it elsewhere) by the live build, which is then the only one loaded.
 */
export function mount(element: Element, options?: Options): Promise<Widget>;
/**
 * `mount` for a widget whose options never change and whose handle is not kept (the script-tag loader's):
 * a thread that needs neither `refresh`, the nested layout, page files, prerendered markup nor more than 256 KB of
 * JSON loads the plain build, 22 KB gzip smaller than the core. Resolves once the thread is shown; rejects as `mount` does.
 */
export function show(element: Element, options?: Options): Promise<void>;
/** Whether `src` is a post's public address that `mount` reads live from its platform (rather than a thread JSON file). */
export function isLive(src: string): boolean;
/**
 * Renders a thread already in memory, after `await init()` (throws until then); before the second build is loaded,
 * Markdown and HTML bodies show as plain text and render again once it is; the catalog of its language, if not loaded
 * yet, is read with a synchronous request.
 */
export function render(element: Element, thread: Thread | string, options?: Options): Widget;
/**
 * The widget's markup as an HTML string, after `await init()` (throws until then); a thread with Markdown or HTML
 * bodies needs `await init({ markdown: true })` (or `{ html: true }`) first;
 * the catalog of its language, if not loaded yet, is read with a synchronous request (in Node, a synchronous file read).
 * Its `section` carries `data-tw-hash` (the CLI's, for the same thread and options): a widget mounted on the
 * markup later keeps it as it is when it would build the same (README, "Prerendered markup").
 */
export function renderToString(thread: Thread | string, options?: Options): string;
