// The widget's files (the installed package) at /thread-widget/: copied into
// public/ when Astro starts, so that `astro dev` serves them too.
import { cpSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "astro/config";

const pkg = dirname(fileURLToPath(import.meta.resolve("thread-widget/package.json")));

export default defineConfig({
  integrations: [{
    name: "thread-widget-files",
    hooks: {
      "astro:config:setup": ({ config }) => cpSync(pkg, new URL("thread-widget/", config.publicDir), { recursive: true }),
    },
  }],
});
