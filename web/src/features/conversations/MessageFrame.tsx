import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

/**
 * The frame's own policy (it can only narrow the app's): nothing loads but inline styles and data: images —
 * remote images only after "show images". Scripts never run: `sandbox` without `allow-scripts`;
 * `allow-same-origin` only lets this page measure the frame's height. Links open in a new tab.
 */
export function frameDocument(html: string, showImages: boolean): string {
  const img = showImages ? "img-src data: https: http:" : "img-src data:";
  return `<!doctype html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; ${img}; style-src 'unsafe-inline'; font-src data:">
<base target="_blank"><style>body{margin:0;font:14px/1.5 system-ui,sans-serif;color:#222;overflow-wrap:anywhere}
img{max-width:100%;height:auto}blockquote{margin:0 0 0 .5em;padding-left:.75em;border-left:3px solid #ccc;color:#555}</style>
</head><body>${html}</body></html>`;
}

/** A letter's sanitized HTML in a sandboxed frame that grows with its content. */
export function MessageFrame({ html, showImages }: { html: string; showImages: boolean }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLIFrameElement>(null);
  const [height, setHeight] = useState(120);
  const doc = frameDocument(html, showImages);
  useEffect(() => {
    const frame = ref.current;
    if (!frame) return;
    const measure = () => {
      const body = frame.contentDocument?.body;
      if (body) setHeight(Math.min(Math.max(body.scrollHeight + 16, 60), 4000));
    };
    frame.addEventListener("load", measure);
    return () => frame.removeEventListener("load", measure);
  }, []);
  return (
    <iframe
      ref={ref}
      title={t("conversations.letterFrame")}
      sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox"
      referrerPolicy="no-referrer"
      srcDoc={doc}
      style={{ width: "100%", height, border: 0, display: "block", background: "white" }}
    />
  );
}
