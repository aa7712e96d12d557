import { nodePosition } from "../../compile/attributes.ts";
import type { Rule } from "../context.ts";

/** `https://…`, `http://…` or `//host/…`: an address on another origin. */
const REMOTE = /^\s*(?:[a-z][a-z0-9+.-]*:)?\/\//i;

export const remoteImage: Rule = {
  id: "remote-image",
  severity: "warning",
  description:
    "An image loaded from another site: the site's Content-Security-Policy blocks it, and it would tell that site who reads the scenario.",
  applies: "both",
  check(context, report) {
    for (const { node } of context.ofType("image")) {
      if (!REMOTE.test(node.url ?? "")) continue;
      const name = (node.url ?? "").split(/[?#]/)[0]?.split("/").pop() || "image.png";
      report(
        nodePosition(node),
        `Unexpected image from another site (\`${short(node.url ?? "")}\`), expected an image on this site: the site allows no other origin, so trainees would see a broken image`,
        `save the image in the site's \`web/public/\` folder and link it from this site: ![${node.alt ?? ""}](/${name})`,
      );
    }
  },
};

const short = (url: string) => (url.length > 60 ? `${url.slice(0, 57)}…` : url);
