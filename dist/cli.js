import { createRequire as __pullguardRequire } from "node:module";
const require = __pullguardRequire(import.meta.url);
import {
  main
} from "./chunks/chunk-7VKSY3OO.js";
import "./chunks/chunk-TNEEBDMP.js";
import "./chunks/chunk-27Z4YRLD.js";
import "./chunks/chunk-JRZLBE45.js";
import "./chunks/chunk-HU7SY652.js";
export {
  main
};
