import { Link } from "react-router";
import { Compass } from "lucide-react";
import EmptyState from "../components/EmptyState";

export default function NotFoundPage() {
  return (
    <section className="page narrow">
      <EmptyState icon={<Compass size={28} aria-hidden="true" />} title="Page not found" headingLevel={1} action={<Link className="btn" to="/">Go home</Link>}>
        There is nothing at this address.
      </EmptyState>
    </section>
  );
}
