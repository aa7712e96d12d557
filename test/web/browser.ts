/**
 * Launches headless Chromium for the web tests: the system browser when there
 * is one (README, "Developing"), else playwright-core's own download if installed.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { AxeBuilder } from "@axe-core/playwright";
import { type Browser, type BrowserContext, chromium, type Frame, type Page } from "playwright-core";

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

function systemChromium(): string | undefined {
  if (process.env.CHROMIUM_PATH && existsSync(process.env.CHROMIUM_PATH)) return process.env.CHROMIUM_PATH;
  for (const name of ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]) {
    try {
      const path = execFileSync("which", [name], { encoding: "utf8" }).trim();
      if (path) return path;
    } catch {
      // not on PATH
    }
  }
  return undefined;
}

export async function launch(): Promise<Browser> {
  const executablePath = systemChromium();
  const browser = executablePath
    ? await chromium.launch({ executablePath, args: ARGS, headless: true })
    : // playwright-core's own browser, when `npx playwright-core install chromium` has been run.
      await chromium.launch({ args: ARGS, headless: true });
  // The site's service worker would answer requests that tests route or count: it is off unless a test
  // asks for it (`serviceWorkers: "allow"`, as test/web/offline.test.ts does).
  const newContext = browser.newContext.bind(browser);
  const newPage = browser.newPage.bind(browser);
  browser.newContext = (options = {}) => newContext({ serviceWorkers: "block", ...options });
  browser.newPage = (options = {}) => newPage({ serviceWorkers: "block", ...options });
  return browser;
}

/** Every request a context makes, to check that none leaves the site's origin. */
export function recordRequests(context: BrowserContext): string[] {
  const urls: string[] = [];
  context.on("request", (request) => urls.push(request.url()));
  return urls;
}

export const offOrigin = (urls: readonly string[], base: string) =>
  urls.filter((u) => !u.startsWith(`${base}/`) && !u.startsWith("blob:") && !u.startsWith("data:") && u !== base);

/** axe with the WCAG 2.0–2.2 A and AA rules; returns the violations, summarised for a readable failure. */
export async function axe(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"])
    .analyze();
  return result.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => `${n.target.join(" ")} ${n.failureSummary ?? ""}`).join("\n  ")}`,
  );
}

export const PHONE = { width: 375, height: 812 };
export const PROJECTOR = { width: 1280, height: 800 };

export async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
}

/**
 * Plays the player by keyboard, as a trainee would: key 2 where a scene offers a second option (1 at
 * every third decision), Enter after each feedback, to the debrief, or until `decisions` are made.
 * `scope` is where the player is (the page, or the frame an LMS loaded it in); keys go to `page`.
 */
export async function playByKeyboard(page: Page, scope: Page | Frame = page, decisions = Number.POSITIVE_INFINITY) {
  let made = 0;
  for (let i = 0; i < 200; i++) {
    const phase = await scope.locator(".player").getAttribute("data-phase");
    if (phase === "ended") break;
    if (phase === "loading") await scope.locator(".player:not([data-phase='loading'])").waitFor();
    else if (phase === "deciding") {
      if (made === decisions) return;
      const options = await scope.locator("button.choice").count();
      await page.keyboard.press(options > 1 && made % 3 !== 2 ? "2" : "1");
      await scope.locator(".player[data-phase='feedback']").waitFor();
      made++;
    } else {
      await page.keyboard.press("Enter");
      await scope.locator(".player:not([data-phase='feedback'])").waitFor();
    }
  }
  await scope.locator(".debrief").waitFor();
}
