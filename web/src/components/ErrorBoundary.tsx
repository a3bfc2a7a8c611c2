import { Component } from "react";
import type { ErrorInfo, ReactNode } from "react";

interface Props {
  children?: ReactNode;
}
interface State {
  error: unknown;
}

// Keeps one broken page from blanking the whole app; "Try again" re-mounts the children.
export default class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo) {
    console.error("UI error", error, info?.componentStack);
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="panel error-panel" role="alert">
        <h2>Something went wrong on this page</h2>
        <p className="muted">{String((error instanceof Error && error.message) || error)}</p>
        <button type="button" className="btn" onClick={() => this.setState({ error: null })}>Try again</button>
      </div>
    );
  }
}
