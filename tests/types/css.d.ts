// What a bundler's client types declare (Vite's vite/client): a stylesheet import has no value.
declare module "*.css" {}
