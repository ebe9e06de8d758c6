// The ES module page: init(), mount(), render(), renderToString() and a handle's
// update/setOptions/destroy, the way a bundled app uses the npm package.
import init, { mount, render, renderToString } from "/pkg/thread_widget.js";

const $ = (sel) => document.querySelector(sel);
const status = $("#status");

const thread = {
  version: 1,
  title: "A thread built in JavaScript",
  format: "bbcode",
  users: { misskit: { name: "misskit", title: "Thailand Expat", posts: 48807 } },
  posts: [
    { id: "m1", number: 1, author: "misskit", body: "Rendered from an [b]object[/b] in memory." },
    { id: "m2", number: 2, author: { name: "Grumpy John", posts: 379 }, body: "[QUOTE=misskit;m1]Rendered from an object in memory.[/QUOTE]\nNo JSON file needed." },
  ],
};

let handle = null;
let next = 3;

function enable(on) {
  for (const id of ["add-post", "newest", "oldest", "destroy"]) $("#" + id).disabled = !on;
  $("#again").disabled = on;
}

function show(message) {
  status.textContent = message;
}

try {
  await init();
  show("module loaded");

  const mounted = await mount($("#mounted"), { src: "threads/seed.json", headingLevel: 3 });
  window.threadWidgetDemo = { mounted };

  handle = render($("#rendered"), thread, { pageSize: 2, headingLevel: 3 });
  window.threadWidgetDemo.handle = handle;
  enable(true);

  const html = renderToString(thread, { lang: "en", headingLevel: 3 });
  $("#markup").textContent = html.length > 400 ? html.slice(0, 400) + "…" : html;

  try {
    render(document.createElement("div"), { posts: [{ id: 1, author: { name: "x", posts: "48,807" }, body: "" }] }, {});
    $("#bad-error").textContent = "(no error: that is a bug)";
  } catch (e) {
    $("#bad-error").textContent = `${e.constructor.name}: ${e.message}`;
  }
  show("ready");
} catch (e) {
  show(`failed: ${e.message}`);
  console.error("module.js:", e);
}

$("#add-post").addEventListener("click", () => {
  const n = next++;
  thread.posts.push({ id: `m${n}`, number: n, author: "misskit", body: `Post ${n}, added by update().` });
  handle.update(thread);
});
$("#newest").addEventListener("click", () => handle.setOptions({ order: "newest" }));
$("#oldest").addEventListener("click", () => handle.setOptions({ order: "oldest" }));
$("#destroy").addEventListener("click", () => {
  handle.destroy();
  handle = null;
  enable(false);
});
$("#again").addEventListener("click", () => {
  handle = render($("#rendered"), thread, { pageSize: 2, headingLevel: 3 });
  window.threadWidgetDemo.handle = handle;
  enable(true);
});
