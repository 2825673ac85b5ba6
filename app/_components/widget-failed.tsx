export function WidgetFailed({ message, height }: { message: string; height?: number }) {
  return (
    <div role="alert" className="card flex items-center justify-center p-4 text-sm text-red-800" style={height ? { minHeight: height } : undefined}>
      {message}
    </div>
  );
}
