// An ES-module widget on the theme page (tests/e2e/theme.mjs): mount(), and its handle for setOptions.
import { mount } from "/pkg/thread_widget.js";

mount(document.getElementById("module"), { src: "/threads/seed.json", pageSize: "1" }).then((h) => {
  window.themeHandle = h;
});
