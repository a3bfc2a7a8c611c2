export default function SecurityPage() {
  return (
    <article className="prose">
      <h1>Security and privacy</h1>
      <p className="lead">What we keep, what we never keep, and how to reach us.</p>
      <h2>Live video never touches object storage</h2>
      <p>CloudNodes push one-second segments that live only in the Command Center's memory for about a minute, then are evicted. There are no presigned URLs and no buckets in the live path.</p>
      <h2>Recordings stay with you</h2>
      <p>Continuous and scheduled recordings and snapshots are written on your CloudNode's disk. Only incident evidence that an agent or operator attaches is stored here, inline with the incident.</p>
      <h2>Every key is hashed</h2>
      <p>Node keys, MCP keys and integration keys are shown once and stored as SHA-256 hashes. Rotating or revoking a key takes effect immediately.</p>
      <h2>Tenant isolation</h2>
      <p>Every query is scoped to your organisation; another organisation's camera, node or incident is indistinguishable from one that doesn't exist.</p>
      <h2>Audit trail</h2>
      <p>Node, key, recording-policy and settings changes are written to an audit log you can export as CSV. Stream views are logged too.</p>
      <h2>Your data, your call</h2>
      <p>Admins can export everything as a ZIP (GDPR Art. 20) or erase the whole organisation (Art. 17) from Settings → Danger zone.</p>
      <h2 id="vulnerability-disclosure">Vulnerability disclosure</h2>
      <p>Report issues to <a href="mailto:security@sentinel-command.com">security@sentinel-command.com</a> or through a GitHub security advisory. Our <a href="/.well-known/security.txt">security.txt</a> has the details.</p>
    </article>
  );
}
