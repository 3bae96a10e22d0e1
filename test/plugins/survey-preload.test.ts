/**
 * The questionnaire's page (/r) names the survey's chunk, the chunks it imports and its styles in
 * its HTML, so the browser fetches them alongside the first script; every other page is plain
 * (the built client served: static-spa.test.ts).
 */
import { describe, expect, it } from "vitest";
import { withSurveyPreload } from "../../server/plugins/survey-preload.ts";

const index = `<!doctype html>
<html lang="en-GB">
  <head>
    <script type="module" crossorigin src="/assets/index-A1.js"></script>
  </head>
  <body><div id="root"></div></body>
</html>`;

const manifest = JSON.stringify({
  "index.html": { file: "assets/index-A1.js", isEntry: true, dynamicImports: ["src/respondent/respondent-page.tsx"] },
  "src/respondent/respondent-page.tsx": { file: "assets/respondent-page-B2.js", isDynamicEntry: true, imports: ["index.html", "_api-C3.js"], css: ["assets/respondent-page-D4.css"] },
  "_api-C3.js": { file: "assets/api-C3.js", imports: ["_api-error-E5.js"] },
  "_api-error-E5.js": { file: "assets/api-error-E5.js" },
  "src/console/console-app.tsx": { file: "assets/console-app-F6.js", isDynamicEntry: true },
});

describe("the questionnaire page's preloads", () => {
  it("preloads the survey chunk with the chunks it imports and its styles, not the first script or other areas", () => {
    const html = withSurveyPreload(index, manifest);
    const head = html.slice(0, html.indexOf("</head>"));
    expect(head).toContain('<link rel="modulepreload" crossorigin href="/assets/respondent-page-B2.js">');
    expect(head).toContain('<link rel="modulepreload" crossorigin href="/assets/api-C3.js">');
    expect(head).toContain('<link rel="modulepreload" crossorigin href="/assets/api-error-E5.js">');
    expect(head).toContain('<link rel="preload" as="style" crossorigin href="/assets/respondent-page-D4.css">');
    expect(html).not.toContain('modulepreload" crossorigin href="/assets/index-A1.js"');
    expect(html).not.toContain("console-app");
    expect(html.match(/<script /g)).toHaveLength(1);
  });

  it("leaves the page as it is without a manifest, with an unreadable one or without the survey chunk", () => {
    expect(withSurveyPreload(index, null)).toBe(index);
    expect(withSurveyPreload(index, "{not json")).toBe(index);
    expect(withSurveyPreload(index, JSON.stringify({ "index.html": { file: "assets/index-A1.js", isEntry: true } }))).toBe(index);
  });
});
