import { createRequire as __pullguardRequire } from "node:module";
const require = __pullguardRequire(import.meta.url);
import {
  main
} from "./chunks/chunk-2DD3LV2N.js";
import "./chunks/chunk-EO5SU7WH.js";
import "./chunks/chunk-GSUNKWH4.js";
import "./chunks/chunk-JRZLBE45.js";
import "./chunks/chunk-HU7SY652.js";
export {
  main
};
