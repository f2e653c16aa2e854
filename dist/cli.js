import { createRequire as __pullguardRequire } from "node:module";
const require = __pullguardRequire(import.meta.url);
import {
  main
} from "./chunks/chunk-RY4L5ZJF.js";
import "./chunks/chunk-EEAD6WJC.js";
import "./chunks/chunk-7LSPKYJQ.js";
import "./chunks/chunk-JRZLBE45.js";
import "./chunks/chunk-HU7SY652.js";
export {
  main
};
