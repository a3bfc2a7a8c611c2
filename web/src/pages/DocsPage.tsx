import { useEffect } from "react";
import { useLocation } from "react-router";
import { SECTIONS } from "./docs/sections";

export default function DocsPage() {
  const { hash } = useLocation();
  useEffect(() => {
    if (hash) document.getElementById(hash.slice(1))?.scrollIntoView();
  }, [hash]);
  return (
    <div className="docs-layout">
      <nav className="docs-toc" aria-label="Documentation sections">
        <ol>{SECTIONS.map((s) => <li key={s.id}><a href={`#${s.id}`}>{s.title}</a></li>)}</ol>
      </nav>
      <div>
        <h1>Documentation</h1>
        {SECTIONS.map(({ id, title, Component }) => (
          <section key={id} id={id} className="docs-section" aria-labelledby={`${id}-h`}>
            <h2 id={`${id}-h`}>{title}</h2>
            <Component />
          </section>
        ))}
      </div>
    </div>
  );
}
