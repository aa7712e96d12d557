import { nodePosition } from "../../compile/attributes.ts";
import { urlScheme } from "../../library.ts";
import type { Rule } from "../context.ts";

const KIND: Readonly<Record<string, string>> = { link: "a link", image: "an image", definition: "a link definition" };

export const unsafeUrl: Rule = {
  id: "unsafe-url",
  severity: "error",
  description:
    "A link or image whose address is not http(s), mailto or relative (`javascript:`, `data:`, also when hidden by spaces, control characters or `&#9;`).",
  applies: "both",
  check(context, report) {
    for (const { node } of Object.keys(KIND).flatMap((type) => context.ofType(type))) {
      if (typeof node.url !== "string") continue;
      const scheme = urlScheme(node.url);
      if (scheme === undefined || scheme === "http" || scheme === "https" || scheme === "mailto") continue;
      report(
        nodePosition(node),
        `Unexpected \`${scheme}:\` address in ${KIND[node.type]}, expected an \`https:\`, \`http:\`, \`mailto:\` or relative address`,
      );
    }
  },
};
