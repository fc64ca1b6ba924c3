/** A short line in a series' colour and dash, for legends. */
export function Swatch({ color, dash }: { color: string; dash?: string | undefined }) {
  return (
    <svg className="swatch" viewBox="0 0 18 6" aria-hidden="true">
      <line x1={0} x2={18} y1={3} y2={3} stroke={color} strokeWidth={2.5} strokeDasharray={dash} />
    </svg>
  );
}
