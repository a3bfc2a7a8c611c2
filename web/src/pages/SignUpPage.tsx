import { Link } from "react-router";
import { useAuth } from "../auth/AuthContext";

export default function SignUpPage() {
  const auth = useAuth();
  if (auth.mode === "clerk" && auth.SignUpWidget) {
    const Widget = auth.SignUpWidget;
    return <section className="auth-page"><Widget /></section>;
  }
  return (
    <section className="auth-page">
      <div className="panel auth-card">
        <h1>Create an account</h1>
        <p>In local mode there is nothing to sign up for: the local admin and member identities are ready.</p>
        <Link className="btn btn-primary" to="/sign-in">Continue to sign in</Link>
      </div>
    </section>
  );
}
