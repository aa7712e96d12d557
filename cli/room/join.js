// The phone's side of `rehearse room`, inlined into join.html. Plain ES2017 and
// DOM APIs only (no framework, no build step), for phone browsers several years old.
(() => {
  const $ = (id) => document.getElementById(id);
  const status = $("status");
  const lettersList = $("letters");
  const tallyList = $("tally");
  const form = $("join");
  if (typeof EventSource !== "function" || typeof fetch !== "function" || !window.crypto) {
    status.textContent = "This browser cannot vote. Raise your hand instead: the lead counts hands too.";
    return;
  }

  /** A random per-device token: the only thing that tells two votes apart. No name, nothing else. */
  function deviceToken() {
    const bytes = new Uint8Array(18);
    crypto.getRandomValues(bytes);
    const fresh = btoa(String.fromCharCode.apply(null, bytes))
      .replace(/\+/g, "-")
      .replace(/\//g, "_")
      .replace(/=+$/, "");
    try {
      const kept = localStorage.getItem("rehearse-room-token");
      if (kept && /^[A-Za-z0-9_-]{16,64}$/.test(kept)) return kept;
      localStorage.setItem("rehearse-room-token", fresh);
    } catch (_) {
      // Private mode without storage: the token lasts as long as the page.
    }
    return fresh;
  }

  const token = deviceToken();
  let code = location.pathname.slice(1).toUpperCase();
  let source = null;
  let decision = null;
  let stage = "none";
  let mine = null;
  let tally = null;
  let sending = false;

  const say = (text) => {
    if (status.textContent !== text) status.textContent = text;
  };

  function post(path, body) {
    return fetch(path, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    }).then((response) =>
      response
        .json()
        .catch(() => ({}))
        .then((data) => ({ ok: response.ok, status: response.status, data })),
    );
  }

  function render() {
    const open = !!decision && decision.open;
    if (!decision) say("Waiting for the next decision…");
    else if (open && mine) say(`Your vote: ${mine}. You can change it until the vote closes.`);
    else if (open) say("Vote now: choose the letter of the option on the screen.");
    else if (stage === "waiting") say("The room is reading and discussing. The buttons wake up when the vote opens.");
    else say(mine ? `The vote is closed. You voted ${mine}.` : "The vote is closed.");

    const letters = decision ? decision.letters : [];
    const key = decision ? decision.key : "";
    if (lettersList.childElementCount !== letters.length || lettersList.dataset.key !== key) {
      lettersList.textContent = "";
      lettersList.dataset.key = key;
      for (const letter of letters) {
        const item = document.createElement("li");
        const button = document.createElement("button");
        button.type = "button";
        button.textContent = letter;
        button.setAttribute("aria-label", `Vote ${letter}`);
        button.addEventListener("click", () => vote(letter));
        item.appendChild(button);
        lettersList.appendChild(item);
      }
    }
    for (const button of lettersList.querySelectorAll("button")) {
      button.disabled = !open || sending;
      button.setAttribute("aria-pressed", String(button.textContent === mine));
    }

    tallyList.hidden = !tally;
    tallyList.textContent = "";
    if (tally) {
      for (const letter of letters) {
        const item = document.createElement("li");
        const n = tally[letter] || 0;
        item.textContent = `${letter}: ${n} ${n === 1 ? "vote" : "votes"}`;
        tallyList.appendChild(item);
      }
    }
  }

  function vote(letter) {
    const open = decision ? decision.open : false;
    if (!open || sending) return;
    sending = true;
    render();
    post("/api/vote", { code, token, key: decision.key, letter }).then(
      (answer) => {
        sending = false;
        if (answer.ok) mine = letter;
        render();
        if (!answer.ok) say(answer.data.error || "The vote was not counted. Try again.");
      },
      () => {
        sending = false;
        render();
        say("The vote did not reach the room. Check the Wi-Fi and try again.");
      },
    );
  }

  function connect() {
    if (source) source.close();
    say("Connecting…");
    source = new EventSource(`/api/join/events?code=${encodeURIComponent(code)}&token=${encodeURIComponent(token)}`);
    source.onmessage = (event) => {
      let data;
      try {
        data = JSON.parse(event.data);
      } catch (_) {
        return;
      }
      decision = data.decision;
      stage = data.stage;
      mine = data.mine;
      tally = data.tally;
      render();
    };
    source.onerror = () => {
      // The browser retries by itself while the stream is CONNECTING; when it gave up (CLOSED), find out why.
      if (source.readyState !== 2) {
        say("Reconnecting…");
        return;
      }
      say("Reconnecting…");
      setTimeout(() => check(code), 3000);
    };
  }

  /** Joins the room with a code: the stream when it is this room's, else the code form with the reason. */
  function check(given) {
    post("/api/join", { code: given }).then(
      (answer) => {
        if (answer.ok) {
          code = answer.data.code;
          form.hidden = true;
          if (location.pathname !== `/${code}`) history.replaceState(null, "", `/${code}`);
          connect();
        } else {
          if (source) source.close();
          showForm(
            given ? answer.data.error || "That code is not this room's." : "",
            answer.status === 404 && given === code && decision !== null,
          );
        }
      },
      () => {
        say("The room does not answer. Check that you are on the same Wi-Fi as the screen.");
        setTimeout(() => check(given), 5000);
      },
    );
  }

  function showForm(error, closed) {
    decision = null;
    stage = "none";
    mine = null;
    tally = null;
    render();
    say(closed ? "This room has closed. If a new one has started, enter its code." : "Enter the code on the screen.");
    $("join-error").textContent = error;
    form.hidden = false;
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    check($("code").value.trim().toUpperCase());
  });

  if (code) check(code);
  else showForm("", false);
})();
