import { describe, expect, it } from "vitest";
import { allowLrs, auId, cmi5Xml, courseId, lrsOrigins } from "../../cli/export/cmi5.ts";
import { readCode, readScenario } from "../../engine/load.ts";
import type { Code, Scenario } from "../../engine/model.ts";
import { rehearse } from "./run-cli.ts";

const code = readCode("scenarios/code.mdx").value as Code;
const load = (id: string) => readScenario(`scenarios/${id}.mdx`, code).value as Scenario;

type El = { name: string; attributes: Record<string, string>; children: El[]; text: string };

/**
 * A strict reader for the XML this exporter writes: a prolog, elements with
 * double-quoted attributes, text with the five predefined entities only.
 * Throws on anything else (an unclosed or crossed tag, a bare `&` or `<`),
 * so a course structure it reads is well-formed.
 */
function parseXml(xml: string): El {
  const prolog = /^<\?xml version="1\.0" encoding="UTF-8"\?>\n/;
  if (!prolog.test(xml)) throw new Error("no XML declaration");
  const root: El = { name: "#document", attributes: {}, children: [], text: "" };
  const stack = [root];
  const text = (raw: string) => {
    if (/<|&(?!(?:lt|gt|amp|quot|apos);)/.test(raw)) throw new Error(`bad character data: ${raw}`);
    return raw.replace(
      /&(lt|gt|amp|quot|apos);/g,
      (_, e) => ({ lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" })[e as "lt"],
    );
  };
  const token = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w:.-]*="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  const body = xml.replace(prolog, "");
  let at = 0;
  for (let m = token.exec(body); m; m = token.exec(body)) {
    at = token.lastIndex;
    const top = stack[stack.length - 1] as El;
    if (m[5] !== undefined) {
      top.text += text(m[5]);
      continue;
    }
    const [, close, name, attrs = "", selfClose] = m;
    if (close) {
      if (top.name !== name) throw new Error(`</${name}> closes <${top.name}>`);
      stack.pop();
      continue;
    }
    const attributes: Record<string, string> = {};
    for (const a of attrs.matchAll(/([A-Za-z_][\w:.-]*)="([^"]*)"/g)) {
      if ((a[1] as string) in attributes) throw new Error(`duplicate attribute ${a[1]}`);
      attributes[a[1] as string] = text(a[2] as string);
    }
    const element: El = { name: name as string, attributes, children: [], text: "" };
    top.children.push(element);
    if (!selfClose) stack.push(element);
  }
  if (at !== body.length) throw new Error(`unreadable XML at ${at}: ${body.slice(at, at + 40)}`);
  if (stack.length !== 1) throw new Error(`<${stack.at(-1)?.name}> is not closed`);
  const elements = root.children;
  if (elements.length !== 1) throw new Error("not one root element");
  return elements[0] as El;
}

const child = (el: El, name: string) => el.children.filter((c) => c.name === name);
const langstring = (el: El | undefined) => {
  const strings = el ? child(el, "langstring") : [];
  expect(strings.length, `${el?.name} has a langstring`).toBeGreaterThan(0);
  expect(strings[0]?.attributes.lang).toBe("en");
  return strings[0]?.text ?? "";
};

describe("cmi5.xml, the course structure", () => {
  const chair = load("the-empty-chair");
  const circle = load("what-stays-in-the-circle");

  it("is well-formed, with the course and one AU per scenario and every element cmi5's CourseStructure.xsd requires", () => {
    const xml = cmi5Xml(
      [
        { scenario: chair, launch: "scenarios/the-empty-chair/index.html" },
        { scenario: circle, launch: "scenarios/what-stays-in-the-circle/index.html" },
      ],
      "Our code & its <limits>",
    );
    const root = parseXml(xml);
    expect(root.name).toBe("courseStructure");
    expect(root.attributes.xmlns).toBe("https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd");
    // The schema's order: the course first, then the AUs.
    expect(root.children.map((c) => c.name)).toEqual(["course", "au", "au"]);
    const course = root.children[0] as El;
    expect(course.attributes.id).toBe(courseId([chair, circle]));
    expect(course.children.map((c) => c.name)).toEqual(["title", "description"]);
    expect(langstring(child(course, "title")[0])).toBe("Our code & its <limits>");
    expect(langstring(child(course, "description")[0])).toContain("The empty chair");
    const aus = child(root, "au");
    aus.forEach((au, i) => {
      const scenario = [chair, circle][i] as Scenario;
      expect(au.attributes).toEqual({ id: auId(scenario), moveOn: "Completed", launchMethod: "AnyWindow" });
      expect(au.children.map((c) => c.name)).toEqual(["title", "description", "url"]);
      expect(langstring(child(au, "title")[0])).toBe(scenario.title);
      expect(langstring(child(au, "description")[0])).toBe(scenario.summary);
      expect(child(au, "url")[0]?.text).toBe(`scenarios/${scenario.id}/index.html`);
      // Ids are absolute IRIs, unique in the course.
      expect(() => new URL(au.attributes.id as string)).not.toThrow();
    });
    expect(new Set(aus.map((a) => a.attributes.id)).size).toBe(2);
  });

  it("gives a scenario the same AU id in every export, and a set of scenarios the same course id in any order", () => {
    expect(auId(chair)).toBe("https://rehearse.invalid/cmi5/au/the-empty-chair");
    expect(courseId([chair, circle])).toBe(courseId([circle, chair]));
    expect(courseId([chair])).not.toBe(courseId([chair, circle]));
  });

  it("escapes what the scenario's words hold", () => {
    const odd = { ...chair, title: 'A "quoted" <b>title</b> & more', summary: "It's 'this' & that" };
    const root = parseXml(cmi5Xml([{ scenario: odd, launch: "scenarios/x/index.html" }], odd.title));
    expect(langstring(child(child(root, "au")[0] as El, "title")[0])).toBe(odd.title);
    expect(langstring(child(child(root, "au")[0] as El, "description")[0])).toBe(odd.summary);
  });
});

describe("the package's CSP and --lrs", () => {
  const page = `<meta http-equiv="content-security-policy" content="default-src 'self';img-src 'self' data:;font-src 'self';connect-src 'self';media-src 'self';object-src 'none'">`;

  it("lets the AU reach any https: address by default, or only the origins --lrs names; nothing else changes", () => {
    expect(allowLrs(page, undefined)).toBe(page.replace("connect-src 'self';", "connect-src 'self' https:;"));
    const origins = lrsOrigins("https://lms.example.org/xapi/, https://lrs.example.net:8443");
    expect(origins).toEqual(["https://lms.example.org", "https://lrs.example.net:8443"]);
    expect(allowLrs(page, origins)).toBe(
      page.replace("connect-src 'self';", "connect-src 'self' https://lms.example.org https://lrs.example.net:8443;"),
    );
  });

  it("refuses plain http (except on this machine) and what is not an address", () => {
    expect(() => lrsOrigins("http://lrs.example.org")).toThrow(/not an https: address/);
    expect(() => lrsOrigins("lrs.example.org")).toThrow(/not an address/);
    expect(() => lrsOrigins("")).toThrow(/takes the LRS's address/);
    expect(lrsOrigins("http://127.0.0.1:8080")).toEqual(["http://127.0.0.1:8080"]);
  });

  it("rehearse export cmi5 says what is wrong with --lrs, exit 2, before building anything", () => {
    const r = rehearse([
      "export",
      "cmi5",
      "the-empty-chair",
      "--lrs",
      "http://lrs.example.org",
      "--out",
      "build/never",
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--lrs: "http://lrs.example.org" is not an https: address');
    expect(r.stderr).not.toContain("building the site");
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const help = rehearse(["export", "--help"]);
    expect(help.stdout).toContain("--lrs");
    expect(help.stdout).toContain("rehearse export cmi5");
  });
});
