/**
 * Registers the service worker (web/integrations/offline.mjs), loaded when the
 * page is idle. When a new build has been deployed, its worker waits; the
 * trainee is told and chooses when to update (the page reloads; a run's place
 * is saved at every step, so it is kept).
 */
const sw = navigator.serviceWorker;
let updating = false;

function offer(worker: ServiceWorker) {
  if (document.querySelector(".update-notice")) return;
  const box = document.createElement("div");
  box.className = "notices update-notice";
  box.setAttribute("role", "status");
  const text = document.createElement("p");
  text.className = "notice";
  text.textContent = "A new version of rehearse is ready. Your place in a run is kept when you update. ";
  const button = document.createElement("button");
  button.type = "button";
  button.className = "link-button";
  button.textContent = "Update now";
  button.onclick = () => {
    updating = true;
    worker.postMessage({ type: "SKIP_WAITING" });
  };
  text.append(button);
  box.append(text);
  (document.querySelector("main") ?? document.body).prepend(box);
}

sw.addEventListener("controllerchange", () => {
  if (updating) location.reload();
});

sw.register("/sw.js").then(
  (registration) => {
    // Undefined where the browser blocks service workers without saying so (an automated browser's setting).
    if (!registration) return;
    // Only an update waits: the first install has no page to replace.
    if (registration.waiting && sw.controller) offer(registration.waiting);
    registration.addEventListener("updatefound", () => {
      const worker = registration.installing;
      worker?.addEventListener("statechange", () => {
        if (worker.state === "installed" && sw.controller) offer(worker);
      });
    });
  },
  // Not allowed here (private mode, blocked, an old browser): the site works online as before.
  () => {},
);
