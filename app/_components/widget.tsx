"use client";

import { Component, type ReactNode } from "react";

interface Props {
  /** Shown in place of the widget when it fails. */
  failed: ReactNode;
  children: ReactNode;
}

/** Keeps one widget's failure inside its own box: the rest of the page still renders. */
export class WidgetBoundary extends Component<Props, { error: boolean }> {
  override state = { error: false };

  static getDerivedStateFromError() {
    return { error: true };
  }

  override render() {
    return this.state.error ? this.props.failed : this.props.children;
  }
}
