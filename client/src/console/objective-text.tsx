import type { ReactNode } from "react";

/** **bold** and *italic* runs of one line as elements. */
function inline(text: string): ReactNode[] {
  return text.split(/(\*\*[^*]+\*\*|\*[^*]+\*)/g).map((part, i) =>
    part.startsWith("**") ? <strong key={i}>{part.slice(2, -2)}</strong> : part.startsWith("*") && part.length > 2 ? <em key={i}>{part.slice(1, -1)}</em> : part,
  );
}

/** OBJECTIVE.md (served by GET /api/admin/case-studies/objective) as paragraphs and lists; **bold** and *italic* kept. */
export function ObjectiveText({ markdown }: { markdown: string }) {
  const blocks = markdown.replace(/\r/g, "").split(/\n{2,}/).map((b) => b.trim()).filter(Boolean);
  return (
    <>
      {blocks.map((b, n) => {
        if (b.startsWith("#")) {
          const text = b.replace(/^#+\s*/, "");
          return b.startsWith("##") ? <h3 key={n}>{text}</h3> : <h2 key={n}>{text}</h2>;
        }
        if (/^[-*] /.test(b)) {
          const items = b.split(/\n(?=[-*] )/).map((it) => it.replace(/^[-*] /, "").replace(/\s*\n\s*/g, " "));
          return (
            <ul key={n}>
              {items.map((it, i) => (
                <li key={i}>{inline(it)}</li>
              ))}
            </ul>
          );
        }
        return <p key={n}>{inline(b.replace(/\s*\n\s*/g, " "))}</p>;
      })}
    </>
  );
}
