/**
 * The workspace's collections (see web/lib/loader.ts): the scenarios, the
 * code of ethics with the support page, and the library's errors in dev.
 * The engine validates and types them; no schema is repeated here.
 */
import { defineCollection } from "astro:content";
import { rehearseLoader } from "./lib/loader.ts";

export const collections = {
  scenarios: defineCollection({ loader: rehearseLoader("scenarios") }),
  code: defineCollection({ loader: rehearseLoader("code") }),
  diagnostics: defineCollection({ loader: rehearseLoader("diagnostics") }),
};
