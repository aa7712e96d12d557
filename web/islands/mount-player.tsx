/**
 * Hydrates the server-rendered player. A hand-made island instead of
 * `client:load`: it skips Astro's island runtime and the props encoding
 * (about 3.5 KB gzip on the page that has the tightest budget), and reads the
 * data from a JSON block that is not executed.
 */
import { hydrate } from "preact";
import Player from "./Player.tsx";

const root = document.querySelector<HTMLElement>("[data-player-root]");
const data = document.getElementById("player-data")?.textContent;
if (root && data) hydrate(<Player data={data} />, root);
