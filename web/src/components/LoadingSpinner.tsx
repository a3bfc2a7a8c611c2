export default function LoadingSpinner({ label = "Loading…", fullPage = false, inline = false }: { label?: string; fullPage?: boolean; inline?: boolean }) {
  const Tag = inline ? "span" : "div";
  return (
    <Tag className={fullPage ? "loading loading-page" : inline ? "loading loading-inline" : "loading"} role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span className={inline ? "visually-hidden" : "loading-label"}>{label}</span>
    </Tag>
  );
}
