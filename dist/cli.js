import { createRequire as __pullguardRequire } from "node:module";
const require = __pullguardRequire(import.meta.url);
import {
  main
} from "./chunks/chunk-BSZSIORC.js";
import "./chunks/chunk-DMMEHKQ4.js";
import "./chunks/chunk-5TWWDYEZ.js";
import "./chunks/chunk-JRZLBE45.js";
import "./chunks/chunk-HU7SY652.js";
export {
  main
};
