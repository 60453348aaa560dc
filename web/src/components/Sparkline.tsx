export function Sparkline({ values, width = 120, height = 28, label }: { values: number[]; width?: number; height?: number; label: string }) {
  if (values.length < 2) return <svg className="sparkline" width={width} height={height} role="img" aria-label={`${label}: not enough data`} />;
  const max = Math.max(...values, 1);
  const step = width / (values.length - 1);
  const pts = values.map((v, i) => `${(i * step).toFixed(1)},${(height - 2 - (v / max) * (height - 4)).toFixed(1)}`);
  return (
    <svg className="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`${label}: ${values.join(", ")}`}>
      <polygon points={`0,${height} ${pts.join(" ")} ${width},${height}`} className="spark-area" />
      <polyline points={pts.join(" ")} className="spark-line" fill="none" />
    </svg>
  );
}

/** A larger volume curve with axis labels, for a story's timeline. */
export function VolumeChart({ values, start, end }: { values: number[]; start?: Date; end?: Date }) {
  const width = 640;
  const height = 140;
  if (values.length < 2) return <p className="muted">Not enough data for a volume curve yet.</p>;
  const max = Math.max(...values, 1);
  const step = width / (values.length - 1);
  const pts = values.map((v, i) => `${(i * step).toFixed(1)},${(height - 4 - (v / max) * (height - 24)).toFixed(1)}`);
  return (
    <figure className="volume-chart">
      <svg viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none" role="img" aria-label={`posts per interval, peak ${max}`}>
        <polygon points={`0,${height} ${pts.join(" ")} ${width},${height}`} className="spark-area" />
        <polyline points={pts.join(" ")} className="spark-line" fill="none" vectorEffect="non-scaling-stroke" />
      </svg>
      <figcaption>
        <span>{start?.toLocaleTimeString() ?? ""}</span>
        <span>peak {max} posts per interval</span>
        <span>{end?.toLocaleTimeString() ?? ""}</span>
      </figcaption>
    </figure>
  );
}
