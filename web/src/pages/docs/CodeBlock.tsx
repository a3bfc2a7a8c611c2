// A command to copy: it scrolls sideways inside its own box on a phone, so it is focusable
// (keyboard users can scroll it) and named for screen readers.
export default function CodeBlock({ label, children }: { label: string; children: string }) {
  return (
    <pre className="code code-block" tabIndex={0} role="region" aria-label={label}>
      {children}
    </pre>
  );
}
