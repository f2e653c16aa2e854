import { createRequire as __pullguardRequire } from "node:module";
const require = __pullguardRequire(import.meta.url);
import {
  main
} from "./chunks/chunk-NRWN5KL3.js";
import "./chunks/chunk-PL3ZMUXY.js";
import "./chunks/chunk-GL7NNCWI.js";
import "./chunks/chunk-JRZLBE45.js";
import "./chunks/chunk-HU7SY652.js";
export {
  main
};
