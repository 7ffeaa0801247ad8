import { Skeleton } from "@mantine/core";
import { useEffect, useState } from "react";

interface QrCodeProps {
  value: string;
  label: string;
  size?: number;
}

/** Renders `value` as a QR code (SVG data URL); the generator is loaded only when needed. */
export function QrCode({ value, label, size = 192 }: QrCodeProps) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    void import("qrcode").then(async (qrcode) => {
      const svg = await qrcode.toString(value, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
      if (!cancelled) setSrc(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
    });
    return () => {
      cancelled = true;
    };
  }, [value]);
  if (!src) return <Skeleton width={size} height={size} />;
  return (
    <img src={src} alt={label} width={size} height={size} style={{ background: "white", borderRadius: 8 }} />
  );
}
