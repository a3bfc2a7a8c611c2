import { useEffect } from "react";
import { Link, useLocation, useParams } from "react-router";
import EmptyState from "../components/EmptyState";

interface LegalDoc {
  title: string;
  /** The optional id makes a section linkable (the cookie notice links to #cookies). */
  body: [heading: string, text: string, id?: string][];
}

const PAGES: Record<string, LegalDoc> = {
  terms: {
    title: "Terms of Service",
    body: [
      ["Service", "Sentinel Command Center lets you view and manage cameras connected through CloudNodes you operate. You are responsible for complying with the laws that apply to recording people where your cameras are installed."],
      ["Accounts", "Organisation admins manage members, nodes and keys. Keep API keys secret; anyone holding a key can act within its scope until it is revoked."],
      ["Plans and billing", "Paid plans renew automatically. If a payment fails you keep full service for a 7-day grace period, after which cameras beyond the Free plan's limits are suspended until payment succeeds."],
      ["Availability", "We aim for continuous availability but do not guarantee it. Live video is best-effort; recordings on your CloudNode are unaffected by Command Center outages."],
    ],
  },
  privacy: {
    title: "Privacy Policy",
    body: [
      ["What we process", "Account identity from our sign-in provider, camera and node metadata, live video segments held briefly in memory, motion events, notifications, and audit logs."],
      ["What we don't keep", "Live video is never written to disk or object storage. Recordings remain on your CloudNode."],
      ["Cookies", "We set essential cookies only. With hosted sign-in, our sign-in provider (Clerk) sets session cookies that keep you signed in; a self-hosted local-mode server sets one session cookie so the browser's own video player can authenticate. There are no advertising or analytics cookies. Dismissing the cookie notice is remembered in your browser's local storage.", "cookies"],
      ["Retention", "Logs are kept for 30, 90 or 365 days depending on your plan, then deleted automatically."],
      ["Your rights", "Admins can export or erase all organisation data from Settings. Individuals can unsubscribe from any e-mail with one click."],
    ],
  },
  "acceptable-use": {
    title: "Acceptable Use",
    body: [
      ["Lawful monitoring only", "Do not use Sentinel to record people where they have a reasonable expectation of privacy without consent, or where the law forbids it."],
      ["No abuse of the platform", "Do not attempt to access other organisations' data, overload the service, or resell access without an agreement."],
    ],
  },
};

export default function LegalPage() {
  const { page } = useParams();
  const { hash } = useLocation();
  const doc = page ? PAGES[page] : undefined;
  useEffect(() => {
    if (hash) document.getElementById(hash.slice(1))?.scrollIntoView?.();
  }, [hash, doc]);
  if (!doc) {
    return <EmptyState title="Document not found" headingLevel={1} action={<Link className="btn" to="/legal/terms">Terms of Service</Link>}>We have Terms, Privacy and Acceptable Use documents.</EmptyState>;
  }
  return (
    <article className="prose">
      <h1>{doc.title}</h1>
      {doc.body.map(([heading, text, id]) => (
        <section key={heading} id={id} className="legal-section"><h2>{heading}</h2><p>{text}</p></section>
      ))}
      <p className="muted small">Questions: <a href="mailto:legal@sentinel-command.com">legal@sentinel-command.com</a></p>
    </article>
  );
}
