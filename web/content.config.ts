/**
 * The workspace's collections (see web/lib/loader.ts): the scenarios, the
 * code of ethics with the support page, and the library's errors in dev.
 * The engine validates and types them; no schema is repeated here.
 */
import { defineCollection } from "astro:content";

type LoaderModule = typeof import("./lib/loader.ts");

/**
 * The loader and the engine it compiles with, imported by Node itself where it can (TypeScript outside
 * node_modules/: this checkout), not through Vite's module runner, which takes longer to load the engine
 * (about 1.7 s of every build here) than the loader takes to compile a library of 200 scenarios. Installed
 * as a package, Node does not strip types under node_modules/, and Vite loads it.
 */
async function loaderModule(): Promise<LoaderModule> {
  const url = new URL("./lib/loader.ts", import.meta.url);
  if (url.protocol === "file:" && !url.pathname.includes("/node_modules/")) {
    // A dynamic import Vite does not rewrite: Function's body is not part of the module it transforms.
    const nativeImport = new Function("url", "return import(url)") as (url: string) => Promise<LoaderModule>;
    try {
      return await nativeImport(url.href);
    } catch {
      // Not this Node (no type stripping): through Vite.
    }
  }
  return import("./lib/loader.ts");
}

const { rehearseLoader } = await loaderModule();

export const collections = {
  scenarios: defineCollection({ loader: rehearseLoader("scenarios") }),
  code: defineCollection({ loader: rehearseLoader("code") }),
  diagnostics: defineCollection({ loader: rehearseLoader("diagnostics") }),
};
