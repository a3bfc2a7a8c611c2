// Copies ReDoc's standalone bundle into dist/vendor so /api-redoc works with no internet.
import { copyFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const bundle = require.resolve("redoc/bundles/redoc.standalone.js");
const target = join(here, "..", "dist", "vendor");
mkdirSync(target, { recursive: true });
copyFileSync(bundle, join(target, "redoc.standalone.js"));
console.log(`vendored ReDoc into ${target}`);
