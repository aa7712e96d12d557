/** The page the room server answers instead of the lead's pages to a browser without the lead's key. */
import { cspHash as hash } from "./join-page.ts";

/**
 * The page anyone without the lead's cookie gets instead of the projector or
 * the speaker view. With `#key=…` in its address (the presenter link), it
 * trades the key for the cookie and reloads; else it points to the join page.
 */
export function gatePage(): { html: string; csp: string } {
  const script = `(function(){var m=/[#&]key=([^&]+)/.exec(location.hash);if(!m)return;var key=decodeURIComponent(m[1]);var say=function(t){document.getElementById("gate").textContent=t};var tried=0;try{tried=Number(sessionStorage.getItem("rehearse:room-gate")||0);sessionStorage.setItem("rehearse:room-gate",String(Date.now()))}catch(e){}if(Date.now()-tried<5000){say("This browser did not keep the room's cookie. Allow cookies for this address, then open the link again.");return}fetch("/api/room/presenter",{method:"POST",headers:{"content-type":"application/json"},body:JSON.stringify({key:key})}).then(function(r){if(r.ok){try{sessionStorage.setItem("rehearse:room-key",key)}catch(e){}location.reload()}else say("This key is not this room's: the room may have been restarted. Open the lead's link the terminal shows now.")},function(){say("The room server does not answer.")})})();`;
  const style =
    "body{font:1.25rem/1.5 system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;color:#111;background:#fff}@media (prefers-color-scheme:dark){body{color:#eee;background:#111}a{color:#9cf}}";
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>For the workshop lead · rehearse room</title><link rel="icon" href="data:,"><style>${style}</style></head><body><main><h1>This page is for the workshop lead</h1><p id="gate" role="status">It opens from the lead's link that <code>rehearse room</code> prints in the terminal. To vote, open <a href="/">the join page</a>.</p></main><script>${script}</script></body></html>`;
  const csp = `default-src 'none'; script-src ${hash(script)}; style-src ${hash(style)}; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
  return { html, csp };
}
