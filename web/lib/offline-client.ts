/**
 * Tells the trainee that a new build is ready (its service worker is waiting:
 * web/integrations/offline.mjs) and updates when asked: the page reloads; a
 * run's place is saved at every step, so it is kept. Loaded only when an
 * update is found; the worker is registered by web/layouts/Base.astro.
 */
let updating = false;

navigator.serviceWorker.addEventListener("controllerchange", () => {
  if (updating) location.reload();
});

export function offer(worker: ServiceWorker) {
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
