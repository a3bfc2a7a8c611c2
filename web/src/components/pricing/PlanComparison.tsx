import { COMPARISON, PLANS } from "./plans";

export default function PlanComparison() {
  return (
    <section className="panel" aria-labelledby="compare-plans">
      <h2 id="compare-plans">Compare plans</h2>
      <div className="table-wrap" tabIndex={0} role="region" aria-label="Plan comparison table">
        <table className="compare-table">
          <thead>
            <tr><th scope="col">Limit</th>{PLANS.map((p) => <th key={p.slug} scope="col">{p.name}</th>)}</tr>
          </thead>
          <tbody>
            {COMPARISON.map(([label, cell]) => (
              <tr key={label}><th scope="row">{label}</th>{PLANS.map((p) => <td key={p.slug}>{cell(p)}</td>)}</tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
