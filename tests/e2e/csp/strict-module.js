// The ES-module way on a strict page: init, mount (fetching), render (in memory), renderToString.
import init, { mount, render, renderToString } from "/pkg/thread_widget.js";

const done = (k, v) => { document.documentElement.dataset[k] = v; };
try {
  await init();
  await mount(document.getElementById("mounted"), { src: "/threads/seed.json", pageSize: 2 });
  const r = await fetch("/threads/seed.json");
  render(document.getElementById("rendered"), await r.json(), { theme: "dark" });
  done("string", String(renderToString({ posts: [{ id: 1, author: { name: "a" }, body: "[b]x[/b]", format: "bbcode" }] }, {}).length));
  done("module", "ok");
} catch (e) {
  done("module", "failed: " + e.message);
}
