import { Link } from "react-router";
import EmptyState from "../components/EmptyState";

export default function NotFoundPage() {
  return (
    <section className="page narrow">
      <EmptyState icon="?" title="Page not found" action={<Link className="btn" to="/">Go home</Link>}>
        There is nothing at this address.
      </EmptyState>
    </section>
  );
}
