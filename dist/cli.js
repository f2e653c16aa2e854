import { createRequire as __pullguardRequire } from "node:module";
const require = __pullguardRequire(import.meta.url);
import {
  main
} from "./chunks/chunk-ZLS23WG4.js";
import "./chunks/chunk-5KLUPSDX.js";
import "./chunks/chunk-KNXS3HHA.js";
import "./chunks/chunk-JRZLBE45.js";
import "./chunks/chunk-HU7SY652.js";
export {
  main
};
