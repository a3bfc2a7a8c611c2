// Generates the dashboard's API types (src/api/schema.d.ts) from the server's OpenAPI
// document with the openapi-typescript CLI; services/api.ts types every call with them
// through openapi-fetch, so a changed response shape fails `tsc`.
//
//   node scripts/api-client.mjs [SOURCE]           write src/api/schema.d.ts
//   node scripts/api-client.mjs --check [SOURCE]   fail when the checked-in file differs
//
// SOURCE is a file or an http(s) URL of the document (a running server's
// /api/openapi.json); the default is the repository's snapshot, tests/snapshots/openapi.json,
// which the Rust suite keeps equal to what the server serves.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const target = path.join(web, "src/api/schema.d.ts");
const cli = path.join(web, "node_modules/openapi-typescript/bin/cli.js");
const args = process.argv.slice(2);
const check = args.includes("--check");
const source = args.find((arg) => !arg.startsWith("--")) ?? path.join(web, "../tests/snapshots/openapi.json");
const input = /^https?:\/\//.test(source) ? source : path.resolve(source);
const FLAGS = ["--empty-objects-unknown"];
const shown = (file) => path.relative(process.cwd(), file) || file;

const scratch = mkdtempSync(path.join(tmpdir(), "api-client-"));
let generated;
try {
  const out = path.join(scratch, "schema.d.ts");
  // The CLI prints its own diagnostics; it exits non-zero on an invalid document (for
  // instance a `$ref` to a schema the document does not declare).
  // --empty-objects-unknown: a free-form object (a node's snapshot answer, `meta`,
  // `camera_scope`) is `Record<string, unknown>`, not `Record<string, never>`.
  execFileSync(process.execPath, [cli, input, "--output", out, ...FLAGS], { cwd: scratch, stdio: ["ignore", "ignore", "inherit"] });
  generated = readFileSync(out, "utf8");
} catch {
  console.error(`api-client: openapi-typescript could not read ${shown(input)}`);
  process.exit(1);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

if (check) {
  let current = "";
  try {
    current = readFileSync(target, "utf8");
  } catch {
    /* missing counts as different */
  }
  if (current !== generated) {
    console.error(`api-client: ${shown(target)} is out of date with ${shown(input)}; run \`just web-client\` and commit it.`);
    process.exit(1);
  }
  console.log(`api-client: ${shown(target)} matches ${shown(input)}`);
} else {
  writeFileSync(target, generated);
  console.log(`api-client: wrote ${shown(target)} from ${shown(input)}`);
}
