// hls.js ships the light build (no subtitles, EME or alternate audio) without its own
// declaration entry; its API is the full build's, so reuse those types.
declare module "hls.js/light" {
  export * from "hls.js";
  export { default } from "hls.js";
}
