import init, { mount } from "thread-widget";
import "thread-widget/thread-widget.css";

// Vite turns the package's `new URL("thread_widget_bg.wasm", import.meta.url)` into an asset URL.
await init();
await mount(document.querySelector("#comments"), { src: "/seed.json" });
