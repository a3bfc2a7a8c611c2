import { useMemo } from "react";
import { marked } from "marked";
import DOMPurify from "dompurify";

// Incident reports are written by agents: render the markdown, then sanitise the HTML.
export default function Markdown({ source }: { source: string | null | undefined }) {
  // `async: false`: marked's synchronous parse (a string, not a Promise).
  const html = useMemo(() => DOMPurify.sanitize(marked.parse(source || "", { gfm: true, breaks: false, async: false })), [source]);
  if (!source) return <p className="muted">No report written yet.</p>;
  return <div className="markdown" dangerouslySetInnerHTML={{ __html: html }} />;
}
