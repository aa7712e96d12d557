/** Mounts the projector: its data is a JSON block in the page (not executed). */
import { render } from "preact";
import Projector from "./Projector.tsx";

const root = document.querySelector<HTMLElement>("[data-projector-root]");
const data = document.getElementById("present-data")?.textContent;
if (root && data) {
  root.replaceChildren();
  render(<Projector data={data} />, root);
}
