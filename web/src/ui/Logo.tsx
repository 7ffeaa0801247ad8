/** The Tandem mark (decorative: the product name is always printed next to it). */
export function Logo({ size = 28 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="7" fill="var(--mantine-primary-color-filled)" />
      <path d="M8 10h16v3h-6.5v12h-3V13H8z" fill="#fff" />
    </svg>
  );
}
