// The XSS audit page's engine (tests/e2e/hostile.mjs drives it): builds each
// hostile thread in the browser, renders it with the real widget (pkg/), audits
// the widget's subtree against the allow-lists of tests/xss.rs, checks that
// serialising and re-parsing it gives an equal tree (no mutation XSS), then
// hovers, focuses and clicks every element of it. hostile-xss-guard.js records
// any script that runs.
import init, { render } from "/pkg/thread_widget.js";
import { ATTRIBUTES, ELEMENTS, PLACEMENTS, SCHEMES, baseThread, mergedThread } from "./hostile-placements.mjs";

window.hostilePlacements = PLACEMENTS;

const XHTML = "http://www.w3.org/1999/xhtml";
const EL = new Set(ELEMENTS);
const AT = new Set(ATTRIBUTES);
const stage = document.getElementById("stage");

/** The scheme a browser reads: the part before a `:` that comes before any `/`, `?` or `#`. */
function schemeOf(u) {
  const c = u.indexOf(":");
  if (c < 0) return null;
  const head = u.slice(0, c);
  return /[/?#]/.test(head) ? null : head.toLowerCase() + ":";
}

/** Everything outside the allow-lists in the subtree of root, as readable lines. */
const unparseable = [];

function allowList(root, interacted) {
  const problems = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ALL);
  let n = walker.nextNode(); // skips root itself
  let elements = 0;
  for (; n; n = walker.nextNode()) {
    if (n.nodeType === Node.TEXT_NODE) continue;
    if (n.nodeType !== Node.ELEMENT_NODE) {
      problems.push(`a ${n.nodeName} node (type ${n.nodeType})`);
      continue;
    }
    elements++;
    const tag = n.localName;
    if (!EL.has(tag) || n.namespaceURI !== XHTML) problems.push(`element <${tag}> (${n.namespaceURI})`);
    for (const a of n.attributes) {
      const name = a.name;
      if (!AT.has(name) || a.namespaceURI !== null || a.prefix !== null) problems.push(`<${tag}> attribute ${name}`);
      if (/^on/i.test(name)) problems.push(`<${tag}> event handler ${name}`);
      if (name === "href" || name === "src") {
        const s = schemeOf(a.value);
        if (s !== null && !SCHEMES.includes(s)) problems.push(`<${tag} ${name}=${JSON.stringify(a.value)}> scheme ${s}`);
        let resolved = null;
        try { resolved = new URL(a.value, document.baseURI); } catch (e) {}
        // Unparseable (a space in a host): no scheme, nothing runs; counted, not an escape.
        if (!resolved) unparseable.push(a.value);
        else if (!SCHEMES.includes(resolved.protocol)) problems.push(`<${tag} ${name}=${JSON.stringify(a.value)}> resolves to ${resolved.protocol}`);
      }
      if (name === "class") {
        for (const c of n.classList) if (!/^(tw-|language-)/.test(c)) problems.push(`<${tag}> class ${JSON.stringify(c)}`);
      }
      if (name === "id" && !a.value.startsWith("post-")) problems.push(`<${tag} id=${JSON.stringify(a.value)}>: ids are post-…`);
      // The widget writes tabindex="0" (code, tables); a quote jump sets -1 on the post it focuses.
      if (name === "tabindex" && a.value !== "0" && !(interacted && tag === "article" && a.value === "-1")) problems.push(`<${tag} tabindex=${a.value}>`);
    }
  }
  return { problems, elements };
}

/** The parser's view of text: CR LF → LF; NUL dropped in text, U+FFFD in attributes. */
function asParsed(node) {
  const walker = document.createTreeWalker(node, NodeFilter.SHOW_ALL);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.nodeType === Node.TEXT_NODE) n.data = n.data.replace(/\r\n?/g, "\n").replace(/\0/g, "");
    else if (n.nodeType === Node.ELEMENT_NODE) {
      for (const a of n.attributes) {
        const v = a.value.replace(/\r\n?/g, "\n").replace(/\0/g, "\uFFFD");
        if (v !== a.value) a.value = v;
      }
    }
  }
  node.normalize();
  // An emptied text node (only NULs) is not there after parsing either.
  const empties = [];
  const w = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
  for (let n = w.nextNode(); n; n = w.nextNode()) if (n.data === "") empties.push(n);
  for (const n of empties) n.remove();
  node.normalize();
  return node;
}

function sameChildren(a, b) {
  if (a.childNodes.length !== b.childNodes.length) return false;
  for (let i = 0; i < a.childNodes.length; i++) if (!a.childNodes[i].isEqualNode(b.childNodes[i])) return false;
  return true;
}

/** Mutation XSS: innerHTML, parsed again (in a <template> and in a <div>), must give an equal tree. */
function roundTrip(root) {
  const built = asParsed(root.cloneNode(true));
  const html = root.innerHTML;
  const t = document.createElement("template");
  t.innerHTML = html;
  const problems = [];
  if (!sameChildren(built, t.content)) problems.push(`serialising and parsing again (template) changes the tree: ${html.slice(0, 400)}`);
  const d = document.createElement(root.localName);
  d.innerHTML = html;
  if (!sameChildren(built, d)) problems.push(`serialising and parsing again (<${root.localName}>) changes the tree`);
  return problems;
}

const squash = (s) => s.replace(/[\0\uFFFD]/g, "").replace(/\s+/g, "");

const EVENTS = ["pointerover", "mouseover", "mouseenter", "mousemove", "mousedown", "mouseup", "dblclick", "mouseout"];

/**
 * Hovers every element, focuses and clicks every control (synthetic events:
 * an inline handler, had one got through, would fire). Focus and clicks are
 * limited to what a reader can focus or click (they cost a layout each).
 */
function interact(root, mode) {
  let n = 0;
  for (const el of [...root.querySelectorAll("*")]) {
    for (const type of EVENTS) {
      el.dispatchEvent(new MouseEvent(type, { bubbles: true, cancelable: true, view: window }));
      n++;
    }
  }
  if (mode === "hover") return n;
  for (const el of [...root.querySelectorAll("a, button, summary, img, [tabindex]")]) {
    if (!el.isConnected) continue;
    if (mode === "focus") {
      el.focus();
      el.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true, cancelable: true }));
      el.blur();
      n += 3;
    }
    el.click();
    n++;
  }
  return n;
}

let handles = [];

/** Renders one thread into a new container; returns the audit (texts: payloads that must read as text). */
function one(pl, thread, texts, { interact: doInteract = true, theme = "none" } = {}) {
  const box = document.createElement("div");
  box.className = "hostile-box";
  stage.append(box);
  let handle;
  try {
    // theme "none": no stylesheet work per render (CSS runs no script; what a
    // payload could smuggle into CSS is a style attribute or element, which the
    // allow-list refuses anyway). A sample runs with the theme (hostile.mjs).
    handle = render(box, thread, { lang: "en", theme, ...(pl.links ? { images: "link" } : {}) });
  } catch (e) {
    box.remove();
    return { rejected: true, reason: String(e && e.message) };
  }
  handles.push([handle, box]);
  const before = allowList(box, false);
  const problems = [...before.problems, ...roundTrip(box)];
  // Long pages are built in slices after render() returns (src/widget.rs,
  // FIRST_POSTS): the groups are kept small enough to be built at once, and
  // an audit of a partial render would prove nothing, so it fails.
  const shown = box.querySelectorAll("article.tw-post").length;
  if (shown !== thread.posts.length) problems.push(`only ${shown} of ${thread.posts.length} posts were rendered at once: make the group smaller`);
  if (pl.text) {
    const text = squash(box.textContent);
    for (const t of texts) if (!text.includes(squash(t))) problems.push(`not readable as text: ${JSON.stringify(t.slice(0, 80))}`);
  }
  // true: hover and click; "focus": and focus, Enter; "hover": mouse events only.
  const interactions = doInteract ? interact(box, doInteract) : 0;
  const after = allowList(box, true);
  problems.push(...after.problems.map((p) => `after interaction: ${p}`));
  return { rejected: false, problems, elements: before.elements, interactions };
}

function single(i, p, opts) {
  const pl = PLACEMENTS[i];
  window.__xssAt = `${pl.name} / ${p.id}`;
  const thread = baseThread();
  pl.apply(thread, p.text);
  return one(pl, thread, [p.text], opts);
}

/** Lets pending image errors and the like fire, then tears the batch down. */
async function settle() {
  await new Promise((r) => setTimeout(r, 20));
  for (const [h, box] of handles) {
    try { h.destroy(); } catch (e) {}
    box.remove();
  }
  handles = [];
  await new Promise((r) => setTimeout(r, 0));
}

/**
 * Every payload × every listed placement; the escapes (at most 20) and the
 * counts. Payloads go `group` to a thread (side by side, see mergedThread)
 * except in thread-wide placements; a group the model refuses, or one with a
 * problem, is tried again one payload at a time, which the counts then use.
 */
async function run({ payloads, placements, interact = true, group = 10, theme = "none" }) {
  const out = { tried: 0, renders: 0, rejected: 0, elements: 0, interactions: 0, escapes: [], escapeCount: 0, perFormat: {} };
  const started = performance.now();
  const record = (i, p, r) => {
    out.tried++;
    out.perFormat[PLACEMENTS[i].format] = (out.perFormat[PLACEMENTS[i].format] || 0) + 1;
    if (r.rejected) return void out.rejected++;
    if (r.problems.length) {
      out.escapeCount++;
      if (out.escapes.length < 20) out.escapes.push({ placement: PLACEMENTS[i].name, payload: p.id, text: p.text.slice(0, 200), problems: r.problems.slice(0, 5) });
    }
  };
  const tally = (r) => {
    out.renders++;
    if (!r.rejected) { out.elements += r.elements; out.interactions += r.interactions; }
  };
  for (const i of placements) {
    const pl = PLACEMENTS[i];
    const size = pl.single ? 1 : group;
    for (let at = 0; at < payloads.length; at += size) {
      const chunk = payloads.slice(at, at + size);
      if (chunk.length > 1) {
        window.__xssAt = `${pl.name} / ${chunk[0].id}…${chunk[chunk.length - 1].id}`;
        const r = one(pl, mergedThread(pl, chunk.map((p) => p.text)), chunk.map((p) => p.text), { interact, theme });
        tally(r);
        if (!r.rejected && r.problems.length === 0) {
          for (const p of chunk) record(i, p, r);
          if (handles.length >= 25) await settle();
          continue;
        }
      }
      for (const p of chunk) {
        const r = single(i, p, { interact, theme });
        tally(r);
        record(i, p, r);
        if (handles.length >= 25) await settle();
      }
    }
  }
  await settle();
  out.ms = Math.round(performance.now() - started);
  return out;
}

/** Audits a container the loader mounted (the script-tag path). */
function auditMounted(box, placement, texts) {
  const pl = PLACEMENTS[placement];
  const before = allowList(box, false);
  const problems = [...before.problems, ...roundTrip(box)];
  if (pl.text) {
    const shown = squash(box.textContent);
    for (const t of texts) if (!shown.includes(squash(t))) problems.push(`not readable as text: ${JSON.stringify(t.slice(0, 80))}`);
  }
  const interactions = interact(box, "focus");
  problems.push(...allowList(box, true).problems.map((p) => `after interaction: ${p}`));
  return { problems, elements: before.elements, interactions };
}

/** For html5sec triggers: one rendering left alone on the page, with the default theme. */
async function renderOnly(placement, payload) {
  await settle();
  return single(placement, payload, { interact: false, theme: "auto" });
}

// The second build (Markdown and HTML: it reads every format): render() then
// never hands a thread over to another build later, so what is audited is what stays.
await init({ markdown: true });
window.hostile = { run, renderOnly, settle, auditMounted, mergedThread, baseThread, placements: PLACEMENTS.length, unparseable: () => unparseable.splice(0) };
document.documentElement.dataset.ready = "1";
