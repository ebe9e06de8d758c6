// Lists every thread-widget event of the errors page, and shows that a page
// script keeps running whatever the widgets do.
const events = [];
window.threadWidgetEvents = events;

function record(kind, event) {
  const id = event.target.id || "(no id)";
  const text = kind === "error" ? event.detail.message : `${event.detail.posts} posts`;
  events.push({ kind, id, message: text });
  const li = document.createElement("li");
  const strong = document.createElement("strong");
  strong.textContent = `${kind} on #${id}: `;
  li.append(strong, text);
  document.getElementById("event-log").append(li);
}

document.addEventListener("thread-widget:error", (e) => record("error", e));
document.addEventListener("thread-widget:ready", (e) => record("ready", e));

let ticks = 0;
const out = document.getElementById("page-script");
out.textContent = "running";
window.addEventListener("load", () => {
  const timer = setInterval(() => {
    ticks += 1;
    out.textContent = `running (${ticks} ticks since load, ${events.length} events seen)`;
    out.dataset.ticks = String(ticks);
    if (ticks >= 600) clearInterval(timer);
  }, 250);
});
