import { Component, type ErrorInfo, type ReactNode } from 'react';

interface ViewBoundaryProps {
  /** What failed, as the user knows it: "Body tab", "request list". */
  name: string;
  children: ReactNode;
  /** A new key (another request, another tab) clears the failure. */
  resetKey?: unknown;
  /** The class of the view it stands in for, so the failure takes the view's place in the layout. */
  className?: string;
  onError?: (message: string) => void;
  /** Set when the view can fall back to raw text. */
  onShowRaw?: () => void;
  /** Set when the view can be closed instead (a dialog). */
  onDismiss?: () => void;
}

interface ViewBoundaryState {
  error: Error | null;
  resetKey: unknown;
  /** Bumped by "Reload this view" to mount the view afresh. */
  generation: number;
}

/** Error messages can quote payload text; keep the one line short. */
const MESSAGE_CHARS = 300;

export const failureMessage = (name: string, error: unknown) => {
  const text = error instanceof Error ? error.message : String(error);
  return `The ${name} failed: ${text.length > MESSAGE_CHARS ? `${text.slice(0, MESSAGE_CHARS)}…` : text}`;
};

/**
 * Contains a view that throws while rendering: it shows what failed and how to go on, and the
 * rest of the app keeps working. Without it React unmounts the whole root and the app goes
 * blank. (Errors in event handlers and promises never reach a boundary; those go through
 * `useAction` and the stores.)
 */
export class ViewBoundary extends Component<ViewBoundaryProps, ViewBoundaryState> {
  override state: ViewBoundaryState = { error: null, resetKey: this.props.resetKey, generation: 0 };

  static getDerivedStateFromError(error: unknown): Partial<ViewBoundaryState> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  static getDerivedStateFromProps(props: ViewBoundaryProps, state: ViewBoundaryState): Partial<ViewBoundaryState> | null {
    return Object.is(props.resetKey, state.resetKey) ? null : { error: null, resetKey: props.resetKey };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    void info;
    this.props.onError?.(failureMessage(this.props.name, error));
  }

  private reload = () => this.setState((s) => ({ error: null, generation: s.generation + 1 }));

  override render(): ReactNode {
    const { error, generation } = this.state;
    if (!error) return <ViewGeneration key={generation}>{this.props.children}</ViewGeneration>;
    return (
      <div className={`view-failed ${this.props.className ?? ''}`.trim()} role="alert" data-testid="view-failed">
        <p className="error-text">{failureMessage(this.props.name, error)}</p>
        <div className="view-failed-actions">
          {this.props.onShowRaw && (
            <button type="button" className="small" onClick={this.props.onShowRaw}>
              Show raw
            </button>
          )}
          <button type="button" className="small" onClick={this.reload}>
            Reload this view
          </button>
          {this.props.onDismiss && (
            <button type="button" className="small" onClick={this.props.onDismiss}>
              Close
            </button>
          )}
        </div>
      </div>
    );
  }
}

/** A keyed wrapper, so that "Reload this view" mounts the children afresh (their state reset). */
function ViewGeneration({ children }: { children: ReactNode }) {
  return children;
}
