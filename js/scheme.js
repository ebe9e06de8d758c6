/*! thread-widget: the page's own colour scheme, for widgets with data-theme="auto".
 * Sets data-tw-scheme="dark" or "light" on such a widget's container when the
 * page around it says which it is, and removes it when the page says nothing
 * (then the stylesheet's prefers-color-scheme query decides, as without
 * script). In order, the first that answers (docs/theming.md, "auto"):
 *   1. a class or attribute on <body>, then on <html>: class="dark",
 *      "theme-dark", "dark-mode"…, data-theme="dark", data-bs-theme,
 *      data-color-scheme, data-mode… (and "light" counterparts);
 *   2. the color-scheme the container inherits (color-scheme: dark on :root),
 *      else <meta name="color-scheme">, when it names one scheme only;
 *   3. the background behind the container: the ancestors' background
 *      colours, composited down to the first opaque one, dark when their
 *      relative luminance is below 0.179 (where white and black text have
 *      the same contrast on it).
 * One MutationObserver for the page (attributes of <html> and <body>), the
 * media query's change event, and the end of a background-color transition
 * behind a widget: a site's dark-mode button switches every widget at once.
 * The observer goes with the last widget (destroyed, or removed: noticed at the next change). */

const DARK = "dark";
const LIGHT = "light";
const ATTR = "data-tw-scheme";
// A class naming the scheme: dark, is-dark, theme-dark, dark-mode, darkmode, dark-theme, mode-light…
const CLASS = /^(?:is-|theme-|mode-|color-scheme-)?(dark|light)(?:-?(?:mode|theme|scheme))?$/i;
// An attribute whose value names it: data-theme, data-bs-theme, data-color-scheme,
// data-color-mode, data-mode, theme… but not data-dark-theme (GitHub's: which
// dark theme to use, not whether it is dark).
const NAME = /^(?:data-)?(?:[\w-]*-)?(?:theme|scheme|mode)$/i;

// The containers followed, held weakly: one removed from the page without
// destroy() stays collectable (WeakRef where there is one).
const followed = new Set(); // WeakRefs of containers
const refs = new WeakMap(); // container → its WeakRef in `followed`
const owners = new WeakMap(); // container → the handle that follows it
const weak = typeof WeakRef == "function" ? (el) => new WeakRef(el) : (el) => ({ deref: () => el });
let observer = null;
let media = null;
let page = null; // the document observed
let canvas = null; // a 1×1 canvas that turns any CSS colour into sRGB

/** "dark" or "light" when `text` names exactly one of them as a word ("dark_dimmed", "theme-light"), else null. */
function named(text) {
  const words = String(text).toLowerCase().split(/[^a-z]+/);
  const dark = words.includes(DARK);
  return dark === words.includes(LIGHT) ? null : dark ? DARK : LIGHT;
}

/** What the classes and attributes of `el` say; null when nothing, or when they disagree. */
function marked(el) {
  if (!el) return null;
  let found = null;
  let both = false;
  const vote = (s) => {
    if (!s) return;
    if (found && found !== s) both = true;
    found = s;
  };
  for (const c of el.classList) {
    const m = CLASS.exec(c);
    if (m) vote(m[1].toLowerCase());
  }
  for (const a of el.attributes) {
    if (a.name !== "class" && NAME.test(a.name) && !/dark|light/i.test(a.name)) vote(named(a.value));
  }
  return both ? null : found;
}

/** [r, g, b, a] (0–255, alpha 0–1) of a computed colour; any syntax (oklch, color()…) through a canvas. */
function rgba(colour) {
  const m = /^rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)$/.exec(colour);
  if (m) return [+m[1], +m[2], +m[3], m[4] === undefined ? 1 : +m[4]];
  try {
    if (!canvas) canvas = document.createElement("canvas").getContext("2d", { willReadFrequently: true });
    canvas.clearRect(0, 0, 1, 1);
    canvas.fillStyle = "rgba(0,0,0,0)";
    canvas.fillStyle = colour;
    canvas.fillRect(0, 0, 1, 1);
    const d = canvas.getImageData(0, 0, 1, 1).data;
    return [d[0], d[1], d[2], d[3] / 255];
  } catch (e) {
    return null;
  }
}

/** Relative luminance (WCAG) of an sRGB colour. */
function luminance(rgb) {
  const lin = (v) => ((v /= 255) <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4));
  return 0.2126 * lin(rgb[0]) + 0.7152 * lin(rgb[1]) + 0.0722 * lin(rgb[2]);
}

/**
 * The background the widget is drawn on: from the container up, each
 * background colour over the ones below it, to the first opaque one. Null when
 * none is (the canvas shows through: the browser's scheme decides) or when an
 * image lies behind it before that (a photo or gradient: no guess).
 */
function backdrop(el) {
  const sum = [0, 0, 0];
  let left = 1; // how much of what lies further down still shows through
  for (let e = el; e && left > 0.004; e = e.parentElement) {
    const cs = getComputedStyle(e);
    const c = rgba(cs.backgroundColor);
    const a = c ? c[3] : 0;
    if (a < 1 && cs.backgroundImage && cs.backgroundImage !== "none") return null;
    for (let i = 0; i < 3; i++) sum[i] += c ? c[i] * a * left : 0;
    left *= 1 - a;
  }
  if (left > 0.004) return null;
  return luminance(sum) < 0.179 ? DARK : LIGHT;
}

/** The page's scheme around `el`, or null when it says nothing (the system decides). */
export function schemeOf(el) {
  const doc = el.ownerDocument;
  const m = marked(doc.body) || marked(doc.documentElement);
  if (m) return m;
  const parent = el.parentElement || doc.documentElement;
  const meta = doc.querySelector('meta[name="color-scheme"]');
  const declared = named(getComputedStyle(parent).colorScheme || "") || (meta && named(meta.content));
  return declared || backdrop(el);
}

/**
 * Writes the scheme on one container; removes it for an explicit theme (the
 * stylesheet ignores it there anyway: before the widget's first render the
 * theme is not known yet). A page that broke getComputedStyle keeps the system's.
 */
function apply(el) {
  try {
    const theme = el.getAttribute("data-tw-theme");
    const scheme = theme && theme !== "auto" ? null : schemeOf(el);
    if (scheme) {
      if (el.getAttribute(ATTR) !== scheme) el.setAttribute(ATTR, scheme);
    } else if (el.hasAttribute(ATTR)) el.removeAttribute(ATTR);
  } catch (e) {}
}

/** The containers still on the page; the others are let go. */
function live() {
  const out = [];
  for (const ref of followed) { // (a Set may lose entries while it is iterated)
    const el = ref.deref();
    if (el && el.isConnected) out.push(el);
    else if (el) forget(el);
    else followed.delete(ref);
  }
  if (!followed.size && observer) stop();
  return out;
}

/** Every followed widget again. */
function update() {
  for (const el of live()) apply(el);
}

/** A background-color transition behind a widget ended: its colour has settled. */
function settled(e) {
  if (!/^background(-color)?$/.test(e.propertyName)) return;
  const t = e.target;
  if (live().some((el) => t === el || (t.contains && t.contains(el)))) update();
}

/** A stylesheet finished loading (a site that switches by swapping stylesheets). */
function loaded(e) {
  const t = e.target;
  if (t && t.localName === "link" && /stylesheet/i.test(t.rel)) update();
}

/** Observes <html>, <body> and the color-scheme meta (again: <body> or the meta may have come since). */
function watch(doc) {
  for (const el of [doc.documentElement, doc.body, doc.querySelector('meta[name="color-scheme"]')]) {
    if (el) observer.observe(el, { attributes: true });
  }
}

function start(doc) {
  page = doc;
  observer = new MutationObserver(update);
  const view = doc.defaultView;
  media = view.matchMedia ? view.matchMedia("(prefers-color-scheme: dark)") : null;
  if (media) media.addEventListener ? media.addEventListener("change", update) : media.addListener(update);
  doc.addEventListener("transitionend", settled, true);
  doc.addEventListener("load", loaded, true);
}

function stop() {
  observer.disconnect();
  observer = null;
  if (media) media.removeEventListener ? media.removeEventListener("change", update) : media.removeListener(update);
  media = null;
  page.removeEventListener("transitionend", settled, true);
  page.removeEventListener("load", loaded, true);
  page = null;
}

/**
 * Follows the page's scheme on `el` for `owner` (a widget handle), now and on
 * every change; `el` keeps data-tw-scheme only while its theme is auto.
 * Does nothing outside a browser (server-side rendering).
 */
export function follow(el, owner) {
  try {
    if (!el || typeof MutationObserver != "function" || !el.ownerDocument || !el.ownerDocument.defaultView) return;
    if (!observer) start(el.ownerDocument);
    watch(el.ownerDocument);
    if (!refs.has(el)) {
      const ref = weak(el);
      refs.set(el, ref);
      followed.add(ref);
    }
    owners.set(el, owner);
    apply(el);
  } catch (e) {} // a hostile page (document.querySelector clobbered…): the system's scheme, and the widget still works
}

/** Stops following `el` (destroyed), unless another handle took it over since. */
export function unfollow(el, owner) {
  if (!el || owners.get(el) !== owner) return;
  forget(el);
  if (!followed.size && observer) stop();
}

function forget(el) {
  followed.delete(refs.get(el));
  refs.delete(el);
  owners.delete(el);
  el.removeAttribute(ATTR);
}
