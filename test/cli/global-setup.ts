import { buildCli } from "../../scripts/build-cli.mjs";

/** The process tests run the built bundle, as `npx rehearse` does. */
export default async function setup() {
  await buildCli({ quiet: true });
}
