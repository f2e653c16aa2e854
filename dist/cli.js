import { createRequire as __pullguardRequire } from "node:module";
const require = __pullguardRequire(import.meta.url);
import {
  main
} from "./chunks/chunk-6BIDTJM3.js";
import "./chunks/chunk-ISVEK5AD.js";
import "./chunks/chunk-GICGVOHS.js";
import "./chunks/chunk-JRZLBE45.js";
import "./chunks/chunk-HU7SY652.js";
export {
  main
};
