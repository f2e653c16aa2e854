import { createRequire as __pullguardRequire } from "node:module";
const require = __pullguardRequire(import.meta.url);
import {
  main
} from "./chunks/chunk-GMOD6EGH.js";
import "./chunks/chunk-22ADW4RY.js";
import "./chunks/chunk-22P6KJ7R.js";
import "./chunks/chunk-JRZLBE45.js";
import "./chunks/chunk-HU7SY652.js";
export {
  main
};
