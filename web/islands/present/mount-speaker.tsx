/** Mounts the speaker view; it fetches the facilitator data (notes included) itself. */
import { render } from "preact";
import Speaker from "./Speaker.tsx";

const root = document.querySelector<HTMLElement>("[data-speaker-root]");
if (root?.dataset.href && root.dataset.projector) {
  const { href, projector } = root.dataset;
  root.replaceChildren();
  render(<Speaker href={href} projectorHref={projector} />, root);
}
